"""The roles table of the design brief (section 7) as a test: every service that reads or
changes resident data, called by every role (and by nobody signed in), allowed or refused per
cell. A refused call raises PermissionDenied and leaves every table as it was; an allowed read
changes nothing; an allowed write changes something. Each role starts from the same house
(each call runs in a transaction that is rolled back).

A new service that takes an actor must get a row here: the last test lists the services of
the program and fails on one that is in neither MATRIX nor NOT_RESIDENT_DATA.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date, datetime, timedelta

import pytest

from peer_tui.models.db import database
from peer_tui.services.auth import Actor
from peer_tui.services.errors import PermissionDenied

ALL = {"admin", "case_manager", "peer_specialist", "front_desk"}
CLINICAL = {"admin", "case_manager", "peer_specialist"}  # plans, timeline, notes, concerns
MANAGE = {"admin", "case_manager"}  # add, edit, discharge residents; kiosk codes
ADMIN = {"admin"}  # staff accounts, audit log
DESK = {"front_desk"}  # "message for staff": the front desk's way to raise something
ROLES = ("admin", "case_manager", "peer_specialist", "front_desk", None)
USERS = {"admin": "admin", "case_manager": "casey", "peer_specialist": "pat",
         "front_desk": "frank"}

READ, WRITE = "read", "write"

#: A disclosure the rule always permits (42 CFR 2.51), so that who may disclose is what differs.
EMERGENCY = {"emergency": True, "recipient": "County General emergency department",
             "purpose": "treatment", "emergency_reason": "Unresponsive, suspected overdose"}


def consent_data(**changes) -> dict:
    """A consent with every element of 42 CFR 2.31."""
    data = {"recipient": "Officer Dana Reyes, County Probation Office",
            "recipient_kind": "probation", "purposes": "Probation compliance",
            "information": "Attendance and the recovery plan",
            "substance_use_info": "Whether I attend treatment",
            "discloser": "Harbor House peer recovery program",
            "expires_on": date.today() + timedelta(days=180),
            "revoke_how": "In writing or by telling any staff member."}
    data.update(changes)
    return data


def _points():
    from peer_tui.settings import Settings

    return Settings().followup_points


#: service -> (who may, read or write, the call given an actor and the house's ids).
MATRIX = {
    # caseload rows: every role (the front desk without clinical columns, tested below)
    "caseload_query.caseload_page": (ALL, READ, lambda s, a, h: s.caseload_page(
        a, s.CaseloadFilter())),
    "caseload_query.caseload_window": (ALL, READ, lambda s, a, h: s.caseload_window(
        a, s.CaseloadFilter())),
    "caseload_query.caseload_block": (ALL, READ, lambda s, a, h: s.caseload_block(
        a, s.CaseloadFilter(), None, 0)),
    "caseload_query.caseload_row": (ALL, READ, lambda s, a, h: s.caseload_row(a, h["rid"])),
    "caseload_query.assigned_count": (ALL, READ, lambda s, a, h: s.assigned_count(a)),
    "caseload_query.resident_card": (ALL, READ, lambda s, a, h: s.resident_card(
        a, h["rid"])),
    "groups.attendee_choices": (ALL, READ, lambda s, a, h: s.attendee_choices(a)),
    # plans, timeline, notes, concerns: clinical staff
    "recovery_plan.get_plan": (CLINICAL, READ, lambda s, a, h: s.get_plan(a, h["rid"])),
    "plan_revisions.revisions": (CLINICAL, READ, lambda s, a, h: s.revisions(a, h["rid"])),
    "plan_revisions.diff": (CLINICAL, READ, lambda s, a, h: s.diff(a, h["rid"], 0, 1)),
    # (writes a file and an audit row, no table: its file is checked in test_audit.py)
    "plan_document.export_plan": (CLINICAL, READ, lambda s, a, h: s.export_plan(
        a, h["rid"], "txt", str(h["tmp"] / f"plan-{a and a.role}.txt"))),
    "timeline.timeline_page": (CLINICAL, READ, lambda s, a, h: s.timeline_page(
        a, h["rid"])),
    "timeline.timeline_window": (CLINICAL, READ, lambda s, a, h: s.timeline_window(
        a, h["rid"])),
    "timeline.timeline_block": (CLINICAL, READ, lambda s, a, h: s.timeline_block(
        a, h["rid"], None, 0)),
    "timeline.timeline_position": (CLINICAL, READ, lambda s, a, h: s.timeline_position(
        a, h["rid"], None, s.cursor_for_date(date.today()))),
    "timeline.cursor_at_event": (CLINICAL, READ, lambda s, a, h: s.cursor_at_event(
        a, h["event"])),
    "timeline.event_detail": (CLINICAL, READ, lambda s, a, h: s.event_detail(a, h["event"])),
    "timeline.follow_ups_due": (CLINICAL, READ, lambda s, a, h: s.follow_ups_due(
        a, date.today() + timedelta(days=30))),
    "concerns.queue": (CLINICAL, READ, lambda s, a, h: s.queue(a)),
    "concerns.detail": (CLINICAL, READ, lambda s, a, h: s.detail(a, h["concern"])),
    "contacts.resident_goals": (CLINICAL, READ, lambda s, a, h: s.resident_goals(
        a, h["rid"])),
    "goal_updates.pending": (CLINICAL, READ, lambda s, a, h: s.pending(a, h["rid"])),
    "attendance.meeting_counts": (CLINICAL, READ, lambda s, a, h: s.meeting_counts(
        a, h["rid"])),
    "handoff_report.since": (CLINICAL, READ, lambda s, a, h: s.since(
        a, datetime(2020, 1, 1))),
    "handoff_report.default_start": (CLINICAL, READ, lambda s, a, h: s.default_start(a, [])),
    "contacts.log_contact": (CLINICAL, WRITE, lambda s, a, h: s.log_contact(
        a, h["rid"], {"on": date.today(), "note": "Came by"})),
    "groups.log_group": (CLINICAL, WRITE, lambda s, a, h: s.log_group(
        a, {"name": "House meeting", "on": date.today(), "at": "10:00",
            "attendee_ids": [h["rid"]]})),
    "concerns.raise_concern": (CLINICAL, WRITE, lambda s, a, h: s.raise_concern(
        a, h["rid"], {"severity": "low", "summary": "Missed curfew"})),
    "concerns.add_note": (CLINICAL, WRITE, lambda s, a, h: s.add_note(
        a, h["concern"], "Spoke with them")),
    "concerns.acknowledge": (CLINICAL, WRITE, lambda s, a, h: s.acknowledge(
        a, h["concern"])),
    "concerns.resolve": (CLINICAL, WRITE, lambda s, a, h: s.resolve(
        a, h["concern"], "Sorted")),
    "concerns.assign": (CLINICAL, WRITE, lambda s, a, h: s.assign(
        a, h["concern"], h["casey"])),
    "timeline.void_event": (CLINICAL, WRITE, lambda s, a, h: s.void_event(
        a, h["event"], "Wrong resident")),
    "timeline.correct_event": (CLINICAL, WRITE, lambda s, a, h: s.correct_event(
        a, h["event"], {"on": date(2026, 1, 5), "at": "12:00",
                        "summary": "Phone call, corrected", "reason": "Typo"})),
    "timeline.complete_follow_up": (CLINICAL, WRITE, lambda s, a, h: s.complete_follow_up(
        a, h["follow_up"])),
    "goal_updates.confirm": (CLINICAL, WRITE, lambda s, a, h: s.confirm(a, h["proposal"])),
    "goal_updates.decline": (CLINICAL, WRITE, lambda s, a, h: s.decline(a, h["proposal"])),
    "recovery_plan.save_goal": (CLINICAL, WRITE, lambda s, a, h: s.save_goal(
        a, h["rid"], None, {"domain_key": "housing", "own_words": "Find a flat"})),
    "recovery_plan.save_step": (CLINICAL, WRITE, lambda s, a, h: s.save_step(
        a, h["goal"], None, {"text": "Call the landlord"})),
    "recovery_plan.toggle_step": (CLINICAL, WRITE, lambda s, a, h: s.toggle_step(
        a, h["step"])),
    "recovery_plan.move_goal": (CLINICAL, WRITE, lambda s, a, h: s.move_goal(
        a, h["goal"], 1)),
    "recovery_plan.save_details": (CLINICAL, WRITE, lambda s, a, h: s.save_details(
        a, h["rid"], {"strengths": "Keeps going"})),
    "recovery_plan.add_support": (CLINICAL, WRITE, lambda s, a, h: s.add_support(
        a, h["rid"], {"kind": "person", "name": "Sponsor"})),
    "recovery_plan.update_support": (CLINICAL, WRITE, lambda s, a, h: s.update_support(
        a, h["support"], {"kind": "person", "name": "New sponsor"})),
    "recovery_plan.remove_support": (CLINICAL, WRITE, lambda s, a, h: s.remove_support(
        a, h["support"])),
    "recovery_plan.set_schedule": (CLINICAL, WRITE, lambda s, a, h: s.set_schedule(
        a, h["rid"], {"preset": "weekly", "weekday": 2, "start": date.today()})),
    "recovery_plan.record_review": (CLINICAL, WRITE, lambda s, a, h: s.record_review(
        a, h["rid"], {"on": date.today(), "note": "Went well"})),
    "recovery_plan.sign_off": (CLINICAL, WRITE, lambda s, a, h: s.sign_off(
        a, h["rid"], date.today())),
    # referrals, the directory, consents and disclosures, the BARC-10: clinical staff
    "referrals.make_referral": (CLINICAL, WRITE, lambda s, a, h: s.make_referral(
        a, h["rid"], {"provider_name": "Dr. Lee", "domain_key": "substance_use",
                      "method": "warm_handoff", "made_on": date.today()})),
    "referrals.move_referral": (CLINICAL, WRITE, lambda s, a, h: s.move_referral(
        a, h["referral"], {"stage": "contacted", "on": date.today()})),
    "referrals.get_referral": (CLINICAL, READ, lambda s, a, h: s.get_referral(
        a, h["referral"])),
    "referrals.resident_referrals": (CLINICAL, READ, lambda s, a, h: s.resident_referrals(
        a, h["rid"])),
    "referrals.house_referrals": (CLINICAL, READ, lambda s, a, h: s.house_referrals(a)),
    "referrals.checks_due": (CLINICAL, READ, lambda s, a, h: s.checks_due(a, date.today())),
    "referrals.goal_choices": (CLINICAL, READ, lambda s, a, h: s.goal_choices(a, h["rid"])),
    "referrals.form_choices": (CLINICAL, READ, lambda s, a, h: s.form_choices(a, h["rid"])),
    "directory.list_resources": (CLINICAL, READ, lambda s, a, h: s.list_resources(a)),
    "directory.get_resource": (CLINICAL, READ, lambda s, a, h: s.get_resource(
        a, h["resource"])),
    "directory.save_resource": (CLINICAL, WRITE, lambda s, a, h: s.save_resource(
        a, None, {"name": "Hope Street Housing", "category": "housing",
                  "pathway": "non_clinical"})),
    "directory.set_retired": (ADMIN, WRITE, lambda s, a, h: s.set_retired(
        a, h["resource"], True)),
    "consents.list_consents": (CLINICAL, READ, lambda s, a, h: s.list_consents(a, h["rid"])),
    "consents.get_consent": (CLINICAL, READ, lambda s, a, h: s.get_consent(a, h["draft"])),
    "consents.consents_in_effect": (CLINICAL, READ, lambda s, a, h: s.consents_in_effect(
        a, h["rid"])),
    "consents.save_consent": (CLINICAL, WRITE, lambda s, a, h: s.save_consent(
        a, h["rid"], consent_data())),
    "consents.record_signature": (CLINICAL, WRITE, lambda s, a, h: s.record_signature(
        a, h["draft"], {"signed_on": date.today(), "witnessed_by": h["casey"]})),
    "consents.revoke_consent": (CLINICAL, WRITE, lambda s, a, h: s.revoke_consent(
        a, h["signed"], {"on": date.today(), "note": "Said so"})),
    "consents.end_consent": (CLINICAL, WRITE, lambda s, a, h: s.end_consent(
        a, h["until_event"], {"on": date.today()})),
    # (write a file and an audit row, no table)
    "consent_document.consent_document": (CLINICAL, READ, lambda s, a, h: s.consent_document(
        a, h["draft"], "txt", str(h["tmp"] / f"consent-{a and a.role}.txt"))),
    "disclosures.accounting_document": (CLINICAL, READ, lambda s, a, h: s.accounting_document(
        a, h["rid"], "txt", str(h["tmp"] / f"accounting-{a and a.role}.txt"))),
    "disclosures.accounting": (CLINICAL, READ, lambda s, a, h: s.accounting(a, h["rid"])),
    "disclosures.authorize": (CLINICAL, READ, lambda s, a, h: s.authorize(
        a, h["rid"], EMERGENCY)),
    # a disclosure: the log row, the file, the timeline line
    "consent_document.referral_packet": (CLINICAL, WRITE, lambda s, a, h: s.referral_packet(
        a, h["referral"], "txt", str(h["tmp"] / f"packet-{a and a.role}.txt"), EMERGENCY)),
    "assessments.barc_history": (CLINICAL, READ, lambda s, a, h: s.barc_history(
        a, h["rid"])),
    "assessments.record_barc": (CLINICAL, WRITE, lambda s, a, h: s.record_barc(
        a, h["rid"], [4] * 10)),
    # the front desk's message for staff
    "concerns.message_for_staff": (DESK, WRITE, lambda s, a, h: s.message_for_staff(
        a, h["rid"], "Asked for a call back")),
    # residents: case managers and administrators
    "records.resident_form": (MANAGE, READ, lambda s, a, h: s.resident_form(a, h["rid"])),
    "records.update_profile": (MANAGE, WRITE, lambda s, a, h: s.update_profile(
        a, h["rid"], {"first_name": "Al", "last_name": "B",
                      "intake_date": date(2025, 1, 1)})),
    "records.add_resident": (MANAGE, WRITE, lambda s, a, h: s.add_resident(
        a, {"first_name": "New", "last_name": "Person", "intake_date": date(2025, 1, 1)},
        True)),
    "records.set_kiosk_credentials": (MANAGE, WRITE, lambda s, a, h: s.set_kiosk_credentials(
        a, h["rid"], "77123", "1357")),
    "records.discharge": (MANAGE, WRITE, lambda s, a, h: s.discharge(
        a, h["rid"], date.today(), "Moved out", False)),
    "records.readmit": (MANAGE, WRITE, lambda s, a, h: s.readmit(
        a, h["discharged"], date.today(), "2B")),
    "interviews.where_they_stand": (CLINICAL, READ, lambda s, a, h: s.where_they_stand(
        a, h["rid"], _points())),
    "interviews.record_interview": (CLINICAL, WRITE, lambda s, a, h: s.record_interview(
        a, h["rid"], "intake", date.today(), _points())),
    # program reports: case managers and administrators (coordinators, with the per-staff
    # supervision figures and the training section)
    "program_report.program_report": (MANAGE, READ, lambda s, a, h: s.program_report(
        a, s.Period(date.today().replace(day=1), date.today()))),
    # (writes a file and an audit row, no table)
    "program_report.export_report": (MANAGE, READ, lambda s, a, h: s.export_report(
        a, s.Period(date.today().replace(day=1), date.today()), None, "csv",
        str(h["tmp"] / f"report-{a and a.role}.csv"))),
    "program_report.training_section": (MANAGE, READ, lambda s, a, h: s.training_section(
        a, s.Scope(s.Period(date.today().replace(day=1), date.today())))),
    # moving a resident to another house: case managers and administrators
    "transfer.destinations": (MANAGE, READ, lambda s, a, h: s.destinations(a, h["rid"])),
    "transfer.transfer": (MANAGE, WRITE, lambda s, a, h: s.transfer(
        a, h["rid"], h["other_house"], "3C")),
    # the audit log: administrators
    "audit.search": (ADMIN, READ, lambda s, a, h: s.search(a)),
    "audit.action_choices": (ADMIN, READ, lambda s, a, h: s.action_choices(a)),
    "audit_chain.chain_status": (ADMIN, READ, lambda s, a, h: s.chain_status(a)),
}

#: Services that take an actor but are no resident data service, and why.
TRAINING = ("training records, not resident data (a linked resident is never read); who may "
            "call each is tested in unit/test_training_service.py::test_who_may_do_what")
NOT_RESIDENT_DATA = {
    "training.create_cohort": TRAINING,
    "training.create_trainee": TRAINING,
    "training.get_course": TRAINING,
    "training.list_cohorts": TRAINING,
    "training.my_trainee_id": TRAINING,
    "training.record_check": TRAINING,
    "training.record_session": TRAINING,
    "training.require_trainee_access": TRAINING,
    "training.resident_choices": TRAINING,
    "training.session_form": TRAINING,
    "training.staff_choices": TRAINING,
    "training.update_course": TRAINING,
    "training_after.add_credential": TRAINING,
    "training_after.credentials_expiring": TRAINING,
    "training_after.log_hours": TRAINING,
    "training_after.needs_attention": TRAINING,
    "training_after.training_hours_delivered": TRAINING,
    "training_document.export": TRAINING,
    "training_progress.roster": TRAINING,
    "training_progress.trainee_view": TRAINING,
    "alerts.urgent_unacknowledged_count": "a count in the header, no resident named (the app "
                                          "asks it for clinical roles only)",
    "house_scope.choices": "the signed-in person's own houses",
    "house_scope.next_house": "the signed-in person's own houses",
    "house_scope.switch": "the signed-in person's own houses",
    "house_scope.scope": "the house check itself",
    "house_scope.in_scope": "the house check itself",
    "house_scope.require_resident": "the house check itself",
    "house_scope.require_row": "the house check itself",
    "house_scope.resident_house_name": "the house check itself (a house's name, for the "
                                       "documents of a resident the caller may read)",
    "audit.record": "writes the audit row of a call the caller already checked",
    "audit.record_read": "the same, for reads",
    "permissions.require": "the check itself",
    "disclosures.log": "inside the disclosing services, after their check (authorize)",
    "auth.previous_sign_out": "the signed-in person's own session",
    "auth.sign_out": "the signed-in person's own session",
    "permissions.allowed": "the check itself",
    "permissions.refusal": "the check's sentence",
    "permissions.require_perm": "the check itself",
    "plan_sessions.revision_to_fold": "inside recovery_plan saves, after their check",
    "plan_sessions.record": "inside recovery_plan saves, after their check",
}

#: Tables whose rows a refused or read-only call may add: the record of what was tried.
AUDIT_TABLES = {"audit_log", "audit_chain", "audit_pending"}


def watch_writes() -> None:
    """Count every row written to a table other than the audit log (temporary triggers on
    this connection, which the services use too)."""
    database.execute_sql("CREATE TEMP TABLE writes (n INTEGER)")
    database.execute_sql("INSERT INTO temp.writes VALUES (0)")
    for name, sql in database.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall():
        if name in AUDIT_TABLES or name.startswith("sqlite_") or "VIRTUAL" in (sql or ""):
            continue
        for op in ("INSERT", "UPDATE", "DELETE"):
            try:
                database.execute_sql(
                    f'CREATE TEMP TRIGGER "w_{name}_{op}" AFTER {op} ON main."{name}" '
                    "BEGIN UPDATE writes SET n = n + 1; END")
            except Exception:  # noqa: BLE001 - a full-text index's own tables refuse triggers
                break


def written() -> int:
    return database.execute_sql("SELECT n FROM temp.writes").fetchone()[0]


@pytest.fixture
def house(demo_db, tmp_path):
    """The demo house with one of everything the services act on."""
    from peer_tui.models.checkin_results import GoalUpdateProposal
    from peer_tui.models.events import Concern, Event
    from peer_tui.models.people import House, Resident, Staff, StaffHouse
    from peer_tui.models.plans import ActionStep, Goal, PlanSupport, RecoveryPlan
    from peer_tui.models.resources import Resource

    from peer_tui.services.house_scope import staff_houses

    # A second house, where the case manager works too (a transfer goes there). Each
    # session works in the demo house, as it opens on sign-in.
    home = House.select(House.id).order_by(House.id).scalar()
    other = House.create(name="Cedar House")
    StaffHouse.create(staff=Staff.get(Staff.username == "casey"), house=other)
    actors = {}
    for role, user in USERS.items():
        row = Staff.get(Staff.username == user)
        actors[role] = Actor(row.id, row.username, row.display_name, row.role,
                             house_ids=staff_houses(row.id, row.role), house_id=home)
    plan = (RecoveryPlan.select().join(Goal).switch(RecoveryPlan).join(Resident)
            .where(Resident.status == "active", RecoveryPlan.revision_number > 0).first())
    rid = plan.resident_id
    goal = Goal.select().where(Goal.plan == plan).order_by(Goal.position, Goal.id).first()
    Goal.create(plan=plan, domain=goal.domain_id, own_words="Another goal",  # to move past
                position=1000)
    step = ActionStep.create(goal=goal, text="Visit the library", owner="resident")
    support = PlanSupport.create(plan=plan, kind="person", name="Aunt")
    event = Event.select().where(Event.resident == rid, Event.kind == "contact",
                                 Event.voided_at.is_null()).first()
    follow_up = Event.create(resident=rid, occurred_at=datetime(2026, 1, 5, 12),
                             kind="contact", summary="Call", staff=actors["admin"].id,
                             follow_up_on=date.today())
    concern = Concern.create(resident=rid, raised_by=actors["admin"].id, severity="medium",
                             severity_rank=2, summary="Missed curfew")
    proposal = GoalUpdateProposal.create(resident=rid, goal=goal, proposed_status="achieved",
                                         answer="I reached it")
    discharged = Resident.select(Resident.id).where(Resident.status == "discharged").scalar()
    from peer_tui.services import consents, referrals

    admin = actors["admin"]
    draft = consents.save_consent(admin, rid, consent_data())
    signed = consents.save_consent(admin, rid, consent_data())
    consents.record_signature(admin, signed.id, {"signed_on": date.today(),
                                                 "witnessed_by": admin.id})
    until_event = consents.save_consent(admin, rid, consent_data(
        expires_on=None, expiry_event="the end of probation"))
    consents.record_signature(admin, until_event.id, {"signed_on": date.today(),
                                                      "witnessed_by": admin.id})
    referral = referrals.make_referral(admin, rid, {
        "provider_name": "Dr. Lee", "domain_key": "substance_use", "method": "warm_handoff",
        "made_on": date.today()})
    resource = Resource.select(Resource.id).where(Resource.active == True).scalar()  # noqa
    watch_writes()
    return actors, {"rid": rid, "goal": goal.id, "step": step.id, "support": support.id,
                    "event": event.id, "follow_up": follow_up.id, "concern": concern.id,
                    "proposal": proposal.id, "discharged": discharged, "tmp": tmp_path,
                    "casey": actors["case_manager"].id, "draft": draft.id,
                    "signed": signed.id, "until_event": until_event.id,
                    "referral": referral.id, "resource": resource,
                    "other_house": other.id}


def outcome(call, actor) -> tuple[str, bool]:
    """('allowed' or 'refused' or the error, whether data changed), then roll it all back."""
    with database.atomic() as tx:
        before = written()
        try:
            call(actor)
            result = "allowed"
        except PermissionDenied:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - shown in the cell that failed
            result = f"{type(exc).__name__}: {exc}"
        changed = written() != before
        tx.rollback()
    return result, changed


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(house, name):
    actors, ids = house
    module_name, function = name.split(".")
    module = importlib.import_module(f"peer_tui.services.{module_name}")
    allowed, kind, call = MATRIX[name]
    wrong = []
    for role in ROLES:
        result, changed = outcome(lambda actor: call(module, actor, ids), actors.get(role))
        if role in allowed:
            expected = ("allowed", kind == WRITE)
        else:
            expected = ("refused", False)
        if (result, changed) != expected:
            wrong.append(f"{role}: expected {expected}, got {(result, changed)}")
    assert not wrong, f"{name}:\n  " + "\n  ".join(wrong)


def test_the_front_desk_row_has_no_clinical_columns(house):
    from peer_tui.services import caseload_query

    actors, ids = house
    front = caseload_query.caseload_row(actors["front_desk"], ids["rid"])
    full = caseload_query.caseload_row(actors["case_manager"], ids["rid"])
    assert front.name == full.name
    card = caseload_query.resident_card(actors["front_desk"], ids["rid"])
    assert card.date_of_birth is None
    assert caseload_query.resident_card(actors["case_manager"], ids["rid"]).date_of_birth


def services_taking_an_actor() -> set[str]:
    import peer_tui.services as package

    found = set()
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"peer_tui.services.{info.name}")
        for name, function in vars(module).items():
            if (inspect.isfunction(function) and not name.startswith("_")
                    and function.__module__ == module.__name__):
                params = list(inspect.signature(function).parameters)
                if params and params[0] == "actor":
                    found.add(f"{info.name}.{name}")
    return found


def test_every_service_taking_an_actor_is_in_the_matrix():
    services = services_taking_an_actor()
    missing = sorted(services - set(MATRIX) - set(NOT_RESIDENT_DATA))
    assert not missing, ("add these to MATRIX (who may call them) or, if they are no "
                         "resident data service, to NOT_RESIDENT_DATA with the reason: "
                         + ", ".join(missing))
    gone = sorted((set(MATRIX) | set(NOT_RESIDENT_DATA)) - services)
    assert not gone, f"no longer in the program: {gone}"
