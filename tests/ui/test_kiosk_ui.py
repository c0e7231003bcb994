"""Kiosk mode driven by keys (Pilot): check-in, Back, crisis, lockout, escape keys, unlock, idle."""

from __future__ import annotations

import contextlib
import json
from time import monotonic

import pytest
from textual.worker import WorkerCancelled
from helpers import (KIOSK_SIZE, make_kiosk, resident_signed_in, sign_in_resident,
                     submit_sign_in, workers_done)

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import CheckIn, Concern
from peer_tui.models.people import Resident
from peer_tui.models.plans import RecoveryPlan
from peer_tui.screens.kiosk_barc import BarcOfferScreen
from peer_tui.screens.kiosk_crisis import CrisisScreen
from peer_tui.screens.kiosk_idle import StillThereScreen
from peer_tui.screens.kiosk_question import QuestionScreen
from peer_tui.screens.kiosk_summary import SummaryScreen, ThankYouScreen
from peer_tui.screens.kiosk_unlock import StaffUnlockScreen
from peer_tui.screens.kiosk_welcome import ResidentSignInScreen, WelcomeScreen
from peer_tui.services import kiosk_auth

SIZE = KIOSK_SIZE

def resident_1001() -> Resident:
    return Resident.get(Resident.kiosk_code == "1001")


def fits(app) -> None:
    """Everything of the question is above the key line at 80x24."""
    keys = app.screen.query_one(".keys").region
    for widget in app.screen.query("#q-body > *"):
        if widget.display:
            assert widget.region.bottom <= keys.y, widget.id


@pytest.mark.actions(
    "QuestionScreen.erase",
    "QuestionScreen.next",
    "SummaryScreen.send",
    "WelcomeScreen.check_in")
async def test_full_check_in_by_keys(demo_db):
    resident = resident_1001()
    before = CheckIn.select().where(CheckIn.resident == resident.id).count()
    async with resident_signed_in() as pilot:
        app = pilot.app
        assert isinstance(app.screen, QuestionScreen)
        for keys in (["4"], ["7", "backspace", "2", "enter"], ["1"], ["1"],
                     ["1", "enter"], ["1", "2"], ["1", "3", "3", "enter"], ["1"], ["1"]):
            fits(app)
            await pilot.press(*keys)
        assert app.screen.question.type == "text"
        await pilot.press(*"[/]ok", "enter")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await workers_done(app)
        await pilot.pause()
        # Saved; the demo's resident 1001 is due for the BARC-10: "next time" this once.
        assert isinstance(app.screen, BarcOfferScreen) and app.session.saved is not None
        await pilot.press("2")
        assert isinstance(app.screen, ThankYouScreen) and app.session is None
        shown = str(app.screen.query_one("#thanks-steps").render())
        plan = RecoveryPlan.get(RecoveryPlan.resident == resident.id)
        assert ("Next plan review" in shown) == (plan.next_review_date is not None)
        assert ("no open steps" in shown) == (not app.screen.thanks.steps)
        assert all(step[:30] in shown for step in app.screen.thanks.steps)
    row = CheckIn.select().where(CheckIn.resident == resident.id).order_by(
        CheckIn.id.desc()).get()
    assert CheckIn.select().where(CheckIn.resident == resident.id).count() == before + 1
    answers = json.loads(row.answers)
    assert (row.mood, row.craving, answers["sleep"], answers["use"]) == (4, 2, "well", "no")
    assert answers["help_with"] == ["housing"] and answers["note"] == "[/]ok"
    assert answers["goal"]["progress"] == "some" and len(answers["meetings"]) == 1
    assert row.wants_to_talk and not row.safety_concern
    assert resident_1001().summary_wants_to_talk


@pytest.mark.actions("QuestionScreen.back", "QuestionScreen.next", "WelcomeScreen.check_in")
async def test_back_keeps_answers_within_the_session(demo_db):
    async with resident_signed_in() as pilot:
        app = pilot.app
        await pilot.press("b")
        assert "first question" in str(app.screen.query_one("#q-problem").render())
        await pilot.press("4", "5", "enter")
        assert app.screen.index == 2
        await pilot.press("b", "b")
        assert app.screen.index == 0 and app.session.answers == {"mood": 4, "craving": 5}
        await pilot.press("2")
        assert app.screen.index == 1 and app.screen.typed == "5"
        assert app.session.answers["mood"] == 2


@pytest.mark.actions(
    "CrisisScreen.continue",
    "CrisisScreen.end",
    "QuestionScreen.help_now",
    "WelcomeScreen.check_in")
async def test_crisis_is_recorded_before_the_check_in_ends(demo_db):
    resident = resident_1001()
    checkins = CheckIn.select().count()
    async with resident_signed_in() as pilot:
        app = pilot.app
        safety = [q.id for q in app.session.questions].index("safety")
        app.show_question(safety)
        await pilot.pause()
        await pilot.press("2")  # yes
        assert isinstance(app.screen, CrisisScreen)
        await workers_done(app)
        await pilot.pause()
        concern = Concern.get(Concern.resident == resident.id, Concern.severity == "urgent",
                              Concern.source == "kiosk", Concern.status == "open",
                              Concern.id == app.session.crisis_concern_id)
        assert "safety question" in concern.summary
        assert CheckIn.select().count() == checkins  # nothing submitted yet
        lines = str(app.screen.query_one("#crisis-lines").render())
        assert "988" in lines and "1-800-662-4357" in lines and "911" in lines
        assert "have been told" in str(app.screen.query_one("#crisis-status").render())
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen) and app.screen.index == safety + 1
        await pilot.press("f1")  # help now (F1 in the text box): again, no second concern
        assert isinstance(app.screen, CrisisScreen)
        await workers_done(app)
        await pilot.press("e")  # end: what was answered is saved at once
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, ThankYouScreen)
    assert Concern.select().where(Concern.id > concern.id - 1,
                                  Concern.resident == resident.id).count() == 1
    saved = CheckIn.select().where(CheckIn.resident == resident.id).order_by(
        CheckIn.id.desc()).get()
    assert saved.safety_concern and json.loads(saved.answers)["safety"] == "yes"


@pytest.mark.actions("WelcomeScreen.check_in")
async def test_five_wrong_pins_lock_the_code(demo_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(5):
            await sign_in_resident(pilot, pin="0000")
        message = str(app.screen.query_one("#signin-message").render())
        assert message == kiosk_auth.REFUSED
        await sign_in_resident(pilot, pin="1357")  # the right PIN, while paused
        assert isinstance(app.screen, ResidentSignInScreen) and app.session is None
        await sign_in_resident(pilot, code="4242", pin="1357")
        assert str(app.screen.query_one("#signin-message").render()) == message
    assert resident_1001().kiosk_locked_until is not None
    assert AuditLog.select().where(AuditLog.action == "kiosk_lockout").count() == 1


@pytest.mark.actions("KioskApp.nothing", "KioskApp.quit", "KioskApp.help_quit")
@pytest.mark.parametrize("where", ["welcome", "question"])
async def test_escape_keys_leave_the_kiosk_running(demo_db, where):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        if where == "question":
            await sign_in_resident(pilot)
        screen = app.screen
        for key in ("ctrl+q", "ctrl+c", "ctrl+p", "escape", "ctrl+z", "ctrl+backslash"):
            await pilot.press(key)
            assert app.is_running and app.return_code is None, key
            assert app.screen is screen, key
        assert not app.ENABLE_COMMAND_PALETTE


@pytest.mark.actions("KioskApp.staff_unlock")
async def test_staff_unlock_needs_a_good_pin(demo_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        assert isinstance(app.screen, StaffUnlockScreen)
        await submit_sign_in(pilot, "#username", "casey", "1111")
        assert app.is_running and isinstance(app.screen, StaffUnlockScreen)
        assert str(app.screen.query_one("#unlock-message").render()) == kiosk_auth.EXIT_REFUSED
        app.screen.query_one("#pin").value = "2468"
        await pilot.press("enter")
        with contextlib.suppress(WorkerCancelled):
            # The unlock ends the app, which cancels whatever else was still running (on a
            # busy machine, something always is): that is the exit, not a failure.
            await workers_done(app)
    assert app.unlocked and app.return_code == 0
    entry = AuditLog.select().where(AuditLog.action == "kiosk_unlock").get()
    assert entry.actor_kind == "staff" and entry.actor_id is not None


@pytest.mark.actions("WelcomeScreen.check_in")
async def test_idle_countdown_then_nothing_of_the_resident_remains(demo_db):
    name = resident_1001().preferred_name or resident_1001().first_name
    async with resident_signed_in() as pilot:
        app = pilot.app
        await pilot.press("4", "7")
        assert name in app.export_screenshot()
        app.last_activity = monotonic() - app.settings.kiosk_idle_seconds - 1
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        await pilot.press("x")  # still here: the check-in goes on
        assert isinstance(app.screen, QuestionScreen) and app.session.answers == {"mood": 4}
        app.last_activity = monotonic() - app.settings.kiosk_idle_seconds - 1
        app.tick()
        await pilot.pause()
        app.screen.deadline = monotonic() - 1
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session is None
        assert len(app.screen_stack) == 2
        shown = app.export_screenshot()
        assert name not in shown and "Question" not in shown and "cleared" in shown
        await pilot.press("enter")
        assert app.screen.query_one("#code").value == ""
        assert app.screen.query_one("#pin").value == ""
    assert CheckIn.select().where(CheckIn.resident == resident_1001().id,
                                  CheckIn.craving == 7).count() == 0


@pytest.mark.actions("CrisisScreen.continue", "QuestionScreen.help_now", "WelcomeScreen.check_in")
async def test_crisis_alert_retries_after_a_failure_even_off_screen(demo_db, monkeypatch):
    import peer_tui.kiosk_app as kiosk_app
    from peer_tui.services import checkin
    from peer_tui.services.runner import StorageError

    real, calls = checkin.raise_crisis, []

    def flaky(resident_id, reason):
        calls.append(reason)
        if len(calls) == 1:
            raise StorageError("Not saved. The database is busy.")
        return real(resident_id, reason)

    monkeypatch.setattr(checkin, "raise_crisis", flaky)
    app = make_kiosk()
    # The retry timer is the test's to fire: the app asks for it, the test runs it.
    retries, set_timer = [], app.set_timer

    def keep_retry(delay, callback, *args, **kwargs):
        if delay == kiosk_app.CRISIS_RETRY_SECONDS:
            retries.append(callback)
            return None
        return set_timer(delay, callback, *args, **kwargs)

    monkeypatch.setattr(app, "set_timer", keep_retry)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_resident(pilot)
        await pilot.press("h")
        await workers_done(app)
        await pilot.pause()
        assert "could not alert" in str(app.screen.query_one("#crisis-status").render())
        await pilot.press("enter")  # the resident leaves the crisis screen at once
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.crisis_concern_id is None
        assert len(retries) == 1  # a retry is waiting
        retries.pop()()
        await workers_done(app)
        await pilot.pause()
        assert app.session.crisis_concern_id is not None and not retries
    assert calls == ["help_now", "help_now"]
    assert Concern.select().where(Concern.resident == resident_1001().id,
                                  Concern.source == "kiosk",
                                  Concern.severity == "urgent",
                                  Concern.status == "open").count() >= 1
    assert Concern.get_by_id(app.session.crisis_concern_id).severity == "urgent"
