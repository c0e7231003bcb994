"""The timeline, exactly: the words of each refusal, a day's first and last moment in the date
filter, the page size's bounds, what the detail pane and a correction carry over, and whose
follow-up is due when. tests/unit/test_timeline_service.py has paging and the broad strokes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from peer_tui.models.audit import AuditLog
from peer_tui.models.event_links import tag_event
from peer_tui.models.events import Concern, Event, GroupSession
from peer_tui.models.people import House, Resident, Staff
from peer_tui.models.plans import Domain, Goal, RecoveryPlan
from peer_tui.services import auth, timeline
from peer_tui.services.errors import InvalidInput, NotFound, PermissionDenied
from peer_tui.services.timeline import EventDetail, EventRow, TimelineFilter

DAY = date(2026, 2, 10)
START = timeline.day_start_utc(DAY)
FIX = {"on": DAY, "at": "11:30", "summary": "Phone call", "reason": "Wrong time"}


@pytest.fixture
def house(db):
    return House.create(name="Harbor House")


@pytest.fixture
def rae(house):
    return Resident.create(first_name="Rae", last_name="Doe", house=house).id


@pytest.fixture
def pat(admin):
    auth.create_staff("pat", "Pat Peer", "peer_specialist", "2468")
    return auth.sign_in("pat", "2468").actor


def _event(resident_id, at=START, kind="contact", **fields) -> int:
    fields.setdefault("summary", f"{kind} at {at:%H:%M}")
    return Event.create(resident=resident_id, occurred_at=at, kind=kind, **fields).id


def _refusal(call, *args) -> str:
    with pytest.raises(InvalidInput) as caught:
        call(*args)
    return caught.value.errors[""]


def _summaries(actor, resident_id, **filters) -> list[str]:
    return [r.summary for r in timeline.timeline_page(actor, resident_id,
                                                      TimelineFilter(**filters)).rows]


# Filters and pages ----------------------------------------------------------------------


def test_a_day_runs_from_its_first_moment_to_the_next_day_s_first(admin, rae):
    _event(rae, START - timedelta(seconds=1), summary="the day before")
    _event(rae, START, summary="first moment")
    _event(rae, START + timedelta(days=1) - timedelta(seconds=1), summary="last moment")
    _event(rae, START + timedelta(days=1), summary="the day after")
    assert _summaries(admin, rae, date_from=DAY, date_to=DAY) == ["last moment", "first moment"]
    assert _summaries(admin, rae, date_from=DAY) == [
        "the day after", "last moment", "first moment"]
    assert _summaries(admin, rae, date_to=DAY) == [
        "last moment", "first moment", "the day before"]


def test_a_range_ending_before_it_starts_is_refused_in_words(admin, rae):
    with pytest.raises(InvalidInput) as caught:
        timeline.timeline_page(admin, rae, TimelineFilter(date_from=DAY,
                                                          date_to=DAY - timedelta(days=1)))
    assert caught.value.errors == {"date_to": "The end date is before the start date."}


@pytest.mark.parametrize("filt,active", [
    (TimelineFilter(), False), (TimelineFilter(kinds=("note",)), True),
    (TimelineFilter(staff_id=3), True), (TimelineFilter(date_from=DAY), True),
    (TimelineFilter(date_to=DAY), True)])
def test_a_filter_is_active_when_it_leaves_something_out(filt, active):
    assert filt.active is active


def test_filter_by_kinds_and_by_staff(admin, pat, rae):
    _event(rae, summary="kiosk", kind="checkin")
    _event(rae, START + timedelta(hours=1), summary="pat's", staff=pat.id)
    _event(rae, START + timedelta(hours=2), summary="a note", kind="note", staff=admin.id)
    assert _summaries(admin, rae, kinds=("checkin", "note")) == ["a note", "kiosk"]
    assert _summaries(admin, rae, staff_id=pat.id) == ["pat's"]
    assert [r.staff_name for r in timeline.timeline_page(admin, rae).rows] == [
        "Ada Admin", "Pat Peer", ""]


def test_a_page_holds_one_to_five_hundred_rows(admin, rae):
    Event.insert_many([dict(resident=rae, occurred_at=START + timedelta(minutes=i),
                            kind="note", summary=f"n{i}") for i in range(501)]).execute()
    assert len(timeline.timeline_page(admin, rae, limit=0).rows) == 1
    assert len(timeline.timeline_page(admin, rae, limit=-5).rows) == 1
    big = timeline.timeline_page(admin, rae, limit=10_000)
    assert (len(big.rows), big.has_more) == (500, True)
    assert len(timeline.timeline_page(admin, rae).rows) == timeline.PAGE_SIZE == 60


def test_only_the_first_page_is_an_audited_read(admin, rae):
    for minute in range(3):
        _event(rae, START + timedelta(minutes=minute))
    first = timeline.timeline_page(admin, rae, limit=2)
    timeline.timeline_page(admin, rae, before=first.next_cursor, limit=2)
    reads = AuditLog.select().where(AuditLog.action == "timeline_view")
    assert [(r.actor_id, r.table_name, r.record_id, r.resident_id) for r in reads] == [
        (admin.id, "resident", rae, rae)]


def test_a_row_knows_its_newest_correction_and_open_follow_up(admin, rae):
    original = _event(rae, follow_up_on=DAY)
    _event(rae, START + timedelta(hours=1), corrects=original)
    newest = _event(rae, START + timedelta(hours=2), corrects=original)
    done = _event(rae, START - timedelta(hours=1), follow_up_on=DAY,
                  follow_up_done_at=START)
    void = _event(rae, START - timedelta(hours=2), follow_up_on=DAY, voided_at=START)
    rows = {r.id: r for r in timeline.timeline_page(admin, rae).rows}
    assert rows[original].corrected_by_id == newest
    assert rows[newest].corrects_id == original and rows[newest].corrected_by_id is None
    assert [(i, rows[i].follow_up_open) for i in (original, done, void)] == [
        (original, True), (done, False), (void, False)]
    assert rows[void].voided and not rows[done].voided
    assert rows[original].cursor == (START, original)


def test_a_row_without_a_follow_up_has_none_open():
    row = EventRow(1, START, "note", "", "x", False, None, None, None, False)
    assert row.follow_up_open is False


def test_jumping_to_an_entry_starts_the_page_with_it(admin, rae):
    ids = [_event(rae, START + timedelta(minutes=m)) for m in range(5)]
    cursor = timeline.cursor_at_event(admin, ids[2])
    assert cursor == (START + timedelta(minutes=2), ids[2] + 1)
    page = timeline.timeline_page(admin, rae, before=cursor, limit=2)
    assert [r.id for r in page.rows] == [ids[2], ids[1]]
    with pytest.raises(NotFound) as caught:
        timeline.cursor_at_event(admin, 9999)
    assert str(caught.value) == "That entry does not exist."


# The detail pane ------------------------------------------------------------------------


def test_the_detail_of_an_entry_names_everything_linked_to_it(admin, pat, rae, house):
    plan = RecoveryPlan.create(resident=rae)
    domain = Domain.select().first()
    goals = [Goal.create(plan=plan, domain=domain, own_words=w).id for w in ("Job", "Home")]
    group = GroupSession.create(name="Tuesday group", occurred_at=START)
    concern = Concern.create(resident=rae, severity="low", severity_rank=1, summary="x",
                             status="open")
    event = _event(rae, kind="group", staff=pat.id, channel="phone", duration_minutes=45,
                   note="Went well", group_session=group, concern=concern,
                   follow_up_on=DAY)
    tag_event(event, ["motivator", "outreach_worker"], [goals[1], goals[0]])
    fix = _event(rae, START + timedelta(hours=1), corrects=event)
    detail = timeline.event_detail(admin, event)
    assert (detail.id, detail.resident_id, detail.occurred_at, detail.kind) == (
        event, rae, START, "group")
    assert (detail.summary, detail.recorded_at) == (
        "group at " + f"{START:%H:%M}", Event.get_by_id(event).recorded_at)
    assert (detail.staff_name, detail.channel, detail.channel_label) == (
        "Pat Peer", "phone", "Phone")
    assert (detail.duration_minutes, detail.note, detail.follow_up_on) == (45, "Went well", DAY)
    assert detail.roles == ["Motivator", "Outreach worker"]
    assert detail.goals == ["Job", "Home"]                       # in the goals' order
    assert (detail.group_name, detail.concern_id, detail.concern_status) == (
        "Tuesday group", concern.id, "open")
    assert (detail.corrected_by, detail.corrects_id, detail.correctable) == ([fix], None, True)
    assert (detail.voided_at, detail.voided_by, detail.void_reason) == (None, "", "")


def test_a_voided_entry_says_who_voided_it_and_is_not_correctable(admin, pat, rae):
    event = _event(rae, staff=pat.id)
    detail = timeline.void_event(admin, event, "Wrong resident")
    assert (detail.voided_by, detail.void_reason, detail.staff_name) == (
        "Ada Admin", "Wrong resident", "Pat Peer")
    assert detail.correctable is False
    assert (detail.group_name, detail.concern_status, detail.channel_label) == ("", "", "")
    with pytest.raises(NotFound) as caught:
        timeline.event_detail(admin, 9999)
    assert str(caught.value) == "That timeline entry does not exist."


@pytest.mark.parametrize("kind,correctable", [
    ("contact", True), ("group", True), ("note", True), ("referral", True),
    ("checkin", False), ("assessment", False)])
def test_which_entries_can_be_corrected(kind, correctable):
    detail = EventDetail(1, 1, START, START, kind, "", "video", None, "s", "", [], [], None,
                         None, None)
    assert (detail.correctable, detail.channel_label) == (correctable, "Video")


# Voids, corrections, follow-ups ---------------------------------------------------------


ASSESSMENT = ("A BARC-10 is corrected with a new one and a reason: B on the resident's "
              "profile. It stays on the timeline as it was given.")


def test_what_cannot_be_voided_says_why(admin, rae):
    void = _event(rae, voided_at=START)
    assert _refusal(timeline.void_event, admin, void, "x") == "This entry is already voided."
    assert _refusal(timeline.void_event, admin, _event(rae, kind="assessment"), "x") \
        == ASSESSMENT
    for kind in ("concern_raised", "concern_resolved"):
        assert _refusal(timeline.void_event, admin, _event(rae, kind=kind), "x") == (
            "Concern entries follow the concern: resolve the concern instead.")
    assert Event.select().where(Event.voided_at.is_null(False)).count() == 1


def test_a_void_is_audited_against_the_resident(admin, rae):
    event = _event(rae)
    timeline.void_event(admin, event, "Duplicate")
    row = AuditLog.get(AuditLog.action == "event_void")
    assert (row.table_name, row.record_id, row.resident_id, row.actor_id) == (
        "event", event, rae, admin.id)


@pytest.mark.parametrize("kind,words", [
    ("checkin", "check-in"), ("goal_update", "goal"), ("concern_raised", "concern"),
    ("concern_resolved", "resolved"), ("plan_change", "plan"), ("status_change", "status")])
def test_what_cannot_be_corrected_says_why(admin, rae, kind, words):
    assert _refusal(timeline.correct_event, admin, _event(rae, kind=kind), FIX) == (
        f"A {words} entry cannot be corrected; void it with a reason instead.")


def test_an_assessment_or_a_voided_entry_is_not_corrected(admin, rae):
    assert _refusal(timeline.correct_event, admin, _event(rae, kind="assessment"), FIX) \
        == ASSESSMENT
    assert _refusal(timeline.correct_event, admin, _event(rae, voided_at=START), FIX) == (
        "A voided entry cannot be corrected.")
    assert Event.select().where(Event.corrects.is_null(False)).count() == 0


def test_a_correction_carries_the_entry_over_with_its_reason(admin, pat, rae):
    group = GroupSession.create(name="Tuesday group", occurred_at=START)
    original = _event(rae, kind="group", staff=pat.id, channel="in_person",
                      duration_minutes=45, group_session=group, follow_up_on=DAY)
    goal = Goal.create(plan=RecoveryPlan.create(resident=rae), domain=Domain.select().first(),
                       own_words="Keep the job")
    tag_event(original, ["motivator"], [goal.id])
    fixed = timeline.correct_event(admin, original, dict(FIX, note="Met in the garden"))
    new = Event.get_by_id(fixed)
    assert (new.kind, new.staff_id, new.channel, new.duration_minutes) == (
        "group", admin.id, "in_person", 45)
    assert (new.summary, new.note) == ("Phone call",
                                       "Met in the garden\n\nCorrection: Wrong time")
    assert new.occurred_at == START + timedelta(hours=11, minutes=30)
    assert (new.group_session_id, new.corrects_id, new.follow_up_on) == (group.id, original,
                                                                          DAY)
    fixed_detail = timeline.event_detail(admin, fixed)
    assert (fixed_detail.roles, fixed_detail.goals) == (["Motivator"], ["Keep the job"])
    assert Event.get_by_id(original).follow_up_done_at is not None
    row = AuditLog.get(AuditLog.action == "event_correct")
    assert (row.record_id, row.resident_id, row.detail) == (
        fixed, rae, f"corrects event {original}")


def test_a_correction_without_a_note_keeps_only_the_reason_and_may_set_a_duration(admin, rae):
    original = _event(rae, duration_minutes=30)
    fixed = timeline.correct_event(admin, original, dict(FIX, duration_minutes=50))
    new = Event.get_by_id(fixed)
    assert (new.note, new.duration_minutes, new.follow_up_on) == (
        "Correction: Wrong time", 50, None)
    assert Event.get_by_id(original).follow_up_done_at is None


def test_a_follow_up_already_done_does_not_move_to_the_correction(admin, rae):
    original = _event(rae, follow_up_on=DAY, follow_up_done_at=START)
    fixed = timeline.correct_event(admin, original, FIX)
    assert Event.get_by_id(fixed).follow_up_on is None
    assert Event.get_by_id(original).follow_up_done_at == START


def test_completing_a_follow_up_is_refused_in_words_and_audited(admin, rae):
    assert _refusal(timeline.complete_follow_up, admin, _event(rae)) == (
        "This entry has no follow-up.")
    event = _event(rae, follow_up_on=DAY)
    timeline.complete_follow_up(admin, event)
    assert _refusal(timeline.complete_follow_up, admin, event) == (
        "This follow-up is already done.")
    row = AuditLog.get(AuditLog.action == "follow_up_done")
    assert (row.record_id, row.resident_id) == (event, rae)


def test_follow_ups_due_are_each_owner_s_oldest_first(admin, pat, house, rae):
    peer = Staff.get_by_id(pat.id)
    ben = Resident.create(first_name="Benjamin", preferred_name="Ben", last_name="Cole",
                          house=house, peer_specialist=peer).id
    kiosk = _event(ben, follow_up_on=DAY - timedelta(days=1), summary="from the kiosk")
    mine = _event(rae, follow_up_on=DAY, staff=admin.id, summary="admin's, due today")
    later = _event(ben, follow_up_on=DAY, staff=pat.id, summary="pat's, due today")
    _event(rae, follow_up_on=DAY + timedelta(days=1), staff=pat.id, summary="tomorrow")
    _event(rae, follow_up_on=DAY, staff=pat.id, follow_up_done_at=START, summary="done")
    _event(rae, follow_up_on=DAY, staff=pat.id, voided_at=START, summary="void")
    _event(rae, staff=pat.id, summary="no follow-up")
    due = timeline.follow_ups_due(admin, DAY)
    assert [(f.event_id, f.resident_id, f.resident_name, f.due_on, f.summary, f.staff_name)
            for f in due] == [
        (kiosk, ben, "Ben Cole", DAY - timedelta(days=1), "from the kiosk", "Pat Peer"),
        (mine, rae, "Rae Doe", DAY, "admin's, due today", "Ada Admin"),
        (later, ben, "Ben Cole", DAY, "pat's, due today", "Pat Peer")]
    assert [f.event_id for f in timeline.follow_ups_due(admin, DAY, staff_id=pat.id)] == [
        kiosk, later]
    assert [f.event_id for f in timeline.follow_ups_due(admin, DAY, limit=1)] == [kiosk]
    unowned = _event(rae, follow_up_on=DAY - timedelta(days=3))
    assert timeline.follow_ups_due(admin, DAY)[0].staff_name == ""
    assert timeline.follow_ups_due(admin, DAY)[0].event_id == unowned


def test_staff_choices_are_every_account_by_name(admin, pat):
    auth.create_staff("abe", "Abe Zimmer", "front_desk", "2468")
    assert timeline.staff_choices() == [
        (Staff.get(Staff.username == "abe").id, "Abe Zimmer"), (admin.id, "Ada Admin"),
        (pat.id, "Pat Peer")]


def test_a_date_cursor_starts_after_the_whole_local_day():
    assert timeline.cursor_for_date(DAY) == (timeline.day_start_utc(DAY + timedelta(days=1)),
                                              0)
    assert isinstance(timeline.cursor_for_date(DAY)[0], datetime)


def test_an_entry_of_another_house_is_not_found_by_what_it_is(pat, house):
    cedar = House.create(name="Cedar House")
    other = Resident.create(first_name="Sol", last_name="Ray", house=cedar).id
    event = _event(other, follow_up_on=DAY)
    for call, words in ((timeline.cursor_at_event, "No such entry in this house."),
                        (timeline.event_detail, "No such timeline entry in this house.")):
        with pytest.raises(NotFound) as caught:
            call(pat, event)
        assert str(caught.value) == words
    assert timeline.follow_ups_due(pat, DAY) == []


@pytest.mark.parametrize("call,args", [
    (timeline.cursor_at_event, ()), (timeline.event_detail, ()),
    (timeline.void_event, ("Wrong resident",)), (timeline.correct_event, (FIX,)),
    (timeline.complete_follow_up, ())])
def test_the_front_desk_reads_and_changes_no_entry(admin, rae, call, args):
    auth.create_staff("frank", "Frank Desk", "front_desk", "2468")
    desk = auth.sign_in("frank", "2468").actor
    event = _event(rae, follow_up_on=DAY)
    with pytest.raises(PermissionDenied):
        call(desk, event, *args)
    row = Event.get_by_id(event)
    assert (row.voided_at, row.follow_up_done_at, Event.select().count()) == (None, None, 1)
