"""Kiosk mode: the locked-down self check-in app residents use on the shared computer.

A separate App from staff mode, so no staff screen is even importable from here. No command
palette, no quit key: Ctrl+Q, Ctrl+C, Ctrl+P and Escape do nothing harmful, and the
interrupt, quit and suspend signals are ignored from the start of the process (the command
line does it before Textual is imported; ``KioskDriver`` keeps Textual from re-arming
suspend). Leaving takes a staff username and PIN (F12) and writes an audit row, or keeps it
for later and reports it on stderr when the database cannot take it. After the idle time a
"still there?" countdown runs, then everything of the resident is dropped and the welcome
screen drawn anew, in the house's language (the ``kiosk_language`` setting) whatever the
last resident chose.

Served to a browser (``peer-tui kiosk --serve``, each browser session its own kiosk process)
the kiosk is ``served``: F12 only ends that browser's session, never reaching staff mode, and
the screens are laid out for touch (every key named on screen can be tapped).
"""

from __future__ import annotations

from datetime import datetime
from importlib.resources import files
from time import monotonic
from typing import Callable

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.worker import WorkerCancelled, WorkerFailed

from peer_tui import kiosk_i18n
from peer_tui.kiosk_i18n import N_
from peer_tui.lockdown import ignore_stop_signals
from peer_tui.screens import kiosk_messages as said
from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.colours import follow_the_terminal
from peer_tui.screens.kiosk_barc import BarcOfferScreen, BarcStatementScreen
from peer_tui.screens.kiosk_crisis import CrisisScreen
from peer_tui.screens.kiosk_idle import StillThereScreen
from peer_tui.screens.kiosk_question import QuestionScreen
from peer_tui.screens.kiosk_session import KioskSession
from peer_tui.screens.kiosk_summary import SummaryScreen, ThankYouScreen
from peer_tui.screens.kiosk_unlock import StaffUnlockScreen
from peer_tui.screens.kiosk_welcome import WelcomeScreen
from peer_tui.screens.terminal_guard import TerminalGuard
from peer_tui.services import checkin
from peer_tui.services.assessments import BarcResult, KioskBarc, save_kiosk_barc
from peer_tui.services.kiosk_auth import ExitGuard, KioskResident, StaffExit
from peer_tui.settings import Settings, get_settings

ACTIVITY_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown,
                   events.MouseScrollUp, events.Paste)
DISCARDED = N_("The last check-in was not finished, so its answers were cleared.")
BARC_DISCARDED = N_("The last check-in was saved; its 10 statements were not finished, so "
                    "those answers were cleared.")
# The character a tap on a named key types (None: a key that types nothing).
TAPPED_CHARACTERS = {"enter": "\r", "escape": "\x1b"}
UNLOCK_KEY = "f12"
CRISIS_RETRY_SECONDS = 5


def kiosk_driver(base):
    """BASE (Textual's driver) with suspend ignored again: the Linux driver installs its own
    SIGTSTP handler, which would let ``kill -TSTP`` stop the kiosk."""

    class KioskDriver(base):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            ignore_stop_signals()

        def _sigtstp_application(self, *_) -> None:
            """Textual's suspend handler, for a signal arriving before it is ignored again."""

    return KioskDriver


class KioskApp(TerminalGuard, ServiceCaller, App):
    """Welcome -> resident sign-in -> one question per screen -> summary -> thank-you."""

    CSS_PATH = [str(files("peer_tui.assets").joinpath("kiosk.tcss"))]
    TITLE = "peer-tui kiosk"
    ENABLE_COMMAND_PALETTE = False
    # Priority bindings replace Textual's own quit keys; every one of them does nothing.
    # Ctrl+Q and Ctrl+C name the actions Textual gives them, which this app overrides with
    # nothing: the key and any other way to ask for them ("app.quit") land in one place.
    BINDINGS = [
        Binding("ctrl+q", "quit", show=False, priority=True),
        Binding("ctrl+c", "help_quit", show=False, priority=True),
        Binding("ctrl+p", "nothing", show=False, priority=True),
        Binding("ctrl+z", "nothing", show=False, priority=True),
        Binding(UNLOCK_KEY, "staff_unlock", "Staff", show=False, priority=True),
    ]

    def __init__(self, *, settings: Settings | None = None, house_name: str = "",
                 is_demo: bool = False, clock: Callable[[], datetime] | None = None,
                 served: bool = False, touch: bool | None = None,
                 house_id: int | None = None) -> None:
        super().__init__()
        self.settings = settings or get_settings()
        self.house_name = house_name
        self.house_id = house_id
        """The one house whose residents sign in here (None: the database has one)."""
        self.is_demo = is_demo
        self.clock = clock or datetime.now
        self.session: KioskSession | None = None
        self.last_activity = monotonic()
        self.unlocked = False
        self.exit_guard = ExitGuard(self.settings.kiosk_exit_attempts,
                                    self.settings.kiosk_exit_pause_seconds)
        self.exit_problems: list[str] = []
        """For stderr once the terminal is back (Textual draws on it while running)."""
        self.served = served
        """One browser's session of ``kiosk --serve``: F12 ends it; staff mode is not here."""
        self.touch = served if touch is None else touch
        """Taller key lines and answer rows, for fingers."""
        self.language = self.settings.kiosk_language
        kiosk_i18n.set_language(self.language)

    def get_driver_class(self):
        return kiosk_driver(super().get_driver_class())

    def on_mount(self) -> None:
        follow_the_terminal(self)
        if self.touch:
            self.add_class("touch")
        self.push_screen(WelcomeScreen())
        self.set_interval(1, self.tick)

    # -- lockdown ------------------------------------------------------------------------
    def action_nothing(self) -> None:
        """Ctrl+P and Ctrl+Z (palette, suspend) land here."""

    async def action_quit(self) -> None:
        """Ctrl+Q does nothing: only a staff unlock ends the kiosk (it calls ``exit``)."""

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's quit hint) does nothing at the kiosk: residents cannot leave."""
        pass

    def action_command_palette(self) -> None:
        """The command palette does not exist at the kiosk."""
        pass

    def action_suspend_process(self) -> None:
        """Ctrl+Z does not suspend the kiosk."""
        pass

    def action_staff_unlock(self) -> None:
        """F12, staff: username and PIN to leave the kiosk (audited)."""
        if self.served:
            # Over the web nobody leaves for staff mode: the session ends, and whatever the
            # resident had not sent is dropped with it (the browser offers a fresh start).
            self.session = None
            self.exit()
            return
        if not isinstance(self.screen, StaffUnlockScreen):
            self.push_screen(StaffUnlockScreen())

    def staff_unlocked(self, result: StaffExit) -> None:
        self.unlocked = True
        self.session = None
        if result.audit_problem:
            self.exit_problems.append(
                f"staff left the kiosk but the audit log could not be written: "
                f"{result.audit_problem} The row is kept beside the database and is recorded "
                "by the next audit write that succeeds.")
        self.exit()

    def tap(self, key: str) -> None:
        """A tap on something that names KEY: the same as pressing it."""
        character = TAPPED_CHARACTERS.get(key, key if len(key) == 1 else None)
        self.post_message(events.Key(key, character))

    def action_tap(self, key: str) -> None:
        """A tap (mouse or finger) on a key named on screen, anyone: that key's press."""
        self.tap(key)

    def set_language(self, code: str) -> None:
        """The kiosk's words from now until the next reset (the welcome screen's L)."""
        kiosk_i18n.set_language(code)
        self.language = code

    # -- the resident's session ---------------------------------------------------------
    def start_session(self, resident: KioskResident, context: checkin.CheckInContext,
                      barc: KioskBarc | None = None, *, cannot_save: str = "") -> None:
        questions = checkin.questionnaire().localized(self.language).questions
        self.session = KioskSession(resident, context, questions, cannot_save=cannot_save,
                                    barc_status=barc, language=self.language)
        self.last_activity = monotonic()
        self.show_question(0)

    def show_question(self, index: int) -> None:
        session = self.session
        if session is None:
            return
        self._close_to_base()
        if index >= session.count:
            self.switch_screen(SummaryScreen(session))
        else:
            self.switch_screen(QuestionScreen(session, max(0, index)))

    def open_crisis(self, reason: str, *, back: str, ended_at: str,
                    then: Callable[[str], None] | None = None) -> None:
        """The crisis screen over the current one. BACK says where Enter returns to; ENDED_AT
        is the question the check-in stops at if the resident ends it there."""
        if self.session is not None and not isinstance(self.screen, CrisisScreen):
            self.push_screen(CrisisScreen(self.session, reason, back=back, ended_at=ended_at),
                             callback=then)

    def end_check_in(self, session: KioskSession, ended_at: str,
                     failed: Callable[[Exception], None]) -> None:
        """Save what SESSION's resident answered so far (ended from the crisis screen).
        After the check-in was saved only the BARC-10 statements answered so far are left
        (nothing, if none was)."""
        if session.saved is not None:
            if any(v is not None for v in session.barc_answers):
                self.save_barc(session, failed)
            elif self.session is session:
                self.barc_finished(session, None)
            return

        def done(thanks: checkin.ThankYou) -> None:
            if self.session is session:
                self.finished(thanks, ended_early=True)

        self.run_service(checkin.submit_checkin, session.resident.id, dict(session.answers),
                         crisis_concern_id=session.crisis_concern_id, ended_at=ended_at,
                         language=session.language, done=done, failed=failed,
                         group="kiosk-submit", exclusive=True)

    def alert_staff(self, session: KioskSession, reason: str) -> None:
        """Record the urgent concern for SESSION's resident once, retrying until it is saved.

        Runs on the app, not on the crisis screen, so leaving the screen (or the idle reset)
        never cancels it: staff must hear of it even if the resident walks away.
        """
        if session.crisis_concern_id is not None or session.crisis_pending:
            return
        session.crisis_pending = True

        def done(concern_id: int) -> None:
            session.crisis_concern_id = concern_id
            session.crisis_pending = False
            self._crisis_status(session)

        def failed(exc: Exception) -> None:
            self.log.error(f"crisis alert not saved yet: {exc}")
            session.crisis_pending = False
            self._crisis_status(session, problem=True)
            self.set_timer(CRISIS_RETRY_SECONDS, lambda: self.alert_staff(session, reason))

        self.run_service(checkin.raise_crisis, session.resident.id, reason, done=done,
                         failed=failed, group="crisis")

    def _crisis_status(self, session: KioskSession, problem: bool = False) -> None:
        screen = self.screen
        if isinstance(screen, CrisisScreen) and screen.session is session:
            screen.show_status(problem)

    def finished(self, thanks: checkin.ThankYou, ended_early: bool = False) -> None:
        session = self.session
        told = session is not None and session.crisis_concern_id is not None
        if session is not None and not ended_early and session.offers_barc:
            session.saved = thanks  # the check-in is saved; the statements are extra
            session.staff_told = told
            self._close_to_base()
            self.switch_screen(BarcOfferScreen(session))
            return
        self.session = None  # saved: nothing left to discard
        self._close_to_base()
        self.switch_screen(ThankYouScreen(thanks, ended_early=ended_early, staff_told=told))

    # -- the BARC-10 after the check-in (screens/kiosk_barc.py) ---------------------------
    def show_barc(self, index: int) -> None:
        """Statement INDEX of the BARC-10; -1 is the offer again."""
        session = self.session
        if session is None or session.saved is None:
            return
        self._close_to_base()
        self.switch_screen(BarcOfferScreen(session) if index < 0
                           else BarcStatementScreen(session, index))

    def save_barc(self, session: KioskSession, failed: Callable[[Exception], None]) -> None:
        def done(result: BarcResult) -> None:
            self.barc_finished(session, result)

        self.run_service(save_kiosk_barc, session.resident.id, list(session.barc_answers),
                         session.barc_language, done=done, failed=failed, group="kiosk-barc",
                         exclusive=True)

    def barc_finished(self, session: KioskSession, result: BarcResult | None) -> None:
        """The thank-you for SESSION's saved check-in, with the total when one was taken."""
        if self.session is not session or session.saved is None:
            return  # reset meanwhile: the next resident never sees this one's total
        told = session.staff_told or session.crisis_concern_id is not None
        self.session = None
        self._close_to_base()
        self.switch_screen(ThankYouScreen(session.saved, staff_told=told, barc=result,
                                          today=self.clock().date()))

    def reset(self, notice: str = "") -> None:
        """Back to a new welcome screen; the resident's screens and answers are dropped."""
        if self.session is not None and self.session.saved is not None and notice:
            notice = BARC_DISCARDED  # the check-in itself was saved
        self.session = None
        self.set_language(self.settings.kiosk_language)  # the next resident starts afresh
        self._close_to_base()
        self.switch_screen(WelcomeScreen(notice))
        self.last_activity = monotonic()
        self.refresh(repaint=True)

    def _close_to_base(self) -> None:
        # Stack: Textual's default screen, then the kiosk's one base screen.
        while len(self.screen_stack) > 2:
            self.pop_screen()

    # -- what the screens say --------------------------------------------------------------
    async def _settled(self, group: str) -> None:
        """Let GROUP's worker finish: its result is here, but closing the screen (or the
        app) it ran on would cancel it while it hands over."""
        for worker in [w for w in self.workers if w.group == group]:
            try:
                await worker.wait()
            except (WorkerCancelled, WorkerFailed):
                pass  # its screen already reported what went wrong

    @on(said.CheckInStarted)
    async def _check_in_started(self, message: said.CheckInStarted) -> None:
        await self._settled("kiosk-sign-in")
        self.start_session(message.resident, message.context, message.barc,
                           cannot_save=message.cannot_save)

    @on(said.Answered)
    def _answered(self, message: said.Answered) -> None:
        self.show_question(message.index + 1)

    @on(said.Back)
    def _back(self, message: said.Back) -> None:
        self.show_question(message.index)

    @on(said.BarcShown)
    def _barc_shown(self, message: said.BarcShown) -> None:
        self.show_barc(message.index)

    @on(said.SaveBarc)
    def _save_barc(self, message: said.SaveBarc) -> None:
        self.save_barc(message.session, message.failed)

    @on(said.BarcDone)
    def _barc_done(self, message: said.BarcDone) -> None:
        self.barc_finished(message.session, message.result)

    @on(said.HelpRequested)
    def _help_requested(self, message: said.HelpRequested) -> None:
        self.open_crisis(message.reason, back=message.back, ended_at=message.ended_at,
                         then=message.then)

    @on(said.AlertStaff)
    def _alert_staff(self, message: said.AlertStaff) -> None:
        self.alert_staff(message.session, message.reason)

    @on(said.EndCheckIn)
    def _end_check_in(self, message: said.EndCheckIn) -> None:
        self.end_check_in(message.session, message.ended_at, message.failed)

    @on(said.CheckInSent)
    async def _check_in_sent(self, message: said.CheckInSent) -> None:
        await self._settled("kiosk-submit")
        if self.session is message.session:  # not reset meanwhile
            self.finished(message.thanks)

    @on(said.LanguageChosen)
    async def _language_chosen(self, message: said.LanguageChosen) -> None:
        self.set_language(message.language)
        if isinstance(self.screen, WelcomeScreen):
            await self.screen.redraw()

    @on(said.StartOver)
    def _start_over(self) -> None:
        self.reset()

    @on(said.StaffUnlocked)
    async def _staff_unlocked(self, message: said.StaffUnlocked) -> None:
        await self._settled("kiosk-unlock")
        self.staff_unlocked(message.result)

    # -- idle -----------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY_EVENTS):
            self.last_activity = monotonic()
        await super().on_event(event)

    def tick(self) -> None:
        """Once a second: the clock, the idle check and the countdown."""
        if not self.screen_stack:
            return  # shutting down: the timer can fire once more after the last screen went
        screen = self.screen
        if not screen.is_mounted:
            # Just pushed or switched to (a reset, the idle question): its widgets are not
            # there yet. It draws its clock or countdown on mount; the next tick goes on.
            return
        if isinstance(screen, StillThereScreen):
            if screen.expired():
                self.reset(DISCARDED if self.session is not None else "")
            else:
                screen.update_countdown()
            return
        if isinstance(screen, WelcomeScreen):
            screen.update_clock()
            if monotonic() - self.last_activity >= self.settings.kiosk_idle_seconds:
                if self.language != self.settings.kiosk_language:
                    self.reset()  # a language picked by someone who walked away
                else:
                    screen.action_clear_notice()
            return
        if monotonic() - self.last_activity < self.settings.kiosk_idle_seconds:
            return
        if self.session is None and isinstance(self.screen_stack[1], ThankYouScreen):
            self.reset()  # saved already: nothing to ask about
        else:
            self.push_screen(StillThereScreen(self.settings.kiosk_countdown_seconds))
