"""Idle time with a clock the test moves: the staff screens lock after exactly the idle
minutes, the kiosk asks "still there?" after exactly its idle seconds and drops the check-in
when the countdown runs out. Each at the boundary and one step either side; no test waits."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from helpers import Clock, resident_signed_in, signed_in

import peer_tui.app as staff_app
import peer_tui.kiosk_app as kiosk_app
import peer_tui.screens.kiosk_idle as kiosk_idle
from peer_tui.screens.kiosk_idle import StillThereScreen
from peer_tui.screens.kiosk_question import QuestionScreen
from peer_tui.screens.kiosk_welcome import WelcomeScreen
from peer_tui.screens.lock import LockScreen
from peer_tui.settings import Settings


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    for module in (staff_app, kiosk_app, kiosk_idle):
        monkeypatch.setattr(module, "monotonic", clock)
    return clock


@pytest.mark.parametrize("idle, locked", [(299.9, False), (300, True), (300.1, True)])
async def test_staff_screens_lock_after_exactly_the_idle_minutes(demo_db, clock, idle, locked):
    async with signed_in("pat", settings=Settings(idle_lock_minutes=5)) as pilot:
        app = pilot.app
        home = app.screen
        clock.now += idle
        app._check_idle()  # what the app's interval timer calls
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) == locked
        if locked:  # the work underneath is kept, and nothing of it takes keys
            assert app.screen_stack[-2] is home
            await pilot.press("u")
            assert isinstance(app.screen, LockScreen)


@pytest.mark.actions("PeerTuiApp.lock")
async def test_the_app_checks_idleness_by_itself(demo_db, clock):
    """No key and no call from the test: the app's own timer finds the idle time passed."""
    settings = Settings(idle_lock_minutes=0.01)  # checked every 0.2 s
    async with signed_in("pat", settings=settings) as pilot:
        app = pilot.app
        clock.now += 0.01 * 60
        for _ in range(10_000):  # until the timer has run (how soon is the timer's business)
            if isinstance(app.screen, LockScreen):
                break
            await pilot.pause(0.01)
        assert isinstance(app.screen, LockScreen)


async def test_a_key_restarts_the_idle_time(demo_db, clock):
    async with signed_in("pat", settings=Settings(idle_lock_minutes=5)) as pilot:
        app = pilot.app
        clock.now += 299
        await pilot.press("down")
        clock.now += 299  # 598 s since sign-in, 299 s since the key
        app._check_idle()
        await pilot.pause()
        assert not isinstance(app.screen, LockScreen)


@pytest.mark.actions("WelcomeScreen.check_in")
@pytest.mark.parametrize("idle, asked", [(59.9, False), (60, True), (60.1, True)])
async def test_kiosk_asks_still_there_after_exactly_its_idle_seconds(demo_db, clock, idle,
                                                                     asked):
    async with resident_signed_in(settings=Settings(kiosk_idle_seconds=60)) as pilot:
        app = pilot.app
        await pilot.press("4")
        clock.now += idle
        app.tick()  # what the kiosk's once-a-second timer calls
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen) == asked
        assert app.session is not None and app.session.answers == {"mood": 4}


@asynccontextmanager
async def asked_still_there(clock):
    """A resident answered the first question (4), then left it for the kiosk's 60 idle
    seconds: the pilot on the "still there?" question, with a 30-second countdown."""
    settings = Settings(kiosk_idle_seconds=60, kiosk_countdown_seconds=30)
    async with resident_signed_in(settings=settings) as pilot:
        await pilot.press("4")
        clock.now += 60
        pilot.app.tick()
        await pilot.pause()
        assert isinstance(pilot.app.screen, StillThereScreen)
        yield pilot


@pytest.mark.actions("WelcomeScreen.check_in")
@pytest.mark.parametrize("waited, dropped", [(29.9, False), (30, True), (30.1, True)])
async def test_kiosk_drops_the_check_in_when_the_countdown_ends(demo_db, clock, waited,
                                                                dropped):
    async with asked_still_there(clock) as pilot:
        app = pilot.app
        clock.now += waited
        app.tick()
        await pilot.pause()
        if dropped:
            assert isinstance(app.screen, WelcomeScreen) and app.session is None
        else:
            assert isinstance(app.screen, StillThereScreen)
            assert "1 second;" in str(app.screen.query_one("#idle-count").render())
            await pilot.press("x")  # still here: the answers are kept
            assert isinstance(app.screen, QuestionScreen)
            assert app.session.answers == {"mood": 4}


async def test_the_timers_do_nothing_once_the_screens_are_gone(demo_db, clock):
    """Shutting down, the once-a-second timers can fire after the last screen was popped:
    with nothing on screen they must not fail ("No screens on stack") nor push a screen."""
    async with signed_in("pat", settings=Settings(idle_lock_minutes=5)) as pilot:
        staff = pilot.app
    async with resident_signed_in() as pilot:
        kiosk = pilot.app
        await pilot.press("4")
    clock.now += 3600  # long idle: both would lock or ask "still there?" if they had a screen
    for app, timer in ((staff, staff._check_idle), (kiosk, kiosk.tick)):
        assert not app.screen_stack
        timer()
        assert not app.screen_stack


async def test_a_tick_between_the_reset_and_the_new_welcome_being_drawn_is_harmless(demo_db,
                                                                                   clock):
    """The once-a-second timer can fire after a reset has switched to a new welcome screen
    and before that screen has drawn its widgets: the kiosk must not fail there (it did, on
    the clock the screen did not have yet); the clock is drawn when the screen mounts."""
    async with asked_still_there(clock) as pilot:
        app = pilot.app
        clock.now += 30
        app.tick()  # the countdown ends: the check-in is dropped, a new welcome is switched to
        app.tick()  # the next second comes before that screen has mounted
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session is None
        assert "2026" in str(app.screen.query_one("#welcome-clock").render())
