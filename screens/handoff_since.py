"""Choose where the hand-off starts: "8 hours ago", "yesterday 15:00", "shift"...

Read by ``peer_tui.shift.parse_since`` (dates through the project's one date reader), the
understood moment shown under the field as it is typed. Dismisses a naive local datetime,
or None (cancelled); an empty field goes back to the default start.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from peer_tui.dates import DateInputError
from peer_tui.screens.event_form import FormModal
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.shift import EXAMPLES, parse_since

DEFAULT = "default"


class HandoffSinceScreen(FormModal):
    FIRST_FIELD = "#since"

    DEFAULT_CSS = """
    HandoffSinceScreen > .form-box { width: 64; }
    HandoffSinceScreen #since-preview { height: auto; color: $text-muted; padding: 0 1; }
    HandoffSinceScreen #since-preview.-error { color: $error; }
    """

    def __init__(self, now: datetime, *, day_first: bool, starts) -> None:
        super().__init__()
        self.now = now
        self.day_first = day_first
        self.starts = starts

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Text("Hand-off since when?"), classes="form-title")
            yield Static(Text(f"For example {EXAMPLES}. Empty: the default start. "
                              "Enter shows it \u00b7 Esc cancels"), classes="form-hint")
            yield FieldLabel("Since")
            yield Input(id="since", max_length=80)
            yield Static("", id="since-preview", markup=False)

    def read(self) -> datetime | None:
        text = self.query_one("#since", Input).value
        return parse_since(text, self.now, day_first=self.day_first, starts=self.starts)

    def on_input_changed(self, event: Input.Changed) -> None:
        preview = self.query_one("#since-preview", Static)
        if not event.value.strip():
            preview.update(Text("= the default start"))
            preview.remove_class("-error")
            return
        try:
            at = self.read()
        except DateInputError as exc:
            preview.update(Text(str(exc)))
            preview.add_class("-error")
            return
        preview.update(Text(f"= {at:%a %Y-%m-%d %H:%M}"))
        preview.remove_class("-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def has_typing(self) -> bool:
        return False  # one short field: Esc closes at once

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: start the hand-off at this time."""
        if not self.query_one("#since", Input).value.strip():
            self.dismiss(DEFAULT)
            return
        try:
            self.dismiss(self.read())
        except DateInputError:
            self.query_one("#since", Input).focus()  # the reason is already shown below
