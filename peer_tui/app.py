"""The staff application: sign-in, the screen stack, idle lock, urgent-concern watch."""

from __future__ import annotations

from dataclasses import replace
from os.path import dirname, join
from time import monotonic
from typing import TYPE_CHECKING, Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.signal import Signal

import peer_tui.assets
from peer_tui.heap import freeze_startup_objects
from peer_tui.screens.colours import follow_the_terminal
from peer_tui.screens.first_field import arrived_on, hand_over, hold_key
from peer_tui.screens.roles import (RoleGated, palette_allows, refusal_for_key, requires,
                                    say_refusal)
from peer_tui.screens.service_caller import ServiceCaller
from peer_tui.screens.signin import SignInScreen
from peer_tui.screens.terminal_guard import TerminalGuard
from peer_tui.screens.warm_up import WarmUp
from peer_tui.services.permissions import Actor, Perm

if TYPE_CHECKING:
    from peer_tui.screens.base import StaffScreen
    from peer_tui.settings import Settings

ACTIVITY_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown,
                   events.MouseScrollUp, events.Paste)
# What a session opens after the sign-in (the caseload, then the resident view and what
# their keys open, help and the lock, and the dialogs of the resident's timeline):
# imported ahead, while the app waits (``WarmUp``).
NEXT_SCREENS = ("peer_tui.screens.caseload", "peer_tui.screens.resident",
                "peer_tui.screens.help", "peer_tui.screens.lock",
                "peer_tui.screens.widgets.timeline_pane")


class PeerTuiApp(RoleGated, TerminalGuard, ServiceCaller, App):
    """Staff mode. The kiosk is a separate, locked-down app (``peer_tui.kiosk_app``)."""

    # The package's folder, not importlib.resources.files: its readers and zipfile were
    # a millisecond of the start, for a file that is always on disk beside the package.
    CSS_PATH = join(dirname(peer_tui.assets.__file__), "app.tcss")
    TITLE = "peer-tui"
    BINDINGS = [
        # Priority: both must work from inside any dialog or text area (a modal screen hides
        # the app's ordinary bindings, and a text area would otherwise get the key).
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+l", "lock", "Lock the screen (your work is kept)", show=False,
                priority=True),
        Binding("u", "concerns", "Concerns queue", show=False),
        Binding("g", "group_note", "Group note for many residents", show=False),
        Binding("T", "training", "Training: roster, or your own record", show=False),
    ]

    urgent_open: reactive[int] = reactive(0)

    def __init__(self, *, settings: Settings | None = None, house_name: str = "",
                 is_demo: bool = False, first_run: bool = False, opening=None) -> None:
        """OPENING: the command line's opening of the database, run once the sign-in is
        drawn (``modules`` to import ahead, ``open()``, then ``settings`` or ``problem``);
        None when the database is open already."""
        super().__init__()
        self._opening = opening
        if settings is None and opening is None:
            # Deferred (start-up): the command line's start draws the sign-in first and
            # reads the settings with the database (OPENING).
            from peer_tui.settings import get_settings

            settings = get_settings()
        self.settings = settings
        self.house_name = house_name
        self.is_demo = is_demo
        self.first_run = first_run
        self.actor: Actor | None = None
        self._urgent_polls = 0  # the latest urgent-count poll (older answers are dropped)
        self.last_activity = monotonic()
        self.timeline_changed: Signal[list[int]] = Signal(self, "timeline_changed")
        """Carries the ids of the residents whose timeline just changed (a contact, a
        correction, a concern, a plan save). Forms publish it after saving; open timeline
        panes, the caseload and the concerns queue subscribe, so what was saved shows at once."""

    # -- start, sign-in, sign-out ------------------------------------------------------------
    def on_mount(self) -> None:
        follow_the_terminal(self)
        self.call_after_refresh(freeze_startup_objects)  # the sign-in is drawn first
        if self.first_run:
            if not self.open_database_now():  # the first-run screen writes at once
                return
            # Deferred (start-up): a staff screen loads when first opened, so sign-in paints sooner.
            from peer_tui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen())
        else:
            self.push_screen(SignInScreen())
        # Once the first screen is drawn, while the person types (a module at a time, not
        # all at once at the PIN's Enter): the database layer and the opening of the
        # database, when the command line left them to now, then what a sign-in opens next.
        if self._opening is not None:
            self.warm_up = WarmUp(self, *self._opening.modules, deep=False,
                                  then=self._opened_ahead)
        else:
            self._start_timers()
            self.warm_up = WarmUp(self, *NEXT_SCREENS)
        self.call_after_refresh(self.warm_up.start)

    def _opened_ahead(self) -> None:
        if self.open_database_now():
            self.warm_up = WarmUp(self, *NEXT_SCREENS)
            self.warm_up.start()

    def open_database_now(self) -> bool:
        """Run the command line's opening of the database if it has not run yet (the
        sign-in is drawn before it); False when it failed: the app then ends, and the
        command line says why in one line (its checks before the start passed, so this
        is a database changed or taken in between)."""
        opening, self._opening = self._opening, None
        if opening is None:
            return self.settings is not None
        opening.open()  # on the loop: its modules are imported, the rest is a few ms
        if opening.problem:
            self.exit(return_code=1)
            return False
        self.settings = opening.settings
        self._start_timers()
        return True

    def _start_timers(self) -> None:
        # Checked four times per idle period (at most every 5 s), so a short setting is kept.
        self.set_interval(min(5.0, max(0.2, self.settings.idle_lock_minutes * 15)),
                          self._check_idle)
        self.set_interval(self.settings.urgent_poll_seconds, self.poll_urgent)

    def database_ready(self) -> None:
        """After the first-run screen filled an empty database."""
        # Deferred (start-up): the sign-in is drawn before the database layer loads.
        import peer_tui.services.house as house

        info = house.house_info()
        self.house_name = house.computer_house_name(self.settings.kiosk_house)
        self.is_demo = info.is_demo
        self.switch_screen(SignInScreen())

    def make_home(self) -> Screen:
        # Deferred (start-up): a staff screen loads when first opened, so sign-in paints sooner.
        from peer_tui.screens.caseload import CaseloadScreen

        return CaseloadScreen()

    def signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.last_activity = monotonic()
        self.switch_screen(self.make_home())
        self.poll_urgent()

    def switch_house(self, actor: Actor) -> None:
        """The session goes on in another house (services/house_scope.switch made ACTOR)."""
        if self.actor is not None and actor.id == self.actor.id:
            self.actor = actor
            self.poll_urgent()

    def action_sign_out(self) -> None:
        """Sign out (command palette, any staff): the session ends, sign-in shows."""
        if self.actor is not None:
            # Deferred (start-up): the sign-in is drawn before the database layer loads.
            import peer_tui.services.auth as auth

            self.run_service(auth.sign_out, self.actor)
        self.actor = None
        self._reset_to(SignInScreen())

    def _reset_to(self, screen: Screen) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(screen)

    # -- idle lock ---------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY_EVENTS):
            self.last_activity = monotonic()
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                arrived_on(event, self.screen)
            elif await hand_over(self, event):
                return  # typed for the screen opened since (Enter, then 3 at once)
            if hold_key(self, event):
                return  # typed ahead of a screen still opening: delivered once it has focus
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        # Runs before Textual looks up bindings (App._on_key, later in the class chain): a
        # key this role may not use says why at once instead of doing nothing.
        message = refusal_for_key(self, event.key)
        if message is not None:
            event.prevent_default()
            event.stop()
            say_refusal(self, message)

    def _check_idle(self) -> None:
        if not self.screen_stack:
            return  # shutting down: the timer can fire once more after the last screen went
        idle = monotonic() - self.last_activity
        if idle >= self.settings.idle_lock_minutes * 60:
            self.action_lock()

    def action_lock(self) -> None:
        """Ctrl+L, any signed-in staff: lock the screen; the work under it is kept."""
        # The stack, not just the top screen: a second lock (the idle timer and Ctrl+L in the
        # same moment) would otherwise stack two lock screens.
        if self.actor is None:
            return
        # Deferred (start-up): the sign-in is drawn first; the session imports it ahead.
        from peer_tui.screens.lock import LockScreen

        if any(isinstance(s, LockScreen) for s in self.screen_stack):
            return
        self.push_screen(LockScreen(self.actor.username, self.actor.display_name))

    def unlocked(self, actor: Actor) -> None:
        same = self.actor is not None and actor.id == self.actor.id
        self.last_activity = monotonic()
        if same:
            # The session goes on as it was (its start fixes the hand-off's window); only a
            # changed name or role is taken from the fresh read.
            self.actor = replace(actor, signed_in_at=self.actor.signed_in_at,
                                 previous_sign_in_at=self.actor.previous_sign_in_at,
                                 house_id=self.actor.house_id,
                                 house_name=self.actor.house_name)
            self.pop_screen()
        else:
            self.actor = actor
            self._reset_to(self.make_home())
            self.notify("Signed in as someone else: the previous person's screens were "
                        "closed.", markup=False)

    # -- quit -------------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Ctrl+Q, anyone: quit, asking first when a form holds unsaved typing."""
        # Deferred (start-up): a staff screen loads when first opened, so sign-in paints sooner.
        from peer_tui.screens.confirm_quit import QuitConfirmScreen, unsaved_form_titles

        if isinstance(self.screen, QuitConfirmScreen):
            self.screen.dismiss(True)  # Ctrl+Q twice: the person means it
            return
        titles = unsaved_form_titles(self.screen_stack)
        if titles:
            self.push_screen(QuitConfirmScreen(titles),
                             lambda quit_now: self._quit_now() if quit_now else None)
            return
        self._quit_now()

    def _quit_now(self) -> None:
        """Quitting signs out (the hand-off starts from a staff member's last sign-out)."""
        if self.actor is None:
            self.exit()
            return
        actor, self.actor = self.actor, None
        # Deferred (start-up): the sign-in is drawn before the database layer loads.
        import peer_tui.services.auth as auth

        self.run_service(auth.sign_out, actor, done=lambda _: self.exit(),
                         failed=lambda _: self.exit(), group="quit")

    # -- help, palette -----------------------------------------------------------------------
    def action_help(self) -> None:
        """?, anyone: the keys of the screen in front, in the order they are shown."""
        # Deferred (start-up): the sign-in is drawn first; the session imports it ahead.
        from peer_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Help", "Keys of this screen and how dates are typed",
                            self.action_help)
        if self.actor is not None:
            yield SystemCommand("Lock", "Lock the screen now; your work is kept",
                                self.action_lock)
            yield SystemCommand("Sign out", "Sign out and return to the sign-in screen",
                                self.action_sign_out)
            commands = getattr(screen, "palette_commands", None)
            if commands is not None:
                yield from (c for c in commands() if palette_allows(self, c.callback))
        if self.actor is not None:
            for command in (
                SystemCommand("Concerns queue", "Open concerns by severity and age (u)",
                              self.action_concerns),
                SystemCommand("Group note", "Log one group session for many residents (g)",
                              self.action_group_note),
                SystemCommand("Training", "Peer specialist training: the roster, or your own "
                              "record and transcript (T)", self.action_training),
                SystemCommand("Program report", "The month's numbers for funders and the "
                              "board: residents, engagement, concerns, staff, training",
                              self.action_program_report),
            ):
                if palette_allows(self, command.callback):
                    yield command
            if palette_allows(self, self.action_training_renewals):
                yield SystemCommand("Training renewals", "Renewals due and missing "
                                    "supervision (admins only)",
                                    self.action_training_renewals)
            if palette_allows(self, self.action_staff_admin):
                yield SystemCommand("Audit log", "Who did what to which record (admins only)",
                                    self.action_audit_log)
                yield SystemCommand("Staff accounts", "Add staff, reset a PIN, change a role, "
                                    "deactivate or reactivate (admins only)",
                                    self.action_staff_admin)
        yield SystemCommand("Theme", "Change the colours", self.action_change_theme)
        yield SystemCommand("Quit", "Close peer-tui", self.action_quit)

    # -- concerns queue and group note, reachable from every staff screen ------------------
    def _staff_screen_on_top(self) -> bool:
        if self.actor is None:
            return False
        # Deferred (start-up): the sign-in is drawn first; a signed-in session has it.
        from peer_tui.screens.base import StaffScreen

        return isinstance(self.screen, StaffScreen)

    def _open_once(self, screen_class: type[StaffScreen]) -> None:
        """A new SCREEN_CLASS over the staff screen on top, unless that one is it already."""
        if self._staff_screen_on_top() and not isinstance(self.screen, screen_class):
            self.push_screen(screen_class())

    @requires(Perm.READ_CLINICAL, "open the concerns queue")
    def action_concerns(self) -> None:
        """u, clinical staff: the concerns queue, from any staff screen."""
        # Deferred (start-up): a staff screen loads when first opened, so sign-in paints sooner.
        from peer_tui.screens.concerns import ConcernsScreen

        self._open_once(ConcernsScreen)

    @requires(Perm.WRITE_NOTES, "write a group note")
    def action_group_note(self) -> None:
        """g, clinical staff: one note for a group session, for many residents."""
        # Deferred (start-up): a staff screen loads when first opened, so sign-in paints sooner.
        from peer_tui.screens.group_note import GroupNoteScreen

        if self._staff_screen_on_top():
            self.push_screen(GroupNoteScreen())

    @requires(Perm.OWN_TRANSCRIPT, "see training records")
    def action_training(self) -> None:
        """T, staff: the training roster for coordinators, one's own record for others."""
        # Deferred (start-up): a staff screen loads when first opened, so sign-in paints sooner.
        from peer_tui.screens.training import open_training

        if self._staff_screen_on_top():
            open_training(self)

    @requires(Perm.PROGRAM_REPORTS, "see program reports")
    def action_program_report(self) -> None:
        """Palette, case managers and administrators: the program report (last month)."""
        # Deferred (start-up): a staff screen loads when first opened, so sign-in paints sooner.
        from peer_tui.screens.report_view import ReportScreen

        self._open_once(ReportScreen)

    @requires(Perm.ADMIN, "see training renewals")
    def action_training_renewals(self) -> None:
        """Palette, administrators: training renewals and supervision that need attention."""
        # Deferred (start-up): a staff screen loads when first opened, so sign-in paints sooner.
        from peer_tui.screens.training_course import TrainingAttentionScreen

        self._open_once(TrainingAttentionScreen)

    @requires(Perm.ADMIN, "open the audit log")
    def action_audit_log(self) -> None:
        """Palette, administrators: the audit log (who read or changed what)."""
        # Deferred (start-up): a staff screen loads when first opened, so sign-in paints sooner.
        from peer_tui.screens.audit_log import AuditLogScreen

        self._open_once(AuditLogScreen)

    @requires(Perm.ADMIN, "manage staff accounts")
    def action_staff_admin(self) -> None:
        """Palette, administrators: staff accounts (add, PIN, role, deactivate)."""
        # Deferred (start-up): a staff screen loads when first opened, so sign-in paints sooner.
        from peer_tui.screens.staff_admin import StaffAdminScreen

        self._open_once(StaffAdminScreen)

    # -- urgent concerns from any process ---------------------------------------------------
    def poll_urgent(self) -> None:
        if self.actor is None or not self.actor.can_read_clinical:
            self.urgent_open = 0
            return
        # Deferred (start-up): the sign-in is drawn before the database layer loads.
        import peer_tui.services.alerts as alerts

        # Not an exclusive worker: a poll cancelled by the next one fails whoever waits for
        # the app's workers. An older poll's answer is dropped here instead.
        self._urgent_polls += 1
        poll = self._urgent_polls
        self.run_service(alerts.urgent_unacknowledged_count, self.actor,
                         done=lambda count: self._set_urgent(count, poll),
                         failed=lambda exc: None, group="urgent")

    def _set_urgent(self, count: int, poll: int) -> None:
        if poll == self._urgent_polls:
            self.urgent_open = count
