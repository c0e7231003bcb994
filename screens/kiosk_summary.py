"""The end of a check-in: the answers to confirm, then a thank-you with the next steps.

Sending saves the check-in and its timeline entry in one transaction. If saving fails the
answers stay on screen and the resident can try again; a message names a question by its
label, never by an internal id. The thank-you shows the resident's own next few action steps
and the next plan review date, nothing else.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from peer_tui.kiosk_i18n import N_, _
from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.kiosk_barc import result_words
from peer_tui.screens.kiosk_messages import Back, CheckInSent, HelpRequested, StartOver
from peer_tui.screens.kiosk_session import KioskSession
from peer_tui.screens.kiosk_welcome import HELP_NOW
from peer_tui.screens.text import clean, one_line, plain
from peer_tui.screens.widgets.kiosk_keys import KeysBar
from peer_tui.services import checkin
from peer_tui.services.assessments import BarcResult
from peer_tui.timeutil import fmt_date

STAFF_TOLD = N_("Staff on shift have been told. Someone will come to you.")


class SummaryScreen(ServiceCaller, Screen):
    """Every answer on one screen; Enter sends, B (or Esc) goes back to the last question."""

    BINDINGS = [
        Binding("enter", "send", "Send", show=False),
        Binding("b,left,escape", "back", "Back", show=False),
        Binding("h,f1,exclamation_mark", "help_now", "Help now", show=False),
    ]

    def __init__(self, session: KioskSession) -> None:
        super().__init__(classes="kiosk")
        self.session = session
        self._sending = False

    def compose(self) -> ComposeResult:
        yield Static(Text(_("Your answers. Is this right?"), style="bold"), id="sum-top")
        with VerticalScroll(id="sum-body"):
            text = Text()
            for question in self.session.questions:
                text.append(f"{question.short:<14}", style="bold")
                if self._missing(question):
                    text.append(_("(needs an answer: press B to go back)") + "\n",
                                style="bold")
                else:
                    text.append(one_line(self.session.answer_text(question), 60) + "\n")
            text.rstrip()
            yield Static(text, id="sum-answers")
        yield Static(id="sum-problem", classes="problem", markup=False)
        yield KeysBar(("Enter", _("send")), ("B", _("back to change")), ("H", _(HELP_NOW)))

    def on_mount(self) -> None:
        if self.session.cannot_save:
            self._say(_("Answers cannot be saved right now ({cause}): tell staff. Enter tries "
                        "to send them; they stay here if it fails."
                        ).format(cause=_(self.session.cannot_save)))

    def _missing(self, question) -> bool:
        return not question.skippable and self.session.answers.get(question.id) in (
            None, "", [])

    def action_back(self) -> None:
        """b, Left or Esc, the resident: back to the last question."""
        if not self._sending:
            self.post_message(Back(self.session.count - 1))

    def action_help_now(self) -> None:
        """h, F1 or !, the resident: crisis lines now; staff are told."""
        self.post_message(HelpRequested("help_now", back=_("back to your answers"), ended_at=""))

    def action_send(self) -> None:
        """Enter, the resident: send the check-in (or go to an unanswered question)."""
        if self._sending:
            return
        missing = next((i for i, q in enumerate(self.session.questions) if self._missing(q)),
                       None)
        if missing is not None:  # (only reachable if a question let it through)
            self.post_message(Back(missing))
            return
        self._sending = True
        self._say(_("Sending..."))
        self.run_service(checkin.submit_checkin, self.session.resident.id,
                         dict(self.session.answers),
                         crisis_concern_id=self.session.crisis_concern_id,
                         language=self.session.language,
                         done=lambda thanks: self.post_message(CheckInSent(self.session, thanks)),
                         failed=self._not_sent, group="kiosk-submit", exclusive=True)

    def _not_sent(self, exc: Exception) -> None:
        self._sending = False
        self._say(_("Not sent: {problem} Press Enter to try again, or ask staff for help."
                    ).format(problem=exc))

    def _say(self, message: str) -> None:
        self.query_one("#sum-problem", Static).update(plain(message))


class ThankYouScreen(Screen):
    """Thanks, the resident's own next steps and next review date. Enter finishes."""

    BINDINGS = [Binding("enter", "done", "Done", show=False)]

    def __init__(self, thanks: checkin.ThankYou, *, ended_early: bool = False,
                 staff_told: bool = False, barc: BarcResult | None = None,
                 today: date | None = None) -> None:
        super().__init__(classes="kiosk")
        self.thanks = thanks
        self.ended_early = ended_early
        self.staff_told = staff_told
        self.barc = barc
        """The BARC-10 just saved, if one was: its total in plain words, nothing more."""
        self.today = today or date.today()

    def compose(self) -> ComposeResult:
        with Vertical(id="thanks-box"):
            yield Static(Text(_("Thank you. What you answered is saved.") if self.ended_early
                              else _("Thank you. Your check-in is saved."), style="bold"),
                         id="thanks-title")
            if self.staff_told:
                yield Static(Text(_(STAFF_TOLD)), id="thanks-told")
            if self.barc is not None:
                yield Static(Text(result_words(self.barc, self.today), style="bold"),
                             id="thanks-barc")
            text = Text()
            if self.thanks.steps:
                text.append(_("Your next steps:") + "\n", style="bold")
                for step in self.thanks.steps:
                    text.append("  - " + one_line(clean(step), 70) + "\n")
            else:
                text.append(_("You have no open steps in your plan right now.") + "\n")
            if self.thanks.next_review:
                text.append("\n" + _("Next plan review:") + " ", style="bold")
                text.append(fmt_date(self.thanks.next_review))
            text.rstrip()
            yield Static(text, id="thanks-steps")
        yield KeysBar(("Enter", _("finish")))

    def action_done(self) -> None:
        """Enter, the resident: back to the welcome screen for the next person."""
        self.post_message(StartOver())
