"""The date field used everywhere: type it as you would say it, see what was understood."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from peer_tui.dates import DateInputError, describe, parse_date
from peer_tui.timeutil import local_today


class DateInput(Vertical):
    """An Input plus a line under it: the understood date, or why it cannot be read.

    ``value`` is the parsed date (None when empty or unreadable); ``error`` the message.
    The typed text is never changed, so nothing is lost when it cannot be read.
    """

    DEFAULT_CSS = """
    DateInput { height: auto; }
    DateInput Input { width: 100%; }
    DateInput .date-feedback { height: auto; color: $text-muted; padding: 0 1; }
    DateInput .date-feedback.-error { color: $error; }
    """

    def __init__(self, value: date | str | None = None, *, required: bool = False,
                 placeholder: str = "e.g. today, friday, in 2 weeks, 3/15",
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.required = required
        text = value.isoformat() if isinstance(value, date) else (value or "")
        self._input = Input(value=text, placeholder=placeholder, max_length=40)
        self._feedback = Static("", classes="date-feedback", markup=False)

    def compose(self) -> ComposeResult:
        yield self._input
        yield self._feedback

    def on_mount(self) -> None:
        self._show()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show()

    @property
    def text(self) -> str:
        return self._input.value

    @text.setter
    def text(self, value: str) -> None:
        self._input.value = value

    def _day_first(self) -> bool:
        settings = getattr(self.app, "settings", None)
        return bool(getattr(settings, "day_first", False))

    def _parse(self) -> tuple[date | None, str]:
        raw = self._input.value
        if not raw.strip():
            return None, ("Required." if self.required else "")
        try:
            return parse_date(raw, today=local_today(), day_first=self._day_first()), ""
        except DateInputError as exc:
            return None, str(exc)

    @property
    def value(self) -> date | None:
        return self._parse()[0]

    @property
    def error(self) -> str:
        return self._parse()[1]

    def _show(self) -> None:
        parsed, error = self._parse()
        if error and self._input.value.strip():
            self._feedback.update(Text(error))
            self._feedback.add_class("-error")
        else:
            self._feedback.remove_class("-error")
            self._feedback.update(Text(f"= {describe(parsed, local_today())}" if parsed else ""))

    def show_error(self, message: str) -> None:
        """Show a message from validation (e.g. 'Required.') under the field."""
        self._feedback.update(Text(message))
        self._feedback.add_class("-error")

    def focus(self, scroll_visible: bool = True):  # type: ignore[override]
        self._input.focus(scroll_visible)
        return self
