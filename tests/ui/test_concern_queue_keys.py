"""Pilot: the concerns queue's m (mine, or all) and Ctrl+R (read again), and Ctrl+S in a
concern's dialog saving the note, then the resolution, being typed; the dialog at 100x30 and
80x24, opening in its note field."""

from __future__ import annotations

import pytest
from helpers import make_app, open_and_type, settle, sign_in

from peer_tui.models.events import Concern, ConcernNote
from peer_tui.models.people import Resident, Staff
from peer_tui.screens.concern_detail import ConcernDetailScreen
from peer_tui.screens.concerns import ConcernsScreen
from peer_tui.services import auth, concerns

SIZES = [(100, 30), (80, 24)]


def _open_ids(assignee: str | None = None) -> set[int]:
    query = Concern.select().where(Concern.status == "open")
    if assignee:
        query = query.where(Concern.assignee == Staff.get(Staff.username == assignee).id)
    return {c.id for c in query}


def _status(queue: ConcernsScreen) -> str:
    return str(queue.query_one("#concerns-status").render())


async def _queue(pilot, username: str) -> ConcernsScreen:
    await sign_in(pilot, username)
    await settle(pilot)
    pilot.app.push_screen(ConcernsScreen())
    await settle(pilot, 2)
    assert isinstance(pilot.app.screen, ConcernsScreen)
    return pilot.app.screen


@pytest.mark.actions("ConcernsScreen.mine", "ConcernsScreen.refresh")
async def test_m_shows_mine_then_all_and_ctrl_r_reads_what_another_desk_raised(demo_db):
    mine, everyone = _open_ids("pat"), _open_ids()
    assert mine and mine < everyone
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        queue = await _queue(pilot, "pat")
        assert set(queue.rows) == everyone
        await pilot.press("m")
        await settle(pilot, 2)
        assert set(queue.rows) == mine and queue.assignee_id == app.actor.id
        assert queue.query_one("#assignee").value == app.actor.id  # the picker says whose
        assert _status(queue).startswith(f"{len(mine)} open")
        await pilot.press("m")
        await settle(pilot, 2)
        assert set(queue.rows) == everyone and queue.assignee_id is None
        # Another desk raises a concern: this queue does not know until it reads again.
        sam = auth.sign_in("sam", "2468").actor
        resident = Resident.select().where(Resident.status == "active").first()
        new_id = concerns.raise_concern(sam, resident.id, {
            "severity": "medium", "summary": "Asked for help with a court letter"})
        await settle(pilot)
        assert new_id not in queue.rows
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert new_id in queue.rows
        assert _status(queue).startswith(f"{len(everyone) + 1} open")


@pytest.mark.actions("ConcernDetailScreen.save")
@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_s_saves_the_note_then_the_resolution_being_typed(demo_db, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        queue = await _queue(pilot, "casey")
        concern = queue.current()
        await open_and_type(pilot, "enter", *"Called the clinic")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, ConcernDetailScreen)
        assert detail.focused is detail.query_one("#body")
        assert detail.query_one("#body").value == "Called the clinic"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        note = ConcernNote.get(ConcernNote.concern == concern.id)
        assert note.body == "Called the clinic" and note.author.username == "casey"
        assert detail.query_one("#body").value == ""  # saved, so the field is empty again
        assert "Called the clinic" in str(detail.query_one("#concern-text").render())
        await pilot.press("tab")
        assert detail.focused is detail.query_one("#resolution")
        await pilot.press(*"Plan agreed")
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        row = Concern.get_by_id(concern.id)
        assert row.status == "resolved" and row.resolution == "Plan agreed"
        assert "Resolved" in str(detail.query_one("#concern-text").render())
        await pilot.press("escape")
        await settle(pilot, 2)
        assert app.screen is queue and concern.id not in queue.rows
