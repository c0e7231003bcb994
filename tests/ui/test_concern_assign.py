"""Assigning a concern: to someone on the case-management team, recorded (who, when) and
audited, shown in the queue; the dialog's keys are the keys that work, and resolving leaves
the focus off the note fields."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from helpers import make_app, press_opens, settle, sign_in

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Concern
from peer_tui.models.people import Staff
from peer_tui.screens.concern_detail import ConcernDetailScreen
from peer_tui.screens.concerns import ConcernsScreen
from peer_tui.services import concerns
from peer_tui.services.errors import InvalidInput, PermissionDenied
from textual.widgets import Input

# --- the service -------------------------------------------------------------------------


@pytest.fixture
def team(casey, pat, desk):
    return {"casey": casey, "pat": pat, "frank": desk}


@pytest.mark.both_backends
def test_assigning_records_who_when_and_audits(admin, team, resident):
    cid = concerns.raise_concern(admin, resident, {"severity": "high", "summary": "Worried"})
    assert concerns.detail(admin, cid).row.assignee_name == ""
    concerns.assign(team["casey"], cid, team["pat"].id)
    info = concerns.detail(admin, cid)
    assert (info.row.assignee_name, info.assigned_by) == ("Pat Peer", "Casey Case")
    assert info.assigned_at is not None
    row = AuditLog.get(AuditLog.action == "concern_assign")
    assert (row.actor_id, row.record_id, row.resident_id) == (team["casey"].id, cid, resident)
    assert row.detail == f"to staff {team['pat'].id}"  # ids, never names
    assert [r.assignee_name for r in concerns.queue(admin)] == ["Pat Peer"]
    assert [r.id for r in concerns.queue(admin, assignee_id=team["pat"].id)] == [cid]
    concerns.assign(admin, cid, None)
    assert concerns.detail(admin, cid).row.assignee_id is None
    # Giving it to whoever already has it changes nothing and writes nothing.
    before = AuditLog.select().where(AuditLog.action == "concern_assign").count()
    concerns.assign(admin, cid, None)
    assert AuditLog.select().where(AuditLog.action == "concern_assign").count() == before


@pytest.mark.both_backends
def test_raising_with_an_assignee_records_who_assigned_it(admin, team, resident):
    cid = concerns.raise_concern(team["casey"], resident, {
        "severity": "low", "summary": "x", "assignee_id": team["pat"].id})
    info = concerns.detail(admin, cid)
    assert info.assigned_by == "Casey Case" and info.assigned_at is not None


@pytest.mark.both_backends
def test_assignment_refusals(admin, team, resident):
    cid = concerns.raise_concern(admin, resident, {"severity": "medium", "summary": "x"})
    with pytest.raises(PermissionDenied):
        concerns.assign(team["frank"], cid, team["pat"].id)
    with pytest.raises(InvalidInput) as caught:
        concerns.assign(admin, cid, team["frank"].id)  # not on the case-management team
    assert "assignee_id" in caught.value.errors
    Staff.update(active=False).where(Staff.id == team["pat"].id).execute()
    with pytest.raises(InvalidInput):
        concerns.assign(admin, cid, team["pat"].id)
    concerns.resolve(admin, cid, "Done")
    with pytest.raises(InvalidInput) as caught:
        concerns.assign(admin, cid, team["casey"].id)
    assert "resolved" in caught.value.errors["assignee_id"]
    assert Concern.get_by_id(cid).assignee_id is None
    assert not AuditLog.select().where(AuditLog.action == "concern_assign").exists()


# --- the dialog --------------------------------------------------------------------------

@asynccontextmanager
async def urgent_concern_open(size=(100, 30)):
    """The staff app at SIZE, the case manager on the concerns queue (u) with the first
    concern open (Enter); yields the pilot, the queue and the concern's dialog."""
    async with make_app().run_test(size=size) as pilot:
        await sign_in(pilot, "casey")
        await settle(pilot)
        queue = await press_opens(pilot, "u", ConcernsScreen)
        await pilot.press("enter")
        await settle(pilot, 2)
        assert isinstance(pilot.app.screen, ConcernDetailScreen)
        yield pilot, queue, pilot.app.screen


@pytest.mark.actions("ConcernDetailScreen.acknowledge", "PeerTuiApp.concerns")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_the_keys_the_dialog_names_are_the_keys_that_work(demo_db, size):
    async with urgent_concern_open(size) as (pilot, _, dialog):
        app = pilot.app
        shown = str(dialog.query_one("#concern-text").render())
        assert "Ctrl+A acknowledges" in shown and "(a acknowledges)" not in shown
        assert app.focused is dialog.query_one("#body")
        await pilot.press("a")  # a letter is text in the note, as the dialog says
        assert dialog.query_one("#body").value == "a"
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert Concern.get_by_id(dialog.concern_id).acknowledged_at is not None
        assert "Not acknowledged" not in str(dialog.query_one("#concern-text").render())
        assert dialog.query_one("#body").value == "a"  # nothing typed was lost


@pytest.mark.actions("ConcernDetailScreen.cancel", "PeerTuiApp.concerns")
async def test_assigning_from_the_dialog_shows_in_the_queue(demo_db):
    pat = Staff.get(Staff.username == "pat")
    async with urgent_concern_open() as (pilot, queue, dialog):
        app = pilot.app
        picker = dialog.query_one("#assignee")
        picker.focus()
        await pilot.pause()
        await pilot.press(*"pat")
        await settle(pilot)
        assert picker.value == pat.id
        # Letters only find someone ("p" could be on the way to another name) ...
        assert Concern.get_by_id(dialog.concern_id).assignee_id != pat.id
        await pilot.press("enter")  # ... Enter takes them, and saves
        await settle(pilot)
        concern = Concern.get_by_id(dialog.concern_id)
        assert concern.assignee_id == pat.id and concern.assigned_by_id is not None
        assert "assigned to Pat Okafor (by Casey Nguyen" in str(
            dialog.query_one("#concern-text").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is queue
        row = queue.rows[dialog.concern_id]
        assert row.assignee_name == "Pat Okafor"
        table = queue.query_one("#concerns-table")
        cells = [str(c) for c in table.get_row(str(dialog.concern_id))]
        assert "Pat Okafor" in cells


@pytest.mark.actions("ConcernDetailScreen.cancel", "PeerTuiApp.concerns")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_after_resolving_the_focus_is_not_in_a_note_field(demo_db, size):
    async with urgent_concern_open(size) as (pilot, _, dialog):
        app = pilot.app
        dialog.query_one("#resolution").focus()
        await pilot.pause()
        await pilot.press(*"Safety plan agreed", "enter")
        await settle(pilot, 2)
        assert Concern.get_by_id(dialog.concern_id).status == "resolved"
        assert not isinstance(app.focused, Input)
        await pilot.press("x")  # the next key starts no note
        assert all(not i.value for i in dialog.query(Input))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not dialog


@pytest.mark.actions("ConcernDetailScreen.cancel", "PeerTuiApp.concerns")
async def test_someone_found_in_the_picker_is_saved_on_the_way_out(demo_db):
    sam = Staff.get(Staff.username == "sam")
    async with urgent_concern_open() as (pilot, queue, dialog):
        app = pilot.app
        dialog.query_one("#assignee").focus()
        await pilot.pause()
        await pilot.press(*"sam", "escape")
        await settle(pilot)
        assert app.screen is queue
        assert Concern.get_by_id(dialog.concern_id).assignee_id == sam.id
        assert queue.rows[dialog.concern_id].assignee_name == "Sam Delgado"
