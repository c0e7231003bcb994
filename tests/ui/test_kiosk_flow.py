"""No resident gets stuck at the kiosk (Pilot): help now never traps, keys say what works.

From the crisis screen the resident goes back to the very question they were on, or ends and
has what they answered saved; nothing shows an internal id; the key line is built from the
options on screen; a long name never pushes "Question N of M" off the screen.
"""

from __future__ import annotations

import json
import threading

import pytest
from helpers import fails_once, press_settled, resident_signed_in, screenshot_text, settle

from peer_tui.models.events import CheckIn, Concern, Event
from peer_tui.models.people import House, Resident
from peer_tui.models.plans import Domain, Goal, RecoveryPlan
from peer_tui.screens.kiosk_crisis import CrisisScreen
from peer_tui.screens.kiosk_question import QuestionScreen
from peer_tui.screens.kiosk_summary import STAFF_TOLD, SummaryScreen, ThankYouScreen
from peer_tui.services import checkin
from peer_tui.services.errors import ServiceError
from peer_tui.services.pins import hash_pin

LONG_NAME = "Maximiliana-" + "x" * 88  # 100 characters


@pytest.fixture
def kiosk_db(db):
    """One resident with a 100-character preferred name and three open goals."""
    house = House.create(name="Harbor House")
    row = Resident.create(first_name="Sam", preferred_name=LONG_NAME, last_name="Doe",
                          house=house, kiosk_code="1001", kiosk_pin_hash=hash_pin("1357"))
    plan = RecoveryPlan.create(resident=row)
    housing = Domain.get(Domain.key == "housing")
    for words in ("Find a flat", "Get a job", "Call my sister"):
        Goal.create(plan=plan, domain=housing, own_words=words, status="in_progress")
    return row.id


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


@pytest.mark.actions(
    "CrisisScreen.end",
    "QuestionScreen.help_now",
    "QuestionScreen.next",
    "ThankYouScreen.done",
    "WelcomeScreen.check_in")
async def test_help_now_then_end_saves_what_was_answered(kiosk_db):
    async with resident_signed_in() as pilot:
        app = pilot.app
        await pilot.press("4", "6", "enter")  # mood, craving; now on sleep (question 3)
        assert app.screen.index == 2
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, CrisisScreen)
        keys = shown(app, ".keys")
        assert "back to question 3" in keys and "end check-in (saves your answers)" in keys
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ThankYouScreen) and app.session is None
        screen = screenshot_text(app)
        assert "What you answered is saved" in screen and "Staff on shift have been told" in screen
        await pilot.press("enter")
    row = CheckIn.get(CheckIn.resident == kiosk_db)
    assert (row.mood, row.craving, row.safety_concern) == (4, 6, True)
    entry = Event.get(Event.checkin == row.id)
    assert entry.summary.startswith("Kiosk check-in (ended early), needs action: URGENT: "
                                    "asked for help now.")
    assert "Sleep:         (not answered: the check-in ended early)" in entry.note
    assert Concern.get(Concern.resident == kiosk_db).severity == "urgent"


@pytest.mark.actions("CrisisScreen.end", "QuestionScreen.help_now", "WelcomeScreen.check_in")
async def test_help_now_on_the_first_question_then_end_needs_no_required_answer(kiosk_db):
    async with resident_signed_in() as pilot:
        app = pilot.app
        await press_settled(pilot, "h", "e")  # help now, then end there
        assert isinstance(app.screen, ThankYouScreen)
        assert "mood" not in screenshot_text(app)  # never an internal id
    assert json.loads(CheckIn.get(CheckIn.resident == kiosk_db).answers) == {
        "crisis_concern_id": Concern.get().id}


@pytest.mark.actions("CrisisScreen.end", "QuestionScreen.help_now", "WelcomeScreen.check_in")
async def test_end_before_staff_are_told_waits_for_the_alert_then_saves_once(kiosk_db,
                                                                            monkeypatch):
    """The saved check-in names the alert, so E pressed while the alert is still being saved
    waits for it; E pressed again meanwhile saves nothing more."""
    release = threading.Event()
    raise_crisis = checkin.raise_crisis

    def held(*args, **kwargs):
        release.wait(timeout=120)
        return raise_crisis(*args, **kwargs)

    monkeypatch.setattr(checkin, "raise_crisis", held)
    try:
        async with resident_signed_in() as pilot:
            app = pilot.app
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, CrisisScreen) and app.session.crisis_pending
            await pilot.press("e", "e")
            await pilot.pause()
            assert shown(app, "#crisis-status") == ("Telling staff on shift...\n"
                                                    "Saving your answers...")
            assert CheckIn.select().count() == 0
            release.set()
            await settle(pilot, 2)
            assert isinstance(app.screen, ThankYouScreen)
    finally:
        release.set()
    assert [json.loads(row.answers) for row in CheckIn.select()] == [
        {"crisis_concern_id": Concern.get().id}]


@pytest.mark.actions("CrisisScreen.end", "QuestionScreen.help_now", "WelcomeScreen.check_in")
async def test_answers_not_saved_are_said_and_e_tries_again(kiosk_db, monkeypatch):
    calls = fails_once(monkeypatch, checkin, "submit_checkin", ServiceError("The disk is full."))
    async with resident_signed_in() as pilot:
        app = pilot.app
        await press_settled(pilot, "h", "e")  # help now, then end there
        assert isinstance(app.screen, CrisisScreen)
        assert shown(app, "#crisis-status") == (
            f"{STAFF_TOLD}\nYour answers were not saved: The disk is full. Press E to try "
            "again, or ask staff for help.")
        assert CheckIn.select().count() == 0
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ThankYouScreen)
    assert len(calls) == 2 and CheckIn.select().count() == 1
    assert Concern.select().count() == 1


@pytest.mark.actions("CrisisScreen.continue", "QuestionScreen.help_now", "WelcomeScreen.check_in")
async def test_help_now_then_back_returns_to_the_same_question_as_it_was(kiosk_db):
    async with resident_signed_in() as pilot:
        app = pilot.app
        goal = [q.id for q in app.session.questions].index("goal")
        app.show_question(goal)
        await pilot.pause()
        await pilot.press("2")  # "Get a job": now asking how it is going
        question = app.screen
        assert question.picking_progress
        for back in ("enter", "escape"):
            await pilot.press("h")
            await settle(pilot)
            assert isinstance(app.screen, CrisisScreen)
            await pilot.press(back)
            assert app.screen is question and question.picking_progress
        await pilot.press("4")
        assert app.session.answers["goal"]["progress"] == "reached"
    assert Concern.select().count() == 1  # one alert, however often help is asked for


@pytest.mark.actions("WelcomeScreen.check_in")
async def test_key_hints_come_from_the_options_on_screen(kiosk_db):
    async with resident_signed_in() as pilot:
        app = pilot.app
        assert "1-5" in shown(app, "#q-keys")  # mood: five answers
        assert "help now (tells staff)" in shown(app, "#q-keys")
        app.show_question([q.id for q in app.session.questions].index("goal"))
        await pilot.pause()
        assert "1-3" in shown(app, "#q-keys")  # three goals to pick from
        await pilot.press("1")
        keys = shown(app, "#q-keys")
        assert "1-4" in keys and "1-3" not in keys  # four ways it is going
        assert "other goal" in keys
        app.show_question([q.id for q in app.session.questions].index("wants_to_talk"))
        await pilot.pause()
        assert "1-2" in shown(app, "#q-keys")


@pytest.mark.actions("WelcomeScreen.check_in")
async def test_a_long_name_keeps_question_n_of_m_on_screen(kiosk_db):
    async with resident_signed_in() as pilot:
        app = pilot.app
        top = app.screen.query_one("#q-top")
        assert top.region.height == 1
        lines = screenshot_text(app)
        assert "Question 1 of 10" in lines.splitlines()[0] and "Maximiliana-xxx" in lines
        assert LONG_NAME not in lines  # cut, not wrapped over the question


@pytest.mark.actions(
    "QuestionScreen.back",
    "SummaryScreen.back",
    "SummaryScreen.send",
    "WelcomeScreen.check_in")
async def test_escape_goes_back_on_questions_and_the_summary(kiosk_db):
    async with resident_signed_in() as pilot:
        app = pilot.app
        await pilot.press("3")
        assert app.screen.index == 1
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionScreen) and app.screen.index == 0
        app.show_question(app.session.count)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        # Reached without the required answers (only a bug could do it): Enter goes to the
        # first one instead of refusing with an internal id.
        assert "needs an answer" in shown(app, "#sum-answers")
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == "safety"
        app.show_question(app.session.count)
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.index == app.session.count - 1
