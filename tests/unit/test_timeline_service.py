"""Timeline paging, filters, corrections, voids and follow-ups (services, no UI)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from helpers import each_raises

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.services import contacts, timeline
from peer_tui.services.errors import InvalidInput, PermissionDenied
from peer_tui.services.timeline import TimelineFilter

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL


def _events(resident_id, times, kind="contact", staff=None):
    rows = [dict(resident=resident_id, occurred_at=t, kind=kind, staff=staff,
                 summary=f"e{i}") for i, t in enumerate(times)]
    Event.insert_many(rows).execute()


def _all_pages(actor, resident_id, filt=None, limit=7):
    seen, cursor, pages = [], None, 0
    while True:
        page = timeline.timeline_page(actor, resident_id, filt, before=cursor, limit=limit)
        seen.extend(page.rows)
        pages += 1
        if not page.has_more:
            return seen, pages
        cursor = page.next_cursor


def test_pages_have_no_gaps_or_duplicates_when_timestamps_are_shared(admin, resident):
    same = datetime(2026, 3, 1, 12, 0)
    # 30 events, many at the very same instant, so pages split inside a shared timestamp.
    times = [same] * 17 + [same - timedelta(minutes=i) for i in range(1, 14)]
    _events(resident, times)
    rows, pages = _all_pages(admin, resident, limit=7)
    ids = [r.id for r in rows]
    assert len(ids) == 30 and len(set(ids)) == 30 and pages == 5
    keys = [(r.occurred_at, r.id) for r in rows]
    assert keys == sorted(keys, reverse=True)  # newest first, ties by id descending


def test_exact_page_boundary_reports_no_more(admin, resident):
    _events(resident, [datetime(2026, 1, 1) + timedelta(hours=i) for i in range(10)])
    page = timeline.timeline_page(admin, resident, limit=10)
    assert len(page.rows) == 10 and not page.has_more and page.next_cursor is None


def test_filters_by_kind_staff_and_local_date_range(admin, pat, resident):
    day = date(2026, 2, 10)
    noon = timeline.day_start_utc(day) + timedelta(hours=12)
    _events(resident, [noon, noon - timedelta(days=1), noon - timedelta(days=2)],
            staff=pat.id)
    _events(resident, [noon + timedelta(minutes=5)], kind="checkin")
    _events(resident, [noon + timedelta(minutes=9)], staff=admin.id)
    only_checkins = timeline.timeline_page(admin, resident, TimelineFilter(kinds=("checkin",)))
    assert [r.kind for r in only_checkins.rows] == ["checkin"]
    by_peer = timeline.timeline_page(admin, resident, TimelineFilter(staff_id=pat.id))
    assert len(by_peer.rows) == 3 and {r.staff_name for r in by_peer.rows} == {"Pat Peer"}
    that_day = timeline.timeline_page(admin, resident,
                                      TimelineFilter(date_from=day, date_to=day))
    assert len(that_day.rows) == 3
    span = timeline.timeline_page(admin, resident, TimelineFilter(
        kinds=("contact",), date_from=day - timedelta(days=1), date_to=day))
    assert len(span.rows) == 3
    with pytest.raises(InvalidInput):
        timeline.timeline_page(admin, resident, TimelineFilter(date_from=day,
                                                               date_to=day - timedelta(1)))


def test_jump_to_a_date_starts_with_that_days_last_event(admin, resident):
    base = timeline.day_start_utc(date(2026, 1, 1))
    _events(resident, [base + timedelta(days=d, hours=10) for d in range(20)])
    page = timeline.timeline_page(admin, resident,
                                  before=timeline.cursor_for_date(date(2026, 1, 5)), limit=3)
    assert page.rows[0].occurred_at == base + timedelta(days=4, hours=10)
    assert page.has_more


def test_front_desk_cannot_read_the_timeline(desk, resident):
    with pytest.raises(PermissionDenied):
        timeline.timeline_page(desk, resident)
    with pytest.raises(PermissionDenied):
        timeline.follow_ups_due(desk, date.today())


def test_first_page_read_is_audited(admin, resident):
    timeline.timeline_page(admin, resident)
    assert AuditLog.select().where(AuditLog.action == "timeline_view",
                                   AuditLog.resident_id == resident).count() == 1


def _contact(actor, resident, **extra):
    data = {"on": date.today(), "at": "10:00", "note": "Talked about the job fair"}
    data.update(extra)
    return contacts.log_contact(actor, resident, data)


def test_correction_is_a_new_event_and_the_original_shows_corrected(admin, resident):
    original = _contact(admin, resident, follow_up_on=date.today() + timedelta(days=2))
    fixed = timeline.correct_event(admin, original, {
        "on": date.today(), "at": "11:00", "summary": "Phone call about the job fair",
        "reason": "Logged the wrong time"})
    rows = timeline.timeline_page(admin, resident).rows
    by_id = {r.id: r for r in rows}
    assert len(rows) == 2
    assert by_id[original].corrected_by_id == fixed and by_id[fixed].corrects_id == original
    detail = timeline.event_detail(admin, original)
    assert detail.summary == "Talked about the job fair"  # the original text is kept
    assert detail.corrected_by == [fixed]
    # The follow-up moved to the correction, so it is chased once.
    assert not by_id[original].follow_up_open and by_id[fixed].follow_up_open
    assert AuditLog.select().where(AuditLog.action == "event_correct").count() == 1
    with pytest.raises(InvalidInput) as info:
        timeline.correct_event(admin, original, {"on": date.today(), "at": "25:00",
                                                 "summary": "x", "reason": "y"})
    assert "at" in info.value.errors


def test_void_keeps_the_event_and_updates_last_contact(admin, resident):
    event = _contact(admin, resident)
    assert Resident.get_by_id(resident).summary_last_contact_at is not None
    with pytest.raises(InvalidInput) as info:
        timeline.void_event(admin, event, "   ")
    assert "reason" in info.value.errors
    detail = timeline.void_event(admin, event, "Wrong resident")
    assert detail.voided_at is not None and detail.void_reason == "Wrong resident"
    assert Event.select().count() == 1  # nothing deleted
    assert timeline.timeline_page(admin, resident).rows[0].voided
    assert Resident.get_by_id(resident).summary_last_contact_at is None
    with pytest.raises(InvalidInput):
        timeline.void_event(admin, event, "again")
    with pytest.raises(InvalidInput):
        timeline.correct_event(admin, event, {"on": date.today(), "summary": "x",
                                              "reason": "y"})


def test_follow_ups_due_and_completed(admin, pat, resident):
    today = date.today()
    overdue = _contact(pat, resident, on=today - timedelta(days=5),
                       follow_up_on=today - timedelta(days=1))
    _contact(pat, resident, follow_up_on=today + timedelta(days=4))
    assert Resident.get_by_id(resident).summary_next_follow_up == today - timedelta(days=1)
    due = timeline.follow_ups_due(admin, today)
    assert [f.event_id for f in due] == [overdue] and due[0].resident_name == "Rae Doe"
    timeline.complete_follow_up(pat, overdue)
    assert timeline.follow_ups_due(admin, today) == []
    assert Resident.get_by_id(resident).summary_next_follow_up == today + timedelta(days=4)
    with pytest.raises(InvalidInput):
        timeline.complete_follow_up(pat, overdue)


def test_a_correction_to_an_earlier_time_moves_last_contact_back(admin, resident):
    original = _contact(admin, resident, at="15:00")
    timeline.correct_event(admin, original, {
        "on": date.today() - timedelta(days=2), "at": "09:00", "summary": "Met on Monday",
        "reason": "Logged on the wrong day"})
    last = Resident.get_by_id(resident).summary_last_contact_at
    assert last == timeline.day_start_utc(date.today() - timedelta(days=2)) + timedelta(hours=9)


# -- the scrolling list's reads: a count, blocks by position or keyset, positions ----------
def _newest_first_ids(resident_id):
    return [e.id for e in Event.select(Event.id).where(Event.resident == resident_id)
            .order_by(Event.occurred_at.desc(), Event.id.desc())]


def test_blocks_by_position_and_by_keyset_are_the_same_rows(admin, resident):
    same = datetime(2026, 3, 1, 12, 0)
    # Many entries share an instant, so blocks split inside a shared timestamp.
    _events(resident, [same] * 25 + [same - timedelta(minutes=i) for i in range(1, 36)])
    expected = _newest_first_ids(resident)
    window = timeline.timeline_window(admin, resident, limit=7)
    assert window.count == 60 and window.start == 0
    assert [r.id for r in window.rows] == expected[:7]
    by_keyset, after = [], None
    for start in range(0, 60, 7):
        by_position = timeline.timeline_block(admin, resident, None, start, limit=7)
        assert [r.id for r in by_position] == expected[start:start + 7]
        block = timeline.timeline_block(admin, resident, None, start, after, limit=7)
        assert block == by_position
        by_keyset += block
        after = block[-1].cursor
    assert [r.id for r in by_keyset] == expected
    assert timeline.timeline_block(admin, resident, None, 60, limit=7) == []


def test_window_counts_the_filter_and_keeps_the_block_start(admin, resident):
    base = datetime(2026, 3, 1, 12, 0)
    _events(resident, [base - timedelta(hours=i) for i in range(10)])
    _events(resident, [base - timedelta(hours=i, minutes=30) for i in range(4)],
            kind="checkin")
    checkins = TimelineFilter(kinds=("checkin",))
    assert timeline.timeline_window(admin, resident, checkins).count == 4
    assert timeline.timeline_window(admin, resident).count == 14
    # A start past the end (the list shrank since) comes back to the last block's start.
    late = timeline.timeline_window(admin, resident, start=21, limit=5)
    assert late.start == 10 and [r.id for r in late.rows] == _newest_first_ids(resident)[10:]
    empty = timeline.timeline_window(admin, resident, TimelineFilter(kinds=("group",)))
    assert empty.count == 0 and empty.rows == []
    backwards = TimelineFilter(date_from=date(2026, 3, 2), date_to=date(2026, 3, 1))
    each_raises(InvalidInput, [
        lambda: timeline.timeline_window(admin, resident, backwards),
        lambda: timeline.timeline_block(admin, resident, backwards, 0),
    ])


def test_front_desk_cannot_read_the_list(desk, resident):
    each_raises(PermissionDenied, [
        lambda: timeline.timeline_window(desk, resident),
        lambda: timeline.timeline_block(desk, resident, None, 0),
        lambda: timeline.timeline_position(
            desk, resident, None, timeline.cursor_for_date(date.today())),
    ])


def test_window_is_audited_as_a_read_and_blocks_are_not(admin, resident):
    _events(resident, [datetime(2026, 3, 1, 12) - timedelta(hours=i) for i in range(30)])
    before = AuditLog.select().where(AuditLog.action == "timeline_view").count()
    timeline.timeline_window(admin, resident, limit=10)
    for start in (10, 20):
        timeline.timeline_block(admin, resident, None, start, limit=10)
    assert AuditLog.select().where(AuditLog.action == "timeline_view").count() == before + 1


def test_positions_for_a_day_and_for_an_entry(admin, resident):
    base = datetime(2026, 3, 10, 12, 0)
    _events(resident, [base - timedelta(days=i) for i in range(10)])  # Mar 10 .. Mar 1
    expected = _newest_first_ids(resident)
    day = timeline.cursor_for_date(date(2026, 3, 7))
    assert timeline.timeline_position(admin, resident, None, day) == 3  # 10, 9, 8 are newer
    assert timeline.timeline_position(
        admin, resident, None, timeline.cursor_for_date(date(2026, 4, 1))) == 0
    assert timeline.timeline_position(
        admin, resident, None, timeline.cursor_for_date(date(2026, 1, 1))) == 10
    for index in (0, 4, 9):
        cursor = timeline.cursor_at_event(admin, expected[index])
        assert timeline.timeline_position(admin, resident, None, cursor) == index
