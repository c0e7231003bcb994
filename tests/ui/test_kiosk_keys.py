"""Pilot: the kiosk's quieter keys. Esc clears the welcome's "not finished" notice and leaves
the sign-in for the welcome; Esc closes the staff unlock with the resident's answers kept;
H on the answers screen asks for help now (staff are told) and comes back to the answers."""

from __future__ import annotations

import json

import pytest
from helpers import KIOSK_SIZE, Clock, resident_signed_in, settle

import peer_tui.kiosk_app as kiosk_app
import peer_tui.screens.kiosk_idle as kiosk_idle
from peer_tui.models.audit import AuditLog
from peer_tui.models.events import CheckIn, Concern
from peer_tui.models.people import Resident
from peer_tui.screens.kiosk_crisis import CrisisScreen
from peer_tui.screens.kiosk_question import QuestionScreen
from peer_tui.screens.kiosk_summary import SummaryScreen
from peer_tui.screens.kiosk_unlock import StaffUnlockScreen
from peer_tui.screens.kiosk_welcome import ResidentSignInScreen, WelcomeScreen
from peer_tui.settings import Settings


def _resident() -> Resident:
    return Resident.get(Resident.kiosk_code == "1001")


def _shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


@pytest.mark.actions("WelcomeScreen.clear_notice", "ResidentSignInScreen.back",
                     "WelcomeScreen.check_in")
async def test_esc_clears_the_notice_and_leaves_the_sign_in(demo_db, monkeypatch):
    clock = Clock()
    for module in (kiosk_app, kiosk_idle):
        monkeypatch.setattr(module, "monotonic", clock)
    before = CheckIn.select().count()
    settings = Settings(kiosk_idle_seconds=60, kiosk_countdown_seconds=30)
    async with resident_signed_in(settings=settings) as pilot:
        app = pilot.app
        await pilot.press("4")
        clock.now += 60  # walked away: "still there?", then the countdown runs out
        app.tick()
        await pilot.pause()
        clock.now += 30
        app.tick()
        await pilot.pause()
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen) and app.session is None
        assert welcome.query_one("#welcome-notice").display
        assert "was not finished" in _shown(app, "#welcome-notice")
        await pilot.press("escape")
        assert not welcome.query_one("#welcome-notice").display and welcome.notice == ""
        await pilot.press("enter")
        assert isinstance(app.screen, ResidentSignInScreen)
        await pilot.press(*"10")
        assert app.screen.query_one("#code").value == "10"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.session is None
        assert not app.screen.query_one("#welcome-notice").display
        await pilot.press("enter")  # a fresh sign-in: nothing of the last one is left
        assert app.screen.query_one("#code").value == ""
    assert CheckIn.select().count() == before  # the dropped answers were never saved


@pytest.mark.actions("KioskApp.staff_unlock", "StaffUnlockScreen.cancel")
@pytest.mark.parametrize("size", [KIOSK_SIZE, (100, 30)])
async def test_esc_closes_the_staff_unlock_and_the_answers_are_kept(demo_db, size):
    async with resident_signed_in(size=size) as pilot:
        app = pilot.app
        await pilot.press("4")
        question = app.screen
        assert isinstance(question, QuestionScreen) and question.index == 1
        await pilot.press("f12")
        await pilot.pause()
        unlock = app.screen
        assert isinstance(unlock, StaffUnlockScreen)
        assert unlock.focused is unlock.query_one("#username")
        await pilot.press(*"casey")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is question and app.is_running and not app.unlocked
        assert app.session.answers == {"mood": 4}
        assert not AuditLog.select().where(AuditLog.action == "kiosk_unlock").exists()


@pytest.mark.actions("SummaryScreen.help_now", "CrisisScreen.continue", "SummaryScreen.send")
async def test_h_on_the_answers_asks_for_help_then_comes_back_to_send_them(demo_db):
    resident = _resident()
    async with resident_signed_in() as pilot:
        app = pilot.app
        for keys in (["4"], ["2", "enter"], ["1"], ["1"], ["1", "enter"], ["1", "2"],
                     ["1", "3", "3", "enter"], ["1"], ["1"], ["enter"]):
            await pilot.press(*keys)
        answers = app.screen
        assert isinstance(answers, SummaryScreen)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, CrisisScreen)
        assert "back to your answers" in _shown(app, ".keys")
        alert = Concern.get(Concern.resident == resident.id)
        assert alert.severity == "urgent" and alert.status == "open"
        await pilot.press("escape")
        assert app.screen is answers
        await pilot.press("enter")
        await settle(pilot)
    row = CheckIn.select().where(CheckIn.resident == resident.id).order_by(
        CheckIn.id.desc()).get()
    assert row.safety_concern and row.mood == 4
    assert json.loads(row.answers)["crisis_concern_id"] == alert.id
    assert Concern.select().where(Concern.resident == resident.id).count() == 1
