"""Review-schedule arithmetic: RRULE presets, next dates across DST, and the service paths."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from peer_tui.models.people import House, Resident
from peer_tui.models.plans import PlanReview
from peer_tui.services import recovery_plan as plans
from peer_tui.services.errors import InvalidInput
from peer_tui.services.review_dates import describe_rule, occurrences, rule_for

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL

# A Wednesday. Clocks change: US 2026-03-08 / 2026-11-01, EU 2026-03-29 / 2026-10-25.
TODAY = date(2026, 3, 11)


@pytest.mark.parametrize("preset,weekday,day,rule,words", [
    ("weekly", 0, 1, "FREQ=WEEKLY;BYDAY=MO", "every week on Monday"),
    ("weekly", 6, 1, "FREQ=WEEKLY;BYDAY=SU", "every week on Sunday"),
    ("fortnightly", 4, 1, "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every 2 weeks on Friday"),
    ("monthly_day", 0, 1, "FREQ=MONTHLY;BYMONTHDAY=1", "monthly on day 1"),
    ("monthly_day", 0, 28, "FREQ=MONTHLY;BYMONTHDAY=28", "monthly on day 28"),
    ("none", 0, 1, "", "no review schedule"),
])
def test_presets_make_rrules_dateutil_reads(preset, weekday, day, rule, words):
    made = rule_for(preset, weekday, day)
    assert made == rule
    assert describe_rule(made) == words
    if made:
        rrulestr(made, dtstart=datetime(2026, 1, 1))  # a rule dateutil rejects would raise


@pytest.mark.parametrize("rule,start,after,inclusive,expected", [
    # Fortnightly counts from the start date, not from "after".
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", date(2026, 3, 2), date(2026, 3, 9), False,
     [date(2026, 3, 16), date(2026, 3, 30), date(2026, 4, 13)]),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", date(2026, 3, 2), date(2026, 3, 16), True,
     [date(2026, 3, 16), date(2026, 3, 30), date(2026, 4, 13)]),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", date(2026, 3, 2), date(2026, 3, 16), False,
     [date(2026, 3, 30), date(2026, 4, 13), date(2026, 4, 27)]),
    # Start on a Wednesday, reviews on Mondays: the first is the Monday after.
    ("FREQ=WEEKLY;BYDAY=MO", TODAY, TODAY, True,
     [date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30)]),
    # Across the EU spring change (Sunday 2026-03-29) on Sundays themselves.
    ("FREQ=WEEKLY;BYDAY=SU", date(2026, 3, 22), date(2026, 3, 22), True,
     [date(2026, 3, 22), date(2026, 3, 29), date(2026, 4, 5)]),
    # Across the US autumn change (Sunday 2026-11-01).
    ("FREQ=WEEKLY;BYDAY=SU", date(2026, 10, 1), date(2026, 10, 25), False,
     [date(2026, 11, 1), date(2026, 11, 8), date(2026, 11, 15)]),
    # Month-ends and the year boundary; February has a 28th.
    ("FREQ=MONTHLY;BYMONTHDAY=28", date(2026, 1, 1), date(2026, 1, 28), False,
     [date(2026, 2, 28), date(2026, 3, 28), date(2026, 4, 28)]),
    ("FREQ=MONTHLY;BYMONTHDAY=1", date(2026, 11, 15), date(2026, 12, 31), False,
     [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]),
    # Before the schedule starts, the first review is the first on/after the start.
    ("FREQ=MONTHLY;BYMONTHDAY=1", date(2026, 6, 1), date(2026, 1, 1), False,
     [date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1)]),
    ("", date(2026, 1, 1), TODAY, False, []),
])
def test_next_review_dates(rule, start, after, inclusive, expected):
    assert occurrences(rule, start, after, 3, inclusive=inclusive) == expected


def test_count_limits_the_list():
    rule = rule_for("weekly", 2)
    assert occurrences(rule, TODAY, TODAY, 1, inclusive=True) == [TODAY]
    assert len(occurrences(rule, TODAY, TODAY, 10)) == 10


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London", "Australia/Sydney"])
def test_a_year_of_reviews_keeps_weekday_and_spacing_through_dst(zone):
    """Computed on dates, a fortnightly Monday stays exactly 14 days apart all year; the same
    rule expanded on zone-aware local midnights (what a datetime version would do) lands on
    the same local days, so DST cannot move a review to a Sunday or a Tuesday."""
    rule = rule_for("fortnightly", 0)
    ours = occurrences(rule, date(2026, 1, 5), date(2026, 1, 4), 27)
    assert ours[0] == date(2026, 1, 5) and ours[-1] == date(2027, 1, 4)
    assert all(d.weekday() == 0 for d in ours)
    assert {(b - a).days for a, b in zip(ours, ours[1:])} == {14}
    tz = ZoneInfo(zone)
    zoned = rrulestr(rule, dtstart=datetime.combine(date(2026, 1, 5), time(), tzinfo=tz))
    local_days = [d.astimezone(tz).date() for d in zoned[:27]]
    assert local_days == ours
    # The elapsed time between two reviews across a change is not 14 * 24 h: why dates are used.
    utc = [d.astimezone(ZoneInfo("UTC")) for d in zoned[:27]]
    elapsed = {b - a for a, b in zip(utc, utc[1:])}
    assert elapsed == {timedelta(days=14), timedelta(days=14, hours=1),
                       timedelta(days=14, hours=-1)}


# --- the service ---------------------------------------------------------------------------

@pytest.fixture
def rid(db, monkeypatch):
    monkeypatch.setattr(plans, "local_today", lambda: TODAY)
    return Resident.create(first_name="Ana", last_name="Silva", house=House.create(name="H")).id


@pytest.mark.parametrize("data,field", [
    ({"preset": "weekly", "weekday": 7, "start": TODAY}, "weekday"),
    ({"preset": "weekly", "weekday": -1, "start": TODAY}, "weekday"),
    ({"preset": "monthly_day", "day_of_month": 0, "start": TODAY}, "day_of_month"),
    ({"preset": "monthly_day", "day_of_month": 29, "start": TODAY}, "day_of_month"),
    ({"preset": "daily", "start": TODAY}, "preset"),
    ({"preset": "FREQ=DAILY", "start": TODAY}, "preset"),
    ({"preset": "weekly", "start": "someday"}, "start"),
    ({"preset": "weekly"}, "start"),
])
def test_bad_schedules_are_refused_beside_the_field(admin, rid, data, field):
    with pytest.raises(InvalidInput) as caught:
        plans.set_schedule(admin, rid, data)
    assert field in caught.value.errors
    assert plans.get_plan(admin, rid).review_rule == ""


def test_schedule_started_in_the_past_is_next_due_from_today(admin, rid):
    view = plans.set_schedule(admin, rid, {"preset": "fortnightly", "weekday": 0,
                                           "start": date(2026, 1, 5)})
    assert view.review_description == "every 2 weeks on Monday"
    assert view.next_review_date == date(2026, 3, 16)
    assert view.upcoming_reviews == (date(2026, 3, 16), date(2026, 3, 30), date(2026, 4, 13))
    assert Resident.get_by_id(rid).summary_next_review == date(2026, 3, 16)


def test_schedule_starting_today_on_its_day_is_due_today(admin, rid):
    view = plans.set_schedule(admin, rid, {"preset": "weekly", "weekday": 2, "start": TODAY})
    assert view.next_review_date == TODAY


def test_schedule_starting_later_waits_for_its_start(admin, rid):
    view = plans.set_schedule(admin, rid, {"preset": "monthly_day", "day_of_month": 1,
                                           "start": date(2026, 6, 15)})
    assert view.next_review_date == date(2026, 7, 1)


def test_clearing_the_schedule_clears_the_next_date(admin, rid):
    plans.set_schedule(admin, rid, {"preset": "weekly", "weekday": 0, "start": TODAY})
    view = plans.set_schedule(admin, rid, {"preset": "none", "start": TODAY})
    assert (view.review_rule, view.next_review_date, view.upcoming_reviews) == ("", None, ())
    assert Resident.get_by_id(rid).summary_next_review is None


@pytest.mark.parametrize("held_on,next_due", [
    (date(2026, 3, 2), date(2026, 3, 16)),   # held on the due day (overdue, recorded late)
    (date(2026, 3, 9), date(2026, 3, 16)),   # held early: the next one stays on schedule
    (TODAY, date(2026, 3, 16)),
])
def test_recording_a_review_moves_the_next_date_past_it(admin, rid, held_on, next_due):
    plans.set_schedule(admin, rid, {"preset": "fortnightly", "weekday": 0,
                                    "start": date(2026, 1, 5)})
    view = plans.record_review(admin, rid, {"on": held_on, "note": "[b]went well[/b]"})
    assert view.last_reviewed_on == held_on
    assert view.next_review_date == next_due
    assert PlanReview.get().note == "[b]went well[/b]"


def test_a_review_in_the_future_is_refused_and_saves_nothing(admin, rid):
    plans.set_schedule(admin, rid, {"preset": "weekly", "weekday": 0, "start": TODAY})
    before = plans.get_plan(admin, rid)
    with pytest.raises(InvalidInput) as caught:
        plans.record_review(admin, rid, {"on": TODAY + timedelta(days=1)})
    assert "on" in caught.value.errors
    after = plans.get_plan(admin, rid)
    assert PlanReview.select().count() == 0
    assert (after.next_review_date, after.revision_number) == (
        before.next_review_date, before.revision_number)


def test_backfilling_an_old_review_does_not_make_the_plan_overdue(admin, rid):
    plans.set_schedule(admin, rid, {"preset": "fortnightly", "weekday": 0,
                                    "start": date(2026, 1, 5)})
    plans.record_review(admin, rid, {"on": TODAY})
    view = plans.record_review(admin, rid, {"on": date(2026, 1, 20), "note": "paper record"})
    assert view.last_reviewed_on == TODAY
    assert view.next_review_date == date(2026, 3, 16)
