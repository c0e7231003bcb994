"""The resident view is built while the caseload waits, and set back to showing nobody once
left: the first Enter on a resident then only swaps them in, as the next ones do. Nothing is
read for anyone before the Enter (a read is audited as a view)."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

import pytest
from helpers import (held, make_app, notices, post_keys, record_draws, screenshot_text,
                     settle, sign_in_then, signed_in, view_ahead)

from peer_tui.models.audit import AuditLog
from peer_tui.screens.widgets.timeline_pane import TimelinePane
from peer_tui.services import caseload_query

pytestmark = pytest.mark.built_ahead


def views_read() -> list[tuple[str, str, int | None]]:
    return [(a.action, a.table_name, a.resident_id) for a in AuditLog.select().where(
        AuditLog.action.in_(("view", "timeline_view"))).order_by(AuditLog.id)]


def shown(view) -> tuple:
    """The tab shown, whether the card is read, the timeline's count."""
    return (view.query_one("TabbedContent").active, view.card is not None,
            view.query_one(TimelinePane).count)


@pytest.fixture
def lines_read(monkeypatch) -> list[int | None]:
    """The residents whose profile lines (BARC-10, meetings) are read, in order."""
    from peer_tui.screens.widgets.resident_line import ResidentLine

    read: list[int | None] = []
    reload = ResidentLine.reload

    def recording(self):
        read.append(self.resident_id)
        reload(self)

    monkeypatch.setattr(ResidentLine, "reload", recording)
    return read


async def test_the_view_is_built_ahead_reading_nobody_and_the_enter_swaps_them_in(
        demo_db, lines_read):
    async with signed_in("casey") as pilot:
        app = pilot.app
        caseload = app.screen
        read_before = views_read()
        view = await view_ahead(pilot, caseload)
        assert app.screen is caseload and view not in app.screen_stack
        assert views_read() == read_before  # nobody read (each read is audited)
        assert lines_read == [] and notices(app) == []
        first = caseload.selected()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is view and view.card.id == first.id
        assert first.name in str(view.query_one("#resident-card").render())
        assert view.query_one("TabbedContent").active == "tab-profile"
        assert view.focused is view.query_one("#profile")
        assert ("view", "resident", first.id) in views_read()
        assert lines_read == [first.id, first.id]  # the BARC-10 and the meetings lines


async def test_built_ahead_it_draws_as_a_view_built_at_the_enter(demo_db, monkeypatch):
    """The same screen, character for character and colour for colour."""
    from peer_tui.screens import warm_up

    async with signed_in("casey") as pilot:
        await view_ahead(pilot, pilot.app.screen)
        await pilot.press("enter")
        await settle(pilot)
        ahead = pilot.app.export_screenshot()
    monkeypatch.setattr(warm_up, "AHEAD", False)
    async with signed_in("casey", "enter") as pilot:
        built_at_enter = pilot.app.export_screenshot()
        assert "Loading" not in screenshot_text(pilot.app)
    assert ahead == built_at_enter


async def test_3_right_after_the_enter_draws_the_timeline_only(demo_db, monkeypatch):
    """The view is not drawn until the resident's card is read, so a 3 typed at once is
    acted on first: the profile is never drawn, and the timeline is drawn once both its rows
    and the card are there (here the card comes after the rows: the drawing waits for it)."""
    from peer_tui.screens import resident

    # Here the reads decide, not a timer (a loaded machine may take longer than a moment).
    monkeypatch.setattr(resident, "HOLD_FOR_CARD", 600)
    monkeypatch.setattr(resident, "HOLD_FOR_ROWS", 600)
    async with signed_in("casey") as pilot:
        app = pilot.app
        caseload = app.screen
        view = await view_ahead(pilot, caseload)
        timeline = view.query_one(TimelinePane)
        drawn = record_draws(monkeypatch, view, shown)
        _, gate = held(monkeypatch, caseload_query, "resident_card")
        try:
            caseload.open_resident(caseload.selected().id)
            for _ in range(5):
                await pilot.pause()
            assert drawn == []  # held for the card
            await pilot.press("3")
            for _ in range(3000):  # until the rows are in: a guard, not a time
                if timeline.count is not None:
                    break
                await pilot.pause(0.01)
            assert timeline.count and view.card is None
            for _ in range(5):
                await pilot.pause()
            assert drawn == []  # the rows are in, and still held for the card
        finally:
            gate.set()
        await settle(pilot)
        assert drawn and set(drawn) == {("tab-timeline", True, timeline.count)}


async def test_2_4_or_5_right_after_the_enter_is_drawn_with_focus_without_the_card(
        demo_db, monkeypatch):
    """A tab filled when first shown (plan, referrals, consents) typed with the Enter: the
    view does not wait for the card to draw it (the pane is built then, and takes focus
    once drawn), and the card fills in when it comes."""
    from peer_tui.screens import resident

    monkeypatch.setattr(resident, "HOLD_FOR_CARD", 600)  # the card read decides, not a timer
    async with signed_in("casey") as pilot:
        app = pilot.app
        caseload = app.screen
        view = await view_ahead(pilot, caseload)
        drawn = record_draws(monkeypatch, view, shown)
        for key, tab in (("2", "tab-plan"), ("4", "tab-referrals"), ("5", "tab-consents")):
            drawn.clear()
            # (Each key's gate wraps the read the gates before it let through.)
            _, gate = held(monkeypatch, caseload_query, "resident_card")
            try:
                post_keys(app, "enter", key)
                pane = view.query_one(f"#{tab}")
                for _ in range(3000):  # until the pane has focus: a guard, not a time
                    if view.focused is not None and pane in view.focused.ancestors:
                        break
                    await pilot.pause(0.01)
                assert pane in view.focused.ancestors, (key, view.focused)
                assert view.card is None and drawn and drawn[-1][:2] == (tab, False)
            finally:
                gate.set()
            await settle(pilot)
            assert view.card is not None and drawn[-1][:2] == (tab, True)
            await pilot.press("escape", "down")
            await settle(pilot)
            await view_ahead(pilot, caseload)


async def test_left_it_shows_nobody_and_the_next_enter_builds_no_keys(demo_db):
    """Back on the caseload, the view is set back to its profile tab, emptied, with the
    profile's keys in its footer, while the app waits: the next opening rebuilds nothing."""
    from peer_tui.screens.widgets.footer import KeysFooter

    async with signed_in("casey", "enter", "3") as pilot:
        app = pilot.app
        view = app.screen
        timeline = view.query_one(TimelinePane)
        assert timeline.count and view.card is not None
        await pilot.press("escape")
        await settle(pilot)
        caseload = app.screen
        assert await view_ahead(pilot, caseload) is view
        assert view.card is None and timeline.stale and not timeline.rows
        assert view.query_one("TabbedContent").active == "tab-profile"
        assert view.focused is view.query_one("#profile")
        assert "Loading" in str(view.query_one("#resident-card").render())
        bar = view.query_one(KeysFooter)
        # The footer follows the focus a moment later, still while the app waits.
        for _ in range(3000):  # a guard against a run that never ends, not a time
            actions = {key[2] for key in bar._shown}  # noqa: SLF001 - the keys built
            if "discharge" in actions and "filter" not in actions:
                break
            await pilot.pause(0.01)
        assert "discharge" in actions and "filter" not in actions, actions  # the profile's
        keys_shown = bar._shown  # noqa: SLF001 - what the footer's keys were built from
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen is view and view.card.id == caseload.selected().id
        assert bar._shown is keys_shown  # noqa: SLF001 - the keys were not built again
        await pilot.press("3")
        await settle(pilot, rounds=2)
        assert bar._shown != keys_shown and timeline.count  # noqa: SLF001 - the timeline's


async def test_signing_out_drops_the_view_built_ahead(demo_db):
    async with make_app().run_test(size=(100, 30)) as pilot:
        await sign_in_then(pilot, "casey")
        view = await view_ahead(pilot, pilot.app.screen)
        pilot.app.action_sign_out()
        await settle(pilot)
        assert view not in pilot.app._installed_screens.values()  # noqa: SLF001
        assert not view.is_attached


async def test_3_typed_with_the_enter_reaches_the_view_built_ahead(demo_db):
    """Enter and 3 in one burst: the view built ahead is pushed at the Enter and the 3 is
    its tab key, whichever resident it opens (the first, then the next)."""
    async with signed_in("casey") as pilot:
        app = pilot.app
        caseload = app.screen
        view = await view_ahead(pilot, caseload)
        for keys in (("enter", "3"), ("down", "enter", "3")):
            chosen_before = caseload.selected()
            post_keys(app, *keys)
            await settle(pilot, rounds=3)
            assert app.screen is view and view.card.id != (None if keys[0] == "enter"
                                                           else chosen_before.id)
            assert view.card.id == caseload.selected().id
            assert view.query_one("TabbedContent").active == "tab-timeline"
            assert view.query_one(TimelinePane).count
            await pilot.press("escape")
            await settle(pilot)
            await view_ahead(pilot, caseload)


@asynccontextmanager
async def enter_while_the_view_is_built(monkeypatch):
    """casey signed in, the view the caseload builds ahead (as the warm-up's step does)
    composed for nobody and not yet mounted, and the Enter on the selected resident coming
    then. Yields (pilot, view, resident chosen)."""
    from peer_tui.screens import warm_up

    monkeypatch.setattr(warm_up, "AHEAD", False)  # built here, not when the app is idle
    async with signed_in("casey") as pilot:
        caseload = pilot.app.screen
        caseload._build_view_ahead()  # noqa: SLF001
        view = caseload._resident_view  # noqa: SLF001
        for _ in range(10_000):
            if view.children:
                break
            await asyncio.sleep(0)
        assert view.children and not view.is_mounted
        chosen = caseload.selected()
        caseload.open_resident(chosen.id)
        yield pilot, view, chosen


async def test_an_enter_while_the_view_is_being_built_shows_that_resident(
        demo_db, lines_read, monkeypatch):
    """Built ahead but not yet mounted when the Enter comes: the view shows the resident
    once mounted, reading each of their lines once."""
    async with enter_while_the_view_is_built(monkeypatch) as (pilot, view, chosen):
        app = pilot.app
        await settle(pilot, rounds=2)
        assert app.screen is view and view.card.id == chosen.id
        assert chosen.name in str(view.query_one("#resident-card").render())
        assert lines_read == [chosen.id, chosen.id]
        assert [r for r in views_read() if r[:2] == ("view", "resident")] == [
            ("view", "resident", chosen.id)]


async def test_3_typed_with_the_enter_while_the_view_is_being_built_opens_the_timeline(
        demo_db, monkeypatch):
    """Enter and 3 at once while the view built ahead is composed but not yet mounted: the
    3 is acted on once it is, so it stays on the timeline (mounting put focus on the
    profile, and the tabs went back to it after the 3)."""
    async with enter_while_the_view_is_built(monkeypatch) as (pilot, view, chosen):
        app = pilot.app
        post_keys(app, "3")
        await settle(pilot, rounds=3)
        assert app.screen is view and view.card.id == chosen.id
        assert view.query_one("TabbedContent").active == "tab-timeline"
        assert view.focused is view.query_one("#timeline-list")
        assert view.query_one(TimelinePane).count


async def test_built_ahead_its_timeline_tab_is_laid_out_too(demo_db, monkeypatch):
    """The timeline's widgets have their sizes before the first 3 (the same as when the tab
    is shown), so the first showing is one layout and drawing, not a second a frame later
    for the sizes it learnt; and the view, kept for the session, is frozen out of the
    collector's full passes once, with what was imported for it."""
    import gc

    from peer_tui import heap

    frozen: list[int] = []
    monkeypatch.setattr(heap, "_view_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    async with signed_in("casey") as pilot:
        app = pilot.app
        view = await view_ahead(pilot, app.screen)
        timeline = view.query_one(TimelinePane)
        rows = timeline.list
        # The size Textual last laid them out at (hidden, ``size`` reads 0): what it
        # compares with at the next layout to tell them they were resized.
        for _ in range(3000):  # the step after the building: a guard, not a time
            if rows._size.height:  # noqa: SLF001
                break
            await pilot.pause(0.01)
        sizes = (timeline._size, rows._size)  # noqa: SLF001
        widths = list(timeline.widths)  # its columns, fitted to that size
        assert rows._size.height > 0 and view.focused is view.query_one("#profile")  # noqa: SLF001
        assert frozen and heap._view_frozen  # noqa: SLF001
        await pilot.press("enter", "3")
        await settle(pilot)
        assert view.query_one("TabbedContent").active == "tab-timeline"
        assert (timeline.size, rows.size) == sizes and timeline.widths == widths
