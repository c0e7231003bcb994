"""The plan tab driven by keys: add a goal and a step with typed dates, mark done, history;
a bad date keeps what was typed; unsaved form survives the idle lock."""

from __future__ import annotations

from helpers import make_app, open_plan, plan_open, press_opens, settle
from peer_tui.screens.lock import LockScreen
from peer_tui.screens.plan_forms import GoalForm, StepForm
from peer_tui.screens.plan_history import PlanHistoryScreen
from peer_tui.screens.widgets.plan_pane import PlanPane


async def test_add_goal_and_step_then_mark_done(demo_db):
    async with plan_open() as (pilot, pane):
        app = pilot.app
        before = pane.plan.revision_number
        form = await press_opens(pilot, "a", GoalForm)
        await pilot.press(*"educ", "enter")  # the domain picker finds as you type
        assert form.query_one("#domain_key").value == "education"
        await pilot.press(*"[/]Go back to school [@click=app.quit]x")
        form.query_one("#target_date").text = "in 3 monhts"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # not saved; what was typed is still there
        assert "Cannot read" in form.query_one("#target_date").error
        assert form.query_one("#own_words").value.startswith("[/]Go back")
        form.query_one("#target_date").text = "in 3 months"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form and app.screen.query_one(PlanPane) is pane  # saved
        assert pane.plan.revision_number == before + 1
        goal = next(g for g in pane.plan.goals if g.domain_key == "education")
        assert goal.own_words == "[/]Go back to school [@click=app.quit]x"
        table = pane.query_one("#plan-table")
        table.move_cursor(row=table.get_row_index(f"g:{goal.id}"))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StepForm)
        await pilot.press(*"Ask about evening classes")
        app.screen.query_one("#due_date").text = "next friday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        goal = next(g for g in pane.plan.goals if g.id == goal.id)
        step = goal.steps[0]
        table.move_cursor(row=table.get_row_index(f"s:{step.id}"))
        await pilot.press("space")
        await settle(pilot)
        goal = next(g for g in pane.plan.goals if g.id == goal.id)
        # Three saves in one sitting are one revision (the demo's was by someone else).
        assert goal.steps[0].done and pane.plan.revision_number == before + 1
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, PlanHistoryScreen)
        assert app.screen.query_one("#history-table").row_count == before + 1
        assert app.is_running


async def test_unsaved_goal_survives_the_idle_lock(demo_db):
    async with plan_open() as (pilot, _):
        app = pilot.app
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        await pilot.press("tab", *"Half-typed goal")
        app.action_lock()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        app.screen.query_one("#pin").value = "2468"
        app.screen.query_one("#pin").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#own_words").value == "Half-typed goal"
        await pilot.press("escape")
        assert app.screen is form  # asks first: Esc again discards
        await pilot.press("escape")
        assert app.screen is not form


def test_full_plan_snapshot(db, snap_compare, local_zone):
    """A plan with fixed dates (all in the past), so the snapshot reads the same every day."""
    from datetime import date

    from peer_tui.models.people import House, Resident
    from peer_tui.models.plans import (
        ActionStep,
        Domain,
        Goal,
        PlanRevision,
        PlanSupport,
        RecoveryPlan,
    )

    from peer_tui.services import auth

    local_zone("UTC")
    casey = auth.create_staff("casey", "Casey Nguyen", "case_manager", "2468")
    resident = Resident.create(first_name="Ana", last_name="Silva", house=House.create(
        name="Harbor House"))
    plan = RecoveryPlan.create(
        resident=resident, direction="resident", strengths="Determined; [b]great cook[/b]",
        pathways="non_clinical,clinical", reengage_warning_signs="Skipping meetings",
        reengage_what_helps="A walk and a talk", reengage_contacts="My sister",
        reengage_outreach="Text first", review_rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        review_start=date(2026, 1, 5), next_review_date=date(2026, 2, 2), revision_number=1)
    PlanRevision.create(plan=plan, number=1, author=casey.id, change_summary="first",
                        snapshot="{}", signed_off_on=date(2026, 1, 6), signed_off_with=casey.id)
    domains = {d.key: d for d in Domain.select()}
    for position, (key, words, status) in enumerate([
            ("housing", "Save for a deposit", "in_progress"),
            ("substance_use", "[/]Stay sober [@click=app.quit]x", "in_progress"),
            ("employment", "Finish forklift course", "achieved")]):
        goal = Goal.create(plan=plan, domain=domains[key], own_words=words, status=status,
                           target_date=date(2026, 6, 1), position=position)
        ActionStep.create(goal=goal, text=f"First step for {key}", owner="resident",
                          due_date=date(2026, 2, 1), done=status == "achieved")
        ActionStep.create(goal=goal, text="Ask my peer specialist", owner="peer_specialist",
                          due_date=date(2026, 2, 10))
    PlanSupport.create(plan=plan, kind="person", name="Sponsor", relationship="sponsor")

    async def run_before(pilot):
        await open_plan(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 34), run_before=run_before)
