"""Pilot: the timeline is one list of the whole history; detail, keys, mouse, filter, jump,
correct and void, an empty list, a resize."""

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


def newest_first(rid: int) -> list[str]:
    return [e.summary for e in Event.select(Event.summary).where(Event.resident == rid)
            .order_by(Event.occurred_at.desc(), Event.id.desc())]


def drawn(pane) -> list[str]:
    """The timeline's lines as the screen shows them (placeholders as None)."""
    rows = pane.list
    top = int(rows.scroll_y)
    return [rows.row_text(i) for i in range(top, min(rows.row_count, top + rows.size.height))]


@pytest.mark.actions("RowList.scroll_end", "RowList.page_up", "RowList.scroll_home",
                     "RowList.page_down", "RowList.scroll_down", "RowList.scroll_up")
async def test_the_whole_history_is_one_list_read_in_blocks(demo_db):
    rid = busy_resident(400)
    async with signed_in("casey") as pilot:
        pane = await show_timeline(pilot, rid)
        rows = pane.list
        # The scrollbar is the whole history; only the block on screen has been read.
        assert rows.row_count == 400 and rows.virtual_size.height == 400
        assert len(pane.rows) == service.BLOCK_SIZE
        assert "400 entries" in str(pane.query_one("#timeline-status").render())
        detail = str(pane.query_one("#timeline-detail-text").render())
        assert MARKUP in detail  # literal, and the app is still running
        rows.focus()
        await pilot.press("end")  # straight to the oldest: no page-by-page loading
        await settle(pilot, 2)
        assert rows.cursor == 399 and pane.current_row().summary == "Contact 399"
        assert all(line is not None for line in drawn(pane))
        assert "Contact 399" in drawn(pane)[-1]
        assert "Contact 399" in str(pane.query_one("#timeline-detail-text").render())
        await pilot.press("pageup")
        await settle(pilot, 2)
        assert rows.cursor == 399 - rows.size.height
        await pilot.press("home")
        await settle(pilot, 2)
        assert rows.cursor == 0 and int(rows.scroll_y) == 0
        await pilot.press("pagedown", "pagedown", "down")
        await settle(pilot, 2)
        assert rows.cursor == 2 * rows.size.height + 1
        assert pane.current_row().summary == newest_first(rid)[rows.cursor]
        await pilot.press("up", "up")
        await settle(pilot, 2)
        assert rows.cursor == 2 * rows.size.height - 1
        assert pane.current_row().summary == newest_first(rid)[rows.cursor]
        assert "at {:,}".format(rows.cursor + 1) in str(
            pane.query_one("#timeline-status").render())


async def test_the_status_line_follows_the_cursor_as_it_moves(demo_db):
    """Redrawn as the cursor moves, in the frame that draws the rows: it waited for the
    Highlighted message, which comes after that frame, and made a second frame of its own."""
    rid = busy_resident(150)
    async with signed_in("casey") as pilot:
        pane = await show_timeline(pilot, rid)
        status = pane.query_one("#timeline-status")
        pane.list.move_to(120)  # and no await: nothing else has run yet
        assert "at 121" in str(status.render())
        pane.list.action_page_up()
        assert "at {:,}".format(121 - pane.list.size.height) in str(status.render())


async def test_every_entry_is_read_once_in_order_while_scrolling(demo_db):
    """Blocks read by keyset (from the block before) and by position agree: scrolling
    from the newest to the oldest shows every entry once, in order."""
    rid = busy_resident(400)
    async with signed_in("casey") as pilot:
        rows = (await show_timeline(pilot, rid)).list
        rows.focus()
        seen = []
        while True:
            seen += [rows.row_at(i).id for i in range(int(rows.scroll_y),
                                                     int(rows.scroll_y) + rows.size.height)
                     if i < rows.row_count and rows.row_at(i).id not in seen]
            if rows.cursor == rows.row_count - 1:
                break
            await pilot.press("pagedown")
            await settle(pilot, 2)
        assert len(seen) == 400 == len(set(seen))
        expected = [e.id for e in Event.select(Event.id).where(Event.resident == rid)
                    .order_by(Event.occurred_at.desc(), Event.id.desc())]
        assert seen == expected


async def test_mouse_click_moves_the_cursor_and_a_second_click_opens(demo_db):
    rid = busy_resident(30)
    async with signed_in("casey") as pilot:
        pane = await show_timeline(pilot, rid)
        await pilot.click(pane.list, offset=(5, 3))
        await settle(pilot, 2)
        assert pane.list.cursor == 3 and pane.detail.id == pane.current_row().id


async def test_an_empty_timeline_says_so_and_keys_do_nothing(demo_db):
    rid = busy_resident(0)
    async with signed_in("casey", size=(80, 24)) as pilot:
        app = pilot.app
        pane = await show_timeline(pilot, rid)
        host = app.screen
        pane.list.focus()
        for key in ("down", "pagedown", "end", "up", "home", "enter", "c", "x", "space", "o"):
            await pilot.press(key)
        await settle(pilot, 2)
        assert pane.list.row_count == 0 and pane.current_row() is None
        assert "No entries." in str(pane.query_one("#timeline-detail-text").render())
        assert "0 entries" in str(pane.query_one("#timeline-status").render())
        assert app.screen is host


async def test_resizing_to_80_columns_keeps_the_cursor_and_fits(demo_db):
    rid = busy_resident(300)
    async with signed_in("casey") as pilot:
        pane = await show_timeline(pilot, rid)
        pane.list.move_to(250)
        await settle(pilot, 2)
        await pilot.resize_terminal(80, 24)
        await settle(pilot, 2)
        assert pane.list.cursor == 250
        assert pane.current_row().summary == newest_first(rid)[250]
        top = int(pane.list.scroll_y)
        assert top <= 250 < top + pane.list.size.height  # still in view
        assert all(len(line) == pane.list.scrollable_content_region.width
                   for line in drawn(pane))
        assert [c.key for c in pane.columns] == ["when", "kind", "summary"]


@pytest.mark.actions("TimelinePane.correct", "TimelinePane.void", "EventCorrectScreen.save")
async def test_correct_and_void_from_the_timeline(demo_db):
    rid = busy_resident(3)
    async with signed_in("casey") as pilot:
        app = pilot.app
        pane = await show_timeline(pilot, rid)
        pane.list.focus()
        first = pane.current_row().id
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        form.query_one("#summary").value = "Called Rae about the job fair"
        form.query_one("#reason").value = "Typo in the summary"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.screen.query_one(TimelinePane) is pane
        assert pane.list.row_count == 4
        assert pane.rows[first].corrected_by_id is not None
        assert pane.current_row().id == first  # the cursor stays on the entry corrected
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
        assert pane.list.row_count == 0
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
        pane.list.focus()
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
        # The list stays whole; the cursor is on the newest entry on or before that day.
        assert pane.list.row_count == 31
        assert pane.current_row().summary == "Kiosk check-in"
        await pilot.press("n")
        await settle(pilot, 2)
        assert pane.list.cursor == 0 and pane.current_row().summary == newest_first(rid)[0]


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
        pane.list.focus()
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



async def test_the_detail_pane_decides_its_scrollbar_with_its_text(demo_db):
    """The pane below the list says at once whether its text overflows it (from the size it
    was laid out at), so the frame that draws the text draws the scrollbar with it, as the
    layout after it decides; left to that layout, it came a frame late. A pane never laid
    out has no size to measure against: its text is taken, and the first layout decides."""
    from rich.text import Text
    from textual.containers import Vertical

    rid = busy_resident(3)
    async with signed_in("casey") as pilot:
        pane = await show_timeline(pilot, rid)
        box = pane.query_one("#timeline-detail")
        lines = box.container_size.height
        assert lines > 2 and not box.show_vertical_scrollbar
        cases = [("\n".join(["a line"] * (lines + 1)), True), ("one line", False),
                 ("\n".join(["a line"] * lines), False), ("word " * 400, True),  # wrapped
                 ("", False)]
        for text, shown in cases:
            pane._show_detail(Text(text))  # noqa: SLF001
            assert box.show_vertical_scrollbar is shown, (text[:20], "at once")
            await settle(pilot)
            assert box.show_vertical_scrollbar is shown, (text[:20], "laid out")
        hidden = Vertical()
        hidden.display = False
        await pilot.app.screen.mount(hidden)
        fresh = TimelinePane(rid, read_now=False)
        await hidden.mount(fresh)
        box = fresh.query_one("#timeline-detail")
        assert box.container_size.area == 0
        fresh._show_detail(Text("\n".join(["a line"] * 20)))  # noqa: SLF001
        assert not box.show_vertical_scrollbar
        hidden.display = True
        await settle(pilot)
        assert box.container_size.area and box.show_vertical_scrollbar
