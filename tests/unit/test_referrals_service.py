"""Referrals to their outcome and the resource directory (services): every rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import each_raises

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Event
from peer_tui.models.people import House, Resident
from peer_tui.models.plans import Domain, Goal, RecoveryPlan
from peer_tui.models.resources import Referral, ReferralStep, Resource
from peer_tui.services import attention, directory, handoff_report, referrals
from peer_tui.services.errors import InvalidInput, PermissionDenied
from peer_tui.timeutil import local_today

TODAY = local_today()


@pytest.fixture
def rid(db):
    house = House.create(name="Test House")
    return Resident.create(first_name="Ana", last_name="Silva", house=house).id


def treatment() -> int:
    return Resource.get(Resource.name == "Outpatient counselling").id


def make(actor, rid, **changes) -> referrals.ReferralView:
    data = {"resource_id": treatment(), "domain_key": "substance_use",
            "method": "warm_handoff", "made_on": TODAY - timedelta(days=3),
            "next_check_on": TODAY + timedelta(days=4), "note": "Intake on Monday"}
    data.update(changes)
    return referrals.make_referral(actor, rid, data)


def move(actor, ref, stage, on=TODAY, **more):
    return referrals.move_referral(actor, ref.id if hasattr(ref, "id") else ref,
                                   {"stage": stage, "on": on, **more})


def test_a_referral_to_a_directory_entry_is_a_step_a_timeline_entry_and_an_audit_row(
        admin, rid):
    view = make(admin, rid)
    assert (view.to, view.stage, view.method_label) == (
        "Outpatient counselling", "made", "Warm hand-off in person")
    assert view.needs_consent  # a treatment provider: sharing needs a consent
    assert [s.stage for s in view.steps] == ["made"]
    event = Event.get(Event.resident == rid, Event.kind == "referral")
    assert event.summary.startswith("Referral to Outpatient counselling: made (warm hand-off")
    assert AuditLog.select().where(AuditLog.action == "referral_make").count() == 1


def test_a_one_off_provider_and_a_linked_goal(admin, rid):
    plan = RecoveryPlan.create(resident=rid)
    goal = Goal.create(plan=plan, domain=Domain.get(Domain.key == "housing"),
                       own_words="My own flat by spring")
    assert referrals.goal_choices(admin, rid)[0][:2] == (goal.id, "My own flat by spring")
    view = make(admin, rid, resource_id=None, provider_name="Dr. Ngozi [b]Okafor[/b]",
                provider_contact="555-0100", goal_id=goal.id, domain_key="",
                needs_consent=True, method="call_together")
    assert view.to == "Dr. Ngozi [b]Okafor[/b]" and view.to_contact == "555-0100"
    assert view.why == "goal: My own flat by spring" and view.needs_consent
    assert Referral.get_by_id(view.id).domain_key == "housing"  # the goal's domain


@pytest.mark.parametrize("changes, field", [
    ({"resource_id": None}, ""),  # neither an entry nor a name
    ({"domain_key": ""}, ""),  # no why
    ({"domain_key": "nonsense"}, "domain_key"),
    ({"method": "carrier pigeon"}, "method"),
    ({"made_on": TODAY + timedelta(days=1)}, "made_on"),
    ({"next_check_on": TODAY - timedelta(days=10)}, ""),  # before it was made
    ({"note": "x" * 20_001}, "note"),
    ({"note": "bell \x07"}, "note"),
    ({"resource_id": None, "provider_name": "x" * 101}, "provider_name"),
])
def test_bad_referrals_are_refused_with_a_field_message(admin, rid, changes, field):
    with pytest.raises(InvalidInput) as err:
        make(admin, rid, **changes)
    assert field in err.value.errors
    assert Referral.select().count() == 0 and Event.select().count() == 0


def test_a_retired_entry_or_another_residents_goal_cannot_be_referred_to(admin, rid):
    other = Resident.create(first_name="B", last_name="C", house=House.get()).id
    goal = Goal.create(plan=RecoveryPlan.create(resident=other),
                       domain=Domain.select().first(), own_words="theirs")
    with pytest.raises(InvalidInput, match="not one of this resident"):
        make(admin, rid, goal_id=goal.id)
    directory.set_retired(admin, treatment(), True)
    with pytest.raises(InvalidInput, match="not in use"):
        make(admin, rid)


def test_stages_to_engaged_keep_every_step_and_write_a_timeline_entry_each(admin, rid):
    view = make(admin, rid)
    move(admin, view, "appointment_set", TODAY - timedelta(days=2),
         next_check_on=TODAY + timedelta(days=1))
    move(admin, view, "attended", TODAY - timedelta(days=1), note="Went with Pat")
    done = move(admin, view, "engaged", TODAY)
    assert [s.stage for s in done.steps] == ["made", "appointment_set", "attended", "engaged"]
    assert done.steps[2].note == "Went with Pat"  # nothing overwritten
    assert done.stage == "engaged" and not done.is_open and done.next_check_on is None
    summaries = [e.summary for e in Event.select().where(Event.kind == "referral")
                 .order_by(Event.id)]
    assert len(summaries) == 4 and summaries[-1].endswith(": engaged")
    assert move(admin, view, "completed").stage == "completed"


def test_a_check_at_the_same_stage_moves_the_next_check(admin, rid):
    view = make(admin, rid)
    later = TODAY + timedelta(days=9)
    checked = move(admin, view, "made", note="Left a message", next_check_on=later)
    assert checked.stage == "made" and checked.next_check_on == later
    assert "checked, still made" in Event.select().order_by(Event.id.desc()).get().summary


@pytest.mark.parametrize("path, stage, field", [
    ((), "closed", "reason"),  # closing needs a reason
    (("attended",), "contacted", "stage"),  # no going back
    (("declined",), "contacted", "stage"),  # an outcome is final
    (("engaged",), "declined", "stage"),  # engaged can only complete or close
    ((), "bogus", "stage"),
])
def test_stage_rules(admin, rid, path, stage, field):
    view = make(admin, rid)
    for step in path:
        move(admin, view, step)
    before = ReferralStep.select().count()
    with pytest.raises(InvalidInput) as err:
        move(admin, view, stage)
    assert field in err.value.errors
    assert ReferralStep.select().count() == before


def test_stage_dates_and_next_checks(admin, rid):
    view = make(admin, rid)
    with pytest.raises(InvalidInput, match="today or earlier"):
        move(admin, view, "contacted", TODAY + timedelta(days=1))
    with pytest.raises(InvalidInput, match="comes on or after"):
        move(admin, view, "contacted", TODAY - timedelta(days=30))
    with pytest.raises(InvalidInput, match="no next check"):
        move(admin, view, "engaged", next_check_on=TODAY + timedelta(days=3))
    with pytest.raises(InvalidInput, match="comes after this stage"):
        move(admin, view, "contacted", next_check_on=TODAY - timedelta(days=1))
    closed = move(admin, view, "closed", reason="Moved out of the area")
    assert closed.closed_reason == "Moved out of the area" and not closed.is_open


def test_front_desk_can_neither_see_nor_make_referrals(desk, admin, rid):
    view = make(admin, rid)
    each_raises(PermissionDenied, [
        lambda: make(desk, rid),
        lambda: move(desk, view, "contacted"),
        lambda: referrals.resident_referrals(desk, rid),
        lambda: referrals.house_referrals(desk),
        lambda: referrals.get_referral(desk, view.id),
        lambda: directory.list_resources(desk),
    ])


def test_reading_referrals_is_audited(admin, rid):
    view = make(admin, rid)
    referrals.resident_referrals(admin, rid)
    referrals.get_referral(admin, view.id)
    referrals.house_referrals(admin)
    assert AuditLog.select().where(AuditLog.action == "view",
                                   AuditLog.table_name == "referral").count() == 3


def test_resident_list_has_open_first_and_the_house_list_sorts(admin, rid):
    old = make(admin, rid, made_on=TODAY - timedelta(days=20), next_check_on=None)
    new = make(admin, rid, made_on=TODAY, next_check_on=None)
    gone = make(admin, rid, made_on=TODAY - timedelta(days=5), next_check_on=None)
    move(admin, gone, "declined")
    move(admin, new, "attended")
    assert [v.id for v in referrals.resident_referrals(admin, rid)][-1] == gone.id
    by_age = referrals.house_referrals(admin, "age")
    assert [v.id for v in by_age] == [old.id, new.id]  # the closed one is not open
    assert by_age[0].age_days(TODAY) == 20
    assert [v.id for v in referrals.house_referrals(admin, "stage")] == [old.id, new.id]
    move(admin, old, "started")
    assert [v.id for v in referrals.house_referrals(admin, "stage")] == [new.id, old.id]
    assert len(referrals.house_referrals(admin, open_only=False)) == 3


def _attention(rid) -> tuple[tuple[str, ...], bool]:
    t = attention.Thresholds()
    from peer_tui.models.base import utcnow

    now = utcnow()
    row = Resident.select(Resident, *attention.extra_columns(TODAY)).where(
        Resident.id == rid).objects().get()
    in_sql = Resident.select().where(Resident.id == rid,
                                     attention.condition(t, TODAY, now, True)).exists()
    reasons = tuple(r for r in attention.signals(row, t, TODAY, now, True).reasons
                    if r.startswith("referral"))
    return reasons, in_sql


@pytest.mark.parametrize("check_in_days, flagged", [(-2, True), (-1, True), (0, False),
                                                    (1, False)])
def test_an_open_referral_past_its_check_date_needs_attention(admin, rid, check_in_days,
                                                               flagged):
    # A resident who needs nothing else.
    from peer_tui.models.base import utcnow

    Resident.update(summary_last_contact_at=utcnow(), summary_last_checkin_at=utcnow()) \
        .where(Resident.id == rid).execute()
    # A mutual-aid group: nothing waits on a consent, so the check date is all there is.
    make(admin, rid, made_on=TODAY - timedelta(days=5), resource_id=Resource.get(
        Resource.name == "SMART Recovery").id, next_check_on=TODAY + timedelta(days=check_in_days))
    reasons, in_sql = _attention(rid)
    assert bool(reasons) == flagged == in_sql
    if flagged:
        assert reasons == (f"referral check overdue {-check_in_days} "
                           f"day{'s' if check_in_days != -1 else ''}",)


def test_a_closed_referral_needs_no_check_and_the_hand_off_lists_the_late_ones(admin, rid):
    from peer_tui.models.base import utcnow

    Resident.update(summary_last_contact_at=utcnow(), summary_last_checkin_at=utcnow()) \
        .where(Resident.id == rid).execute()
    view = make(admin, rid, made_on=TODAY - timedelta(days=5),
                next_check_on=TODAY - timedelta(days=1),
                resource_id=Resource.get(Resource.name == "Legal aid clinic").id)
    report = handoff_report.since(admin, utcnow() - timedelta(hours=1))
    section = next(s for s in report.sections if s.title == "Referral checks now due")
    assert section.count == 1 and "Ana Silva: referral to Legal aid clinic, made" \
        in section.lines[0]
    attention_now = next(s for s in report.sections if s.title == "Needs attention now")
    assert "referral check overdue 1 day" in attention_now.lines[0]
    move(admin, view, "no_show")
    assert _attention(rid) == ((), False)


def test_the_directory_is_edited_by_clinical_staff_and_retired_by_an_admin(admin, casey, rid):
    entry = directory.save_resource(casey, None, {
        "name": "Hope Street Housing", "category": "housing", "pathway": "non_clinical",
        "address": "12 Hope St", "phone": "555-0199", "hours": "Mon-Fri 9-5",
        "needs_consent": True})
    assert entry.needs_consent and entry.kind_label == "Housing, non-clinical"
    with pytest.raises(InvalidInput, match="already has"):
        directory.save_resource(casey, None, {"name": "hope street HOUSING",
                                              "category": "housing", "pathway": "clinical"})
    for bad, field in (({"name": ""}, "name"), ({"category": "zoo"}, "category"),
                       ({"phone": "x" * 101}, "phone"), ({"hours": "[b]\x1b[31m"}, "hours")):
        with pytest.raises(InvalidInput) as err:
            directory.save_resource(casey, entry.id, {
                "name": "Hope Street Housing", "category": "housing",
                "pathway": "non_clinical", **bad})
        assert field in err.value.errors
    changed = directory.save_resource(casey, entry.id, {
        "name": "Hope Street Housing", "category": "housing", "pathway": "non_clinical",
        "hours": "Mon-Sat 9-5"})
    assert changed.hours == "Mon-Sat 9-5"
    view = make(casey, rid, resource_id=entry.id)
    with pytest.raises(PermissionDenied):
        directory.set_retired(casey, entry.id, True)
    directory.set_retired(admin, entry.id, True)
    assert entry.id not in [r.id for r in directory.list_resources(casey)]
    retired = [r for r in directory.list_resources(casey, include_retired=True)
               if r.id == entry.id][0]
    assert not retired.active and retired.referrals == 1
    assert referrals.get_referral(casey, view.id).to == "Hope Street Housing"
    assert Resource.select().where(Resource.id == entry.id).exists()  # never deleted
    with pytest.raises(InvalidInput, match="already retired"):
        directory.set_retired(admin, entry.id, True)
    assert directory.set_retired(admin, entry.id, False).active
