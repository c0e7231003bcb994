"""Pilot: the timeline pane pages as the cursor moves, shows detail, corrects and voids."""

from __future__ import annotations

import pytest

from datetime import datetime, timedelta

from helpers import run_from_palette, settle, show_timeline, signed_in

from peer_tui.models.events import Event
from peer_tui.models.people import House, Resident
from peer_tui.screens.widgets.timeline_pane import TimelinePane
from peer_tui.services import timeline as service

MARKUP = "[/]Zed [@click=app.quit]x[/] [b]not bold"


def busy_resident(count: int) -> int:
    """A resident with COUNT contacts, many sharing a timestamp, newest first."""
    resident = Resident.create(first_name="Rae", last_name="Doe", house=House.select().first())
    base = datetime(2026, 3, 1, 12, 0)
    rows = [dict(resident=resident.id, occurred_at=base - timedelta(hours=i // 3),
                 kind="contact", summary=MARKUP if i == 2 else f"Contact {i}",
                 note=MARKUP if i == 2 else "", channel="phone") for i in range(count)]
    Event.insert_many(rows).execute()
    return resident.id


async def test_pages_load_as_the_cursor_nears_the_end(demo_db):
    rid = busy_resident(400)
    async with signed_in("casey") as pilot:
        app = pilot.app
        pane = await show_timeline(pilot, rid)
        table = pane.table
        assert table.row_count == service.PAGE_SIZE  # one page, not the whole history
        detail = str(pane.query_one("#timeline-detail-text").render())
        assert MARKUP in detail  # literal, and the app is still running
        table.focus()
        await pilot.press("ctrl+end")
        await settle(pilot, 2)
        assert table.row_count == 2 * service.PAGE_SIZE
        for _ in range(400 // service.PAGE_SIZE):
            await pilot.press("ctrl+end")
            await settle(pilot, 2)
        assert table.row_count == 400 and pane.next_cursor is None
        assert len(set(pane.rows)) == 400
        assert "that is all" in str(pane.query_one("#timeline-status").render())


@pytest.mark.actions("TimelinePane.correct", "TimelinePane.void", "EventCorrectScreen.save")
async def test_correct_and_void_from_the_timeline(demo_db):
    rid = busy_resident(3)
    async with signed_in("casey") as pilot:
        app = pilot.app
        pane = await show_timeline(pilot, rid)
        pane.table.focus()
        first = pane.current_row().id
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        form.query_one("#summary").value = "Called Rae about the job fair"
        form.query_one("#reason").value = "Typo in the summary"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.screen.query_one(TimelinePane) is pane
        assert pane.table.row_count == 4
        assert pane.rows[first].corrected_by_id is not None
        await pilot.press("down")
        await settle(pilot, 2)
        target = pane.current_row().id
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#reason").value = "Wrong resident"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert pane.rows[target].voided
        assert Event.get_by_id(target).void_reason == "Wrong resident"


async def test_front_desk_sees_no_timeline(demo_db):
    rid = busy_resident(3)
    async with signed_in("frank") as pilot:
        app = pilot.app
        pane = await show_timeline(pilot, rid)
        assert pane.table.row_count == 0
        # Said quietly in the pane, without asking the database (no error toast).
        status = str(pane.query_one("#timeline-status").render())
        assert status == "Front-desk accounts cannot read the timeline."


@pytest.mark.actions("TimelinePane.filter",
                     "EventFilterScreen.save",
                     "EventFilterScreen.clear",
                     "JumpToDateScreen.save")
async def test_filter_by_kind_and_jump_to_a_date(demo_db):
    rid = busy_resident(30)
    Event.create(resident=rid, occurred_at=datetime(2026, 2, 1, 12), kind="checkin",
                 summary="Kiosk check-in")
    async with signed_in("casey") as pilot:
        app = pilot.app
        pane = await show_timeline(pilot, rid)
        pane.table.focus()
        await pilot.press("f")
        await settle(pilot, 2)
        app.screen.query_one("#kinds").select("checkin")
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert [r.kind for r in pane.rows.values()] == ["checkin"]
        assert "filtered" in str(pane.query_one("#timeline-status").render())
        await pilot.press("f")
        await settle(pilot, 2)
        await pilot.press("ctrl+r")  # clear every filter
        await settle(pilot, 2)
        assert len(pane.rows) == 31
        await pilot.press("j")
        await pilot.pause()
        app.screen.query_one("#day").text = "2026-02-28"
        await pilot.press("enter")
        await settle(pilot, 2)
        assert [r.summary for r in pane.rows.values()] == ["Kiosk check-in"]
        assert "from 2026-02-28 back" in str(pane.query_one("#timeline-status").render())


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
@pytest.mark.actions("TimelinePane.correct", "TimelinePane.void", "TimelinePane.open_link")
async def test_c_x_and_o_say_why_not_on_entries_they_cannot_change(demo_db, size):
    """A check-in is not corrected (x voids it), a voided entry is neither corrected nor
    voided again, a concern entry is not voided (the concern is resolved instead), and o
    on an entry with no correction says so; nothing opens."""
    resident = Resident.create(first_name="Rae", last_name="Doe", house=House.select().first())
    base = datetime(2026, 3, 1, 12, 0)
    kinds = [("checkin", None), ("contact", "Wrong resident"), ("concern_raised", None)]
    ids = [Event.create(resident=resident.id, occurred_at=base - timedelta(hours=i), kind=kind,
                        summary=f"{kind} entry", void_reason=reason or "",
                        voided_at=base if reason else None).id
           for i, (kind, reason) in enumerate(kinds)]
    async with signed_in("casey", size=size) as pilot:
        app = pilot.app
        pane = await show_timeline(pilot, resident.id)
        pane.table.focus()
        host = app.screen

        async def said_after(key: str) -> str:
            app.clear_notifications()
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is host  # no dialog opened
            return " ".join(n.message for n in app._notifications)

        assert pane.current_row().id == ids[0]
        assert "is a check-in entry and cannot be corrected; x voids it" in \
            await said_after("c")
        assert "has no correction" in await said_after("o")
        await pilot.press("down")
        await settle(pilot)
        assert pane.current_row().id == ids[1]
        assert "is voided and cannot be corrected." in await said_after("c")
        assert "cannot be voided" in await said_after("x")
        await pilot.press("down")
        await settle(pilot)
        assert pane.current_row().id == ids[2]
        assert "resolve the concern instead" in await said_after("x")


@pytest.mark.actions("ResidentScreen.tab", "TimelinePane.open_link")
async def test_the_palette_offers_the_timeline_and_o_walks_between_entry_and_correction(
        demo_db):
    from datetime import date

    from peer_tui.screens.event_filter import JumpToDateScreen
    from peer_tui.screens.resident import ResidentScreen
    from peer_tui.services import auth

    rid = busy_resident(3)
    original = Event.select().where(Event.resident == rid).order_by(
        Event.occurred_at.desc(), Event.id.desc()).first().id
    fix = service.correct_event(auth.actor_for("casey"), original, {
        "on": date(2026, 2, 1), "at": "09:00", "summary": "Called Rae about the job fair",
        "reason": "Typo in the summary"})
    async with signed_in("casey") as pilot:
        app = pilot.app
        app.push_screen(ResidentScreen(rid))
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Timeline: jump to a date" not in titles  # the tab is not open yet
        await pilot.press("3")
        await settle(pilot, 2)
        pane = app.screen.query_one(TimelinePane)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Timeline: filter", "Timeline: jump to a date",
                "Timeline: newest first"} <= set(titles)
        # o from the corrected entry to its correction (a month older), and back.
        assert pane.current_row().id == original
        await pilot.press("o")
        await settle(pilot, 2)
        assert pane.current_row().id == fix
        await pilot.press("o")
        await settle(pilot, 2)
        assert pane.current_row().id == original
        await run_from_palette(pilot, "jump to a date")
        assert isinstance(app.screen, JumpToDateScreen)
