"""Recovery plan services: goals, steps, revisions, review schedule, sign-off, export."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Event
from peer_tui.models.people import House, Resident
from peer_tui.models.plans import PlanRevision
from peer_tui.services import auth, plan_document, plan_revisions
from peer_tui.services import recovery_plan as plans
from peer_tui.services.errors import InvalidInput, PermissionDenied
from peer_tui.services.review_dates import describe_rule, occurrences, rule_for

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL

TODAY = date.today()


@pytest.fixture
def rid(db):
    return Resident.create(first_name="Ana", last_name="Silva", house=House.create(name="H")).id


def goal(**over):
    data = dict(domain_key="housing", own_words="Find my own place", status="in_progress")
    data.update(over)
    return data


def test_one_sitting_of_edits_is_one_revision_and_one_timeline_entry(admin, rid):
    view = plans.save_goal(admin, rid, None, goal(target_date=TODAY + timedelta(days=90)))
    g = view.goals[0]
    assert (g.domain_name, g.own_words, view.revision_number) == ("Housing", "Find my own place", 1)
    view = plans.save_step(admin, g.id, None, {"text": "Call the housing office",
                                                "owner": "peer_specialist"})
    step = view.goals[0].steps[0]
    view = plans.toggle_step(admin, step.id)
    assert view.goals[0].steps[0].done and view.revision_number == 1
    assert PlanRevision.select().count() == 1
    summaries = [e.summary for e in Event.select().where(Event.kind == "plan_change")]
    assert summaries == ["Plan revision 1: goal added in Housing; step added; step marked done"]
    # Every save still has its own audit row.
    assert AuditLog.select().where(AuditLog.action == "update",
                                   AuditLog.table_name == "recovery_plan").count() == 3
    assert Resident.get_by_id(rid).summary_goals_total == 1


@pytest.mark.parametrize("field,value,message", [
    ("own_words", "", "Required."),
    ("own_words", "x" * 301, "Too long"),
    ("domain_key", "nonsense", "Choose a recovery domain."),
    ("status", "finished", "Choose one of"),
])
def test_bad_goal_input_saves_nothing(admin, rid, field, value, message):
    with pytest.raises(InvalidInput) as info:
        plans.save_goal(admin, rid, None, goal(**{field: value}))
    assert info.value.errors[field].startswith(message)
    assert PlanRevision.select().count() == 0


def test_move_goal_between_domains_and_reorder(admin, rid):
    plans.save_goal(admin, rid, None, goal(own_words="First"))
    view = plans.save_goal(admin, rid, None, goal(own_words="Second"))
    second = view.goals[1]
    view = plans.move_goal(admin, second.id, -1)
    assert [g.own_words for g in view.goals] == ["Second", "First"]
    view = plans.save_goal(admin, rid, second.id, goal(own_words="Second",
                                                       domain_key="employment"))
    assert [(g.domain_key, g.own_words) for g in view.goals] == [
        ("housing", "First"), ("employment", "Second")]


def test_markup_in_goals_is_kept_and_escaped_in_html(admin, rid, tmp_path):
    plans.save_goal(admin, rid, None, goal(own_words="[/]Zed [@click=app.quit]x <script>"))
    path = plan_document.export_plan(admin, rid, "html", str(tmp_path / "plan.html"))
    text = path.read_text()
    assert "[/]Zed [@click=app.quit]x &lt;script&gt;" in text and "<script>" not in text
    assert "42 CFR part 2 prohibits unauthorized use" in text
    assert path.stat().st_mode & 0o777 == 0o600
    txt = plan_document.export_plan(admin, rid, "txt", str(tmp_path / "plan.txt")).read_text()
    assert "[/]Zed [@click=app.quit]x <script>" in txt
    assert AuditLog.select().where(AuditLog.action == "export").count() == 2
    with pytest.raises(InvalidInput, match="already exists"):
        plan_document.export_plan(admin, rid, "txt", str(tmp_path / "plan.txt"))


def test_review_schedule_and_recording_a_review_moves_the_next_date(admin, rid):
    monday = TODAY - timedelta(days=TODAY.weekday())  # this week's Monday
    view = plans.set_schedule(admin, rid, {"preset": "fortnightly", "weekday": 0,
                                           "start": monday})
    assert view.review_description == "every 2 weeks on Monday"
    assert view.next_review_date in (monday, monday + timedelta(days=14))
    first = view.next_review_date
    view = plans.record_review(admin, rid, {"on": TODAY})
    assert view.next_review_date == (first + timedelta(days=14) if first <= TODAY else first)
    assert Resident.get_by_id(rid).summary_next_review == view.next_review_date
    with pytest.raises(InvalidInput):
        plans.record_review(admin, rid, {"on": TODAY + timedelta(days=1)})
    with pytest.raises(InvalidInput):
        plans.set_schedule(admin, rid, {"preset": "monthly_day", "day_of_month": 31,
                                        "start": TODAY})


@pytest.mark.parametrize("preset,start,after,expected", [
    ("fortnightly", date(2026, 3, 2), date(2026, 3, 2), [date(2026, 3, 16), date(2026, 3, 30)]),
    # Across the US spring-forward (2026-03-08) and autumn change: still Mondays.
    ("weekly", date(2026, 3, 2), date(2026, 3, 6), [date(2026, 3, 9), date(2026, 3, 16)]),
    ("weekly", date(2026, 10, 26), date(2026, 10, 30), [date(2026, 11, 2), date(2026, 11, 9)]),
    ("monthly_day", date(2026, 1, 15), date(2026, 12, 20), [date(2027, 1, 1), date(2027, 2, 1)]),
])
def test_review_arithmetic(preset, start, after, expected):
    rule = rule_for(preset, 0, 1)
    assert occurrences(rule, start, after, 2) == expected
    assert describe_rule(rule)


def test_sign_off_history_and_diff(admin, rid):
    with pytest.raises(InvalidInput, match="nothing to sign"):
        plans.sign_off(admin, rid, TODAY)
    plans.save_goal(admin, rid, None, goal())
    assert plans.sign_off(admin, rid, TODAY).signed_off.startswith("revision 1 signed")
    # What the resident signed stays as signed: the next save starts revision 2.
    view = plans.save_details(admin, rid, {"strengths": "Kind", "pathways": ["non_clinical"],
                                           "direction": "resident"})
    view = plans.sign_off(admin, rid, TODAY)
    assert view.signed_off.startswith("revision 2 signed")
    history = plan_revisions.revisions(admin, rid)
    assert [r.number for r in history] == [2, 1] and history[0].signed_off
    lines = [(c.kind, c.text) for c in plan_revisions.diff(admin, rid, 1, 2)]
    assert lines == [("changed", "now resident-directed (was professional-directed)"),
                     ("added", "strengths: Kind"), ("added", "pathway: non-clinical")]
    first = plan_revisions.diff(admin, rid, 0, 1)
    assert [(c.kind, c.text) for c in first] == [
        ("added", "goal in Housing: \u201cFind my own place\u201d")]


def test_front_desk_cannot_read_or_change_plans(rid):
    auth.create_staff("frank", "Frankie", "front_desk", "2468")
    frank = auth.sign_in("frank", "2468").actor
    with pytest.raises(PermissionDenied):
        plans.get_plan(frank, rid)
    with pytest.raises(PermissionDenied):
        plans.save_goal(frank, rid, None, goal())
