"""A record that is not there (deleted meanwhile, or a stale id on screen) is refused in words
that name it, by every service that looks one up, never with an error about the code."""

from __future__ import annotations

import re
from datetime import date

import pytest

from peer_tui.models.people import House
from peer_tui.services import concerns, directory, records, recovery_plan, referrals, timeline
from peer_tui.services.errors import NotFound, existing

GONE = 999_999

LOOKUPS = [
    pytest.param(lambda a: records.discharge(a, GONE, date.today(), "moved on", False,
                                             "other_housing"),
                 "That resident no longer exists.", id="resident"),
    pytest.param(lambda a: concerns.add_note(a, GONE, "called back"),
                 "That concern does not exist.", id="concern"),
    pytest.param(lambda a: directory.get_resource(a, GONE),
                 "That directory entry does not exist.", id="directory entry"),
    pytest.param(lambda a: referrals.get_referral(a, GONE),
                 "That referral does not exist.", id="referral"),
    pytest.param(lambda a: timeline.cursor_at_event(a, GONE),
                 "That entry does not exist.", id="timeline entry"),
    pytest.param(lambda a: recovery_plan.toggle_step(a, GONE),
                 "That action step no longer exists.", id="action step"),
]


@pytest.mark.parametrize("call,words", LOOKUPS)
def test_a_missing_record_is_refused_in_words(admin, call, words):
    with pytest.raises(NotFound, match=f"^{re.escape(words)}$"):
        call(admin)


def test_existing_returns_the_row_that_is_there(db):
    house = House.create(name="Harbor House")
    assert existing(House, house.id, "No such house.").name == "Harbor House"
    with pytest.raises(NotFound, match="^No such house.$"):
        existing(House, house.id + 1, "No such house.")
