"""What a check-in sets in motion, by the questionnaire's rules, and how staff read it.

Every answer reaches staff in words; "talk today" and "help with" become a follow-up for the
resident's peer specialist due today; "any use: yes" a concern of the data's severity; goal
progress a proposed status change that staff confirm; meetings are counted by pathway. The
rules are data: a house's own questionnaire file changes what triggers what.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from helpers import each_raises

from peer_tui.models.base import utcnow
from peer_tui.models.checkin_results import GoalUpdateProposal, MeetingAttendance
from peer_tui.models.events import CheckIn, Concern, Event
from peer_tui.models.people import House, Resident
from peer_tui.models.plans import Domain, Goal, PlanSupport, RecoveryPlan
from peer_tui.models.resources import Resource
from peer_tui.services import (attendance, auth, caseload_query, checkin, checkin_rules,
                               goal_updates, handoff_report, timeline)
from peer_tui.services.errors import InvalidInput
from peer_tui.services.pins import hash_pin
from peer_tui.settings import SettingsProblem, get_settings
from peer_tui.timeutil import local_today

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL


@pytest.fixture
def people(db):
    """A resident of peer specialist Pat, with two open goals and two groups in the plan."""
    pat = auth.create_staff("pat", "Pat Peer", "peer_specialist", "2468")
    house = House.create(name="Test House")
    row = Resident.create(first_name="Rae", last_name="Doe", house=house, peer_specialist=pat.id,
                          kiosk_code="2001", kiosk_pin_hash=hash_pin("1357"))
    plan = RecoveryPlan.create(resident=row)
    housing = Domain.get(Domain.key == "housing")
    flat = Goal.create(plan=plan, domain=housing, own_words="Find a flat", status="in_progress")
    job = Goal.create(plan=plan, domain=housing, own_words="Get a job", status="not_started")
    smart = Resource.get(Resource.name == "SMART Recovery")
    PlanSupport.create(plan=plan, kind="resource", name="SMART Recovery", resource=smart)
    PlanSupport.create(plan=plan, kind="group", name="House meeting")
    return {"pat": auth.sign_in("pat", "2468").actor, "resident": row.id, "flat": flat.id,
            "job": job.id}


def everything(resident_id: int, **changes) -> dict:
    """An answer to every question of the packaged questionnaire."""
    context = checkin.checkin_context(resident_id)
    answers = {"mood": 4, "craving": 2, "sleep": "badly", "use": "yes",
               "meetings": [s.id for s in context.supports],
               "goal": {"goal_id": context.goals[0].id, "progress": "reached"},
               "help_with": ["work"], "wants_to_talk": "yes", "safety": "no",
               "note": "Need a ride Friday"}
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def entry_for(checkin_id: int) -> Event:
    return Event.get(Event.checkin == checkin_id, Event.kind == "checkin")


@pytest.fixture
def house_questionnaire(tmp_path, monkeypatch):
    """Point the settings at a house's own questionnaire file, written by the test."""
    def use(change) -> None:
        raw = json.loads(checkin.questionnaire().model_dump_json())
        change({q["id"]: q for q in raw["questions"]})
        (tmp_path / "house-questions.json").write_text(json.dumps(raw))
        (tmp_path / "settings.json").write_text(
            json.dumps({"questionnaire": "house-questions.json"}))
        monkeypatch.setenv("PEER_TUI_SETTINGS", str(tmp_path / "settings.json"))
        get_settings.cache_clear()
        checkin.questionnaire.cache_clear()

    yield use
    monkeypatch.delenv("PEER_TUI_SETTINGS")
    get_settings.cache_clear()
    checkin.questionnaire.cache_clear()


def test_every_answer_reaches_staff_in_words_question_by_question(people):
    rid = people["resident"]
    thanks = checkin.submit_checkin(rid, everything(rid))
    entry = entry_for(thanks.checkin_id)
    for line in ("Mood:          4 of 5 (Good)", "Craving:       2 of 10",
                 "Sleep:         Badly", "Any use:       Yes",
                 "Meetings:      SMART Recovery, House meeting",
                 "Goal:          Find a flat - I reached it", "Help with:     Work",
                 "Talk today:    Yes, please", "Unsafe now?:   No",
                 "Anything else: Need a ride Friday"):
        assert line in entry.note.splitlines(), line
    detail = timeline.event_detail(people["pat"], entry.id)
    assert detail.note == entry.note  # the detail pane shows the note in full
    # The one line leads with what needs action, in the data's words.
    assert entry.summary.startswith("Kiosk check-in, needs action: Any use: Yes (concern, "
                                    "high); Help with: Work (follow-up); Talk today: Yes, "
                                    "please (follow-up); Goal: Find a flat - I reached it "
                                    "(to confirm).")
    assert "Mood: 4 of 5 (Good)" in entry.summary
    assert CheckIn.get_by_id(thanks.checkin_id).free_text == "Need a ride Friday"


def test_skipped_answers_read_as_skipped(people):
    rid = people["resident"]
    thanks = checkin.submit_checkin(rid, {"mood": 2, "safety": "no"})
    entry = entry_for(thanks.checkin_id)
    assert "Sleep:         (skipped)" in entry.note and "Needs action" not in entry.note
    assert entry.summary == "Kiosk check-in: Mood: 2 of 5 (Low); Unsafe now?: No"
    assert entry.follow_up_on is None


def test_talk_and_help_with_become_one_follow_up_for_the_peer_specialist_today(people):
    rid, pat = people["resident"], people["pat"]
    thanks = checkin.submit_checkin(rid, everything(rid, use="no", goal=None))
    entry = entry_for(thanks.checkin_id)
    assert entry.follow_up_on == local_today() and entry.staff_id is None
    assert "Follow-up for Pat Peer, due today: Help with: Work; Talk today: Yes, please" \
        in entry.note
    # Through the existing follow-up data: needs attention, the hand-off, Space on the timeline.
    assert Resident.get_by_id(rid).summary_next_follow_up == local_today()
    assert "follow-up due today" in caseload_query.caseload_row(pat, rid).reasons
    page = caseload_query.caseload_page(pat, caseload_query.CaseloadFilter(needs_attention=True))
    assert rid in [row.id for row in page.rows]
    due = timeline.follow_ups_due(pat, local_today())
    assert [(f.event_id, f.staff_name) for f in due] == [(entry.id, "Pat Peer")]
    assert [f.event_id for f in timeline.follow_ups_due(pat, local_today(),
                                                        staff_id=pat.id)] == [entry.id]
    report = handoff_report.since(pat, utcnow().replace(year=2000))
    sections = {s.title: s for s in report.sections}
    assert sections["Follow-ups now due"].count == 1
    assert "(Pat Peer)" in sections["Follow-ups now due"].lines[0]
    timeline.complete_follow_up(pat, entry.id)
    assert Resident.get_by_id(rid).summary_next_follow_up is None


def test_help_with_alone_is_a_follow_up_and_no_answer_is_none(people):
    rid = people["resident"]
    first = checkin.submit_checkin(rid, {"mood": 3, "safety": "no", "help_with": ["money"]})
    assert entry_for(first.checkin_id).follow_up_on == local_today()
    second = checkin.submit_checkin(rid, {"mood": 3, "safety": "no", "wants_to_talk": "no"})
    assert entry_for(second.checkin_id).follow_up_on is None


def test_any_use_yes_raises_a_high_concern_not_an_urgent_one(people):
    rid = people["resident"]
    thanks = checkin.submit_checkin(rid, everything(rid))
    concern = Concern.get(Concern.resident == rid)
    assert (concern.severity, concern.source, concern.status) == ("high", "kiosk", "open")
    assert concern.summary == "From the kiosk check-in: Any use: Yes."
    assert f"Concern #{concern.id} (high)" in entry_for(thanks.checkin_id).note
    assert Resident.get_by_id(rid).summary_urgent_concerns == 0
    checkin.submit_checkin(rid, everything(rid, use="prefer_not_to_say"))
    assert Concern.select().where(Concern.resident == rid).count() == 1


def test_goal_progress_proposes_a_status_change_and_does_not_edit_the_plan(people):
    rid, pat = people["resident"], people["pat"]
    checkin.submit_checkin(rid, everything(rid))  # "I reached it" on "Find a flat"
    assert Goal.get_by_id(people["flat"]).status == "in_progress"
    [pending] = goal_updates.pending(pat, rid)
    assert (pending.goal, pending.current_status, pending.proposed_status, pending.answer) == (
        "Find a flat", "in_progress", "achieved", "I reached it")
    plan = goal_updates.confirm(pat, pending.id)
    assert Goal.get_by_id(people["flat"]).status == "achieved"
    assert plan.revision_number == 1 and goal_updates.pending(pat, rid) == []
    assert GoalUpdateProposal.get_by_id(pending.id).outcome == "confirmed"
    with pytest.raises(InvalidInput, match="already confirmed"):
        goal_updates.confirm(pat, pending.id)


def test_good_progress_only_proposes_what_moves_the_goal_forward(people):
    rid, pat = people["resident"], people["pat"]
    flat, job = people["flat"], people["job"]
    checkin.submit_checkin(rid, everything(rid, goal={"goal_id": flat, "progress": "good"}))
    assert goal_updates.pending(pat, rid) == []  # already in progress: nothing to confirm
    thanks = checkin.submit_checkin(rid, everything(rid, goal={"goal_id": job,
                                                               "progress": "good"}))
    [pending] = goal_updates.pending(pat, rid)
    assert (pending.goal_id, pending.proposed_status) == (job, "in_progress")
    assert "Goal update to confirm on the plan tab" in entry_for(thanks.checkin_id).note
    goal_updates.decline(pat, pending.id)
    assert Goal.get_by_id(job).status == "not_started" and goal_updates.pending(pat, rid) == []
    checkin.submit_checkin(rid, everything(rid, goal={"goal_id": job, "progress": "some"}))
    assert goal_updates.pending(pat, rid) == []


def test_meetings_are_counted_by_pathway_for_7_and_30_days(people):
    rid, pat = people["resident"], people["pat"]
    checkin.submit_checkin(rid, everything(rid))
    checkin.submit_checkin(rid, everything(rid, meetings=[checkin.checkin_context(rid)
                                                          .supports[0].id]))
    assert MeetingAttendance.select().where(MeetingAttendance.resident == rid).count() == 3
    counts = attendance.meeting_counts(pat, rid)
    assert counts.last_7 == {"non_clinical": 2, "": 1} and counts.total_30 == 3
    assert counts.lines()[0] == "non-clinical (mutual aid): 2 in 7 days, 2 in 30 days"
    later = attendance.meeting_counts(pat, rid, today=local_today() + timedelta(days=10))
    assert later.total_7 == 0 and later.total_30 == 3


def test_free_text_is_in_the_hand_off_in_full(people):
    rid, pat = people["resident"], people["pat"]
    words = "Need a ride Friday to the court at nine. " * 7
    checkin.submit_checkin(rid, everything(rid, note=words.strip()))
    report = handoff_report.since(pat, utcnow().replace(year=2000))
    [line] = {s.title: s for s in report.sections}["Kiosk check-ins"].lines
    assert line.endswith(f'In their words: "{words.strip()}"') and len(words) > 280


def test_a_house_questionnaire_decides_what_triggers_what(people, house_questionnaire):
    def change(questions):
        questions["use"]["options"][1].pop("concern")  # use: yes no longer a concern
        questions["wants_to_talk"]["options"][0]["follow_up"] = False
        questions["sleep"]["options"][3]["follow_up"] = True  # "hardly at all" is
        questions["mood"]["options"][0]["concern"] = "medium"  # "very low" is
        questions["goal"]["options"][1]["goal_status"] = "in_progress"  # "a little" too

    house_questionnaire(change)
    rid, pat = people["resident"], people["pat"]
    quiet = checkin.submit_checkin(rid, everything(rid, help_with=None, goal=None))
    assert entry_for(quiet.checkin_id).follow_up_on is None
    assert not Concern.select().where(Concern.resident == rid).exists()
    loud = checkin.submit_checkin(rid, everything(rid, mood=1, sleep="hardly", help_with=None,
                                                  goal={"goal_id": people["job"],
                                                        "progress": "some"}))
    entry = entry_for(loud.checkin_id)
    assert entry.follow_up_on == local_today() and "Sleep: Hardly at all" in entry.note
    assert Concern.get(Concern.resident == rid).severity == "medium"
    assert [p.proposed_status for p in goal_updates.pending(pat, rid)] == ["in_progress"]


def test_a_rule_on_the_question_applies_to_any_answer(people, house_questionnaire):
    house_questionnaire(lambda q: q["note"].update(follow_up=True, concern=True))
    rid = people["resident"]
    thanks = checkin.submit_checkin(rid, {"mood": 3, "safety": "no", "note": "Lost my keys"})
    entry = entry_for(thanks.checkin_id)
    assert entry.follow_up_on == local_today()
    assert 'Anything else: Lost my keys (concern, high)' in entry.summary
    assert Concern.get(Concern.resident == rid).severity == "high"  # true means high


@pytest.mark.parametrize("change,message", [
    (lambda q: q["use"]["options"][1].update(concern="severe"),
     "question use, option yes, concern: Choose one of: 'low', 'medium', 'high' or 'urgent'."),
    (lambda q: q["sleep"]["options"][0].update(goal_status="achieved"),
     "question sleep: only a goal question can set goal_status."),
    (lambda q: q["goal"]["options"][0].update(goal_status="done"),
     "question goal, option not_yet, goal_status: Choose one of: 'in_progress' or "
     "'achieved'."),
    (lambda q: q["mood"].update(follow_ups=True), "question mood, follow_ups: Unknown field."),
])
def test_a_broken_house_questionnaire_is_one_line_naming_the_place(
        people, house_questionnaire, change, message):
    house_questionnaire(change)
    with pytest.raises(SettingsProblem) as problem:
        checkin.questionnaire()
    text = str(problem.value)
    assert "\n" not in text and text.endswith(message), text
    assert "house-questions.json is not valid" in text


def test_an_unreadable_questionnaire_file_is_one_line(tmp_path):
    from peer_tui.services import questionnaire_file

    with pytest.raises(SettingsProblem, match="cannot be read"):
        questionnaire_file.load(str(tmp_path / "missing.json"))
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(SettingsProblem, match="not valid JSON"):
        questionnaire_file.load(str(tmp_path / "bad.json"))
    (tmp_path / "list.json").write_text("[]")
    with pytest.raises(SettingsProblem, match="JSON object"):
        questionnaire_file.load(str(tmp_path / "list.json"))


def test_ending_early_saves_what_was_answered_even_without_required_answers(people):
    rid = people["resident"]
    concern = checkin.raise_crisis(rid, "help_now")
    thanks = checkin.submit_checkin(rid, {"craving": 6}, crisis_concern_id=concern,
                                    ended_at="sleep")
    entry = entry_for(thanks.checkin_id)
    assert entry.summary == ("Kiosk check-in (ended early), needs action: URGENT: asked for "
                             "help now. Craving: 6 of 10")
    assert "Mood:          (skipped)" in entry.note
    assert f"Urgent concern #{concern}: asked for help now" in entry.note
    assert "Sleep:         " + checkin_rules.NOT_ASKED in entry.note
    assert "Anything else: " + checkin_rules.NOT_ASKED in entry.note
    assert CheckIn.get_by_id(thanks.checkin_id).safety_concern


def test_refusals_name_the_question_in_words_never_its_id(people):
    rid = people["resident"]
    with pytest.raises(InvalidInput) as refused:
        checkin.submit_checkin(rid, {"safety": "no"})
    assert str(refused.value) == "Mood: Please choose an answer."
    with pytest.raises(InvalidInput) as refused:
        checkin.submit_checkin(rid, {"mood": 3, "safety": "no", "bogus": 1})
    assert "bogus" not in str(refused.value)


def test_confirming_a_stale_update_is_refused_in_words(people):
    rid, pat = people["resident"], people["pat"]
    checkin.submit_checkin(rid, everything(rid))
    [pending] = goal_updates.pending(pat, rid)
    Goal.update(status="achieved").where(Goal.id == people["flat"]).execute()
    assert goal_updates.pending(pat, rid) == []
    with pytest.raises(InvalidInput, match="no longer applies"):
        goal_updates.confirm(pat, pending.id)
    goal_updates.decline(pat, pending.id)


def test_front_desk_cannot_read_or_decide_goal_updates(people):
    auth.create_staff("frank", "Frank Desk", "front_desk", "2468")
    frank = auth.sign_in("frank", "2468").actor
    from peer_tui.services.errors import PermissionDenied

    each_raises(PermissionDenied, [
        lambda: goal_updates.pending(frank, people["resident"]),
        lambda: goal_updates.confirm(frank, 1),
        lambda: goal_updates.decline(frank, 1),
        lambda: attendance.meeting_counts(frank, people["resident"]),
    ])


def test_an_older_database_gains_the_check_in_tables_on_upgrade(tmp_path):
    import shutil
    from pathlib import Path

    from peer_tui.models.db import close_database, database
    from peer_tui.storage import open_and_upgrade

    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).resolve().parent.parent / "data" / "schema_v1.sqlite3", path)
    open_and_upgrade(str(path))
    try:
        assert "free_text" in {c.name for c in database.get_columns("check_in")}
        assert {"goal_update_proposal", "meeting_attendance"} <= set(database.get_tables())
        # A raw insert (as the benchmark generator makes) gets the database's own default.
        database.execute_sql("INSERT INTO check_in (resident_id, submitted_at, source, "
                             "used_since_last, wants_to_talk, safety_concern, answers) "
                             "SELECT id, '2026-01-01', 'kiosk', '', 0, 0, '{}' FROM resident")
        assert CheckIn.get().free_text == ""
    finally:
        close_database()
