"""The quick contact log: the form staff fill most often, so the common case is short.

Defaults are an in-person contact of 15 minutes, today, now; the cursor starts in the note.
A typical contact is: the log key, the note, Ctrl+S. Channel, roles (the 16 peer-support
competencies), linked goals and a follow-up date are there for when they matter.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, RadioSet, SelectionList, Static, TextArea

from peer_tui.models.event_schemas import CHANNEL_LABELS
from peer_tui.screens.event_form import AboutOneResident, FormModal, now_hhmm
from peer_tui.screens.text import clean, plain
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.services import contacts
from peer_tui.services.errors import PermissionDenied, ServiceError
from peer_tui.timeutil import local_today


class ContactFormScreen(AboutOneResident, FormModal):
    """Log one contact with a resident; dismisses True when saved, None when cancelled."""

    FIRST_FIELD = "#note"
    TITLE = "Log a contact with {name}"
    HINT = "Ctrl+S saves \u00b7 Esc cancels \u00b7 Tab moves between fields"

    DEFAULT_CSS = """
    ContactFormScreen #channel { layout: horizontal; height: auto; width: 100%; }
    ContactFormScreen #channel RadioButton { width: auto; }
    ContactFormScreen #contact-goals-hint { color: $text-muted; }
    """

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled("Note (the first line becomes the summary)",
                                 TextArea(id="note", soft_wrap=True, show_line_numbers=False))
        yield from self.compose_choice("How", "channel", CHANNEL_LABELS, "in_person")
        yield FieldLabel("When, and minutes")
        yield from self.compose_when(local_today(), now_hhmm(), minutes=15)
        yield from self.labelled("Summary (optional: leave empty to use the note's first line)",
                                 Input(id="summary", max_length=300))
        yield from self.labelled(
            "Peer-support roles in this contact (Space ticks)",
            SelectionList[str](
                *[(plain(name), key) for key, name in contacts.role_choices()], id="roles"))
        yield FieldLabel("Linked goals (Space ticks)")
        yield Static("Loading the resident's goals\u2026", id="contact-goals-hint",
                     markup=False)
        yield SelectionList[int](id="goal_ids")
        yield self.error_slot("goal_ids")
        yield from self.labelled("Follow up on (optional)",
                                 DateInput(None, id="follow_up_on", prefer="future",
                                           placeholder="e.g. friday, in 3 days"))
        with Horizontal(classes="when-row"):
            yield Static(Text("Ctrl+S save   Esc cancel"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#goal_ids", SelectionList).display = False
        self.run_service(contacts.resident_goals, self.actor, self.resident_id,
                         done=self._goals_loaded, failed=self._goals_failed, group="goals")

    @property
    def actor(self):
        return self.app.actor

    def _goals_loaded(self, goals) -> None:
        hint = self.query_one("#contact-goals-hint", Static)
        picker = self.query_one("#goal_ids", SelectionList)
        if not goals:
            hint.update(Text("No open goals in this resident's plan."))
            return
        hint.display = False
        picker.add_options([(plain(g.label), g.id) for g in goals])
        picker.display = True

    def _goals_failed(self, exc: ServiceError) -> None:
        message = ("Front-desk accounts cannot see plan goals." if isinstance(
            exc, PermissionDenied) else f"Goals could not be loaded: {exc}")
        self.query_one("#contact-goals-hint", Static).update(Text(message))

    def has_typing(self) -> bool:
        return bool(self.query_one("#note", TextArea).text.strip()
                    or self.query_one("#summary", Input).value.strip())

    def collect(self) -> dict | None:
        data: dict = {}
        if not self.when_values(data):
            return None
        channel = self.query_one("#channel", RadioSet).pressed_button
        data["channel"] = channel.name if channel is not None else "in_person"
        data["note"] = self.query_one("#note", TextArea).text
        data["summary"] = self.query_one("#summary", Input).value
        data["roles"] = list(self.query_one("#roles", SelectionList).selected)
        data["goal_ids"] = list(self.query_one("#goal_ids", SelectionList).selected)
        if not self.dates_readable("follow_up_on"):
            return None
        data["follow_up_on"] = self.query_one("#follow_up_on", DateInput).value
        return data

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the contact to the resident's timeline."""
        data = self.collect()
        if data is None:
            return
        self.submit(contacts.log_contact, self.resident_id, data, done=self._saved, group="save")

    def _saved(self, event_id: int) -> None:
        follow = self.query_one("#follow_up_on", DateInput).value
        extra = f"; follow-up {follow.isoformat()}" if isinstance(follow, date) else ""
        self.saved(f"Saved: contact with {clean(self.resident_name)}{extra}.")
        self.app.timeline_changed.publish([self.resident_id])
        self.dismiss(True)
