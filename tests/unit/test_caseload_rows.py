"""The caseload, exactly: each column of a row as staff and the front desk see it, the sorts
(where unassigned and tied residents go), the page size and its last page, the filter text,
"my caseload", and the resident's card. tests/unit/test_caseload.py has paging and speed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from peer_tui.models.audit import AuditLog
from peer_tui.models.people import Consent, House, Resident, Staff
from peer_tui.models.base import utcnow
from peer_tui.services import caseload_query as cq
from peer_tui.services.errors import NotFound, PermissionDenied
from peer_tui.timeutil import local_today

TODAY = local_today()


@pytest.fixture
def house(db):
    return House.create(name="Harbor House")


@pytest.fixture
def staff(house, salted_account):
    """Signed-in sessions by role: admin, casey (case manager), pat (peer), frank (desk),
    made after the house, so each works in it; salted by name, so the four PIN hashes are
    computed once per process, not per test."""
    people = {"admin": ("Ada Admin", "admin"), "casey": ("Casey Nguyen", "case_manager"),
              "pat": ("Pat Okafor", "peer_specialist"), "frank": ("Frankie", "front_desk")}
    return {username: salted_account(username, name, role)
            for username, (name, role) in people.items()}


def _resident(house, first="Ana", last="Doe", **fields) -> Resident:
    return Resident.create(first_name=first, last_name=last, house=house, **fields)


def _names(actor, **filters) -> list[str]:
    return [r.name for r in cq.caseload_page(actor, cq.CaseloadFilter(**filters)).rows]


def _row(actor, resident: Resident) -> cq.CaseloadRow:
    return cq.caseload_row(actor, resident.id)


# The columns of a row -------------------------------------------------------------------


def test_a_clinical_row_shows_every_column(house, staff):
    pat = Staff.get(Staff.username == "pat")
    now = utcnow()
    ana = _resident(house, preferred_name="Annie", room="2B", peer_specialist=pat,
                    summary_last_contact_at=now - timedelta(days=4),
                    summary_last_checkin_at=now - timedelta(days=2),
                    summary_last_checkin_mood=4, summary_open_concerns=3,
                    summary_urgent_concerns=0, summary_next_review=TODAY + timedelta(days=9),
                    summary_goals_achieved=1, summary_goals_total=5, summary_barc_total=41,
                    summary_barc_drop=-2)
    row = _row(staff["casey"], ana)
    assert (row.id, row.name, row.room, row.status, row.peer_specialist, row.house) == (
        ana.id, "Annie Doe", "2B", "active", "Pat Okafor", "Harbor House")
    assert (row.days_since_contact, row.contact_level) == (4, "due")
    assert (row.last_checkin, row.checkin_late) == ("2d ago 4/5", False)
    assert (row.open_concerns, row.urgent_concerns, row.urgent) == (3, 0, False)
    assert (row.next_review, row.review_overdue) == (TODAY + timedelta(days=9), False)
    assert (row.goals_achieved, row.goals_total) == (1, 5)
    assert (row.barc_total, row.barc_drop, row.reasons) == (41, -2, ())
    # The page reads the same row as the one-row refresh after a save.
    assert cq.caseload_page(staff["casey"], cq.CaseloadFilter()).rows == [row]


def test_late_and_urgent_show_in_the_row(house, staff):
    now = utcnow()
    ana = _resident(house, summary_last_contact_at=now - timedelta(days=8),
                    summary_last_checkin_at=now - timedelta(days=5),
                    summary_urgent_concerns=1, summary_open_concerns=1,
                    summary_next_review=TODAY - timedelta(days=1))
    row = _row(staff["pat"], ana)
    assert (row.contact_level, row.checkin_late, row.review_overdue) == ("overdue", True, True)
    assert (row.last_checkin, row.peer_specialist) == ("5d ago", "")
    assert (row.urgent_concerns, row.urgent) == (1, True)
    assert "1 urgent concern open" in row.reasons


@pytest.mark.parametrize("checked_in,mood,clinical,desk", [
    (None, None, "none", "none"),
    (timedelta(0), 5, "today 5/5", "today"),
    (timedelta(0), None, "today", "today"),
    (timedelta(days=3), 1, "3d ago 1/5", "not today"),
])
def test_the_last_check_in_as_staff_and_the_front_desk_read_it(house, staff, checked_in, mood,
                                                                clinical, desk):
    ana = _resident(house, summary_last_checkin_mood=mood, summary_last_checkin_at=(
        None if checked_in is None else datetime.combine(TODAY, datetime.min.time())
        + timedelta(hours=12) - checked_in))
    assert _row(staff["pat"], ana).last_checkin == clinical
    assert _row(staff["frank"], ana).last_checkin == desk


def test_the_front_desk_row_keeps_only_what_the_desk_may_see(house, staff):
    pat = Staff.get(Staff.username == "pat")
    now = utcnow()
    ana = _resident(house, room="2B", peer_specialist=pat,
                    summary_last_contact_at=now - timedelta(days=9),
                    summary_last_checkin_at=now - timedelta(days=5),
                    summary_open_concerns=2, summary_urgent_concerns=1,
                    summary_next_review=TODAY - timedelta(days=3), summary_goals_achieved=2,
                    summary_goals_total=4, summary_barc_total=30, summary_barc_drop=6)
    row = _row(staff["frank"], ana)
    assert (row.name, row.room, row.peer_specialist, row.urgent) == (
        "Ana Doe", "2B", "Pat Okafor", True)
    assert (row.days_since_contact, row.contact_level, row.checkin_late) == (None, "", False)
    assert (row.open_concerns, row.next_review, row.review_overdue) == (0, None, False)
    assert (row.goals_achieved, row.goals_total, row.barc_total, row.barc_drop) == (
        0, 0, None, None)
    assert row.reasons == ()
    assert cq.caseload_page(staff["frank"], cq.CaseloadFilter()).rows == [row]


def test_one_row_of_a_resident_who_is_gone_is_not_found(house, staff):
    with pytest.raises(NotFound):
        cq.caseload_row(staff["admin"], 999)
    with pytest.raises(PermissionDenied):
        cq.caseload_row(None, 1)


# Sorts and pages ------------------------------------------------------------------------


def test_last_names_sort_as_names_not_as_letters_after_a_space(house, staff):
    _resident(house, "Al", "Lee-Ann")
    _resident(house, "Zed", "Lee")
    assert _names(staff["admin"]) == ["Zed Lee", "Al Lee-Ann"]


def test_residents_without_a_peer_specialist_come_first_by_staff(house, staff):
    amy = Staff.get(Staff.username == "pat")
    amy.display_name = "Amy"
    amy.save()
    _resident(house, "Ana", peer_specialist=amy)
    _resident(house, "Ben")
    assert _names(staff["admin"], sort="staff") == ["Ben Doe", "Ana Doe"]
    assert _names(staff["admin"], sort="staff", descending=True) == ["Ana Doe", "Ben Doe"]


def test_an_urgent_concern_outweighs_any_number_of_others(house, staff):
    _resident(house, "Ana", summary_open_concerns=1, summary_urgent_concerns=1)
    _resident(house, "Ben", summary_open_concerns=9)
    _resident(house, "Cal", summary_open_concerns=2)
    _resident(house, "Dee")
    assert _names(staff["pat"], sort="concerns", descending=True) == [
        "Ana Doe", "Ben Doe", "Cal Doe", "Dee Doe"]


@pytest.mark.parametrize("sort,expected", [
    ("contact", ["Ben Doe", "Ana Doe", "Cal Doe"]),   # never contacted: longest ago
    ("review", ["Cal Doe", "Ana Doe", "Ben Doe"]),    # no review date: last
    ("room", ["Ben Doe", "Cal Doe", "Ana Doe"]),
])
def test_missing_values_sort_where_they_mean(house, staff, sort, expected):
    now = utcnow()
    _resident(house, "Ana", room="3", summary_last_contact_at=now - timedelta(days=1),
              summary_next_review=TODAY + timedelta(days=9))
    _resident(house, "Ben", room="1")
    _resident(house, "Cal", room="2", summary_last_contact_at=now,
              summary_next_review=TODAY + timedelta(days=1))
    assert _names(staff["pat"], sort=sort) == expected


def test_the_front_desk_sorts_by_the_columns_it_sees_only(house, staff):
    _resident(house, "Ana", room="2", summary_open_concerns=5)
    _resident(house, "Ben", room="1")
    assert _names(staff["frank"], sort="room") == ["Ben Doe", "Ana Doe"]
    assert _names(staff["frank"], sort="staff") == ["Ana Doe", "Ben Doe"]
    assert _names(staff["frank"], sort="concerns", descending=True) == ["Ben Doe", "Ana Doe"]
    with pytest.raises(PermissionDenied) as caught:
        cq.caseload_page(staff["frank"], cq.CaseloadFilter(needs_attention=True))
    assert str(caught.value) == (
        "Front-desk accounts cannot see who needs attention: that is for case managers, "
        "peer specialists and administrators.")


def test_a_page_holds_sixty_and_the_last_page_has_no_cursor(house, staff):
    for i in range(61):
        _resident(house, f"P{i:02d}")
    first = cq.caseload_page(staff["admin"], cq.CaseloadFilter())
    assert len(first.rows) == cq.PAGE_SIZE == 60
    assert first.next_cursor == ("Doe P59", first.rows[-1].id)
    last = cq.caseload_page(staff["admin"], cq.CaseloadFilter(), after=first.next_cursor)
    assert ([r.name for r in last.rows], last.next_cursor) == (["P60 Doe"], None)
    exact = cq.caseload_page(staff["admin"], cq.CaseloadFilter(), limit=61)
    assert (len(exact.rows), exact.next_cursor) == (61, None)


def test_an_unknown_status_or_sort_reads_as_active_by_name(house, staff):
    _resident(house, "Ben")
    _resident(house, "Ana")
    _resident(house, "Wes", status="waitlist")
    assert _names(staff["admin"], status="nonsense", sort="nonsense") == ["Ana Doe", "Ben Doe"]
    assert cq.assigned_count(staff["admin"], "nonsense") == 0


# Filter text and my caseload ------------------------------------------------------------


def test_filter_text_is_folded_and_cut_at_a_hundred_characters(house, staff):
    _resident(house, "José", "Martínez")
    _resident(house, "a" * 100, "Long")
    assert _names(staff["admin"], text="  josé   mart  ") == ["José Martínez"]
    assert _names(staff["admin"], text="a" * 100 + "Z") == ["a" * 100 + " Long"]
    assert _names(staff["admin"], text="martínez") == ["José Martínez"]


def test_my_caseload_is_who_i_am_peer_specialist_or_case_manager_for(house, staff):
    pat, casey = Staff.get(Staff.username == "pat"), Staff.get(Staff.username == "casey")
    _resident(house, "Ana", peer_specialist=pat)
    _resident(house, "Ben", case_manager=pat)
    _resident(house, "Cal", peer_specialist=casey)
    _resident(house, "Dee", peer_specialist=pat, status="discharged")
    assert _names(staff["pat"], mine=True) == ["Ana Doe", "Ben Doe"]
    assert cq.assigned_count(staff["pat"]) == 2
    assert cq.assigned_count(staff["pat"], "discharged") == 1
    assert cq.assigned_count(staff["pat"], "nonsense") == 2      # read as active
    assert cq.assigned_count(staff["casey"]) == 1
    assert cq.assigned_count(staff["frank"]) == 0
    with pytest.raises(PermissionDenied):
        cq.assigned_count(None)


# The resident's card --------------------------------------------------------------------


def test_the_card_names_the_resident_and_their_staff(house, staff):
    pat, casey = Staff.get(Staff.username == "pat"), Staff.get(Staff.username == "casey")
    ana = _resident(house, preferred_name="Annie", pronouns="she/her", room="2B",
                    date_of_birth=date(1990, 5, 1), intake_date=TODAY - timedelta(days=30),
                    peer_specialist=pat, case_manager=casey, kiosk_code="1001",
                    summary_barc_total=38)
    card = cq.resident_card(staff["pat"], ana.id)
    assert (card.id, card.name, card.full_name, card.pronouns, card.room, card.status) == (
        ana.id, "Annie Doe", "Ana Doe", "she/her", "2B", "active")
    assert (card.date_of_birth, card.intake_date, card.days_in_residence) == (
        date(1990, 5, 1), TODAY - timedelta(days=30), 30)
    assert (card.discharge_date, card.discharge_reason) == (None, "")
    assert (card.peer_specialist, card.case_manager, card.kiosk_code) == (
        "Pat Okafor", "Casey Nguyen", "1001")
    assert (card.barc_total, card.consents) == (38, ())
    views = AuditLog.select().where(AuditLog.action == "view")
    assert [(v.actor_id, v.table_name, v.record_id, v.resident_id) for v in views] == [
        (staff["pat"].id, "resident", ana.id, ana.id)]
    desk = cq.resident_card(staff["frank"], ana.id)
    assert (desk.date_of_birth, desk.barc_total, desk.name) == (None, None, "Annie Doe")


def test_a_discharged_resident_s_stay_ends_at_discharge(house, staff):
    ben = _resident(house, "Ben", status="discharged", intake_date=date(2026, 1, 1),
                    discharge_date=date(2026, 3, 2), discharge_reason="Moved out")
    card = cq.resident_card(staff["admin"], ben.id)
    assert (card.days_in_residence, card.discharge_date, card.discharge_reason) == (
        60, date(2026, 3, 2), "Moved out")
    assert (card.peer_specialist, card.case_manager, card.kiosk_code) == (
        "not assigned", "not assigned", "")
    assert cq.resident_card(staff["admin"], _resident(house, "Cal").id).days_in_residence is None


def test_the_card_lists_the_consents_in_effect_newest_first(house, staff):
    ana = _resident(house)
    signed = dict(resident=ana, information="Attendance")
    Consent.create(recipient="County Court", purpose="Supervision\nReports",
                   signed_on=TODAY - timedelta(days=9), expires_on=date(2027, 1, 31), **signed)
    Consent.create(recipient="Dr Lee", purpose="Care", signed_on=TODAY - timedelta(days=2),
                   expiry_event="end of treatment", **signed)
    Consent.create(recipient="Mom", purpose="Support", signed_on=TODAY - timedelta(days=5),
                   **signed)
    Consent.create(recipient="Old Job", purpose="Work", signed_on=TODAY - timedelta(days=40),
                   revoked_on=TODAY - timedelta(days=1), **signed)
    assert cq.resident_card(staff["pat"], ana.id).consents == (
        "Dr Lee (Care; until end of treatment)", "Mom (Support; until -)",
        "County Court (Supervision; Reports; until 2027-01-31)")
    assert cq.resident_card(staff["frank"], ana.id).consents == ()


def test_a_card_of_a_resident_who_is_gone_is_not_found(house, staff):
    with pytest.raises(NotFound):
        cq.resident_card(staff["admin"], 999)
    with pytest.raises(PermissionDenied):
        cq.resident_card(None, 1)


def test_last_seen_is_local_time_or_a_dash():
    assert cq.last_seen_local(None) == "-"
    moment = datetime(2026, 11, 25, 15, 4)
    local = moment.replace(tzinfo=__import__("datetime").timezone.utc).astimezone()
    assert cq.last_seen_local(moment) == local.strftime("%Y-%m-%d %H:%M")
