"""Raise a concern with the case-management team: severity, what, who takes it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import RadioSet, Select, TextArea

from peer_tui.models.event_schemas import SEVERITY_LABELS
from peer_tui.screens.event_form import FormModal
from peer_tui.screens.text import clean, plain
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.services import concerns


class ConcernFormScreen(FormModal):
    """Raise a concern about one resident. Dismisses the new concern id (None: cancelled)."""

    FIRST_FIELD = "#summary"

    DEFAULT_CSS = """
    ConcernFormScreen #severity { layout: horizontal; height: auto; width: 100%; }
    ConcernFormScreen #severity RadioButton { width: auto; }
    ConcernFormScreen TextArea { height: 5; }
    """

    def __init__(self, resident_id: int, resident_name: str = "") -> None:
        super().__init__()
        self.resident_id = resident_id
        self.resident_name = resident_name

    def compose(self) -> ComposeResult:
        who = clean(self.resident_name) or "this resident"
        with VerticalScroll(classes="form-box"):
            yield from self.compose_heading(
                f"Raise a concern about {who}",
                "Urgent concerns show in every staff header until someone "
                "acknowledges them. Ctrl+S saves \u00b7 Esc cancels.")
            yield from self.labelled("What is the concern?",
                                     TextArea(id="summary", soft_wrap=True))
            yield from self.compose_choice("Severity (arrows, then Enter)", "severity",
                                           SEVERITY_LABELS, "medium")
            yield FieldLabel("Who takes it (case-management team)")
            yield Select[int]([], prompt="Not assigned yet", id="assignee")
            yield self.error_slot("assignee_id")

    def on_mount(self) -> None:
        self.run_service(concerns.assignee_choices, done=self._team_loaded, group="team")

    def _team_loaded(self, team) -> None:
        self.query_one("#assignee", Select).set_options(
            [(plain(name), sid) for sid, name in team])

    def has_typing(self) -> bool:
        return bool(self.query_one("#summary", TextArea).text.strip())

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: raise the concern about this resident."""
        pressed = self.query_one("#severity", RadioSet).pressed_button
        assignee = self.query_one("#assignee", Select).value
        data = {"severity": pressed.name if pressed is not None else "",
                "summary": self.query_one("#summary", TextArea).text,
                "assignee_id": assignee if isinstance(assignee, int) else None}
        self.submit(concerns.raise_concern, self.resident_id, data, done=self._saved, group="save")

    def _saved(self, concern_id: int) -> None:
        self.saved("Saved: concern raised.")
        self.app.timeline_changed.publish([self.resident_id])
        if hasattr(self.app, "poll_urgent"):
            self.app.poll_urgent()
        self.dismiss(concern_id)
