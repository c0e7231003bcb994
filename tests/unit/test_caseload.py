"""Caseload service: filters, sorts, paging, needs-attention reasons, roles, query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import statements_run

from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.people import House, Resident, Staff
from peer_tui.services import auth
from peer_tui.services import caseload_query as cq
from peer_tui.services.errors import PermissionDenied

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL

TODAY = date(2026, 11, 24)


def _add(n: int, house: House, peer: Staff | None = None, **fields) -> None:
    rows = [dict(first_name=f"First{i:05d}", last_name=f"Last{i % 50:03d}", house=house,
                 room=f"{i % 30}A", status="active", peer_specialist=peer,
                 summary_last_contact_at=utcnow() - timedelta(days=i % 10), **fields)
            for i in range(n)]
    with database.atomic():
        Resident.insert_many(rows).execute()


@pytest.fixture
def house(db):
    return House.create(name="Test House")


@pytest.fixture
def peer(db):
    auth.create_staff("pat", "Pat Okafor", "peer_specialist", "2468")
    return auth.sign_in("pat", "2468").actor


def walk(actor, filt, limit=37):
    ids, cursor = [], None
    while True:
        page = cq.caseload_page(actor, filt, after=cursor, limit=limit, today=TODAY)
        ids += [r.id for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            return ids


@pytest.mark.parametrize("sort", list(cq.SORTS))
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_pages_through_everyone_without_gaps_or_repeats(house, peer, sort,
                                                                    descending):
    _add(150, house, Staff.get_by_id(peer.id))
    ids = walk(peer, cq.CaseloadFilter(sort=sort, descending=descending))
    assert len(ids) == 150 and len(set(ids)) == 150


def test_name_sort_is_last_then_first_name(house, peer):
    for first, last in [("Zed", "Adams"), ("Amy", "Baker"), ("Al", "Adams")]:
        Resident.create(first_name=first, last_name=last, house=house)
    rows = cq.caseload_page(peer, cq.CaseloadFilter(), today=TODAY).rows
    assert [r.name for r in rows] == ["Al Adams", "Zed Adams", "Amy Baker"]


def test_filter_matches_names_room_and_staff(house, peer):
    pat = Staff.get_by_id(peer.id)
    Resident.create(first_name="José", last_name="Martínez", preferred_name="Pepe",
                    house=house, room="2B", peer_specialist=pat)
    Resident.create(first_name="Ana", last_name="Silva", house=house, room="3C")
    text = lambda t: [r.name for r in cq.caseload_page(  # noqa: E731
        peer, cq.CaseloadFilter(text=t), today=TODAY).rows]
    assert text("pepe") == ["Pepe Martínez"]
    assert text("josé mart") == ["Pepe Martínez"]
    assert text("3C") == ["Ana Silva"]
    assert text("okafor") == ["Pepe Martínez"]
    assert text("[/]%_") == []
    assert text("") == ["Pepe Martínez", "Ana Silva"]


def test_status_and_my_caseload(house, peer, admin):
    pat = Staff.get_by_id(peer.id)
    Resident.create(first_name="A", last_name="Active", house=house, peer_specialist=pat)
    Resident.create(first_name="W", last_name="Wait", house=house, status="waitlist")
    Resident.create(first_name="D", last_name="Gone", house=house, status="discharged")
    Resident.create(first_name="L", last_name="Alum", house=house, status="alumni")
    names = lambda actor, **kw: {r.name for r in cq.caseload_page(  # noqa: E731
        actor, cq.CaseloadFilter(**kw), today=TODAY).rows}
    assert names(admin) == {"A Active"}
    assert names(admin, status="waitlist") == {"W Wait"}
    assert names(admin, status="discharged") == {"D Gone", "L Alum"}
    assert len(names(admin, status="all")) == 4
    assert names(peer, mine=True) == {"A Active"}
    assert names(admin, mine=True) == set()


def test_needs_attention_says_why(house, admin):
    now = utcnow()
    fine = dict(summary_last_contact_at=now, summary_last_checkin_at=now)
    Resident.create(first_name="Fine", last_name="One", house=house, **fine)
    Resident.create(first_name="Quiet", last_name="One", house=house,
                    summary_last_contact_at=now - timedelta(days=9),
                    summary_last_checkin_at=now)
    Resident.create(first_name="Review", last_name="Late", house=house,
                    summary_next_review=date.today() - timedelta(days=2), **fine)
    Resident.create(first_name="Urgent", last_name="One", house=house,
                    summary_urgent_concerns=1, summary_open_concerns=1, **fine)
    Resident.create(first_name="Follow", last_name="Up", house=house,
                    summary_next_follow_up=date.today(), **fine)
    Resident.create(first_name="Talk", last_name="Today", house=house,
                    summary_wants_to_talk=True, **fine)
    Resident.create(first_name="No", last_name="Checkin", house=house,
                    summary_last_contact_at=now)
    rows = cq.caseload_page(admin, cq.CaseloadFilter(needs_attention=True)).rows
    why = {r.name: "; ".join(r.reasons) for r in rows}
    assert "Fine One" not in why
    assert why["Quiet One"] == "no contact for 9 days"
    assert why["Review Late"] == "plan review overdue 2 days"
    assert "urgent concern" in why["Urgent One"]
    assert why["Follow Up"] == "follow-up due today"
    assert why["Talk Today"] == "wants to talk today"
    assert why["No Checkin"] == "no kiosk check-in yet"


def test_front_desk_sees_rows_but_no_clinical_columns(house):
    Resident.create(first_name="Sam", last_name="Lee", house=house, summary_urgent_concerns=1,
                    summary_open_concerns=2, summary_last_checkin_at=utcnow(),
                    summary_last_checkin_mood=2, summary_wants_to_talk=True)
    auth.create_staff("frank", "Frankie", "front_desk", "2468")
    frank = auth.sign_in("frank", "2468").actor
    row = cq.caseload_page(frank, cq.CaseloadFilter()).rows[0]
    assert row.name == "Sam Lee" and row.open_concerns == 0 and row.urgent_concerns == 0
    assert "/5" not in row.last_checkin
    assert not any("urgent" in r or "talk" in r for r in row.reasons)
    with pytest.raises(PermissionDenied):
        cq.caseload_page(None, cq.CaseloadFilter())


def test_one_query_per_page_whatever_the_number_of_residents(house, peer):
    pat = Staff.get_by_id(peer.id)
    filters = (cq.CaseloadFilter(), cq.CaseloadFilter(needs_attention=True),
               cq.CaseloadFilter(text="Last0", sort="contact"))
    for added in (10, 390):  # 10 residents, then 400
        _add(added, house, pat)
        for filt in filters:
            with statements_run() as calls:
                first = cq.caseload_page(peer, filt, limit=50, today=TODAY)
            assert len(calls) == 1, (added, filt)
            if first.next_cursor:
                with statements_run() as calls:
                    cq.caseload_page(peer, filt, after=first.next_cursor, limit=50, today=TODAY)
                assert len(calls) == 1


def test_opening_a_record_is_audited(house, admin):
    from peer_tui.models.audit import AuditLog

    r = Resident.create(first_name="[/]Zed", last_name="[@click=app.quit]", house=house,
                        intake_date=date.today() - timedelta(days=10))
    card = cq.resident_card(admin, r.id)
    assert card.name == "[/]Zed [@click=app.quit]" and card.days_in_residence == 10
    row = AuditLog.select().where(AuditLog.action == "view").get()
    assert (row.table_name, row.record_id, row.actor_id) == ("resident", r.id, admin.id)


# -- the scrolling list's reads: a count and blocks, by position or by keyset -------------
@pytest.mark.parametrize("sort", ["name", "contact", "concerns"])
@pytest.mark.parametrize("descending", [False, True])
def test_blocks_by_position_and_by_keyset_match_the_pages(house, peer, sort, descending):
    _add(130, house, Staff.get_by_id(peer.id))
    filt = cq.CaseloadFilter(sort=sort, descending=descending, status="all")
    expected = walk(peer, filt)
    window = cq.caseload_window(peer, filt, limit=40, today=TODAY)
    assert window.count == 130 and [r.id for r in window.rows] == expected[:40]
    after = None
    for start in range(0, 130, 40):
        by_position = cq.caseload_block(peer, filt, None, start, limit=40, today=TODAY)
        assert [r.id for r in by_position] == expected[start:start + 40]
        by_keyset = cq.caseload_block(peer, filt, None, start, after, limit=40, today=TODAY)
        assert by_keyset == by_position
        # The window from START counts every match, not the ones from START on.
        from_start = cq.caseload_window(peer, filt, start=start, limit=40, today=TODAY)
        assert (from_start.count, from_start.start, from_start.rows) == (130, start, by_position)
        after = (by_keyset[-1].sort_value, by_keyset[-1].id)


def test_window_counts_the_filter_and_comes_back_inside_the_list(house, peer):
    _add(90, house, Staff.get_by_id(peer.id))
    assert cq.caseload_window(peer, cq.CaseloadFilter(text="Last007"), today=TODAY).count \
        == len(walk(peer, cq.CaseloadFilter(text="Last007")))
    late = cq.caseload_window(peer, cq.CaseloadFilter(), start=300, limit=40, today=TODAY)
    assert late.count == 90 and late.start == 80 and len(late.rows) == 10
    none = cq.caseload_window(peer, cq.CaseloadFilter(text="nobody by that name"))
    assert none.count == 0 and none.rows == []
