"""Visual regression of the kiosk at 80x24: welcome, a question, the crisis screen."""

from __future__ import annotations

import pytest
from helpers import KIOSK_SIZE as SIZE, make_kiosk, sign_in_resident, workers_done

from peer_tui.models.people import House, Resident
from peer_tui.services.pins import hash_pin


@pytest.fixture
def kiosk_db(db):
    house = House.create(name="Harbor House")
    Resident.create(first_name="Sam", preferred_name="[b]Sam[/b]", last_name="Doe",
                    house=house, kiosk_code="1001", kiosk_pin_hash=hash_pin("1357"))
    return db


def test_welcome(kiosk_db, snap_compare):
    assert snap_compare(make_kiosk(), terminal_size=SIZE)


@pytest.mark.actions("QuestionScreen.next", "WelcomeScreen.check_in")
def test_question(kiosk_db, snap_compare):
    async def to_sleep_question(pilot):
        await sign_in_resident(pilot)
        await pilot.press("4", "3", "enter")

    assert snap_compare(make_kiosk(), terminal_size=SIZE, run_before=to_sleep_question)


@pytest.mark.actions("QuestionScreen.help_now", "WelcomeScreen.check_in")
def test_crisis_screen(kiosk_db, snap_compare):
    async def help_now(pilot):
        await sign_in_resident(pilot)
        await pilot.press("h")
        await workers_done(pilot.app)
        await pilot.pause()

    assert snap_compare(make_kiosk(), terminal_size=SIZE, run_before=help_now)
