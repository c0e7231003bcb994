"""Houses as a boundary, enforced in the services: staff of one house cannot read or change a
resident of another, lists show the current house, a kiosk serves one house, and a transfer
is on the resident's timeline and in the audit log. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from peewee import IntegrityError

from peer_tui.models.audit import AuditLog
from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.events import Event
from peer_tui.models.people import House, Resident
from peer_tui.services import (
    assessments, attendance, audit, auth, caseload_query, concerns, consent_document, consents,
    contacts, disclosures, goal_updates, groups, handoff_report, house, house_scope, interviews,
    kiosk_auth, plan_document, plan_revisions, program_report, records, recovery_plan,
    referrals, timeline, transfer,
)
from peer_tui.services.errors import InvalidInput, NotFound, PermissionDenied
from peer_tui.services.pins import hash_pin
from peer_tui.services.report_scope import Period
from peer_tui.settings import get_settings

pytestmark = pytest.mark.both_backends

PIN = "2468"


@pytest.fixture
def org(two_houses):
    return two_houses


def pat(org):
    return auth.sign_in("pat", PIN).actor


def reads(actor, org):
    """Every service call that reads one resident of house B (or a row of theirs)."""
    rid = org["b"]
    return {
        "resident card": lambda: caseload_query.resident_card(actor, rid),
        "caseload row": lambda: caseload_query.caseload_row(actor, rid),
        "timeline page": lambda: timeline.timeline_page(actor, rid),
        "timeline list": lambda: timeline.timeline_window(actor, rid),
        "timeline block": lambda: timeline.timeline_block(actor, rid, None, 100),
        "timeline position": lambda: timeline.timeline_position(
            actor, rid, None, timeline.cursor_for_date(date.today())),
        "timeline entry": lambda: timeline.event_detail(actor, org["event_b"]),
        "jump to an entry": lambda: timeline.cursor_at_event(actor, org["event_b"]),
        "concern detail": lambda: concerns.detail(actor, org["concern_b"]),
        "plan": lambda: recovery_plan.get_plan(actor, rid),
        "plan history": lambda: plan_revisions.revisions(actor, rid),
        "plan history diff": lambda: plan_revisions.diff(actor, rid, 1, 1),
        "goals for a contact": lambda: contacts.resident_goals(actor, rid),
        "goal updates": lambda: goal_updates.pending(actor, rid),
        "meetings attended": lambda: attendance.meeting_counts(actor, rid),
        "referrals": lambda: referrals.resident_referrals(actor, rid),
        "a referral": lambda: referrals.get_referral(actor, org["referral_b"]),
        "referral form": lambda: referrals.form_choices(actor, rid),
        "consents": lambda: consents.list_consents(actor, rid),
        "a consent": lambda: consents.get_consent(actor, org["consent_b"]),
        "consents in effect": lambda: consents.consents_in_effect(actor, rid),
        "disclosure check": lambda: disclosures.authorize(actor, rid, {
            "consent_id": org["consent_b"], "recipient": "Dana Officer",
            "purpose": "Probation compliance"}),
        "accounting of disclosures": lambda: disclosures.accounting(actor, rid),
        "BARC-10 history": lambda: assessments.barc_history(actor, rid),
        "follow-up interviews": lambda: interviews.where_they_stand(
            actor, rid, get_settings().followup_points),
        "the resident's house": lambda: house_scope.resident_house_name(actor, rid),
    }


def writes(actor, org):
    """Every service call that changes one resident of house B (or a row of theirs)."""
    rid = org["b"]
    return {
        "log a contact": lambda: contacts.log_contact(actor, rid, {
            "on": date.today(), "at": "11:00", "note": "x"}),
        "raise a concern": lambda: concerns.raise_concern(actor, rid, {
            "severity": "low", "summary": "x"}),
        "concern note": lambda: concerns.add_note(actor, org["concern_b"], "x"),
        "acknowledge a concern": lambda: concerns.acknowledge(actor, org["concern_b"]),
        "resolve a concern": lambda: concerns.resolve(actor, org["concern_b"], "done"),
        "add a goal": lambda: recovery_plan.save_goal(actor, rid, None, {
            "domain_key": "housing", "own_words": "x"}),
        "void an entry": lambda: timeline.void_event(actor, org["event_b"], "wrong person"),
        "follow-up done": lambda: timeline.complete_follow_up(actor, org["event_b"]),
        "confirm a goal update": lambda: goal_updates.confirm(actor, org["proposal_b"]),
        "decline a goal update": lambda: goal_updates.decline(actor, org["proposal_b"]),
        "group note": lambda: groups.log_group(actor, {
            "on": date.today(), "at": "18:00", "name": "House meeting",
            "attendee_ids": [rid]}),
        "make a referral": lambda: referrals.make_referral(actor, rid, {
            "provider_name": "Clinic", "domain_key": "housing", "method": "self_refer",
            "made_on": date.today()}),
        "move a referral": lambda: referrals.move_referral(actor, org["referral_b"], {
            "stage": "contacted", "on": date.today()}),
        "draw up a consent": lambda: consents.save_consent(actor, rid, {
            "recipient": "Court", "recipient_kind": "court", "purposes": "Hearing",
            "information": "Attendance", "substance_use_info": "None",
            "discloser": "The program",
            "expires_on": date.today() + timedelta(days=30), "revoke_how": "In writing."}),
        "revoke a consent": lambda: consents.revoke_consent(actor, org["consent_b"], {
            "on": date.today()}),
        "record a BARC-10": lambda: assessments.record_barc(actor, rid, [4] * 10),
        "record a follow-up interview": lambda: interviews.record_interview(
            actor, rid, "intake", date.today(), get_settings().followup_points),
    }


MANAGE = {
    "edit form": lambda actor, rid: records.resident_form(actor, rid),
    "edit profile": lambda actor, rid: records.update_profile(actor, rid, {
        "first_name": "Benjamin", "last_name": "Doe"}),
    "kiosk code": lambda actor, rid: records.set_kiosk_credentials(actor, rid, "2002", "1357"),
    "discharge": lambda actor, rid: records.discharge(actor, rid, date.today(), "moved"),
    "transfer": lambda actor, rid: transfer.transfer(actor, rid, Resident.get_by_id(
        rid).house_id),
}


NO_IDS = {"b": 0, "event_b": 0, "concern_b": 0, "proposal_b": 0, "referral_b": 0,
          "consent_b": 0}


@pytest.mark.parametrize("name", list(reads(None, NO_IDS)))
def test_a_peer_specialist_of_house_a_cannot_read_a_resident_of_house_b(org, name):
    actor = pat(org)
    with pytest.raises(NotFound):
        reads(actor, org)[name]()
    mine = reads(actor, {**org, "b": org["a"], "event_b": org["event_a"],
                         "concern_b": org["concern_a"], "referral_b": org["referral_a"],
                         "consent_b": org["consent_a"]})
    mine[name]()  # the same call for their own house's resident works


@pytest.mark.parametrize("name", list(writes(None, NO_IDS)))
def test_a_peer_specialist_of_house_a_cannot_change_a_resident_of_house_b(org, name):
    actor = pat(org)
    before = (Event.select().count(), AuditLog.select().count())
    with pytest.raises((NotFound, InvalidInput)):  # a group's attendee: "no longer exists"
        writes(actor, org)[name]()
    assert (Event.select().count(), AuditLog.select().count()) == before  # nothing half-kept
    mine = writes(actor, {**org, "b": org["a"], "event_b": org["event_a"],
                          "concern_b": org["concern_a"], "proposal_b": org["proposal_a"],
                          "referral_b": org["referral_a"], "consent_b": org["consent_a"]})
    mine[name]()  # the same change for their own house's resident is made


@pytest.mark.parametrize("name", list(MANAGE))
def test_a_case_manager_working_in_house_a_cannot_manage_a_resident_of_house_b(org, name):
    casey = house_scope.switch(auth.sign_in("casey", PIN).actor, org["a"])
    with pytest.raises(NotFound):
        MANAGE[name](casey, org["b"])


def test_lists_show_the_current_house_only(org):
    actor = pat(org)
    names = {r.name for r in caseload_query.caseload_page(
        actor, caseload_query.CaseloadFilter(status="all")).rows}
    assert names == {"Ana Doe"}
    attention = caseload_query.caseload_page(
        actor, caseload_query.CaseloadFilter(needs_attention=True)).rows
    assert {r.id for r in attention} <= {org["a"]}
    assert {c.resident_id for c in concerns.queue(actor)} == {org["a"]}
    assert {c.id for c in groups.attendee_choices(actor)} == {org["a"]}
    due = timeline.follow_ups_due(actor, date.today() + timedelta(days=1))
    assert {f.resident_id for f in due} == {org["a"]}
    handoff = handoff_report.since(actor, since_at=utcnow() - timedelta(days=1))
    text = "\n".join(line for s in handoff.sections for line in s.lines)
    assert "Ana" in text and "Ben" not in text
    from peer_tui.services import alerts

    assert {v.resident_id for v in referrals.house_referrals(actor)} == {org["a"]}
    assert {v.resident_id for v in referrals.checks_due(actor, date.today())} == {org["a"]}
    assert alerts.urgent_unacknowledged_count(actor) == 1  # house A's urgent concern only
    assert alerts.urgent_unacknowledged_count() == 2


def test_switching_house_changes_what_a_two_house_case_manager_sees(org):
    casey = auth.sign_in("casey", PIN).actor
    assert casey.house_id == org["a"] and casey.house_name == "Harbor House"
    assert [c.name for c in house_scope.choices(casey)] == ["Harbor House", "Cedar House"]
    page = lambda a: {r.name for r in caseload_query.caseload_page(  # noqa: E731
        a, caseload_query.CaseloadFilter()).rows}
    assert page(casey) == {"Ana Doe"}
    cedar = house_scope.next_house(casey)
    assert cedar.house_name == "Cedar House" and page(cedar) == {"Ben Doe"}
    assert house_scope.next_house(cedar).house_id == org["a"]  # round again
    with pytest.raises(PermissionDenied):
        house_scope.switch(casey, None)  # the whole organisation is for administrators
    with pytest.raises(PermissionDenied):
        house_scope.next_house(pat(org))  # one house: nothing to switch to


def test_an_administrator_sees_every_house_with_the_house_as_a_filter(org):
    admin = auth.sign_in("admin", PIN).actor
    assert admin.house_id is None and admin.house_name == "All houses"
    names = {r.name for r in caseload_query.caseload_page(
        admin, caseload_query.CaseloadFilter()).rows}
    assert names == {"Ana Doe", "Ben Doe"}
    assert [c.name for c in house_scope.choices(admin)][-1] == "All houses"
    cedar = house_scope.switch(admin, org["b"])
    assert {r.name for r in caseload_query.caseload_page(
        cedar, caseload_query.CaseloadFilter()).rows} == {"Ben Doe"}
    # The audit screen follows the house too: rows about Ana are not in Cedar House's view.
    seen = {e.resident_id for e in audit.search(cedar).rows}
    assert org["a"] not in seen and org["b"] in seen
    assert org["a"] in {e.resident_id for e in audit.search(admin).rows}


def test_a_kiosk_serves_one_house_and_codes_are_unique_per_house(org):
    ana = kiosk_auth.resident_sign_in("1001", "1357", house_id=org["a"])
    ben = kiosk_auth.resident_sign_in("1001", "1357", house_id=org["b"])
    assert ana.resident.id == org["a"] and ben.resident.id == org["b"]
    # A code that exists only in house B is, at house A's kiosk, just a code that did not work.
    Resident.update(kiosk_code="7777").where(Resident.id == org["b"]).execute()
    other = kiosk_auth.resident_sign_in("7777", "1357", house_id=org["a"])
    assert other.resident is None and other.message == kiosk_auth.REFUSED
    # Setting a code checks the resident's own house only.
    casey = house_scope.switch(auth.sign_in("casey", PIN).actor, org["a"])
    records.set_kiosk_credentials(casey, org["a"], "7777", "1357")
    with pytest.raises(InvalidInput, match="in use"):
        records.set_kiosk_credentials(
            casey, records.add_resident(casey, {"first_name": "Cy", "last_name": "Doe", "status": "waitlist"}),
            "7777", "1357")
    with pytest.raises(IntegrityError):  # and the database itself refuses a second one
        with database.atomic():
            Resident.create(first_name="Di", last_name="Doe", house=org["a"], kiosk_code="7777")


def test_a_transfer_moves_the_resident_and_is_on_the_timeline_and_audited(org):
    casey = auth.sign_in("casey", PIN).actor  # Harbor House
    assert [d.name for d in transfer.destinations(casey, org["a"])] == ["Cedar House"]
    done = transfer.transfer(casey, org["a"], org["b"], room="2B")
    assert done.house_name == "Cedar House"
    assert not done.kept_kiosk_code  # 1001 is Ben's in Cedar House: cleared
    assert "peer specialist" not in done.unassigned  # nobody was assigned
    ana = Resident.get_by_id(org["a"])
    assert (ana.house_id, ana.room, ana.kiosk_code) == (org["b"], "2B", None)
    entry = Event.select().where(Event.resident == org["a"]).order_by(Event.id.desc()).get()
    assert entry.summary.startswith("Transferred from Harbor House to Cedar House, room 2B")
    row = AuditLog.select().where(AuditLog.action == "transfer").get()
    assert row.resident_id == org["a"] and row.detail == f"house {org['a']} to {org['b']}"
    # Now Ana is Cedar House's: pat (Harbor House) no longer finds her; sam does.
    with pytest.raises(NotFound):
        caseload_query.resident_card(pat(org), org["a"])
    assert caseload_query.resident_card(auth.sign_in("sam", PIN).actor, org["a"]).name
    with pytest.raises(NotFound):  # and casey, still working in Harbor House, neither
        transfer.transfer(casey, org["a"], org["a"])


def test_a_transfer_is_for_case_managers_and_administrators(org):
    with pytest.raises(PermissionDenied):
        transfer.transfer(pat(org), org["a"], org["b"])


def test_the_peer_specialist_who_does_not_work_in_the_new_house_is_unassigned(org):
    Resident.update(peer_specialist=auth.staff_info("pat").id).where(
        Resident.id == org["a"]).execute()
    done = transfer.transfer(auth.sign_in("casey", PIN).actor, org["a"], org["b"])
    assert done.unassigned == ("peer specialist",)
    assert Resident.get_by_id(org["a"]).peer_specialist_id is None


def test_new_staff_join_a_house(org):
    casey = house_scope.switch(auth.sign_in("casey", PIN).actor, org["b"])
    info = auth.create_staff("robin", "Robin Lee", "peer_specialist", PIN,
                             by=auth.sign_in("admin", PIN).actor, houses=[org["b"]])
    robin = auth.sign_in(info.username, PIN).actor
    assert robin.house_ids == (org["b"],) and robin.house_id == org["b"]
    assert casey.house_id == org["b"]


def test_a_new_resident_joins_the_current_house(org):
    casey = house_scope.switch(auth.sign_in("casey", PIN).actor, org["b"])
    rid = records.add_resident(casey, {"first_name": "Cai", "last_name": "Lee", "status": "waitlist"})
    assert Resident.get_by_id(rid).house_id == org["b"]
    admin = auth.sign_in("admin", PIN).actor  # all houses: which one is not known
    with pytest.raises(InvalidInput, match="Choose a house"):
        records.add_resident(admin, {"first_name": "Dee", "last_name": "Lee", "status": "waitlist"})


def test_the_demo_is_one_house_on_sqlite_and_three_on_postgres(db, backend):
    from peer_tui import demo

    assert "in 3 houses" in demo.populate() or backend == "sqlite"
    houses = [name for (name,) in House.select(House.name).order_by(House.id).tuples()]
    if backend == "sqlite":
        assert houses == ["Harbor House"]
    else:
        assert houses == ["Harbor House", "Cedar House", "Maple House"]
        casey, pat_ = auth.sign_in("casey", PIN).actor, auth.sign_in("pat", PIN).actor
        assert len(house_scope.choices(casey)) == 3 and len(house_scope.choices(pat_)) == 1
        # Every demo resident's peer specialist works in the resident's house.
        for resident in Resident.select().where(Resident.peer_specialist.is_null(False)):
            staff = auth.sign_in(resident.peer_specialist.username, PIN).actor
            assert resident.house_id in staff.house_ids
        # Each house's kiosk knows its own residents' codes and no others.
        harbor, cedar = (House.get(House.name == n).id for n in houses[:2])
        assert kiosk_auth.resident_sign_in("1001", "1357", house_id=harbor).resident
        assert kiosk_auth.resident_sign_in("1002", "1357", house_id=harbor).resident is None
        assert kiosk_auth.resident_sign_in("1002", "1357", house_id=cedar).resident


def test_a_kiosk_is_started_for_a_named_house(org):
    from peer_tui.services.house import house_named

    assert house_named("cedar  house") == (org["b"], "Cedar House")
    with pytest.raises(ValueError, match="several houses: name one with --house"):
        house_named("")
    with pytest.raises(ValueError, match="no house called 'Elm'.*Harbor House, Cedar House"):
        house_named("Elm")


def test_an_upgrade_puts_everyone_in_the_house_of_a_one_house_database(db):
    """Migration 14 on a database that already had staff and one house."""
    from peer_tui.models import migrations
    from peer_tui.models.people import StaffHouse

    house = House.create(name="Harbor House").id
    auth.create_staff("pat", "Pat Okafor", "peer_specialist", PIN, houses=[])
    auth.create_staff("casey", "Casey Nguyen", "case_manager", PIN, houses=[])
    assert StaffHouse.select().count() == 0
    migrations.MIGRATIONS[14](migrations._migrator())
    assert {(s.staff.username, s.house_id) for s in StaffHouse.select()} == {
        ("pat", house), ("casey", house)}
    House.create(name="Cedar House")  # a second house later leaves them in the first
    assert auth.sign_in("pat", PIN).actor.house_ids == (house,)


@pytest.mark.parametrize("driver_says", [
    "connection to server at \"127.0.0.1\", port 5432 failed: Connection refused\n\tIs the "
    "server running on that host and accepting TCP/IP connections?",
    "server closed the connection unexpectedly\n\tThis probably means the server terminated "
    "abnormally",
    "terminating connection due to administrator command",
])
def test_a_server_that_went_away_is_said_in_words_and_nothing_typed_is_lost(driver_says):
    from peer_tui.models.db import describe_error

    message = describe_error(Exception(driver_says), "The database")
    assert message.startswith("The database server cannot be reached")
    assert "nothing was saved" in message and "What you typed is kept" in message


def _house(name: str) -> int:
    return House.get(House.name == name).id


THIS_MONTH = Period(date.today().replace(day=1), date.today())


def test_a_house_report_counts_that_house_only(org):
    """Ana lives in Harbor House, Ben in Cedar House: each house's report serves one, the
    organisation's both."""
    admin = auth.sign_in("admin", PIN).actor

    def served(house_id):
        return program_report.program_report(admin, THIS_MONTH, house_id).section(
            "residents").value("served")

    assert (served(_house("Harbor House")), served(_house("Cedar House")), served(None)) == (
        1, 1, 2)
    cedar = program_report.program_report(admin, THIS_MONTH, _house("Cedar House"))
    assert cedar.house == "Cedar House"
    assert cedar.section("concerns").value("concerns_raised") == 1  # Ben's, not Ana's


def test_a_report_is_only_for_a_house_one_works_in(org):
    """A case manager of Harbor House alone is refused Cedar House and the whole organisation;
    casey works in both (every house), so the organisation's report is hers too."""
    auth.create_staff("cora", "Cora Diaz", "case_manager", PIN, houses=[_house("Harbor House")])
    cora = auth.sign_in("cora", PIN).actor
    harbor = program_report.program_report(cora, THIS_MONTH, _house("Harbor House"))
    assert harbor.house == "Harbor House"
    with pytest.raises(PermissionDenied, match="You do not work in Cedar House"):
        program_report.program_report(cora, THIS_MONTH, _house("Cedar House"))
    with pytest.raises(PermissionDenied, match="every house: choose one of yours "
                                               r"\(Harbor House\)"):
        program_report.program_report(cora, THIS_MONTH, None)
    with pytest.raises(PermissionDenied):  # the export asks the same question
        program_report.export_report(cora, THIS_MONTH, _house("Cedar House"), "csv",
                                     "unused.csv")
    casey = auth.sign_in("casey", PIN).actor
    assert program_report.program_report(casey, THIS_MONTH, None).house == "All houses"


def test_documents_name_the_residents_house_not_the_first(org, tmp_path):
    """Ben lives in Cedar House (the second): his consent, plan and accounting of disclosures
    are printed under Cedar House."""
    casey = house_scope.switch(auth.sign_in("casey", PIN).actor, _house("Cedar House"))
    printed = [
        consent_document.consent_document(casey, org["consent_b"], "txt",
                                          str(tmp_path / "consent.txt")),
        plan_document.export_plan(casey, org["b"], "txt", str(tmp_path / "plan.txt")),
        disclosures.accounting_document(casey, org["b"], "txt", str(tmp_path / "acc.txt")),
    ]
    for path in printed:
        text = open(path, encoding="utf-8").read()
        assert "Cedar House" in text and "Harbor House" not in text, path


def test_the_sign_in_names_the_computers_house(org):
    assert house.computer_house_name("cedar house") == "Cedar House"
    assert house.computer_house_name("") == ""  # several houses, none named: not the first
    assert house.computer_house_name("Elm House") == ""
