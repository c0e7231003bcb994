"""The crisis screen: crisis lines at once, and staff told before anything else happens.

Shown the moment a resident answers yes to the safety question or presses 'help now'. The
urgent concern is written right away (its own transaction), not at the end of the check-in,
so staff see it even if the resident walks away. If the database cannot be reached the
screen says so and keeps trying, and tells the resident to go to staff in person.

It never traps anyone: Enter (or Esc) goes back to where the resident was, and E ends the
check-in, saving what they answered so far (required questions they did not reach are left
unanswered, not demanded).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from peer_tui.kiosk_i18n import _
from peer_tui.screens.kiosk_messages import AlertStaff, EndCheckIn
from peer_tui.screens.kiosk_session import KioskSession
from peer_tui.screens.kiosk_summary import STAFF_TOLD
from peer_tui.screens.kiosk_welcome import crisis_text
from peer_tui.screens.text import plain
from peer_tui.screens.widgets.kiosk_keys import KeysBar


class CrisisScreen(Screen[str]):
    """Dismissed with "continue" (back to the check-in); E saves and ends (the app moves on)."""

    BINDINGS = [
        Binding("enter,escape", "continue", "Back", show=False),
        Binding("e", "end", "End check-in", show=False),
    ]

    def __init__(self, session: KioskSession, reason: str, *, back: str = "",
                 ended_at: str = "") -> None:
        super().__init__(classes="kiosk crisis")
        self.session = session
        self.reason = reason
        self.back = back or _("go on with check-in")
        self.ended_at = ended_at
        """The question the check-in stops at if the resident ends here ("" after the last)."""
        self.waiting = False  # E pressed while the alert is being recorded: save after it
        self.saving = False
        self.save_problem = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="crisis-box"):
            yield Static(Text(_("You are not alone. Help is here right now."), style="bold"),
                         id="crisis-title")
            yield Static(crisis_text(self.app.settings.crisis_lines,  # type: ignore
                                     self.session.language), id="crisis-lines")
            yield Static(id="crisis-status", markup=False)
            yield Static(plain(_("You can also go to the front desk or any staff member now.")),
                         id="crisis-desk")
        yield KeysBar(("Enter", self.back), ("E", _("end check-in (saves your answers)")))

    def on_mount(self) -> None:
        self.show_status()
        self.post_message(AlertStaff(self.session, self.reason))

    def show_status(self, problem: bool = False) -> None:
        """Called by the app as the alert is saved (or fails and is retried)."""
        if self.session.crisis_concern_id is not None:
            message = _(STAFF_TOLD)
        elif problem:
            message = _("We could not alert staff automatically. Please go to the front desk "
                        "or call a number above now. (Trying again...)")
        else:
            message = _("Telling staff on shift...")
        if self.save_problem:
            message += "\n" + self.save_problem
        elif self.saving or self.waiting:
            message += "\n" + _("Saving your answers...")
        self.query_one("#crisis-status", Static).update(plain(message, "bold"))
        if self.waiting and (self.session.crisis_concern_id is not None or problem):
            self.waiting = False
            self._save()

    def action_continue(self) -> None:
        """Enter or Esc, the resident: back to where the check-in was."""
        if not self.saving:
            self.waiting = False
            self.dismiss("continue")

    def action_end(self) -> None:
        """Save what was answered so far; staff are told first, so the entry names the alert."""
        if self.saving or self.waiting:
            return
        self.save_problem = ""
        if self.session.crisis_concern_id is None and self.session.crisis_pending:
            self.waiting = True
            self.show_status()
            return
        self._save()

    def _save(self) -> None:
        self.saving = True
        self.show_status()
        self.post_message(EndCheckIn(self.session, self.ended_at, failed=self._not_saved))

    def _not_saved(self, exc: Exception) -> None:
        self.saving = False
        self.save_problem = _("Your answers were not saved: {problem} Press E to try again, "
                              "or ask staff for help.").format(problem=exc)
        self.show_status()
