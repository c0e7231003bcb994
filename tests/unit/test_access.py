"""Who may do what, enforced in the services (not only hidden in the UI), per role; the idle
lock; owner-only files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import each_raises

from peer_tui.services import audit, auth, concerns, contacts, timeline
from peer_tui.services.errors import InvalidInput, PermissionDenied

ROLES = {"admin": "admin", "case_manager": "casey", "peer_specialist": "pat",
         "front_desk": "frank"}


@pytest.fixture
def house(demo_db):
    """Demo house: an actor per role, an active resident and one open concern of theirs."""
    from peer_tui.models.people import Resident

    actors = {role: auth.sign_in(user, "2468").actor for role, user in ROLES.items()}
    rid = Resident.select(Resident.id).where(Resident.status == "active").scalar()
    concern_id = concerns.raise_concern(actors["case_manager"], rid,
                                        {"severity": "medium", "summary": "Missed curfew"})
    return actors, rid, concern_id


def clinical_reads(actor, rid, concern_id):
    """Every service call that reads plans, notes or concerns."""
    event_id = timeline.timeline_page(auth.Actor(0, "", "", "admin"), rid).rows[0].id
    return [
        lambda: timeline.timeline_page(actor, rid),
        lambda: timeline.event_detail(actor, event_id),
        lambda: timeline.follow_ups_due(actor, date.today()),
        lambda: concerns.queue(actor),
        lambda: concerns.detail(actor, concern_id),
        lambda: contacts.resident_goals(actor, rid),
        lambda: _plan().get_plan(actor, rid),
        lambda: _revisions().revisions(actor, rid),
    ]


def _plan():
    from peer_tui.services import recovery_plan

    return recovery_plan


def _revisions():
    from peer_tui.services import plan_revisions

    return plan_revisions


def note_writes(actor, rid, concern_id):
    """Notes and concerns: clinical staff write them; the front desk does not."""
    from peer_tui.services import groups

    return [
        lambda: concerns.add_note(actor, concern_id, "Spoke with them"),
        lambda: concerns.acknowledge(actor, concern_id),
        lambda: concerns.resolve(actor, concern_id, "Sorted"),
        lambda: concerns.raise_concern(actor, rid, {"severity": "low", "summary": "x"}),
        lambda: contacts.log_contact(actor, rid, {"on": date.today(), "note": "Came by"}),
        lambda: groups.log_group(actor, {"name": "House meeting", "on": date.today(),
                                         "at": "10:00", "attendee_ids": [rid]}),
        lambda: _plan().save_goal(actor, rid, None, {"domain_key": "housing",
                                                     "own_words": "Find a flat"}),
    ]


def resident_management(actor, rid):
    """Add, edit, discharge, readmit, kiosk codes: case managers and administrators."""
    from peer_tui.services import records

    return [
        lambda: records.resident_form(actor, rid),
        lambda: records.update_profile(actor, rid, {"first_name": "Al", "last_name": "B",
                                                    "intake_date": date(2025, 1, 1)}),
        lambda: records.add_resident(actor, {"first_name": "New", "last_name": "Person",
                                             "intake_date": date(2025, 1, 1)}, True),
        lambda: records.set_kiosk_credentials(actor, rid, "77123", "1357"),
        lambda: records.discharge(actor, rid, date.today(), "Moved out", False),
        lambda: records.readmit(actor, rid, date.today(), "2B"),
    ]


def clinical_writes(actor, rid, concern_id):
    return note_writes(actor, rid, concern_id) + resident_management(actor, rid)


def admin_only(actor):
    return [
        lambda: audit.search(actor),
        lambda: audit.action_choices(actor),
        lambda: auth.create_staff("newbie", "New Person", "front_desk", "1357", by=actor),
        lambda: auth.reset_pin("pat", "1357", by=actor),
        lambda: auth.deactivate_staff("sam", by=actor),
    ]


@pytest.mark.both_backends
def test_front_desk_cannot_read_or_change_plans_notes_or_concerns(house):
    actors, rid, concern_id = house
    front = actors["front_desk"]
    each_raises(PermissionDenied, clinical_reads(front, rid, concern_id)
                + clinical_writes(front, rid, concern_id), match="Front-desk")


@pytest.mark.both_backends
def test_front_desk_leaves_a_message_for_staff_as_a_low_concern(house):
    from peer_tui.models.events import Concern, Event

    actors, rid, _ = house
    concern_id = concerns.message_for_staff(actors["front_desk"], rid,
                                            "[b]Asked for[/b] a call back")
    row = Concern.get_by_id(concern_id)
    assert (row.severity, row.source, row.status) == ("low", "desk", "open")
    assert row.summary == "[b]Asked for[/b] a call back"
    event = Event.get(Event.concern == concern_id)
    assert event.summary.startswith("Message from the front desk: ")
    queued = {c.id for c in concerns.queue(actors["case_manager"])}
    assert concern_id in queued
    with pytest.raises(InvalidInput):
        concerns.message_for_staff(actors["front_desk"], rid, "x" * 301)
    with pytest.raises(InvalidInput):
        concerns.message_for_staff(actors["front_desk"], rid, "   ")
    with pytest.raises(PermissionDenied, match="Peer-specialist accounts cannot leave"):
        concerns.message_for_staff(actors["peer_specialist"], rid, "hello")


@pytest.mark.both_backends
@pytest.mark.parametrize("role", ["admin", "case_manager"])
def test_case_managers_and_admins_read_write_and_manage_residents(house, role):
    actors, rid, concern_id = house
    actor = actors[role]
    for call in clinical_reads(actor, rid, concern_id) + clinical_writes(actor, rid, concern_id):
        call()


@pytest.mark.both_backends
def test_peer_specialists_write_notes_but_do_not_manage_residents(house):
    actors, rid, concern_id = house
    pat = actors["peer_specialist"]
    for call in clinical_reads(pat, rid, concern_id) + note_writes(pat, rid, concern_id):
        call()
    each_raises(PermissionDenied, resident_management(pat, rid),
                match="Peer-specialist accounts cannot .* case managers and administrators")


@pytest.mark.both_backends
@pytest.mark.parametrize("role", ["case_manager", "peer_specialist", "front_desk"])
def test_only_admins_manage_staff_and_read_the_audit_log(house, role):
    actors, _, _ = house
    each_raises(PermissionDenied, admin_only(actors[role]), match="administrator")
    assert {s.username for s in auth.list_staff()} >= {"pat", "sam"}  # nothing changed


@pytest.mark.both_backends
def test_admin_may_do_the_admin_things(house):
    actors, _, _ = house
    for call in admin_only(actors["admin"]):
        call()


@pytest.mark.both_backends
def test_nobody_signed_in_can_do_nothing(house):
    _, rid, concern_id = house
    calls = clinical_reads(None, rid, concern_id) + clinical_writes(None, rid, concern_id) + [
        lambda: contacts.log_contact(None, rid, {"on": date.today(), "note": "x"}),
        lambda: audit.search(None)]
    each_raises(PermissionDenied, calls, match="Sign in")


@pytest.mark.both_backends
def test_a_deactivated_account_loses_access_at_the_next_sign_in(house):
    actors, _, _ = house
    auth.deactivate_staff("sam", by=actors["admin"])
    assert auth.sign_in("sam", "2468").actor is None


def test_database_folder_and_backups_are_owner_only_even_with_a_loose_umask(tmp_path):
    import os

    from peer_tui.models.db import close_database
    from peer_tui.services import backup
    from peer_tui.storage import open_and_upgrade

    old = os.umask(0o022)  # a typical login umask: the program must not rely on the CLI's
    try:
        db = tmp_path / "data" / "peer.db"
        open_and_upgrade(str(db))
        made = backup.automatic_backup(keep=2)
        wal = Path(f"{db}-wal")
        assert wal.exists() and wal.stat().st_mode & 0o777 == 0o600  # the WAL holds data too
        close_database()
    finally:
        os.umask(old)
    assert db.stat().st_mode & 0o777 == 0o600
    assert db.parent.stat().st_mode & 0o777 == 0o700
    assert made.stat().st_mode & 0o777 == 0o600
    assert made.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.both_backends
def test_front_desk_sees_the_profile_card_without_health_details(house):
    from peer_tui.services import caseload_query

    actors, rid, _ = house
    front = caseload_query.resident_card(actors["front_desk"], rid)
    full = caseload_query.resident_card(actors["case_manager"], rid)
    assert front.name == full.name and front.date_of_birth is None
    assert full.date_of_birth is not None
    with pytest.raises(PermissionDenied):
        caseload_query.resident_card(None, rid)
