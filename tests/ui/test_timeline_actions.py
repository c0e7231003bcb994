"""Pilot: the timeline keys not driven elsewhere - newest (n), follow-up done (d), go to the
linked entry (o), raise a concern (r) - each checked on the screen and in the database."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta

import pytest
from helpers import make_app, notices, press_opens, settle, show_timeline, sign_in

from peer_tui.models.events import Concern, Event
from peer_tui.models.people import House, Resident
from peer_tui.screens.concern_form import ConcernFormScreen
from peer_tui.screens.widgets.timeline_pane import TimelinePane


def resident_with(count: int, follow_up_on: date | None = None) -> int:
    """A resident with COUNT contacts a day apart, newest first (the newest with a follow-up)."""
    resident = Resident.create(first_name="Rae", last_name="Doe", house=House.select().first())
    base = datetime(2026, 3, 1, 12, 0)
    Event.insert_many([dict(resident=resident.id, occurred_at=base - timedelta(days=i),
                            kind="contact", summary=f"Contact {i}", channel="phone",
                            follow_up_on=follow_up_on if i == 0 else None)
                       for i in range(count)]).execute()
    return resident.id


@asynccontextmanager
async def timeline_open(rid: int, size=(100, 30)):
    """The staff app at SIZE, the case manager signed in, RID's timeline shown with its list
    focused; yields the pilot and the pane."""
    async with make_app().run_test(size=size) as pilot:
        await sign_in(pilot, "casey", "2468")
        pane = await show_timeline(pilot, rid)
        pane.list.focus()
        yield pilot, pane


def status(pane) -> str:
    return str(pane.query_one("#timeline-status").render())


@pytest.mark.actions("TimelinePane.newest", "TimelinePane.jump")
async def test_newest_goes_back_to_the_top_after_a_jump(demo_db):
    async with timeline_open(resident_with(10)) as (pilot, pane):
        app = pilot.app
        await pilot.press("j")
        await pilot.pause()
        app.screen.query_one("#day").text = "2026-02-25"
        await pilot.press("enter")
        await settle(pilot, 2)
        assert pane.current_row().summary == "Contact 4"
        assert "10 entries \u00b7 at 5" in status(pane)  # the whole list, at the day
        await pilot.press("n")
        await settle(pilot, 2)
        assert pane.current_row().summary == "Contact 0" and len(pane.rows) == 10
        assert "at 1" in status(pane) and pane.list.cursor == 0


@pytest.mark.actions("TimelinePane.follow_up_done")
async def test_follow_up_done_marks_it_done_and_says_so(demo_db):
    rid = resident_with(2, follow_up_on=date.today())
    newest = Event.select().where(Event.resident == rid).order_by(Event.occurred_at.desc()).get()
    async with timeline_open(rid) as (pilot, pane):
        app = pilot.app
        assert pane.current_row().id == newest.id and pane.current_row().follow_up_open
        await pilot.press("space")  # Space marks a follow-up done (d is discharge)
        await settle(pilot, 2)
        assert Event.get_by_id(newest.id).follow_up_done_at is not None
        assert not pane.rows[newest.id].follow_up_open
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("space")  # an entry without a follow-up: said, nothing written
        await settle(pilot)
        assert "This entry has no open follow-up." in notices(app)
        assert Event.select().where(Event.follow_up_done_at.is_null(False),
                                    Event.resident == rid).count() == 1


@pytest.mark.actions("TimelinePane.open_link", "TimelinePane.correct")
async def test_o_goes_between_an_entry_and_its_correction(demo_db):
    async with timeline_open(resident_with(3)) as (pilot, pane):
        app = pilot.app
        await pilot.press("down")  # the second entry
        await settle(pilot)
        original = pane.current_row().id
        await pilot.press("o")  # no correction yet: said
        await settle(pilot)
        assert "This entry has no correction." in notices(app)
        await pilot.press("c")
        await settle(pilot)
        app.screen.query_one("#summary").value = "Contact 1, corrected"
        app.screen.query_one("#reason").value = "Wrong summary"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        correction = Event.get(Event.corrects == original).id
        pane.list.move_to(pane.list.index_of(lambda row: row.id == original))
        await settle(pilot, 2)
        await pilot.press("o")
        await settle(pilot, 2)
        assert pane.current_row().id == correction
        await pilot.press("o")  # and back from the correction to what it corrects
        await settle(pilot, 2)
        assert pane.current_row().id == original


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
@pytest.mark.actions("TimelinePane.raise_concern", "ConcernFormScreen.save")
async def test_r_raises_a_concern_for_this_resident(demo_db, size):
    rid = resident_with(2)
    async with timeline_open(rid, size) as (pilot, pane):
        app = pilot.app
        form = await press_opens(pilot, "r", ConcernFormScreen)
        assert app.focused is form.query_one("#summary")  # the first field
        await pilot.press(*"Seemed withdrawn")
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.screen.query_one(TimelinePane) is pane
        concern = Concern.get(Concern.resident == rid)
        assert concern.summary == "Seemed withdrawn" and concern.status == "open"
        assert any(r.kind == "concern_raised" for r in pane.rows.values())
