"""Kiosk services: the questionnaire as data, answers checked, submit, crisis, sign-in lockout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest

from peer_tui.models.audit import AuditLog
from peer_tui.models.base import utcnow
from peer_tui.models.checkin_schemas import AnswerProblem, Questionnaire, check_answer
from peer_tui.models.events import CheckIn, Concern, Event
from peer_tui.models.people import House, Resident
from peer_tui.models.plans import ActionStep, Domain, Goal, PlanSupport, RecoveryPlan
from peer_tui.services import checkin, kiosk_auth
from peer_tui.services.errors import InvalidInput, NotFound
from peer_tui.services.pins import hash_pin

import backend_db  # noqa: E402 - tests/ is on the path (conftest)

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL

GOOD = {"mood": 4, "craving": 2, "sleep": "well", "use": "no", "wants_to_talk": "yes",
        "safety": "no"}


@pytest.fixture
def resident(db):
    house = House.create(name="Test House")
    row = Resident.create(first_name="Rae", preferred_name="[b]Rae[/b]", last_name="Doe",
                          house=house, kiosk_code="2001", kiosk_pin_hash=hash_pin("1357"))
    domain = Domain.get(Domain.key == "housing")  # seeded by the migrations
    plan = RecoveryPlan.create(resident=row, next_review_date=utcnow().date())
    goal = Goal.create(plan=plan, domain=domain, own_words="Find a flat", status="in_progress")
    Goal.create(plan=plan, domain=domain, own_words="Old goal", status="achieved")
    ActionStep.create(goal=goal, text="Call the landlord", owner="resident")
    ActionStep.create(goal=goal, text="Staff step", owner="peer_specialist")
    ActionStep.create(goal=goal, text="Done step", owner="resident", done=True)
    PlanSupport.create(plan=plan, kind="resource", name="SMART Recovery")
    PlanSupport.create(plan=plan, kind="person", name="Sponsor")
    return row.id


def test_questionnaire_asset_loads_and_bad_files_are_refused():
    questions = checkin.questionnaire()
    ids = [q.id for q in questions.questions]
    assert {"mood", "craving", "sleep", "use", "meetings", "goal", "help_with",
            "wants_to_talk", "safety"} <= set(ids)
    assert questions.by_id("safety").danger_values == ("yes",)
    raw = json.loads(json.dumps(questions.model_dump()))
    raw["questions"].append(dict(raw["questions"][0]))
    with pytest.raises(ValueError, match="repeat"):
        Questionnaire(**raw)
    raw = questions.model_dump()
    raw["questions"] = [q for q in raw["questions"] if q["id"] != "safety"]
    with pytest.raises(ValueError, match="safety"):
        Questionnaire(**raw)
    raw = questions.model_dump()
    raw["questions"][0]["options"] = [{"key": str(i), "label": "x"} for i in range(10)]
    with pytest.raises(ValueError, match="at most 9"):
        Questionnaire(**raw)


@pytest.mark.parametrize("qid,value,expected", [
    ("mood", "4", 4), ("craving", 10, 10), ("craving", None, None), ("sleep", "badly", "badly"),
    ("wants_to_talk", True, "yes"), ("help_with", ["money", "housing"], ["housing", "money"]),
    ("note", "  [/]Zed [@click=app.quit]  \u05e9\u05dc\u05d5\u05dd ", "[/]Zed [@click=app.quit] \u05e9\u05dc\u05d5\u05dd"),
])
def test_answers_are_cleaned(qid, value, expected):
    assert check_answer(checkin.questionnaire().by_id(qid), value) == expected


@pytest.mark.parametrize("qid,value", [
    ("mood", None), ("mood", 6), ("mood", True), ("craving", "lots"), ("craving", 11),
    ("sleep", "great"), ("safety", None), ("help_with", ["rent"]), ("note", "x\x1b[2J"),
    ("note", "y" * 301), ("goal", {"goal_id": 1, "progress": "good"}), ("meetings", [1]),
])
def test_bad_answers_are_refused_with_a_sentence(qid, value):
    with pytest.raises(AnswerProblem) as info:
        check_answer(checkin.questionnaire().by_id(qid), value)
    assert str(info.value).endswith(".")


def test_context_lists_only_own_open_goals_and_groups(resident):
    context = checkin.checkin_context(resident)
    assert [g.label for g in context.goals] == ["Find a flat"]
    assert [s.label for s in context.supports] == ["SMART Recovery"]


def test_submit_writes_checkin_event_audit_and_summary_together(resident):
    context = checkin.checkin_context(resident)
    answers = dict(GOOD, meetings=[context.supports[0].id],
                   goal={"goal_id": context.goals[0].id, "progress": "some"},
                   note="[b]not bold[/b]")
    thanks = checkin.submit_checkin(resident, answers)
    row = CheckIn.get_by_id(thanks.checkin_id)
    assert (row.mood, row.craving, row.used_since_last, row.wants_to_talk,
            row.safety_concern) == (4, 2, "no", True, False)
    assert json.loads(row.answers)["note"] == "[b]not bold[/b]"
    event = Event.get(Event.checkin == row.id)
    assert event.kind == "checkin" and event.summary.startswith(
        "Kiosk check-in, needs action: Talk today: Yes, please (follow-up).")
    assert "Mood: 4 of 5 (Good)" in event.summary
    audit = AuditLog.get(AuditLog.action == "checkin_submit")
    assert (audit.actor_kind, audit.resident_id, audit.record_id) == ("resident", resident,
                                                                     row.id)
    summary = Resident.get_by_id(resident)
    assert summary.summary_last_checkin_mood == 4 and summary.summary_wants_to_talk
    assert summary.summary_last_checkin_at == row.submitted_at
    assert thanks.steps == ("Call the landlord",)  # own, undone, of an open goal
    assert thanks.next_review == utcnow().date()


def test_a_refused_submit_leaves_nothing(resident, db):
    other_house = House.get()
    other = Resident.create(first_name="O", last_name="T", house=other_house)
    domain = Domain.get(Domain.key == "housing")
    plan = RecoveryPlan.create(resident=other)
    foreign = Goal.create(plan=plan, domain=domain, own_words="Not yours")
    for bad in (dict(GOOD, mood=None), dict(GOOD, craving=99), dict(GOOD, bogus=1),
                dict(GOOD, goal={"goal_id": foreign.id, "progress": "good"})):
        with pytest.raises(InvalidInput):
            checkin.submit_checkin(resident, bad)
    Resident.update(status="discharged").where(Resident.id == resident).execute()
    with pytest.raises(NotFound):
        checkin.submit_checkin(resident, GOOD)
    assert CheckIn.select().count() == 0 and Event.select().count() == 0
    assert not AuditLog.select().where(AuditLog.action == "checkin_submit").exists()


def test_crisis_is_recorded_at_once_and_not_twice(resident):
    concern_id = checkin.raise_crisis(resident, "safety")
    concern = Concern.get_by_id(concern_id)
    assert (concern.severity, concern.severity_rank, concern.source, concern.raised_by_id) == (
        "urgent", 4, "kiosk", None)
    assert Event.get(Event.concern == concern_id).kind == "concern_raised"
    assert Resident.get_by_id(resident).summary_urgent_concerns == 1
    thanks = checkin.submit_checkin(resident, dict(GOOD, safety="yes"),
                                    crisis_concern_id=concern_id)
    assert Concern.select().count() == 1
    row = CheckIn.get_by_id(thanks.checkin_id)
    assert row.safety_concern and json.loads(row.answers)["crisis_concern_id"] == concern_id


def test_safety_yes_without_an_earlier_alert_raises_it_on_submit(resident):
    checkin.submit_checkin(resident, dict(GOOD, safety="yes"))
    assert Concern.get().severity == "urgent"


def test_sign_in_and_refusals_read_the_same(resident):
    ok = kiosk_auth.resident_sign_in("2001", "1357")
    assert ok.resident.id == resident and ok.resident.first_name == "[b]Rae[/b]"
    unknown = kiosk_auth.resident_sign_in("9999", "1357")
    wrong = kiosk_auth.resident_sign_in("2001", "0000")
    empty = kiosk_auth.resident_sign_in("[/]", "")
    assert unknown.resident is wrong.resident is empty.resident is None
    assert unknown.message == wrong.message == empty.message == kiosk_auth.REFUSED
    assert Resident.get_by_id(resident).kiosk_failed_attempts == 1
    kiosk_auth.resident_sign_in("2001", "1357")
    assert Resident.get_by_id(resident).kiosk_failed_attempts == 0


def test_five_wrong_pins_pause_the_code_and_tell_staff(resident):
    now = utcnow()
    for _ in range(5):
        assert kiosk_auth.resident_sign_in("2001", "0000", now=now).resident is None
    row = Resident.get_by_id(resident)
    assert row.kiosk_locked_until == now + timedelta(minutes=10)
    concern = Concern.get(Concern.resident == resident)
    assert concern.severity == "low" and "paused" in concern.summary
    assert Event.get(Event.concern == concern.id).kind == "concern_raised"
    assert AuditLog.get(AuditLog.action == "kiosk_lockout").resident_id == resident
    locked = kiosk_auth.resident_sign_in("2001", "1357", now=now + timedelta(minutes=9))
    assert locked.resident is None and locked.message == kiosk_auth.REFUSED
    later = kiosk_auth.resident_sign_in("2001", "1357", now=now + timedelta(minutes=11))
    assert later.resident is not None


def test_only_active_residents_sign_in(resident):
    Resident.update(status="discharged").where(Resident.id == resident).execute()
    result = kiosk_auth.resident_sign_in("2001", "1357")
    assert result.resident is None and result.message == kiosk_auth.REFUSED


CHILD = """
import sys
from peer_tui.storage import open_and_upgrade
from peer_tui.services import checkin, runner
open_and_upgrade(sys.argv[1])
for i in range(int(sys.argv[3])):
    runner.call(checkin.submit_checkin, int(sys.argv[2]), {"mood": 1 + i % 5, "safety": "no"})
"""


def test_kiosk_process_submits_while_staff_process_writes(resident):
    """A second process submits check-ins while this one holds the database and writes."""
    from peer_tui.services import concerns, runner

    target = backend_db.current_target()
    child = subprocess.Popen([sys.executable, "-c", CHILD, target, str(resident), "30"],
                             env=dict(os.environ), stderr=subprocess.PIPE, text=True)
    mine = 0
    while child.poll() is None or mine < 5:
        runner.call(concerns.raise_concern, None, resident,
                    {"severity": "low", "summary": f"staff side {mine}"}, source="kiosk")
        mine += 1
    assert child.wait() == 0, child.stderr.read()
    assert CheckIn.select().where(CheckIn.resident == resident).count() == 30
    assert Event.select().where(Event.kind == "checkin").count() == 30
    assert Concern.select().count() == mine
    assert AuditLog.select().where(AuditLog.action == "checkin_submit").count() == 30
