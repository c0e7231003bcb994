"""Plan revisions: one per editing session, and a difference that says what happened
("step marked done", "goal moved") rather than a line removed and a line added."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from peer_tui.models.events import Event
from peer_tui.models.people import House, Resident
from peer_tui.models.plans import PlanRevision
from peer_tui.services import auth, plan_revisions, plan_sessions
from peer_tui.services import recovery_plan as plans
from peer_tui.services.plan_diff import changes
from peer_tui.settings import Settings
from peer_tui.timeutil import fmt_date

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL

Q = "\u201c{}\u201d".format


def snapshot(goals=(), supports=(), reviews=(), **fields):
    data = {"direction": "professional", "strengths": "", "pathways": [], "review_rule": "",
            "review_description": "no review schedule", "review_start": None,
            "next_review_date": None, "last_reviewed_on": None}
    data.update(fields)
    data["goals"] = [dict(g) for g in goals]
    data["supports"] = list(supports)
    data["reviews"] = list(reviews)
    return data


def goal(gid, words, domain="housing", steps=(), **over):
    names = {"housing": "Housing", "employment": "Employment"}
    data = {"id": gid, "domain_key": domain, "domain_name": names[domain], "own_words": words,
            "why": "", "target_date": None, "status": "in_progress", "steps": list(steps)}
    data.update(over)
    return data


def step(sid, text, done=False, **over):
    data = {"id": sid, "text": text, "owner": "resident", "due_date": None, "done": done}
    data.update(over)
    return data


def said(old, new):
    return [(c.kind, c.text) for c in changes(old, new)]


# --- the difference --------------------------------------------------------------------------

def test_a_step_marked_done_is_one_change_not_a_removal_and_an_addition():
    before = snapshot([goal(1, "Find a flat", steps=[step(7, "Call the council")])])
    after = snapshot([goal(1, "Find a flat", steps=[step(7, "Call the council", done=True)])])
    assert said(before, after) == [("changed", f"step marked done: {Q('Call the council')}")]
    assert said(after, before) == [("changed", f"step reopened: {Q('Call the council')}")]


def test_a_goal_moved_to_another_domain_keeps_its_steps():
    steps = [step(7, "Call the council")]
    before = snapshot([goal(1, "Find work near home", steps=steps)])
    after = snapshot([goal(1, "Find work near home", domain="employment", steps=steps)])
    assert said(before, after) == [
        ("changed", f"goal moved from Housing to Employment: {Q('Find work near home')}")]


def test_moving_one_goal_up_reports_that_goal_only():
    a, b, c = goal(1, "A"), goal(2, "B"), goal(3, "C")
    assert said(snapshot([a, b, c]), snapshot([a, c, b])) in (
        [("changed", f"goal moved up in Housing: {Q('C')}")],
        [("changed", f"goal moved down in Housing: {Q('B')}")])
    assert said(snapshot([a, b, c]), snapshot([c, a, b])) == [
        ("changed", f"goal moved up in Housing: {Q('C')}")]
    # Another domain's goal arriving does not make the others "moved".
    d = goal(4, "D", domain="employment")
    assert said(snapshot([a, b, d]), snapshot([a, b, goal(4, "D")])) == [
        ("changed", f"goal moved from Employment to Housing: {Q('D')}")]


def test_goals_added_and_removed():
    a, b = goal(1, "Find a flat"), goal(2, "Open a bank account")
    assert said(snapshot([a]), snapshot([a, b])) == [
        ("added", f"goal in Housing: {Q('Open a bank account')}")]
    assert said(snapshot([a, b]), snapshot([b])) == [
        ("removed", f"goal in Housing: {Q('Find a flat')}")]
    # A step goes with its goal: said once, as the goal.
    with_step = goal(1, "Find a flat", steps=[step(7, "Call")])
    assert said(snapshot([with_step]), snapshot([])) == [
        ("removed", f"goal in Housing: {Q('Find a flat')}"), ("removed", f"step: {Q('Call')}")]


def test_edits_to_goals_steps_supports_and_details_each_say_what():
    before = snapshot([goal(1, "Find a flat", steps=[step(7, "Call", due_date="2026-03-01")])],
                      supports=[{"id": 3, "name": "Sam", "relationship": "sponsor",
                                 "contact": ""}], strengths="Kind")
    after = snapshot([goal(1, "Find my own flat", status="achieved", target_date="2026-04-01",
                           steps=[step(7, "Call the clinic", owner="peer_specialist",
                                       due_date="2026-03-08")])],
                     supports=[{"id": 3, "name": "Sam", "relationship": "sponsor",
                                "contact": "555-0101"}], strengths="Kind and funny",
                     direction="resident", pathways=["clinical"])
    assert said(before, after) == [
        ("changed", "now resident-directed (was professional-directed)"),
        ("changed", f"strengths: Kind and funny (was {Q('Kind')})"),
        ("added", "pathway: clinical"),
        ("changed", f"goal reworded: {Q('Find my own flat')} (was {Q('Find a flat')})"),
        ("changed", f"goal now achieved (was in progress): {Q('Find my own flat')}"),
        ("changed", f"goal target date 2026-04-01 (was none): {Q('Find my own flat')}"),
        ("changed", f"step reworded: {Q('Call the clinic')} (was {Q('Call')})"),
        ("changed", f"step now for the peer specialist: {Q('Call the clinic')}"),
        ("changed", f"step due 2026-03-08 (was 2026-03-01): {Q('Call the clinic')}"),
        ("changed", "support: Sam (sponsor, 555-0101) (was Sam (sponsor))"),
    ]


def test_a_recorded_review_shows_with_its_note():
    review = {"id": 5, "reviewed_on": "2026-03-02", "staff": "Pat Okafor", "note": "went well"}
    before = snapshot(review_rule="FREQ=WEEKLY;BYDAY=MO", next_review_date="2026-03-02")
    after = snapshot(review_rule="FREQ=WEEKLY;BYDAY=MO", next_review_date="2026-03-09",
                     last_reviewed_on="2026-03-02", reviews=[review])
    assert said(before, after) == [
        ("changed", "next review: 2026-03-09"),
        ("added", "review held on 2026-03-02 with Pat Okafor: went well")]


def test_unreadable_snapshots_are_empty_plans():
    from peer_tui.services.plan_diff import load

    assert load("not json") == {} and load("[1, 2]") == {} and load("") == {}
    assert said({}, {}) == []


# --- sessions through the services ---------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, 0)


class Clock:
    def __init__(self, monkeypatch):
        self.now = T0
        monkeypatch.setattr(plans, "utcnow", lambda: self.now)

    def at(self, minutes: float, seconds: float = 0) -> None:
        self.now = T0 + timedelta(minutes=minutes, seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def rid(db):
    return Resident.create(first_name="Ana", last_name="Silva", house=House.create(name="H")).id


@pytest.fixture
def pat(db):
    auth.create_staff("pat", "Pat Okafor", "peer_specialist", "2468")
    return auth.sign_in("pat", "2468").actor


def add_goal(actor, rid, words="Find a flat"):
    return plans.save_goal(actor, rid, None, {"domain_key": "housing", "own_words": words})


def plan_entries(rid):
    return [e.summary for e in Event.select().where(Event.resident == rid,
                                                    Event.kind == "plan_change")
            .order_by(Event.id)]


def test_saves_within_the_window_of_the_previous_one_fold(admin, rid, clock):
    view = add_goal(admin, rid)
    clock.at(25)
    view = plans.save_step(admin, view.goals[0].id, None, {"text": "Call the council"})
    clock.at(50)  # 50 minutes after the first save, but 25 after the previous one
    view = plans.toggle_step(admin, view.goals[0].steps[0].id)
    assert view.revision_number == 1 and PlanRevision.select().count() == 1
    revision = PlanRevision.get()
    assert (revision.created_at, revision.updated_at) == (T0, T0 + timedelta(minutes=50))
    assert revision.change_summary == "goal added in Housing; step added; step marked done"
    assert plan_entries(rid) == [f"Plan revision 1: {revision.change_summary}"]
    entry = Event.get(Event.kind == "plan_change")
    # Where the session began on the timeline; recorded as of its latest save.
    assert (entry.occurred_at, entry.recorded_at) == (T0, T0 + timedelta(minutes=50))


@pytest.mark.parametrize("gap_seconds,revisions", [(30 * 60, 1), (30 * 60 + 1, 2)])
def test_the_window_boundary(admin, rid, clock, gap_seconds, revisions):
    add_goal(admin, rid)
    clock.at(0, gap_seconds)
    view = add_goal(admin, rid, "Open a bank account")
    assert view.revision_number == revisions
    assert len(plan_entries(rid)) == revisions


def test_another_staff_member_starts_a_new_revision(admin, pat, rid, clock):
    add_goal(admin, rid)
    clock.at(1)
    add_goal(pat, rid, "Open a bank account")
    clock.at(2)
    view = add_goal(admin, rid, "Call my sister")
    assert view.revision_number == 3
    authors = [r.author for r in plan_revisions.revisions(admin, rid)]
    assert authors == ["Ada Admin", "Pat Okafor", "Ada Admin"]
    assert plan_entries(rid) == ["Plan revision 1: goal added in Housing"] * 1 + [
        "Plan revision 2: goal added in Housing", "Plan revision 3: goal added in Housing"]


def test_a_sign_off_closes_the_session(admin, rid, clock):
    add_goal(admin, rid)
    plans.sign_off(admin, rid, T0.date())
    clock.at(1)
    view = add_goal(admin, rid, "Open a bank account")
    assert view.revision_number == 2
    assert PlanRevision.get(PlanRevision.number == 1).signed_off_on == T0.date()
    assert [c.text for c in plan_revisions.diff(admin, rid, 1, 2)] == [
        f"goal in Housing: {Q('Open a bank account')}"]


def test_a_window_of_zero_makes_every_save_a_revision(admin, rid, clock, monkeypatch):
    monkeypatch.setattr(plan_sessions, "get_settings",
                        lambda: Settings(plan_session_minutes=0))
    add_goal(admin, rid)
    view = add_goal(admin, rid, "Open a bank account")
    assert view.revision_number == 2


def test_the_same_thing_done_twice_is_counted(admin, rid, clock):
    view = add_goal(admin, rid)
    for text in ("Call the council", "Visit the flat", "Ask about the deposit"):
        view = plans.save_step(admin, view.goals[0].id, None, {"text": text})
    assert PlanRevision.get().change_summary == "goal added in Housing; step added (x3)"
    assert plan_sessions.merge_summary("a (x2); b", "a") == "a (x3); b"


def test_the_history_says_step_marked_done_and_goal_moved(admin, pat, rid, clock):
    view = add_goal(admin, rid)
    view = add_goal(admin, rid, "Open a bank account")
    view = plans.save_step(admin, view.goals[0].id, None, {"text": "Call the council"})
    clock.at(1)  # Pat's session: tick the step, move the second goal up
    view = plans.toggle_step(pat, view.goals[0].steps[0].id)
    view = plans.move_goal(pat, view.goals[1].id, -1)
    assert [g.own_words for g in view.goals] == ["Open a bank account", "Find a flat"]
    said_ = [(c.kind, c.text) for c in plan_revisions.diff(admin, rid, 1, 2)]
    assert ("changed", f"step marked done: {Q('Call the council')}") in said_
    assert len(said_) == 2 and said_[0][1].startswith("goal moved")
    assert not [k for k, _ in said_ if k != "changed"]
    assert plan_revisions.revisions(admin, rid)[0].change_summary == (
        "step marked done; goal moved up in Housing")


def test_recording_a_review_shows_in_the_history(admin, pat, rid, clock):
    add_goal(admin, rid)
    clock.at(1)
    plans.record_review(pat, rid, {"on": T0.date(), "note": "went well"})
    said_ = [(c.kind, c.text) for c in plan_revisions.diff(admin, rid, 1, 2)]
    assert said_ == [("added", f"review held on {T0.date()} with Pat Okafor: went well")]


def test_supports_are_changed_and_removed(admin, rid, clock):
    view = plans.add_support(admin, rid, {"kind": "person", "name": "Sam",
                                          "relationship": "sponsor"})
    support = view.supports[0]
    view = plans.update_support(admin, support.id, {"kind": "person", "name": "Sam",
                                                    "relationship": "sponsor",
                                                    "contact": "555-0101"})
    assert view.supports[0].contact == "555-0101"
    view = plans.remove_support(admin, support.id)
    assert view.supports == ()
    assert PlanRevision.get().change_summary == ("support added (person); support changed; "
                                                 "support removed")


# --- the history as staff read it ----------------------------------------------------------

def test_each_revision_says_when_who_and_whether_signed(admin, pat, rid, clock):
    add_goal(admin, rid)
    clock.at(5)
    add_goal(admin, rid, "Open a bank account")  # folded into revision 1
    plans.sign_off(admin, rid, T0.date())
    clock.at(60)
    add_goal(pat, rid, "Call my sister")  # revision 2, one save only
    PlanRevision.update(author=None).where(PlanRevision.number == 2).execute()
    newest, first = plan_revisions.revisions(admin, rid)
    assert (first.number, first.created_at, first.updated_at) == (
        1, T0, T0 + timedelta(minutes=5))
    assert (first.author, first.signed_off) == ("Ada Admin", f"signed {fmt_date(T0.date())}")
    # One save: its time is the revision's; an author no longer on record is '-'.
    assert (newest.number, newest.created_at, newest.updated_at) == (
        2, T0 + timedelta(minutes=60), T0 + timedelta(minutes=60))
    assert (newest.author, newest.signed_off) == ("-", "")


def test_the_history_is_of_this_residents_plan_only(admin, rid, clock):
    other = Resident.create(first_name="Bo", last_name="Lee", house=House.get()).id
    add_goal(admin, other, "Someone else's goal")
    clock.at(60)
    add_goal(admin, other, "Someone else's second goal")
    clock.at(120)
    add_goal(admin, rid)
    assert [r.number for r in plan_revisions.revisions(admin, rid)] == [1]
    assert [c.text for c in plan_revisions.diff(admin, rid, 0, 1)] == [
        f"goal in Housing: {Q('Find a flat')}"]  # from the empty plan before revision 1
    with pytest.raises(plan_revisions.NotFound, match="^That revision does not exist.$"):
        plan_revisions.diff(admin, rid, 1, 2)  # the other plan has a revision 2
    with pytest.raises(plan_revisions.NotFound, match="^That revision does not exist.$"):
        plan_revisions.diff(admin, rid, 3, 1)


def test_the_front_desk_reads_no_plan_history(admin, rid, clock):
    from peer_tui.services.errors import PermissionDenied

    add_goal(admin, rid)
    auth.create_staff("frank", "Frank Desk", "front_desk", "2468")
    frank = auth.sign_in("frank", "2468").actor
    with pytest.raises(PermissionDenied, match="Front-desk"):
        plan_revisions.revisions(frank, rid)
    with pytest.raises(PermissionDenied, match="Front-desk"):
        plan_revisions.diff(frank, rid, 0, 1)
    with pytest.raises(PermissionDenied, match="Sign in first"):
        plan_revisions.revisions(None, rid)
