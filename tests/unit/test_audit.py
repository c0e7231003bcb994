"""The audit trail: written for sign-ins, views and changes, refused UPDATE/DELETE by the
database itself, and searchable only by administrators, a page at a time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import peewee
import pytest

from peer_tui.models.audit import AuditLog
from peer_tui.models.db import database, is_sqlite
from peer_tui.services import audit, auth
from peer_tui.services.audit import AuditFilter
from peer_tui.services.errors import InvalidInput, PermissionDenied

import backend_db  # tests/ (conftest puts it on the path)


def actions() -> list[str]:
    return [e.action for e in audit.recent(500)]


@pytest.mark.both_backends
def test_the_database_refuses_to_change_or_delete_audit_rows(db, admin):
    assert AuditLog.select().count() > 0
    with pytest.raises(peewee.DatabaseError, match="append-only"):
        with database.atomic():
            AuditLog.update(action="nothing").execute()
    with pytest.raises(peewee.DatabaseError, match="append-only"):
        with database.atomic():
            AuditLog.delete().execute()
    # Also for anyone who opens the file (or the server) with another tool.
    statements = ["UPDATE audit_log SET actor_id = 99", "DELETE FROM audit_log"]
    if not is_sqlite():  # SQLite has no TRUNCATE; PostgreSQL's skips row triggers
        statements.append("TRUNCATE audit_log")
    for statement in statements:
        with pytest.raises(Exception, match="append-only"):
            backend_db.behind_the_back(statement)
    assert "nothing" not in actions()


@pytest.mark.both_backends
def test_sign_ins_good_and_bad_are_recorded(db):
    auth.create_staff("kim", "Kim Lo", "peer_specialist", "1357")
    auth.sign_in("kim", "0000")
    auth.sign_in("nobody", "1357")
    actor = auth.sign_in("kim", "1357").actor
    auth.sign_out(actor)
    assert actions()[:4] == ["sign_out", "sign_in", "sign_in_failed", "sign_in_failed"]
    # Ids only: the wrong PIN and the unknown username are never written down.
    assert not AuditLog.select().where(AuditLog.detail.contains("nobody") |
                                       AuditLog.detail.contains("0000")).exists()


@pytest.mark.both_backends
def test_views_and_changes_of_a_resident_record_are_recorded(demo_db):
    from peer_tui.models.people import Resident
    from peer_tui.services import concerns, contacts, timeline

    pat = auth.sign_in("pat", "2468").actor
    rid = Resident.select(Resident.id).where(Resident.status == "active").scalar()
    timeline.timeline_page(pat, rid)
    event_id = contacts.log_contact(pat, rid, {"on": date.today(), "note": "Walked"})
    concern_id = concerns.raise_concern(pat, rid, {"severity": "low", "summary": "Tired"})
    concerns.detail(pat, concern_id)
    concerns.add_note(pat, concern_id, "Talked it over")
    newest = audit.recent(5, actor_id=pat.id)
    assert [e.action for e in newest][:5] == [
        "concern_note", "concern_view", "concern_raise", "contact_log", "timeline_view"]
    assert all(e.resident_id == rid for e in newest[:5])
    assert newest[3].record_id == event_id and newest[2].record_id == concern_id


@pytest.mark.both_backends
def test_kiosk_sign_in_is_recorded_for_the_resident(demo_db):
    from peer_tui.services import kiosk_auth

    kiosk_auth.resident_sign_in("1001", "0000")
    who = kiosk_auth.resident_sign_in("1001", "1357").resident
    last, failed = audit.recent(2)
    assert (last.action, last.actor_kind, last.resident_id) == ("kiosk_sign_in", "resident",
                                                                who.id)
    assert failed.action == "kiosk_sign_in_failed"


@pytest.mark.both_backends
@pytest.mark.parametrize("role", ["case_manager", "peer_specialist", "front_desk"])
def test_only_administrators_read_the_audit_log(db, role):
    auth.create_staff("x", "X", role, "1357")
    actor = auth.sign_in("x", "1357").actor
    with pytest.raises(PermissionDenied):
        audit.search(actor)
    with pytest.raises(PermissionDenied):
        audit.action_choices(actor)
    with pytest.raises(PermissionDenied):
        audit.search(None)


def _many_rows(n: int, at: datetime, resident_id: int | None = None) -> None:
    with database.atomic():
        AuditLog.insert_many([
            {"at": at, "actor_kind": "staff", "actor_id": 1, "action": "timeline_view",
             "table_name": "resident", "record_id": resident_id, "resident_id": resident_id}
            for _ in range(n)]).execute()


@pytest.mark.both_backends
def test_search_pages_by_keyset_without_gaps_or_repeats(db, admin):
    # 250 rows sharing one timestamp: the (at, id) key must still page exactly.
    _many_rows(250, datetime(2026, 1, 5, 12, 0), resident_id=7)
    seen, cursor, pages = [], None, 0
    filt = AuditFilter(resident_id=7)
    while True:
        page = audit.search(admin, filt, before=cursor, limit=100)
        seen += [e.id for e in page.rows]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 250
    assert seen == sorted(seen, reverse=True)


@pytest.mark.both_backends
def test_search_filters_by_staff_resident_action_and_dates(db, admin):
    from peer_tui.timeutil import local_to_utc

    day = date(2026, 3, 10)
    noon = local_to_utc(datetime.combine(day, datetime.min.time()) + timedelta(hours=12))
    _many_rows(3, noon, resident_id=4)
    _many_rows(2, noon - timedelta(days=1), resident_id=4)
    _many_rows(1, noon + timedelta(days=1), resident_id=5)
    on_day = audit.search(admin, AuditFilter(date_from=day, date_to=day)).rows
    assert len(on_day) == 3 and {e.resident_id for e in on_day} == {4}
    assert len(audit.search(admin, AuditFilter(resident_id=4)).rows) == 5
    assert len(audit.search(admin, AuditFilter(date_from=day)).rows) >= 4
    assert len(audit.search(admin, AuditFilter(date_to=day - timedelta(days=1),
                                               action="timeline_view")).rows) == 2
    signed = audit.search(admin, AuditFilter(actor_id=admin.id, action="sign_in")).rows
    assert [e.action for e in signed] == ["sign_in"]
    assert "timeline_view" in audit.action_choices(admin)
    with pytest.raises(InvalidInput) as bad:
        audit.search(admin, AuditFilter(date_from=day, date_to=day - timedelta(days=1)))
    assert "date_to" in bad.value.errors


@pytest.mark.both_backends
def test_reading_the_audit_log_is_itself_recorded(db, admin):
    page = audit.search(admin, AuditFilter(resident_id=3, action="sign_in"))
    audit.search(admin, before=(datetime(2100, 1, 1), 1))  # a later page: not again
    views = audit.recent(10, action="audit_view")
    assert len(views) == 1 and views[0].actor_id == admin.id
    assert views[0].resident_id == 3 and "action=sign_in" in views[0].detail
    assert page.rows == [] and not page.has_more





@pytest.mark.both_backends
def test_kiosk_unlock_by_staff_is_recorded(demo_db):
    from peer_tui.services import kiosk_auth

    pat = auth.sign_in("pat", "2468").actor
    assert kiosk_auth.staff_exit("pat", "2468", kiosk_auth.ExitGuard()).staff_id == pat.id
    last = audit.recent(1)[0]
    assert (last.action, last.actor_kind, last.actor_id) == ("kiosk_unlock", "staff", pat.id)


@pytest.mark.both_backends
def test_opening_a_resident_record_is_recorded(demo_db):
    from peer_tui.models.people import Resident
    from peer_tui.services import caseload_query

    frank = auth.sign_in("frank", "2468").actor
    rid = Resident.select(Resident.id).scalar()
    caseload_query.resident_card(frank, rid)
    last = audit.recent(1)[0]
    assert (last.action, last.actor_id, last.resident_id) == ("view", frank.id, rid)


@pytest.mark.both_backends
def test_a_plan_export_is_recorded_and_owner_only(demo_db, tmp_path):
    from peer_tui.models.people import Resident
    from peer_tui.services import plan_document

    pat = auth.sign_in("pat", "2468").actor
    rid = Resident.select(Resident.id).where(Resident.status == "active").scalar()
    path = plan_document.export_plan(pat, rid, "txt", str(tmp_path / "plan.txt"))
    assert path.stat().st_mode & 0o777 == 0o600
    last = audit.recent(1)[0]
    assert (last.action, last.actor_id, last.resident_id) == ("export", pat.id, rid)
    frank = auth.sign_in("frank", "2468").actor
    with pytest.raises(PermissionDenied):
        plan_document.export_plan(frank, rid, "txt", str(tmp_path / "other.txt"))
    assert not (tmp_path / "other.txt").exists()
