"""Pilot: the concerns queue, resolving from it, and an urgent concern from another process."""

from __future__ import annotations

import pytest

import backend_db
from helpers import settle, show_timeline, sign_in, signed_in

from peer_tui.models.events import Concern
from peer_tui.models.people import Resident
from peer_tui.screens.concern_detail import ConcernDetailScreen
from peer_tui.screens.concern_form import ConcernFormScreen
from peer_tui.screens.concerns import ConcernsScreen


@pytest.fixture
def active_resident(demo_db) -> Resident:
    """The demo's first active resident."""
    return Resident.select().where(Resident.status == "active").first()


def header_urgent(app) -> str:
    return str(app.screen.query_one("#header-urgent").render())


@pytest.mark.actions("ConcernsScreen.acknowledge")
async def test_queue_acknowledge_and_resolve_from_the_u_key(demo_db):
    async with signed_in("casey") as pilot:
        app = pilot.app
        await settle(pilot, 2)
        assert app.urgent_open == 1 and "1 URGENT" in header_urgent(app)
        await pilot.press("u")
        await settle(pilot, 2)
        queue = app.screen
        assert isinstance(queue, ConcernsScreen)
        first = queue.current()
        assert first.severity == "urgent"  # most severe first
        await pilot.press("a")
        await settle(pilot, 2)
        assert app.urgent_open == 0 and header_urgent(app) == ""
        await pilot.press("enter")
        await settle(pilot, 2)
        detail = app.screen
        assert isinstance(detail, ConcernDetailScreen)
        detail.query_one("#body").value = "Met with them; [@click=app.quit]safe[/] now."
        detail.query_one("#body").focus()
        await pilot.press("enter")
        await settle(pilot, 2)
        detail.query_one("#resolution").value = "Safety plan agreed."
        detail.query_one("#resolution").focus()
        await pilot.press("enter")
        await settle(pilot, 2)
        assert "Met with them; [@click=app.quit]safe[/] now." in str(
            detail.query_one("#concern-text").render())
        await pilot.press("escape")
        await settle(pilot, 2)
        assert app.screen is queue and first.id not in queue.rows
        row = Concern.get_by_id(first.id)
        assert row.status == "resolved" and row.resolution == "Safety plan agreed."


async def test_raising_an_urgent_concern_shows_in_the_header(active_resident):
    async with signed_in("pat") as pilot:
        app = pilot.app
        await settle(pilot, 2)
        before = app.urgent_open
        app.push_screen(ConcernFormScreen(active_resident.id, "Someone"))
        await pilot.pause()
        app.screen.query_one("#summary").text = "Talked about ending it"
        app.screen.query_one("#severity").focus()
        await pilot.press("u")  # a letter picks the severity: urgent
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.urgent_open == before + 1
        assert Resident.get_by_id(active_resident.id).summary_urgent_concerns >= 1


async def test_urgent_concern_from_a_second_process_reaches_the_open_app(active_resident):
    async with signed_in("casey") as pilot:
        app = pilot.app
        await settle(pilot, 2)
        before = app.urgent_open
        backend_db.urgent_concern_from_another_process(active_resident.id,
                                                       "Kiosk: I do not feel safe")
        app.poll_urgent()  # what the app's timer does every few seconds
        await settle(pilot, 2)
        assert app.urgent_open == before + 1
        assert f"{before + 1} URGENT" in header_urgent(app)


@pytest.mark.actions("RowList.select")
async def test_enter_on_a_concern_entry_in_the_timeline_opens_it(active_resident):
    from peer_tui.services import auth, concerns

    casey = auth.sign_in("casey", "2468").actor
    cid = concerns.raise_concern(casey, active_resident.id,
                                 {"severity": "low", "summary": "Tired"})
    async with signed_in("casey") as pilot:
        app = pilot.app
        pane = await show_timeline(pilot, active_resident.id)
        pane.list.focus()
        assert pane.detail.concern_id == cid  # the newest entry is the concern
        await pilot.press("enter")
        await settle(pilot, 2)
        assert isinstance(app.screen, ConcernDetailScreen) and app.screen.concern_id == cid
