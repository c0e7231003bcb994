"""The plan editor in daily use: the cursor lands on what was just added, [ and ] say when a
goal is already at an edge, supports are changed and removed from the keyboard, one sitting is
one revision (and one timeline entry) whose history says what happened, and the "More:" line
keeps every key at 80 columns."""

from __future__ import annotations

import pytest
from helpers import plan_open, press_opens, settle

from peer_tui.screens.plan_forms import ReviewForm, SupportForm
from peer_tui.screens.plan_history import PlanHistoryScreen
from peer_tui.screens.widgets.timeline_pane import TimelinePane
from peer_tui.services import recovery_plan as plans


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def goto(pilot, pane, key: str) -> None:
    table = pane.query_one("#plan-table")
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


@pytest.mark.actions(
    "GoalForm.save",
    "PlanPane.add_goal",
    "PlanPane.add_step",
    "ResidentScreen.tab",
    "StepForm.save")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_after_adding_a_goal_or_step_the_cursor_is_on_it(demo_db, size):
    async with plan_open(size) as (pilot, pane):
        app = pilot.app
        assert pane.selected_key().startswith("d:")  # the first domain heading
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"finan", "enter", *"Open a savings account", "ctrl+s")
        await settle(pilot)
        goal = pane.selected_goal()
        assert goal is not None and goal.own_words == "Open a savings account"
        assert goal.domain_key == "finances"
        await pilot.press("s")
        await settle(pilot)
        await pilot.press(*"Ask the bank about fees", "ctrl+s")
        await settle(pilot)
        step = pane.selected_step()
        assert step is not None and step.text == "Ask the bank about fees"
        assert "Saved: step added." in notes(app)


@pytest.mark.actions("PlanPane.move", "ResidentScreen.tab")
async def test_moving_a_goal_at_an_edge_says_so(demo_db):
    async with plan_open() as (pilot, pane):
        app = pilot.app
        only = next(g for g in pane.plan.goals if g.domain_key == "employment")
        await goto(pilot, pane, f"g:{only.id}")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "This is the only goal in Employment" in notes(app)[-1]
        plans.save_goal(app.actor, pane.resident_id, None,
                        {"domain_key": "employment", "own_words": "Ask about shifts"})
        pane.load()
        await settle(pilot)
        await goto(pilot, pane, f"g:{only.id}")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "already the first goal in Employment" in notes(app)[-1]
        revision = pane.plan.revision_number
        await pilot.press("right_square_bracket")
        await settle(pilot)
        order = [g.id for g in pane.plan.goals if g.domain_key == "employment"]
        assert order[-1] == only.id and pane.selected_goal().id == only.id
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "already the last goal in Employment" in notes(app)[-1]
        assert pane.plan.revision_number == revision  # the same sitting
        await pilot.press("down")  # onto a step
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "select a goal first" in notes(app)[-1]


@pytest.mark.actions("PlanPane.edit", "PlanPane.remove", "ResidentScreen.tab")
async def test_a_support_is_changed_and_removed_from_the_keyboard(demo_db):
    async with plan_open() as (pilot, pane):
        app = pilot.app
        support = next(s for s in pane.plan.supports if s.kind == "person")
        await goto(pilot, pane, f"p:{support.id}")
        form = await press_opens(pilot, "e", SupportForm)
        assert form.query_one("#name").value == support.name
        form.query_one("#contact").value = "555-0101"
        await pilot.press("ctrl+s")
        await settle(pilot)
        changed = next(s for s in pane.plan.supports if s.id == support.id)
        assert changed.contact == "555-0101" and pane.selected_support().id == support.id
        await pilot.press("delete")
        await settle(pilot)
        assert "Press Delete again" in notes(app)[-1]
        assert any(s.id == support.id for s in pane.plan.supports)
        await pilot.press("delete")
        await settle(pilot)
        assert not any(s.id == support.id for s in pane.plan.supports)
        assert "Saved: support removed." in notes(app)


@pytest.mark.actions(
    "PlanHistoryScreen.back",
    "PlanPane.history",
    "PlanPane.review",
    "PlanPane.toggle",
    "ResidentScreen.tab",
    "ReviewForm.save")
async def test_one_sitting_is_one_revision_whose_history_says_what_happened(demo_db):
    async with plan_open() as (pilot, pane):
        app = pilot.app
        await pilot.press("3")  # the timeline is open before the edits ...
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        before = pane.plan.revision_number
        step = next(s for g in pane.plan.goals for s in g.steps if not s.done)
        await goto(pilot, pane, f"s:{step.id}")
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewForm)
        await pilot.press("tab", *"Went through every goal", "ctrl+s")
        await settle(pilot)
        assert pane.plan.revision_number == before + 1
        history = await press_opens(pilot, "h", PlanHistoryScreen)
        assert history.query_one("#history-table").row_count == before + 1
        await settle(pilot)
        shown = str(history.query_one("#history-diff").render())
        assert f"step marked done: \u201c{step.text}\u201d" in shown
        assert "added: review held on" in shown and "Went through every goal" in shown
        assert "removed:" not in shown
        await pilot.press("escape")
        await pilot.press("3")  # ... and shows the session's one entry without a reload key
        await settle(pilot)
        timeline = app.screen.query_one(TimelinePane)
        entries = [r for r in timeline.rows.values() if r.kind == "plan_change"
                   and r.summary.startswith(f"Plan revision {before + 1}:")]
        assert len(entries) == 1
        assert "step marked done" in entries[0].summary and "review held" in entries[0].summary


@pytest.mark.actions("ResidentScreen.tab")
async def test_the_more_line_keeps_export_at_80_columns(demo_db):
    async with plan_open((80, 24)) as (pilot, pane):
        keys = pane.query_one("#plan-keys")
        text = str(keys.render())
        assert text.rstrip().endswith("x export")
        assert len(text.rstrip()) <= keys.content_region.width
