"""The resident view is built once and reused by the caseload; each resident gets their own
tabs, and nothing of the resident before shows."""

from __future__ import annotations

from helpers import settle, signed_in

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Event
from peer_tui.screens.resident import ResidentScreen
from peer_tui.screens.widgets.timeline_pane import TimelinePane


def newest_summary(resident_id: int) -> str:
    return (Event.select(Event.summary).where(Event.resident == resident_id)
            .order_by(Event.occurred_at.desc(), Event.id.desc()).first().summary)


def event_ids(resident_id: int) -> set[int]:
    return {e.id for e in Event.select(Event.id).where(Event.resident == resident_id)}


async def test_the_next_resident_reuses_the_view_with_fresh_tabs(demo_db):
    async with signed_in("casey") as pilot:
        app = pilot.app
        caseload = app.screen
        first = caseload.selected()
        await pilot.press("enter", "3")
        await settle(pilot, rounds=2)
        view = app.screen
        assert isinstance(view, ResidentScreen) and view.card.id == first.id
        timeline = view.query_one(TimelinePane)
        assert timeline.current_row().summary == newest_summary(first.id)
        await pilot.press("f")  # a filter on the first resident's timeline...
        await settle(pilot)
        app.screen.query_one("#kinds").select("checkin")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert timeline.filter.active
        await pilot.press("2", "4", "5")
        await settle(pilot, rounds=2)
        first_plan = view.query_one("PlanPane")
        first_barc = view.query_one("BarcSummary")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is caseload
        await pilot.press("down")
        second = caseload.selected()
        assert second.id != first.id
        await pilot.press("enter")
        await settle(pilot, rounds=2)
        assert app.screen is view  # the same screen, not a new one
        assert view.card.id == second.id and second.name in str(
            view.query_one("#resident-card").render())
        assert view.query_one("TabbedContent").active == "tab-profile"
        assert [s.resident_id for s in view.query("BarcSummary, MeetingsSummary")] == \
            [second.id, second.id] and view.query_one("BarcSummary") is first_barc  # kept
        # The plan, referrals and consents of the first resident are gone until shown.
        assert not view.query("PlanPane, ResidentReferrals, ConsentsPane")
        await pilot.press("3")
        await settle(pilot, rounds=2)
        # ...is not carried to the next resident, and nothing of the first one shows.
        assert view.query_one(TimelinePane) is timeline and not timeline.filter.active
        assert timeline.resident_id == second.id and timeline.resident_name == second.name
        assert {r.id for r in timeline.rows.values()} <= event_ids(second.id)
        assert timeline.current_row().summary == newest_summary(second.id)
        assert timeline.detail.resident_id == second.id
        await pilot.press("2")
        await settle(pilot, rounds=2)
        plan = view.query_one("PlanPane")
        assert plan is not first_plan and plan.resident_id == second.id
        # Each opening is a 'view' on the audit trail, the reused view included.
        views = {a.record_id for a in AuditLog.select().where(AuditLog.action == "view")}
        assert {first.id, second.id} <= views


async def test_the_timeline_is_not_read_until_its_tab_is_shown(demo_db):
    """A timeline read is audited as a view: the view's timeline is built with it but reads
    nothing until its tab is shown, and swapping the resident reads none by itself."""
    async with signed_in("casey") as pilot:
        app = pilot.app
        caseload = app.screen
        first = caseload.selected()
        await pilot.press("enter")
        await settle(pilot, rounds=2)
        timeline = app.screen.query_one(TimelinePane)
        assert timeline.stale and timeline.count is None
        assert not AuditLog.select().where(AuditLog.action == "timeline_view",
                                           AuditLog.record_id == first.id).exists()
        await pilot.press("3")
        await settle(pilot, rounds=2)
        assert not timeline.stale and timeline.count
        assert app.screen.focused is timeline.list  # one move, straight into the list
        assert AuditLog.select().where(AuditLog.action == "timeline_view",
                                       AuditLog.record_id == first.id).exists()
        await pilot.press("escape", "down")
        second = caseload.selected()
        await pilot.press("enter")
        await settle(pilot, rounds=2)
        timeline = app.screen.query_one(TimelinePane)
        assert timeline.stale and timeline.count is None and not timeline.rows
        assert not AuditLog.select().where(AuditLog.action == "timeline_view",
                                           AuditLog.record_id == second.id).exists()
        app.timeline_changed.publish([second.id])  # a save elsewhere reads nothing either
        await settle(pilot)
        assert timeline.stale and timeline.count is None


async def test_signing_out_drops_the_view(demo_db):
    async with signed_in("casey") as pilot:
        app = pilot.app
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, ResidentScreen)
        await pilot.press("escape")
        await settle(pilot)
        app.action_sign_out()
        await settle(pilot)
        assert view not in app._installed_screens.values()  # noqa: SLF001
        assert not view.is_attached
