"""Contacts and group notes: validation, one transaction, last contact, roles (services)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Event, GroupSession
from peer_tui.models.people import House, Resident
from peer_tui.models.plans import Domain, Goal, RecoveryPlan
from peer_tui.services import contacts, groups, timeline
from peer_tui.services.errors import InvalidInput, PermissionDenied

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL


@pytest.fixture
def house(db):
    return House.create(name="Test House")


@pytest.fixture
def residents(house):
    return [Resident.create(first_name=f"R{i}", last_name="Doe", house=house).id
            for i in range(6)]


def test_contact_with_roles_goal_and_follow_up(admin, residents):
    rid = residents[0]
    plan = RecoveryPlan.create(resident=rid)
    goal = Goal.create(plan=plan, domain=Domain.select().first(), own_words="Find work")
    assert [g.label for g in contacts.resident_goals(admin, rid)] == ["Find work"]
    event_id = contacts.log_contact(admin, rid, {
        "on": date.today(), "at": "9:05", "channel": "phone", "duration_minutes": 20,
        "note": "Called about the interview.\nWill call back Friday.",
        "roles": ["motivator", "planner"], "goal_ids": [goal.id],
        "follow_up_on": date.today() + timedelta(days=3)})
    detail = timeline.event_detail(admin, event_id)
    assert detail.summary == "Called about the interview."
    assert detail.roles == ["Motivator", "Planner"] and detail.goals == ["Find work"]
    assert detail.channel_label == "Phone" and detail.duration_minutes == 20
    resident = Resident.get_by_id(rid)
    assert resident.summary_last_contact_at == detail.occurred_at
    assert resident.summary_next_follow_up == date.today() + timedelta(days=3)
    assert AuditLog.select().where(AuditLog.action == "contact_log").count() == 1


@pytest.mark.parametrize("data, field", [
    ({"note": ""}, ""),
    ({"channel": "pigeon"}, "channel"),
    ({"duration_minutes": 0}, "duration_minutes"),
    ({"duration_minutes": "lots"}, "duration_minutes"),
    ({"at": "7pm"}, "at"),
    ({"roles": ["wizard"]}, "roles"),
    ({"note": "ok\x1b[31m"}, "note"),
    ({"follow_up_on": date(2000, 1, 1)}, ""),
])
def test_bad_contacts_are_refused_with_a_field_message(admin, residents, data, field):
    base = {"on": date.today(), "at": "10:00", "note": "Chat"}
    base.update(data)
    with pytest.raises(InvalidInput) as info:
        contacts.log_contact(admin, residents[0], base)
    assert field in info.value.errors
    assert Event.select().count() == 0


def test_goals_of_another_resident_cannot_be_linked(admin, residents):
    plan = RecoveryPlan.create(resident=residents[1])
    other = Goal.create(plan=plan, domain=Domain.select().first(), own_words="Not yours")
    with pytest.raises(InvalidInput):
        contacts.log_contact(admin, residents[0], {"on": date.today(), "note": "x",
                                                    "goal_ids": [other.id]})
    assert Event.select().count() == 0


def test_front_desk_cannot_write_contact_notes_or_read_goals(desk, residents):
    with pytest.raises(PermissionDenied, match="Front-desk accounts cannot log a contact"):
        contacts.log_contact(desk, residents[0], {"on": date.today(), "note": "Dropped by"})
    assert Event.select().count() == 0
    with pytest.raises(PermissionDenied):
        contacts.resident_goals(desk, residents[0])
    with pytest.raises(PermissionDenied):
        contacts.log_contact(None, residents[0], {"on": date.today(), "note": "x"})


def test_markup_in_a_note_is_stored_literally(admin, residents):
    note = "[/]Zed [@click=app.quit]x[/] [b]bold"
    event_id = contacts.log_contact(admin, residents[0], {"on": date.today(), "note": note})
    assert timeline.event_detail(admin, event_id).note == note


def test_group_note_for_five_residents_is_one_transaction(admin, residents):
    picked = residents[:5]
    result = groups.log_group(admin, {
        "name": "SMART Recovery", "on": date.today(), "at": "18:30", "topic": "Urges",
        "note": "Good session.", "facilitator_id": admin.id, "attendee_ids": picked,
        "addenda": {picked[1]: "Shared for the first time."}})
    assert len(result.event_ids) == 5 and GroupSession.select().count() == 1
    for rid in picked:
        row = timeline.timeline_page(admin, rid).rows[0]
        assert row.kind == "group" and row.summary == "SMART Recovery: Urges"
        assert Resident.get_by_id(rid).summary_last_contact_at is not None
    assert "first time" in timeline.event_detail(admin, result.event_ids[1]).note
    assert "first time" not in timeline.event_detail(admin, result.event_ids[0]).note
    assert Resident.get_by_id(residents[5]).summary_last_contact_at is None


def test_a_failed_group_leaves_nothing_behind(admin, residents):
    with pytest.raises(InvalidInput):
        groups.log_group(admin, {"name": "House meeting", "on": date.today(),
                                 "attendee_ids": [residents[0], 99999]})
    with pytest.raises(InvalidInput) as info:
        groups.log_group(admin, {"name": " ", "on": date.today(), "attendee_ids": []})
    assert {"name", "attendee_ids"} <= set(info.value.errors)
    assert Event.select().count() == 0 and GroupSession.select().count() == 0


def test_attendee_choices_are_active_residents(admin, residents):
    Resident.update(status="discharged").where(Resident.id == residents[0]).execute()
    ids = [a.id for a in groups.attendee_choices(admin)]
    assert residents[0] not in ids and residents[1] in ids
