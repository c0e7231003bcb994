"""The BARC-10 at the kiosk: offered after a saved check-in when it is due, one statement per
screen, and the resident's own total in plain words at the end.

The check-in is already saved when the offer appears, so nothing of it can be lost here.
The statements' answers live in the kiosk session like any other answer: the idle reset
drops them with it. The statements and their answers come from the instrument file, and only
a validated translation is ever shown: a resident who chose a language without one (Spanish,
so far) is offered them in English and told so; the kiosk's own words around them stay in the
resident's language. No cut-off and no judgement of the total is shown to the resident: that
is for staff.
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

from peer_tui.kiosk_i18n import N_, _
from peer_tui.models.instrument_schemas import Instrument
from peer_tui.screens.kiosk_messages import BarcDone, BarcShown, HelpRequested, SaveBarc
from peer_tui.screens.kiosk_question import NAME_ROOM
from peer_tui.screens.kiosk_session import KioskSession
from peer_tui.screens.kiosk_welcome import HELP_NOW
from peer_tui.screens.text import clean, one_line, plain
from peer_tui.screens.widgets.kiosk_keys import KeysBar, answer_lines
from peer_tui.services.assessments import BarcResult

OFFER = N_("One more thing, if you have time: 10 short statements, about 3 minutes.")
OFFER_HOW = N_("For each one, press the number that says how much you agree. It helps you and "
               "your peer specialist see how things are changing.")
ENGLISH_ONLY = N_("These statements are in English: so far they have a checked translation "
                  "only in English.")
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))


def result_words(result: BarcResult, today: date) -> str:
    """'Your total: 48, up from 41 in October.' Plain words, no verdict on the number."""
    if result.total is None:
        return _("You left a statement out, so there is no total this time. Your answers "
                 "are saved.")
    total = result.total
    previous = result.previous
    if previous is None:
        return _("Your total: {total}. Next time you will see how it has changed.").format(
            total=total)
    when = previous.taken_on
    month = _(MONTHS[when.month - 1])
    if (when.year, when.month) == (today.year, today.month):
        said = _("on {day} {month}").format(day=when.day, month=month)
    elif when.year == today.year or (today - when).days < 300:
        said = _("in {month}").format(month=month)
    else:
        said = _("in {month} {year}").format(month=month, year=when.year)
    change = total - previous.total
    if change > 0:
        words = _("Your total: {total}, up from {previous} {when}.")
    elif change < 0:
        words = _("Your total: {total}, down from {previous} {when}.")
    else:
        words = _("Your total: {total}, the same as {when}.")
    return words.format(total=total, previous=previous.total, when=said)


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
        yield Static(Text(_("Your check-in is saved. Thank you."), style="bold"), id="q-top")
        with Vertical(id="q-body"):
            yield Static(plain(_(OFFER), "bold"), id="q-text")
            yield Static(plain(_(OFFER_HOW)), id="q-hint")
            if self.session.barc_language != self.session.language:
                yield Static(plain(_(ENGLISH_ONLY), "bold"), id="barc-english-only")
            options = answer_lines([("1", _("Now"), False), ("2", _("Next time"), False)],
                                   tick=False, touch=getattr(self.app, "touch", False))
            options.rstrip()
            yield Static(options, id="q-options")
            yield Static(id="q-problem", classes="problem", markup=False)
        yield KeysBar(("1", _("now")), ("2", _("next time")), ("H", _(HELP_NOW)))

    def action_now(self) -> None:
        """1, the resident: the statements now."""
        self.post_message(BarcShown(0))

    def action_later(self) -> None:
        """2 or Esc, the resident: the statements next time."""
        self.post_message(BarcDone(self.session))

    def action_which(self) -> None:
        """Enter, the resident: asks for 1 (now) or 2 (next time)."""
        self.query_one("#q-problem", Static).update(
            plain(_("Press 1 to start now, or 2 for next time.")))

    def action_help_now(self) -> None:
        """H, F1 or !, the resident: help now (tells staff), from the offer."""
        self.post_message(HelpRequested("help_now", back=_("back to the statements offer"),
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
        self.words = self.instrument.text(session.barc_language)
        self.saving = False

    @property
    def count(self) -> int:
        return len(self.instrument.items)

    def compose(self) -> ComposeResult:
        name = one_line(self.session.resident.first_name, NAME_ROOM)
        top = Text(_("Hi {name}").format(name=name), style="bold", no_wrap=True,
                   overflow="ellipsis")
        top.append("   " + _("Statement {number} of {count}").format(
            number=self.index + 1, count=self.count), style="dim")
        yield Static(top, id="q-top")
        with Vertical(id="q-body"):
            yield Static(plain(self.words.items[self.index], "bold"), id="q-text")
            hint = _("How much do you agree?")
            if self.session.barc_language != self.session.language:
                hint += " " + _(ENGLISH_ONLY)
            yield Static(plain(hint), id="q-hint")
            yield Static(id="q-options", markup=False)
            yield Static(id="q-problem", classes="problem", markup=False)
        yield KeysBar(*self._keys(), id="q-keys")

    def on_mount(self) -> None:
        self._show_options()

    def _show_options(self) -> None:
        chosen = self.session.barc_answers[self.index]
        low = self.instrument.scale.min
        lines = [(str(low + offset), clean(label), low + offset == chosen)
                 for offset, label in enumerate(self.words.labels)]
        text = answer_lines(lines, tick=False, touch=getattr(self.app, "touch", False))
        text.rstrip()
        self.query_one("#q-options", Static).update(text)
        self.query_one(KeysBar).show(*self._keys())

    def _keys(self) -> list[tuple[str, str]]:
        chosen = self.session.barc_answers[self.index]
        last = self.index + 1 == self.count
        enter = (_("finish") if last else _("next")) if chosen is not None else (
            _("skip and finish") if last else _("skip"))
        scale = f"{self.instrument.scale.min}-{self.instrument.scale.max}"
        return [(scale, _("answer")), ("Enter", enter), ("B", _("back")), ("H", _(HELP_NOW))]

    def say(self, message: str) -> None:
        self.query_one("#q-problem", Static).update(plain(message))

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        event.prevent_default()
        value = int(event.character)
        if not self.instrument.scale.min <= value <= self.instrument.scale.max:
            self.say(_("Press a number from {low} to {high}.").format(
                low=self.instrument.scale.min, high=self.instrument.scale.max))
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
        self.say(_("Saving..."))
        self.post_message(SaveBarc(self.session, failed=self._not_saved))

    def _not_saved(self, exc: Exception) -> None:
        self.saving = False
        self.say(_("Not saved: {problem} Press Enter to try again, or ask staff for help."
                   ).format(problem=exc))

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
        self.post_message(HelpRequested(
            "help_now", back=_("back to statement {number}").format(number=self.index + 1),
            ended_at=""))
