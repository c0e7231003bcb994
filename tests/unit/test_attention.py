"""One rule for "needs attention": every threshold pinned at the boundary and either side,
in Python (the caseload markers and reasons) and in SQL (the `n` view), which must agree."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from peer_tui.models.people import House, Resident
from peer_tui.services import attention
from peer_tui.services import caseload_query as cq
from peer_tui.services.attention import Thresholds
from peer_tui.timeutil import local_to_utc

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL

TODAY = date(2026, 11, 24)
NOW = local_to_utc(datetime(2026, 11, 24, 9, 30))
T = Thresholds(contact_warn_days=3, contact_alert_days=7, checkin_gap_days=3)


@pytest.fixture(autouse=True)
def new_york(local_zone):
    """Local days that are not UTC days, so a day boundary is not an hour boundary."""
    local_zone("America/New_York")


def local(day: date, hh: int = 12, mm: int = 0) -> datetime:
    return local_to_utc(datetime(day.year, day.month, day.day, hh, mm))


def fresh(**summary) -> dict:
    """A resident needing nothing, with SUMMARY changed."""
    values = dict(status="active", summary_last_contact_at=local(TODAY),
                  summary_last_checkin_at=local(TODAY, 8), summary_next_review=None,
                  summary_next_follow_up=None, summary_urgent_concerns=0,
                  summary_wants_to_talk=False)
    values.update(summary)
    return values


def judge(db, **summary) -> tuple[attention.Signals, bool]:
    """(Python's signals, whether SQL selects the resident) for one resident."""
    house = House.get_or_create(name="H")[0]
    r = Resident.create(first_name="A", last_name="B", house=house, **fresh(**summary))
    in_sql = Resident.select().where(
        Resident.id == r.id, attention.condition(T, TODAY, NOW, True)).exists()
    signals = attention.signals(Resident.get_by_id(r.id), T, TODAY, NOW, True)
    assert signals.needs_attention == in_sql, (summary, signals.reasons)
    return signals, in_sql


@pytest.mark.parametrize("days_ago, hh, level, flagged", [
    (2, 12, "ok", False),
    (3, 12, "due", False),  # warn: >= 3 calendar days
    (4, 12, "due", False),
    (6, 12, "due", False),
    (6, 0, "due", False),  # a minute past midnight six days ago is still six days
    (7, 23, "overdue", True),  # alert: >= 7 calendar days, whatever the hour
    (7, 12, "overdue", True),
    (8, 12, "overdue", True),
])
def test_contact_thresholds(db, days_ago, hh, level, flagged):
    signals, in_sql = judge(db, summary_last_contact_at=local(
        TODAY - timedelta(days=days_ago), hh, 1 if hh == 0 else 0))
    assert signals.contact_level == level and in_sql == flagged
    assert signals.days_since_contact == days_ago


def test_a_contact_seven_days_ago_but_not_yet_168_hours_ago_is_overdue_in_both(db):
    """The bug: '7d !!' on the caseload while the `n` view (hours) left them out."""
    signals, in_sql = judge(db, summary_last_contact_at=local(TODAY - timedelta(days=7), 11))
    assert NOW - local(TODAY - timedelta(days=7), 11) < timedelta(days=7)
    assert signals.contact_level == "overdue" and in_sql
    assert "no contact for 7 days" in signals.reasons


def test_never_contacted_needs_attention(db):
    signals, in_sql = judge(db, summary_last_contact_at=None)
    assert signals.contact_level == "never" and in_sql
    assert "no contact logged" in signals.reasons


@pytest.mark.parametrize("days_ago, flagged", [(2, False), (3, True), (4, True)])
def test_checkin_gap(db, days_ago, flagged):
    signals, in_sql = judge(db, summary_last_checkin_at=local(
        TODAY - timedelta(days=days_ago), 23, 59))
    assert signals.checkin_late == flagged and in_sql == flagged


def test_no_checkin_ever_needs_attention(db):
    signals, in_sql = judge(db, summary_last_checkin_at=None)
    assert in_sql and "no kiosk check-in yet" in signals.reasons


@pytest.mark.parametrize("offset, flagged", [(-1, True), (0, False), (1, False)])
def test_review_late_only_after_its_day(db, offset, flagged):
    signals, in_sql = judge(db, summary_next_review=TODAY + timedelta(days=offset))
    assert bool(signals.review_late_days) == flagged and in_sql == flagged


@pytest.mark.parametrize("offset, reason", [
    (-1, "follow-up overdue 1 day"), (0, "follow-up due today"), (1, None)])
def test_follow_up_due_on_its_day(db, offset, reason):
    signals, in_sql = judge(db, summary_next_follow_up=TODAY + timedelta(days=offset))
    assert in_sql == (reason is not None)
    assert (reason in signals.reasons) if reason else not signals.reasons


@pytest.mark.parametrize("hours_ago, seconds, flagged", [
    (23, 3599, True), (24, 0, True), (24, 1, False)])
def test_wants_to_talk_for_24_hours(db, hours_ago, seconds, flagged):
    checkin = NOW - timedelta(hours=hours_ago, seconds=seconds)
    signals, in_sql = judge(db, summary_wants_to_talk=True, summary_last_checkin_at=checkin)
    assert ("wants to talk today" in signals.reasons) == flagged and in_sql == flagged


@pytest.mark.parametrize("urgent, flagged", [(0, False), (1, True)])
def test_urgent_concern(db, urgent, flagged):
    signals, in_sql = judge(db, summary_urgent_concerns=urgent)
    assert in_sql == flagged


@pytest.mark.parametrize("status", ["waitlist", "discharged", "alumni"])
def test_waitlist_and_discharged_get_no_alarms(db, status):
    signals, in_sql = judge(db, status=status, summary_last_contact_at=None,
                            summary_last_checkin_at=None,
                            summary_next_review=TODAY - timedelta(days=30),
                            summary_next_follow_up=TODAY - timedelta(days=3))
    assert not in_sql and signals.reasons == ()
    assert signals.contact_level == "" and not signals.checkin_late
    assert not signals.review_late_days


def test_front_desk_rule_leaves_out_what_it_cannot_see(db):
    house = House.create(name="H")
    Resident.create(first_name="A", last_name="B", house=house,
                    **fresh(summary_urgent_concerns=2))
    assert Resident.select().where(attention.condition(T, TODAY, NOW, True)).exists()
    assert not Resident.select().where(attention.condition(T, TODAY, NOW, False)).exists()


def test_caseload_markers_and_n_view_agree_on_the_demo_house(demo_db):
    from peer_tui.services import auth

    casey = auth.sign_in("casey", "2468").actor
    for status in ("active", "waitlist", "discharged"):
        rows = cq.caseload_page(casey, cq.CaseloadFilter(status=status), limit=500).rows
        flagged = {r.id for r in rows if r.reasons}
        overdue = {r.id for r in rows if r.contact_level in ("overdue", "never")}
        shown = {r.id for r in cq.caseload_page(
            casey, cq.CaseloadFilter(status=status, needs_attention=True), limit=500).rows}
        assert flagged == shown and overdue <= shown
        if status != "active":
            assert not shown and not any(r.contact_level or r.review_overdue for r in rows)
    em = next(r for r in cq.caseload_page(casey, cq.CaseloadFilter(text="Chen")).rows
              if r.name == "Em Chen")
    assert em.contact_level == "overdue" and em.id in {r.id for r in cq.caseload_page(
        casey, cq.CaseloadFilter(needs_attention=True), limit=500).rows}


@pytest.mark.parametrize("intake_days_ago, barc_days_ago, flagged", [
    (6, None, False),  # admitted 6 days ago, none yet: due, not overdue
    (7, None, True),  # 7 days after admission without one: overdue
    (None, None, False),  # no admission date: nothing to count from
    (100, 36, False),  # 30 + 7: still within the week after it fell due
    (100, 37, True),
])
def test_barc_overdue_at_the_boundary(db, intake_days_ago, barc_days_ago, flagged):
    signals, in_sql = judge(
        db, intake_date=None if intake_days_ago is None
        else TODAY - timedelta(days=intake_days_ago),
        summary_barc_at=None if barc_days_ago is None
        else local(TODAY - timedelta(days=barc_days_ago), 23, 30),
        summary_barc_total=None if barc_days_ago is None else 40)
    assert ("BARC-10 overdue" in signals.reasons) == flagged and in_sql == flagged


@pytest.mark.parametrize("drop, flagged", [(None, False), (-6, False), (4, False), (5, True),
                                           (12, True)])
def test_barc_drop_at_the_boundary(db, drop, flagged):
    signals, in_sql = judge(db, summary_barc_at=local(TODAY, 9), summary_barc_total=40,
                            summary_barc_drop=drop)
    assert (f"BARC-10 dropped by {drop}" in signals.reasons) == flagged and in_sql == flagged


def test_barc_reasons_are_clinical_only(db):
    house = House.get_or_create(name="H")[0]
    r = Resident.create(first_name="A", last_name="B", house=house, **fresh(
        intake_date=TODAY - timedelta(days=60), summary_barc_drop=9,
        summary_barc_at=local(TODAY - timedelta(days=50))))
    clinical = attention.signals(Resident.get_by_id(r.id), T, TODAY, NOW, True).reasons
    desk = attention.signals(Resident.get_by_id(r.id), T, TODAY, NOW, False).reasons
    assert {"BARC-10 overdue", "BARC-10 dropped by 9"} <= set(clinical)
    assert not desk
    assert not Resident.select().where(Resident.id == r.id,
                                       attention.condition(T, TODAY, NOW, False)).exists()
