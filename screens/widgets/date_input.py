"""The date field used everywhere: type it as you would say it, see what was understood.

Each field knows which way it looks (``prefer``): ahead for due, review, follow-up and target
dates, back for contact, admission and discharge dates. A year-less date is read that way,
and a date typed the other way (a due date in the past) is only accepted after the warning
under the field was shown once and the save key pressed again (``direction_confirmed``).
What is typed is read at the moment it was typed (that clock also places a time typed
alone, "3pm"), so the day saved is the day the preview showed, however long the form stays
open.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from peer_tui.dates import DateInputError, Reading, describe, direction_problem, read_date
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
    DateInput .date-feedback.-warning { color: $warning; }
    DateInput .date-feedback.-error { color: $error; }
    """

    def __init__(self, value: date | str | None = None, *, required: bool = False,
                 prefer: str | None = None, confirm: bool = True,
                 placeholder: str = "e.g. today, friday, in 2 weeks, 3/15",
                 id: str | None = None, classes: str | None = None) -> None:
        """PREFER: "future", "past" or None. CONFIRM: ask before keeping a date that looks
        the other way (filters, which save nothing, pass False)."""
        super().__init__(id=id, classes=classes)
        self.required = required
        self.prefer = prefer
        self.confirm = confirm
        text = value.isoformat() if isinstance(value, date) else (value or "")
        self._initial_text = text
        self._confirmed_text: str | None = None
        self._typed_at = datetime.now()
        self._input = Input(value=text, placeholder=placeholder, max_length=60)
        self._feedback = Static("", classes="date-feedback", markup=False)

    def compose(self) -> ComposeResult:
        yield self._input
        yield self._feedback

    def on_mount(self) -> None:
        self._show()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._typed_at = datetime.now()
        self._show()

    @property
    def text(self) -> str:
        return self._input.value

    @text.setter
    def text(self, value: str) -> None:
        self._input.value = value

    def load(self, value: date | None) -> None:
        """Show a stored date (a record being edited): kept as it is, no warning about it
        until someone changes it."""
        self._initial_text = value.isoformat() if value else ""
        self._input.value = self._initial_text

    def _day_first(self) -> bool:
        settings = getattr(self.app, "settings", None)
        return bool(getattr(settings, "day_first", False))

    def _read(self) -> tuple[Reading | None, str]:
        raw = self._input.value
        if not raw.strip():
            return None, ("Required." if self.required else "")
        try:
            return read_date(raw, today=self._typed_at, day_first=self._day_first(),
                             prefer=self.prefer), ""
        except DateInputError as exc:
            return None, str(exc)

    @property
    def value(self) -> date | None:
        reading = self._read()[0]
        return reading.value if reading else None

    @property
    def error(self) -> str:
        return self._read()[1]

    def _against(self, value: date) -> str:
        """'in the past' / 'in the future' when VALUE looks the other way and was typed."""
        if not self.confirm or self._input.value == self._initial_text:
            return ""
        return direction_problem(value, today=local_today(), prefer=self.prefer)

    def _show(self) -> None:
        reading, error = self._read()
        self._feedback.remove_class("-error", "-warning")
        if error and self._input.value.strip():
            self._feedback.update(Text(error))
            self._feedback.add_class("-error")
            return
        if reading is None:
            self._feedback.update("")
            return
        line = f"= {describe(reading.value, local_today())}"
        if reading.note:
            line += f" ({reading.note})"
        if reading.had_time:
            line += "; the time is not kept"
        against = self._against(reading.value)
        if against:
            line += f" \u2014 {against}"
            self._feedback.add_class("-warning")
        self._feedback.update(Text(line))

    def direction_confirmed(self, again: str = "Ctrl+S") -> bool:
        """True when the date may be kept. The first time a typed date looks the other way
        from the field, say so under the field and return False; the same text offered again
        (AGAIN pressed once more) is then kept."""
        value = self.value
        against = self._against(value) if value is not None else ""
        if not against or self._confirmed_text == self._input.value:
            return True
        self._confirmed_text = self._input.value
        when, distance = describe(value, local_today()).split(", ", 1)
        self._feedback.update(Text(
            f"{when} ({distance}) is {against}. Press {again} again to use it, or change "
            "the date."))
        self._feedback.remove_class("-error")
        self._feedback.add_class("-warning")
        return False

    def show_error(self, message: str) -> None:
        """Show a message from validation (e.g. 'Required.') under the field."""
        self._feedback.update(Text(message))
        self._feedback.remove_class("-warning")
        self._feedback.add_class("-error")

    def focus(self, scroll_visible: bool = True):  # type: ignore[override]
        self._input.focus(scroll_visible)
        return self
