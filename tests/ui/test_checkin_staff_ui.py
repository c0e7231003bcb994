"""Staff mode after a resident's check-in (Pilot): every answer on the timeline entry, the goal
update confirmed with one key on the plan tab, meetings on the profile, the follow-up and the
resident's own words in the hand-off."""

from __future__ import annotations

from helpers import make_app, settle, sign_in

from peer_tui.models.people import Resident, Staff
from peer_tui.models.plans import Goal
from peer_tui.screens.resident import ResidentScreen
from peer_tui.screens.widgets.goal_update_bar import GoalUpdateBar
from peer_tui.screens.widgets.timeline_pane import TimelinePane
from peer_tui.services import checkin

SIZE = (100, 30)


def check_in_with_everything(goal_progress: str = "reached") -> tuple[int, int]:
    """Resident 1001 answers every question; returns (resident id, goal id)."""
    resident = Resident.get(Resident.kiosk_code == "1001")
    context = checkin.checkin_context(resident.id)
    goal = context.goals[0].id
    checkin.submit_checkin(resident.id, {
        "mood": 4, "craving": 2, "sleep": "badly", "use": "yes",
        "meetings": [s.id for s in context.supports],
        "goal": {"goal_id": goal, "progress": goal_progress}, "help_with": ["work"],
        "wants_to_talk": "yes", "safety": "no", "note": "Need a ride Friday"})
    return resident.id, goal


async def open_resident(pilot, resident_id: int, tab: str) -> None:
    await sign_in(pilot, "pat")
    await settle(pilot)
    await pilot.app.push_screen(ResidentScreen(resident_id))
    await settle(pilot)
    await pilot.press(tab)
    await settle(pilot)


async def test_the_peer_specialist_confirms_the_goal_update_with_one_key(demo_db):
    rid, goal = check_in_with_everything()
    Goal.update(status="in_progress").where(Goal.id == goal).execute()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_resident(pilot, rid, "2")
        bar = app.screen.query_one(GoalUpdateBar)
        assert bar.display
        shown = str(bar.render())
        assert 'the resident says "I reached it". Mark it achieved?' in shown
        assert " y " in shown and " n " in shown
        assert Goal.get_by_id(goal).status == "in_progress"  # nothing changed by itself
        await pilot.press("y")
        await settle(pilot)
        assert Goal.get_by_id(goal).status == "achieved"
        assert not bar.display
        await pilot.press("n")  # nothing waiting now: said so, nothing else happens
        await settle(pilot)
        assert "No goal update" in " ".join(str(n.message) for n in app._notifications)


async def test_declining_keeps_the_plan(demo_db):
    rid, goal = check_in_with_everything()
    status = Goal.get_by_id(goal).status
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_resident(pilot, rid, "2")
        await pilot.press("n")
        await settle(pilot)
        assert not app.screen.query_one(GoalUpdateBar).display
    assert Goal.get_by_id(goal).status == status


async def test_the_timeline_entry_shows_every_answer(demo_db):
    rid, _ = check_in_with_everything()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_resident(pilot, rid, "3")
        pane = app.screen.query_one(TimelinePane)
        row = next(r for r in pane.rows.values() if r.kind == "checkin")
        pane.list.move_to(pane.list.index_of(lambda r: r.id == row.id))
        await settle(pilot)
        detail = str(pane.query_one("#timeline-detail-text").render())
        for words in ("Needs action:", "Follow-up for", "due today", "Concern #",
                      "Goal update to confirm", "Mood:", "4 of 5 (Good)", "Sleep:", "Badly",
                      "Any use:", "Meetings:", "Help with:", "Work", "Talk today:",
                      "Unsafe now?:", "Anything else:", "Need a ride Friday",
                      "Follow-up: ", "open (Space marks it done)"):
            assert words in detail, words


async def test_the_profile_counts_meetings_by_pathway(demo_db):
    rid, _ = check_in_with_everything()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_resident(pilot, rid, "1")
        shown = str(app.screen.query_one("MeetingsSummary").render())
        assert "Meetings attended" in shown and "in the last 7 days" in shown


async def test_the_hand_off_shows_the_follow_up_and_the_residents_words(demo_db):
    from peer_tui.screens.handoff_view import HandoffScreen

    Staff.update(previous_sign_in_at=None, last_sign_in_at=None).execute()
    rid, _ = check_in_with_everything()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "pat")
        await settle(pilot)
        await app.push_screen(HandoffScreen())
        await settle(pilot)
        shown = app.screen.shown_text
        assert '"Need a ride Friday"' in shown
        follow = shown.split("Follow-ups now due")[1]
        assert "Talk today: Yes, please (follow-up)" in follow
