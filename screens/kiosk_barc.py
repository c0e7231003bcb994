"""The BARC-10 at the kiosk: offered after a saved check-in when it is due, one statement per
screen, and the resident's own total in plain words at the end.

The check-in is already saved when the offer appears, so nothing of it can be lost here.
The statements' answers live in the kiosk session like any other answer: the idle reset
drops them with it. The words come from the instrument file in the session's language, and
only a validated translation is ever shown (no translation: no offer). No cut-off and no
judgement of the total is shown to the resident: that is for staff.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from peer_tui.models.instrument_schemas import Instrument
from peer_tui.screens.kiosk_messages import BarcDone, BarcShown, HelpRequested, SaveBarc
from peer_tui.screens.kiosk_question import NAME_ROOM
from peer_tui.screens.kiosk_session import KioskSession
from peer_tui.screens.kiosk_welcome import HELP_NOW, keys_text
from peer_tui.screens.text import one_line, plain
from peer_tui.services.assessments import BarcResult

OFFER = "One more thing, if you have time: 10 short statements, about 3 minutes."
OFFER_HOW = ("For each one, press the number that says how much you agree. It helps you and "
             "your peer specialist see how things are changing.")


def result_words(result: BarcResult, today: date) -> str:
    """'Your total: 48, up from 41 in October.' Plain words, no verdict on the number."""
    if result.total is None:
        return ("You left a statement out, so there is no total this time. Your answers "
                "are saved.")
    words = f"Your total: {result.total}"
    previous = result.previous
    if previous is None:
        return words + ". Next time you will see how it has changed."
    when = previous.taken_on
    if (when.year, when.month) == (today.year, today.month):
        said = f"on {when.day} {when:%B}"
    elif when.year == today.year or (today - when).days < 300:
        said = f"in {when:%B}"
    else:
        said = f"in {when:%B %Y}"
    change = result.total - previous.total
    if change > 0:
        return f"{words}, up from {previous.total} {said}."
    if change < 0:
        return f"{words}, down from {previous.total} {said}."
    return f"{words}, the same as {said}."


class BarcOfferScreen(Screen):
    """'10 short statements, about 3 minutes - now or next time'."""

    BINDINGS = [
        Binding("1", "now", show=False),
        Binding("2,escape", "later", show=False),
        Binding("enter", "which", show=False),
        Binding("h,f1,exclamation_mark", "help_now", show=False),
    ]

    def __init__(self, session: KioskSession) -> None:
        super().__init__(classes="kiosk")
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(Text("Your check-in is saved. Thank you.", style="bold"), id="q-top")
        with Vertical(id="q-body"):
            yield Static(plain(OFFER, "bold"), id="q-text")
            yield Static(plain(OFFER_HOW), id="q-hint")
            options = Text()
            options.append("  1  ", style="bold")
            options.append("Now\n")
            options.append("  2  ", style="bold")
            options.append("Next time")
            yield Static(options, id="q-options")
            yield Static(id="q-problem", classes="problem", markup=False)
        yield Static(keys_text(("1", "now"), ("2", "next time"), ("H", HELP_NOW)),
                     classes="keys")

    def action_now(self) -> None:
        """1, the resident: the statements now."""
        self.post_message(BarcShown(0))

    def action_later(self) -> None:
        """2 or Esc, the resident: the statements next time."""
        self.post_message(BarcDone(self.session))

    def action_which(self) -> None:
        """Enter, the resident: asks for 1 (now) or 2 (next time)."""
        self.query_one("#q-problem", Static).update(
            plain("Press 1 to start now, or 2 for next time."))

    def action_help_now(self) -> None:
        """H, F1 or !, the resident: help now (tells staff), from the offer."""
        self.post_message(HelpRequested("help_now", back="back to the statements offer",
                                        ended_at=""))


class BarcStatementScreen(Screen):
    """Statement INDEX of the BARC-10: number keys answer and move on, Enter skips or goes
    on, B goes back. A new instance per visit; the answers live in the session."""

    BINDINGS = [
        Binding("enter", "next", show=False),
        Binding("b,left,escape", "back", show=False),
        Binding("h,f1,exclamation_mark", "help_now", show=False),
    ]

    def __init__(self, session: KioskSession, index: int) -> None:
        super().__init__(classes="kiosk")
        self.session = session
        self.index = index
        self.instrument: Instrument = session.barc_instrument
        self.words = self.instrument.text(session.language)
        self.saving = False

    @property
    def count(self) -> int:
        return len(self.instrument.items)

    def compose(self) -> ComposeResult:
        top = Text(f"Hi {one_line(self.session.resident.first_name, NAME_ROOM)}",
                   style="bold", no_wrap=True, overflow="ellipsis")
        top.append(f"   Statement {self.index + 1} of {self.count}", style="dim")
        yield Static(top, id="q-top")
        with Vertical(id="q-body"):
            yield Static(plain(self.words.items[self.index], "bold"), id="q-text")
            yield Static(plain("How much do you agree?"), id="q-hint")
            yield Static(id="q-options", markup=False)
            yield Static(id="q-problem", classes="problem", markup=False)
        yield Static(classes="keys", id="q-keys")

    def on_mount(self) -> None:
        self._show_options()

    def _show_options(self) -> None:
        chosen = self.session.barc_answers[self.index]
        low = self.instrument.scale.min
        text = Text()
        for offset, label in enumerate(self.words.labels):
            value = low + offset
            text.append(f"  {value}  ", style="bold")
            mark = "> " if value == chosen else "  "
            text.append(mark + label + "\n", style="reverse" if value == chosen else "")
        text.rstrip()
        self.query_one("#q-options", Static).update(text)
        last = self.index + 1 == self.count
        enter = ("finish" if last else "next") if chosen is not None else (
            "skip and finish" if last else "skip")
        scale = f"{low}-{self.instrument.scale.max}"
        self.query_one("#q-keys", Static).update(keys_text(
            (scale, "answer"), ("Enter", enter), ("B", "back"), ("H", HELP_NOW)))

    def say(self, message: str) -> None:
        self.query_one("#q-problem", Static).update(plain(message))

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        event.prevent_default()
        value = int(event.character)
        if not self.instrument.scale.min <= value <= self.instrument.scale.max:
            self.say(f"Press a number from {self.instrument.scale.min} to "
                     f"{self.instrument.scale.max}.")
            return
        if self.saving:
            return
        self.session.barc_answers[self.index] = value
        self._show_options()
        self._go_on()

    def action_next(self) -> None:
        """Enter, the resident: the next statement (this one skipped if unanswered)."""
        if not self.saving:
            self._go_on()

    def _go_on(self) -> None:
        if self.index + 1 < self.count:
            self.post_message(BarcShown(self.index + 1))
            return
        self.saving = True
        self.say("Saving...")
        self.post_message(SaveBarc(self.session, failed=self._not_saved))

    def _not_saved(self, exc: Exception) -> None:
        self.saving = False
        self.say(f"Not saved: {exc} Press Enter to try again, or ask staff for help.")

    def action_back(self) -> None:
        """B, Left or Esc, the resident: the previous statement (from the first, the offer)."""
        if self.saving:
            return
        if self.index == 0:
            self.post_message(BarcShown(-1))
            return
        self.post_message(BarcShown(self.index - 1))

    def action_help_now(self) -> None:
        """H, F1 or !, the resident: help now (tells staff), from a statement."""
        self.post_message(HelpRequested("help_now", back=f"back to statement {self.index + 1}",
                                        ended_at=""))
