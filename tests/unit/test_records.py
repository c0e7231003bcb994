"""Resident records: admit, duplicates, edit, assign, kiosk sign-in, discharge, readmit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import each_raises

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.services import auth, records
from peer_tui.services.errors import InvalidInput, PermissionDenied
from peer_tui.services.pins import verify_pin

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL

TODAY = date.today()


def person(**over):
    data = dict(first_name="Ana", last_name="Silva", intake_date=TODAY, room="2A")
    data.update(over)
    return data


def events(resident_id):
    return [e.summary for e in Event.select().where(Event.resident == resident_id,
                                                    Event.kind == "status_change")]


def test_admit_writes_event_and_audit(admin):
    rid = records.add_resident(admin, person(pronouns="she/her"))
    r = Resident.get_by_id(rid)
    assert (r.first_name, r.status, r.room) == ("Ana", "active", "2A")
    assert events(rid) == ["Admitted (record created)"]
    assert AuditLog.select().where(AuditLog.action == "create",
                                   AuditLog.record_id == rid).exists()


@pytest.mark.parametrize("field,value,message", [
    ("first_name", "", "Required."),
    ("first_name", "   ", "Required."),
    ("last_name", "x" * 10_000, "Too long: at most 100 characters."),
    ("first_name", "Ana\x1b[31m", "Must not contain control characters."),
    ("room", "r" * 41, "Too long: at most 40 characters."),
    ("date_of_birth", TODAY + timedelta(days=1), "Date of birth must be in the past"),
    ("peer_specialist_id", 999, "Choose an active staff member"),
    ("intake_date", date(1, 1, 1), "Use a date between 1900 and 2200"),
])
def test_bad_input_saves_nothing(admin, field, value, message):
    with pytest.raises(InvalidInput) as info:
        records.add_resident(admin, person(**{field: value}))
    assert info.value.errors[field].startswith(message)
    assert Resident.select().count() == 0


def test_active_needs_an_intake_date_but_waitlist_does_not(admin):
    with pytest.raises(InvalidInput) as info:
        records.add_resident(admin, person(intake_date=None))
    assert "intake date" in info.value.errors[""]
    rid = records.add_resident(admin, person(intake_date=None, status="waitlist"))
    assert events(rid) == ["Added to the waitlist (record created)"]


def test_markup_and_non_ascii_names_are_kept_as_typed(admin):
    rid = records.add_resident(admin, person(first_name="[/]Zed", last_name="Ødegaard-Nguyễn",
                                             preferred_name="[@click=app.quit]x"))
    r = Resident.get_by_id(rid)
    assert (r.first_name, r.last_name, r.preferred_name) == (
        "[/]Zed", "Ødegaard-Nguyễn", "[@click=app.quit]x")


def test_possible_duplicates_are_shown_before_saving(admin):
    records.add_resident(admin, person(date_of_birth=date(1990, 4, 2)))
    with pytest.raises(records.PossibleDuplicate) as info:
        records.add_resident(admin, person(first_name="ana", last_name="SILVA"))
    assert "Ana Silva, born 1990-04-02, room 2A, active" in info.value.matches
    with pytest.raises(records.PossibleDuplicate):  # same last name and birth date
        records.add_resident(admin, person(first_name="Anna", date_of_birth=date(1990, 4, 2)))
    assert Resident.select().count() == 1
    records.add_resident(admin, person(), confirm_duplicate=True)
    assert Resident.select().count() == 2


def test_edit_and_assign_record_the_changed_fields(admin):
    pat = auth.create_staff("pat", "Pat O", "peer_specialist", "2468")
    rid = records.add_resident(admin, person())
    changed = records.update_profile(admin, rid, person(room="3B", peer_specialist_id=pat.id))
    assert changed == ["room", "peer_specialist_id"]
    assert Resident.get_by_id(rid).peer_specialist_id == pat.id
    assert "moved to room 3B" in events(rid)[-1]
    row = AuditLog.select().where(AuditLog.action == "update").get()
    assert row.detail == "room,peer_specialist_id" and "3B" not in row.detail
    assert records.update_profile(admin, rid, person(room="3B", peer_specialist_id=pat.id)) == []


def test_kiosk_credentials(admin):
    first = records.add_resident(admin, person())
    second = records.add_resident(admin, person(first_name="Bo", last_name="Lee"))
    records.set_kiosk_credentials(admin, first, "2001", "1357")
    r = Resident.get_by_id(first)
    assert r.kiosk_code == "2001" and verify_pin("1357", r.kiosk_pin_hash)
    with pytest.raises(InvalidInput, match="in use"):
        records.set_kiosk_credentials(admin, second, "2001", "1357")
    with pytest.raises(InvalidInput):
        records.set_kiosk_credentials(admin, second, "20a1", "1357")


def test_discharge_and_readmit(admin):
    rid = records.add_resident(admin, person(intake_date=TODAY - timedelta(days=30)))
    records.set_kiosk_credentials(admin, rid, "2001", "1357")
    with pytest.raises(InvalidInput) as info:
        records.discharge(admin, rid, TODAY - timedelta(days=40), "moved")
    assert "Before the intake date" in info.value.errors["on"]
    with pytest.raises(InvalidInput):
        records.discharge(admin, rid, TODAY, "   ")
    records.discharge(admin, rid, TODAY, "Moved to own flat")
    r = Resident.get_by_id(rid)
    assert (r.status, r.discharge_reason, r.kiosk_code) == ("discharged", "Moved to own flat",
                                                            None)
    with pytest.raises(InvalidInput, match="Already discharged"):
        records.discharge(admin, rid, TODAY, "again")
    records.readmit(admin, rid, TODAY, room="4C")
    r = Resident.get_by_id(rid)
    assert (r.status, r.room, r.discharge_date) == ("active", "4C", None)
    assert events(rid)[-2:] == [f"Discharged on {TODAY.isoformat()}: Moved to own flat",
                                f"Readmitted on {TODAY.isoformat()}"]
    assert {a.action for a in AuditLog.select()} >= {"discharge", "readmit"}


def test_front_desk_cannot_be_assigned_and_old_dates_are_refused(admin):
    frank = auth.create_staff("frank", "Frankie", "front_desk", "2468")
    with pytest.raises(InvalidInput):
        records.add_resident(admin, person(peer_specialist_id=frank.id))
    rid = records.add_resident(admin, person())
    with pytest.raises(InvalidInput):
        records.discharge(admin, rid, date(1, 1, 1), "moved")


def test_front_desk_cannot_change_records(admin):
    rid = records.add_resident(admin, person())
    auth.create_staff("frank", "Frankie", "front_desk", "2468")
    frank = auth.sign_in("frank", "2468").actor
    each_raises(PermissionDenied, [
        lambda: records.add_resident(frank, person(first_name="X")),
        lambda: records.update_profile(frank, rid, person(room="9")),
        lambda: records.discharge(frank, rid, TODAY, "x"),
        lambda: records.set_kiosk_credentials(frank, rid, "3001", "1357"),
    ])
