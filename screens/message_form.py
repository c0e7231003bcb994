"""A message for staff: what the front desk can leave about a resident.

Front-desk accounts do not write contact or group notes (they cannot read the timeline they
would land on); what they notice still reaches the team, as a low concern in the queue.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import TextArea

from peer_tui.screens.event_form import AboutOneResident, FormModal
from peer_tui.services import concerns


class MessageForStaffScreen(AboutOneResident, FormModal):
    """Dismisses True when the message was left, None when cancelled."""

    FIRST_FIELD = "#summary"
    TITLE = "Message for staff about {name}"
    HINT = ("It goes to the concerns queue for the case-management team. "
            "Ctrl+S sends \u00b7 Esc cancels")

    DEFAULT_CSS = "MessageForStaffScreen TextArea { height: 4; }"

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled(f"Message (at most {concerns.MESSAGE_LIMIT} characters)",
                                 TextArea(id="summary", soft_wrap=True))

    def has_typing(self) -> bool:
        return bool(self.query_one("#summary", TextArea).text.strip())

    def action_save(self) -> None:
        """Ctrl+S, the front desk: send the message to the concerns queue."""
        self.submit(concerns.message_for_staff, self.resident_id,
                    self.query_one("#summary", TextArea).text, done=self._sent, group="save")

    def _sent(self, _concern_id: int) -> None:
        self.saved("Sent: your message is in the concerns queue for staff.")
        self.dismiss(True)
