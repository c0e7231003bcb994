"""Pilot: the plan tab's keys not driven elsewhere - add a support (t), sign-off (o), export
(x), confirm or decline a goal update from a check-in (y, n) - each checked on the screen and
in the database, the dialogs at 100x30 and 80x24."""

from __future__ import annotations

import pytest
from helpers import notices, plan_open, press_opens, settle

from peer_tui.models.audit import AuditLog
from peer_tui.models.checkin_results import GoalUpdateProposal
from peer_tui.models.plans import Goal, PlanRevision, PlanSupport, RecoveryPlan
from peer_tui.screens.widgets.goal_update_bar import GoalUpdateBar
from peer_tui.screens.plan_forms import ExportForm, SignOffForm, SupportForm

SIZES = [(100, 30), (80, 24)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.actions("PlanPane.support", "ResidentScreen.tab", "SupportForm.save")
async def test_t_adds_a_person_as_a_support(demo_db, size):
    async with plan_open(size) as (pilot, pane):
        app = pilot.app
        plan = RecoveryPlan.get(RecoveryPlan.resident == pane.resident_id)
        before = pane.plan.revision_number
        form = await press_opens(pilot, "t", SupportForm, "#resource_id")
        form.query_one("#name").value = "Aunt [b]Jo[/b]"
        form.query_one("#relationship").value = "family"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.screen is not form
        row = PlanSupport.get(PlanSupport.plan == plan, PlanSupport.name == "Aunt [b]Jo[/b]")
        assert (row.kind, row.relationship) == ("person", "family")
        assert pane.plan.revision_number == before + 1
        assert any(s.name == "Aunt [b]Jo[/b]" for s in pane.plan.supports)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.actions("PlanPane.sign_off", "ResidentScreen.tab", "SignOffForm.save")
async def test_o_records_the_residents_sign_off(demo_db, size):
    async with plan_open(size) as (pilot, pane):
        app = pilot.app
        number = pane.plan.revision_number
        form = await press_opens(pilot, "o", SignOffForm)
        assert form.query_one("#on") in app.focused.ancestors_with_self  # the first field
        form.query_one("#on").text = "yesterday"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.screen is not form
        plan = RecoveryPlan.get(RecoveryPlan.resident == pane.resident_id)
        signed = PlanRevision.get(PlanRevision.plan == plan, PlanRevision.number == number)
        assert signed.signed_off_on is not None


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.actions("ExportForm.save", "PlanPane.export", "ResidentScreen.tab")
async def test_x_exports_the_plan_to_a_file(demo_db, size, tmp_path):
    async with plan_open(size) as (pilot, pane):
        app = pilot.app
        await pilot.press("x")
        await settle(pilot)
        form = app.screen
        # First: who it is for, the resident's own copy unless staff choose otherwise.
        assert isinstance(form, ExportForm) and app.focused is form.query_one("#for_whom")
        assert form.query_one("#for_whom").value == "resident"
        form.query_one("#fmt").value = "txt"
        await pilot.pause()
        target = tmp_path / "plan.txt"
        form.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.screen is not form
        assert f"Exported to {target}" in " ".join(notices(app))
        text = target.read_text(encoding="utf-8")
        assert pane.plan.resident_name in text and "42 CFR part 2" in text
        assert target.stat().st_mode & 0o777 == 0o600
        last = AuditLog.select().order_by(AuditLog.id.desc()).get()
        assert (last.action, last.resident_id) == ("export", pane.resident_id)


@pytest.mark.parametrize("key, status, outcome", [("y", "achieved", "confirmed"),
                                                  ("n", None, "declined")])
@pytest.mark.actions("PlanPane.goal_update", "ResidentScreen.tab")
async def test_y_and_n_decide_a_goal_update_from_a_check_in(demo_db, key, status, outcome):
    async with plan_open() as (pilot, pane):
        app = pilot.app
        await pilot.press(key)  # nothing waiting yet: said
        await settle(pilot)
        assert "No goal update from a check-in is waiting." in notices(app)
        goal = Goal.get_by_id(pane.plan.goals[0].id)
        was = goal.status
        proposal = GoalUpdateProposal.create(resident=pane.resident_id, goal=goal.id,
                                             proposed_status="achieved",
                                             answer="I reached it")
        pane.query_one(GoalUpdateBar).load()  # as when the tab opens after a check-in
        await settle(pilot, 2)
        await pilot.press(key)
        await settle(pilot, 2)
        decided = GoalUpdateProposal.get_by_id(proposal.id)
        assert decided.outcome == outcome and decided.decided_at is not None
        assert Goal.get_by_id(goal.id).status == (status or was)
        shown = next(g for g in pane.plan.goals if g.id == goal.id)
        assert shown.status == (status or was)
