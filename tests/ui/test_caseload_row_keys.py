"""Pilot: the caseload's keys on the highlighted resident that other files do not press: l logs
a contact (the row's Contact column says today at once), M leaves the team a message from
the front desk (it lands in the concerns queue), r reads the caseload again keeping the
cursor. Each dialog at 100x30 and 80x24, opening on its first field."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from helpers import move_caseload_to, open_and_type, settle, signed_in

from peer_tui.models.events import Concern, Event
from peer_tui.models.people import Resident
from peer_tui.screens.caseload import CaseloadScreen
from peer_tui.screens.contact_form import ContactFormScreen
from peer_tui.screens.message_form import MessageForStaffScreen

SIZES = [(100, 30), (80, 24)]


@asynccontextmanager
async def on_the_caseload(username: str, size=(100, 30)):
    """USERNAME signed in at SIZE, on the caseload; yields the pilot and the caseload."""
    async with signed_in(username, size=size) as pilot:
        assert isinstance(pilot.app.screen, CaseloadScreen)
        yield pilot, pilot.app.screen


def _highlight(screen: CaseloadScreen, resident_id: int) -> None:
    move_caseload_to(screen, resident_id)


def _cells(screen: CaseloadScreen, resident_id: int) -> list[str]:
    rows = screen.rows_list
    return screen.cells_at(rows.index_of(lambda row: row.id == resident_id))


def _contact_cell(screen: CaseloadScreen, resident_id: int) -> str:
    labels = [screen.query_one("#caseload-header").label_of(c.key).split()[0]
              for c in screen.shown_columns]
    return _cells(screen, resident_id)[labels.index("Contact")]


@pytest.mark.actions("CaseloadScreen.log_contact", "ContactFormScreen.save")
@pytest.mark.parametrize("size", SIZES)
async def test_l_logs_a_contact_and_the_row_says_today(demo_db, size):
    async with on_the_caseload("pat", size) as (pilot, screen):
        app = pilot.app
        row = next(r for r in screen._rows.values() if r.days_since_contact not in (0, None))
        _highlight(screen, row.id)
        await pilot.pause()
        assert "today" not in _contact_cell(screen, row.id)
        before = Event.select().where(Event.resident == row.id, Event.kind == "contact").count()
        await open_and_type(pilot, "l", *"Walked to the bus")
        form = app.screen
        assert isinstance(form, ContactFormScreen) and form.focused is form.query_one("#note")
        assert form.query_one("#note").text == "Walked to the bus"  # nothing typed lost
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.screen is screen
        contacts = Event.select().where(Event.resident == row.id, Event.kind == "contact")
        assert contacts.count() == before + 1
        assert contacts.order_by(Event.id.desc()).first().note == "Walked to the bus"
        assert screen.selected().id == row.id  # the cursor stayed on the resident
        assert screen.selected().days_since_contact == 0
        assert "today" in _contact_cell(screen, row.id)


@pytest.mark.actions("CaseloadScreen.message_staff", "MessageForStaffScreen.save")
@pytest.mark.parametrize("size", SIZES)
async def test_M_leaves_the_team_a_message_from_the_front_desk(demo_db, size):
    async with on_the_caseload("frank", size) as (pilot, screen):
        app = pilot.app
        row = screen.selected()
        await open_and_type(pilot, "M", *"Left keys at desk")
        form = app.screen
        assert isinstance(form, MessageForStaffScreen)
        assert form.focused is form.query_one("#summary")
        assert row.name in str(form.query_one(".form-title").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        concern = Concern.get(Concern.resident == row.id, Concern.summary == "Left keys at desk")
        assert concern.severity == "low" and concern.status == "open"
        assert concern.raised_by.username == "frank"
        assert any("in the concerns queue" in str(n.message) for n in app._notifications)


@pytest.mark.actions("CaseloadScreen.reload")
async def test_r_reads_the_caseload_again_and_keeps_the_cursor(demo_db):
    async with on_the_caseload("casey") as (pilot, screen):
        app = pilot.app
        await pilot.press("down", "down", "down")
        row = screen.selected()
        assert row.room != "9Z"
        # Another desk moves the resident to another room while this screen is open.
        Resident.update(room="9Z").where(Resident.id == row.id).execute()
        await settle(pilot)
        assert screen.selected().room == row.room  # nothing read yet
        await pilot.press("r")
        await settle(pilot)
        assert screen.selected().id == row.id and screen.selected().room == "9Z"
        assert "9Z" in _cells(screen, row.id)
