"""The BARC-10 at the kiosk (Pilot): offered after the check-in when due, one statement per
screen with number keys, back works, the idle reset clears it, and the end shows the
resident's own total beside the previous one in plain words, never a cut-off verdict."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import re

import pytest
from helpers import (KIOSK_SIZE as SIZE, make_kiosk, press_settled, screenshot_text, settle,
                     sign_in_resident)

from peer_tui.models.assessments import Assessment
from peer_tui.models.events import CheckIn, Event
from peer_tui.models.people import House, Resident
from peer_tui.models.summary import refresh_assessment_summary
from peer_tui.screens.kiosk_barc import BarcOfferScreen, BarcStatementScreen, result_words
from peer_tui.screens.kiosk_crisis import CrisisScreen
from peer_tui.screens.kiosk_idle import StillThereScreen
from peer_tui.screens.kiosk_question import QuestionScreen
from peer_tui.screens.kiosk_summary import SummaryScreen, ThankYouScreen
from peer_tui.screens.kiosk_welcome import WelcomeScreen
from peer_tui.services import assessments
from peer_tui.services.pins import hash_pin
from peer_tui.timeutil import local_to_utc

TODAY = date.today()


@pytest.fixture
def due_db(db):
    """Resident 1001, admitted 40 days ago, whose last BARC-10 (41) was 35 days ago."""
    house = House.create(name="Harbor House")
    row = Resident.create(first_name="Sam", last_name="Doe", house=house, status="active",
                          intake_date=TODAY - timedelta(days=40), kiosk_code="1001",
                          kiosk_pin_hash=hash_pin("1357"))
    taken = local_to_utc(datetime.combine(TODAY - timedelta(days=35), datetime.min.time())
                         .replace(hour=10))
    Assessment.create(resident=row, instrument="barc10", taken_at=taken, source="interview",
                      answers="[4, 4, 4, 4, 5, 4, 4, 4, 4, 4]", total=41)
    refresh_assessment_summary(row.id)
    return row.id


async def check_in(pilot) -> None:
    """Answer every check-in question with the first answer (or skip), then send."""
    app = pilot.app
    await sign_in_resident(pilot)
    for _ in range(30):
        if not isinstance(app.screen, QuestionScreen):
            break
        question = app.screen.question
        if question.type == "text" or question.skippable:
            await pilot.press("enter")
        else:
            await pilot.press("1")
            if isinstance(app.screen, QuestionScreen) and app.screen.question is question:
                await pilot.press("enter")
    assert isinstance(app.screen, SummaryScreen)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.actions("BarcOfferScreen.now", "BarcOfferScreen.which", "BarcStatementScreen.back")
async def test_the_whole_flow_ends_with_the_total_and_the_one_before(due_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(pilot)
        assert isinstance(app.screen, BarcOfferScreen)
        assert CheckIn.select().where(CheckIn.resident == due_db).count() == 1  # saved first
        offer = screenshot_text(app)
        assert "10 short statements, about 3 minutes" in offer
        assert re.search(r"1 +Now", offer) and re.search(r"2 +Next time", offer)
        await pilot.press("enter")
        assert "Press 1 to start now, or 2 for next time." in screenshot_text(app)
        await pilot.press("1")
        assert isinstance(app.screen, BarcStatementScreen) and app.screen.index == 0
        first = screenshot_text(app)
        assert "There are more important things to me in life than using substances." in first
        assert "Statement 1 of 10" in first and "strongly agree" in first
        assert " 1-6  answer" in first and "Enter  skip" in first
        await pilot.press("9")
        assert "Press a number from 1 to 6." in screenshot_text(app)
        await pilot.press("3", "5")  # statement 1 = 3, statement 2 = 5
        assert app.screen.index == 2
        await pilot.press("b")  # back to statement 2: its answer is shown
        assert app.screen.index == 1 and "> agree" in screenshot_text(app)
        await pilot.press("6")  # changed to 6, on to statement 3
        for value in "4445554":  # statements 3 to 9
            await pilot.press(value)
        assert app.screen.index == 9
        assert "I am making good progress on my recovery journey." in screenshot_text(app)
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, ThankYouScreen) and app.session is None
        thanks = screenshot_text(app)
        assert "Your check-in is saved" in thanks
        previous = (TODAY - timedelta(days=35))
        assert result_words(assessments.BarcResult(0, 45, assessments.Previous(41, previous)),
                            TODAY) in thanks
        assert "Your total: 45, up from 41" in thanks
        assert "47" not in thanks and "remission" not in thanks  # no cut-off for the resident
    row = Assessment.select().where(Assessment.resident == due_db, Assessment.source == "kiosk"
                                    ).get()
    assert (row.total, row.answers) == (45, "[3, 6, 4, 4, 4, 5, 5, 5, 4, 5]")
    entry = Event.get_by_id(row.event_id)
    assert entry.kind == "assessment" and "total 45, +4 since" in entry.summary
    assert Resident.get_by_id(due_db).summary_barc_total == 45


@pytest.mark.actions("BarcOfferScreen.later")
async def test_next_time_saves_nothing_and_offers_it_again(due_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(pilot)
        await pilot.press("2")
        assert isinstance(app.screen, ThankYouScreen)
        assert "Your total" not in screenshot_text(app)
    assert Assessment.select().count() == 1
    assert assessments.kiosk_barc_status(due_db).due


@pytest.mark.actions("BarcOfferScreen.now", "BarcStatementScreen.next")
async def test_a_skipped_statement_means_no_total_shown(due_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(pilot)
        await pilot.press("1", "enter")  # statement 1 skipped
        assert app.screen.index == 1
        for _ in range(9):
            await pilot.press("6")
        await settle(pilot)
        assert "no total this time" in screenshot_text(app)
    assert Assessment.select().where(Assessment.source == "kiosk").get().total is None


@pytest.mark.actions("BarcOfferScreen.now")
async def test_idle_reset_clears_the_statements_but_keeps_the_check_in(due_db):
    app = make_kiosk(settings=None)
    async with app.run_test(size=SIZE) as pilot:
        await check_in(pilot)
        await pilot.press("1", "4", "4")
        session = app.session
        assert session.barc_answers[:2] == [4, 4]
        app.push_screen(StillThereScreen(0))
        await pilot.pause()
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session is None
        assert "10 statements were not finished" in screenshot_text(app)
        await sign_in_resident(pilot)
        assert isinstance(app.screen, QuestionScreen)  # a new check-in, nothing carried over
    assert Assessment.select().count() == 1  # only the earlier one
    assert CheckIn.select().count() == 1


@pytest.mark.actions("BarcOfferScreen.now", "BarcStatementScreen.help_now")
async def test_help_now_from_a_statement_goes_back_or_saves_what_was_answered(due_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(pilot)
        await pilot.press("1", "5", "5", "h")
        await settle(pilot)
        assert isinstance(app.screen, CrisisScreen)
        assert "back to statement 3" in screenshot_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, BarcStatementScreen) and app.screen.index == 2
        await press_settled(pilot, "h", "e")
        assert isinstance(app.screen, ThankYouScreen)
        text = screenshot_text(app)
        assert "Staff on shift have been told" in text and "no total this time" in text
    row = Assessment.select().where(Assessment.source == "kiosk").get()
    assert row.answers.startswith("[5, 5, null")


async def test_not_offered_when_not_due_or_without_a_validated_translation(due_db):
    assessments.save_kiosk_barc(due_db, [5] * 10)  # taken today: not due
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(pilot)
        assert isinstance(app.screen, ThankYouScreen)


@pytest.mark.parametrize("days_ago, total, words", [
    (None, 48, "Your total: 48. Next time you will see how it has changed."),
    (0, 48, "Your total: 48, the same as on"),
    (400, 40, "Your total: 40, down from 48 in"),
])
def test_result_words(days_ago, total, words):
    previous = None if days_ago is None else assessments.Previous(
        48, TODAY - timedelta(days=days_ago))
    said = result_words(assessments.BarcResult(1, total, previous), TODAY)
    assert said.startswith(words)
    if days_ago == 400:
        assert str((TODAY - timedelta(days=400)).year) in said


@pytest.mark.actions("BarcOfferScreen.help_now")
async def test_help_now_from_the_offer_comes_back_to_the_offer(due_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(pilot)
        assert isinstance(app.screen, BarcOfferScreen)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, CrisisScreen)
        assert "back to the statements offer" in screenshot_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BarcOfferScreen)
    assert CheckIn.select().count() == 1  # the check-in itself was saved before the offer
