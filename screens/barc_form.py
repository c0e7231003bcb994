"""Recording a BARC-10 with a resident (an interview at intake), or correcting the latest.

The ten statements are one list: the highlighted one is shown in full below to read aloud,
a number key (1-6) answers it and moves down, 0 or Backspace leaves it out (then there is no
total), the arrows move. Ctrl+S saves; a correction asks for the reason first and starts
from the answers it corrects. The words are the instrument file's, in English for staff.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from peer_tui.models.instrument_schemas import Instrument
from peer_tui.screens.event_form import FormModal
from peer_tui.screens.text import clean
from peer_tui.services import assessments


class StatementList(Widget, can_focus=True):
    """The ten statements and their answers; digits answer, arrows move."""

    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("backspace,0", "clear", show=False),
    ]
    DEFAULT_CSS = """
    StatementList { height: auto; }
    StatementList:focus { background: $boost; }
    """

    cursor = reactive(0)

    def __init__(self, instrument: Instrument, answers: list[int | None], **kwargs) -> None:
        super().__init__(**kwargs)
        self.instrument = instrument
        self.answers = answers

    def render(self) -> Text:
        text = Text()
        for n, item in enumerate(self.instrument.items):
            value = self.answers[n]
            answer = f"{value} {self.instrument.label(value)}" if value is not None else "-"
            line = Text(f"{n + 1:>2}. {item.staff_label:<36} {answer}",
                        style="reverse" if n == self.cursor and self.has_focus else "")
            text.append_text(line)
            text.append("\n")
        text.rstrip()
        return text

    def watch_cursor(self) -> None:
        self.post_message(self.Moved())

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    class Moved(events.Message):
        """The highlighted statement changed (the full text below follows it)."""

    def action_move(self, by: int) -> None:
        """Up or Down, clinical staff: the previous or next statement."""
        self.cursor = max(0, min(len(self.answers) - 1, self.cursor + by))
        self.refresh()

    def action_clear(self) -> None:
        """Backspace or 0, clinical staff: clear the highlighted statement's answer."""
        self.answers[self.cursor] = None
        self.post_message(self.Moved())
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        if not (event.character and event.character.isdigit()) or event.character == "0":
            return
        event.stop()
        event.prevent_default()
        value = int(event.character)
        if not self.instrument.scale.min <= value <= self.instrument.scale.max:
            return
        self.answers[self.cursor] = value
        if self.cursor + 1 < len(self.answers):
            self.cursor += 1
        else:
            self.post_message(self.Moved())
        self.refresh()


class BarcFormScreen(FormModal):
    """Dismisses with the saved ``BarcResult``, or None when cancelled.

    CORRECTS: (assessment id, its answers) of the assessment this one corrects, or None."""

    DEFAULT_CSS = """
    BarcFormScreen #barc-read { height: 3; color: $accent; }
    BarcFormScreen #reason { margin-bottom: 0; }
    """

    def __init__(self, resident_id: int, resident_name: str,
                 corrects: tuple[int, tuple[int | None, ...]] | None = None) -> None:
        super().__init__()
        self.resident_id = resident_id
        self.resident_name = resident_name
        self.corrects = corrects
        self.instrument = assessments.barc()
        self.answers: list[int | None] = list(corrects[1]) if corrects else \
            [None] * len(self.instrument.items)
        self.FIRST_FIELD = "#reason" if corrects else "#statements"

    def compose(self) -> ComposeResult:
        doing = "Correct the latest" if self.corrects else "Record a"
        with Vertical(classes="form-box"):
            yield from self.compose_heading(
                f"{doing} {self.instrument.name} with "
                f"{clean(self.resident_name)}",
                "1-6 answers and moves down \u00b7 0 leaves one out \u00b7 "
                "Ctrl+S saves \u00b7 Esc cancels")
            if self.corrects:
                yield from self.labelled("Why it is corrected (kept with the record)",
                                         Input(id="reason", max_length=300))
            yield StatementList(self.instrument, self.answers, id="statements")
            yield Static(id="barc-read", markup=False)
            yield Static(Text(self._scale_words()), classes="form-hint")

    def _scale_words(self) -> str:
        low = self.instrument.scale.min
        return " ".join(f"{low + i} {label}" for i, label in
                        enumerate(self.instrument.texts["en"].labels))

    def on_mount(self) -> None:
        self._read_aloud()

    def on_statement_list_moved(self, _message) -> None:
        self._read_aloud()
        self._armed_discard = False

    def _read_aloud(self) -> None:
        cursor = self.query_one(StatementList).cursor
        statement = self.instrument.texts["en"].items[cursor]
        self.query_one("#barc-read", Static).update(Text(f"{cursor + 1}. {statement}"))

    def has_typing(self) -> bool:
        if self.corrects:
            return (list(self.corrects[1]) != self.answers
                    or bool(self.query_one("#reason", Input).value.strip()))
        return any(v is not None for v in self.answers)

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the BARC-10 (or its correction)."""
        self.saving = True
        self.clear_errors()
        kwargs = {}
        if self.corrects:
            kwargs = {"corrects_id": self.corrects[0],
                      "reason": self.query_one("#reason", Input).value}
        self.run_service(assessments.record_barc, self.app.actor, self.resident_id,
                         list(self.answers), **kwargs, done=self._saved,
                         failed=self.failed, group="save")

    def _saved(self, result: assessments.BarcResult) -> None:
        total = f"total {result.total}" if result.total is not None else \
            "no total (a statement was left out)"
        self.saved(f"Saved: {self.instrument.name}, {total}.")
        self.dismiss(result)
