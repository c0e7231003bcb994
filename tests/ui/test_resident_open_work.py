"""Opening a resident does the style and widget work the screen needs, no more: the kept view
is not restyled unless the app's look changed, and the timeline's read mounts no overlay.
Counted, never timed."""

from __future__ import annotations

from contextlib import asynccontextmanager

from helpers import held, record_draws, screenshot_text, settle, signed_in
from textual.css.stylesheet import Stylesheet

from peer_tui.screens.resident import ResidentScreen
from peer_tui.services import timeline as timeline_service


def count_restyles(monkeypatch) -> list:
    """Every node Textual restyles from here on."""
    restyled = []
    update_nodes = Stylesheet.update_nodes

    def counting(self, nodes, animate=False):
        nodes = list(nodes)
        restyled.extend(nodes)
        return update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counting)
    return restyled


async def test_the_kept_view_is_restyled_again_only_if_the_look_changed(demo_db, monkeypatch):
    async with signed_in("casey", "enter") as pilot:
        app = pilot.app
        view = app.screen
        assert isinstance(view, ResidentScreen)
        await pilot.press("escape")
        await settle(pilot)
        restyled = count_restyles(monkeypatch)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen is view
        # The card and the profile's lines are not restyled: only what focus moved through.
        assert view not in restyled and not {"resident-card", "profile-body"} & {
            getattr(node, "id", None) for node in restyled}
        card = view.query_one("#resident-card")
        background = card.styles.background
        await pilot.press("escape")
        await settle(pilot)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        restyled.clear()
        await pilot.press("enter")
        await settle(pilot)
        # Another theme while the view was away: shown again, it takes the new look.
        assert app.screen is view and view in restyled
        assert card.styles.background != background


async def test_reading_the_timeline_covers_it_with_no_overlay(demo_db, monkeypatch):
    from textual.widgets import LoadingIndicator

    made = []
    init = LoadingIndicator.__init__

    def counting(self, *args, **kwargs):
        made.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(LoadingIndicator, "__init__", counting)
    async with signed_in("casey", "enter", "3") as pilot:
        timeline = pilot.app.screen.query_one("TimelinePane")
        assert timeline.count  # read and shown
        await pilot.press("escape", "down", "enter", "3")
        await settle(pilot, rounds=2)
        assert timeline.count and made == []


async def test_a_resident_opens_with_one_move_of_focus(demo_db, monkeypatch):
    """Focus goes straight to the profile's first field, on the first opening and on the next
    (the view reused): not through no focus and the tab bar first (each move restyles what
    it leaves and what it reaches); 3 then moves it once, into the timeline's list."""
    from textual.screen import Screen

    moves = []
    set_focus = Screen.set_focus

    def recording(self, widget, *args, **kwargs):
        if isinstance(self, ResidentScreen) and widget is not self.focused:
            moves.append(widget)
        return set_focus(self, widget, *args, **kwargs)

    monkeypatch.setattr(Screen, "set_focus", recording)
    async with signed_in("casey", "enter") as pilot:
        view = pilot.app.screen
        profile, timeline = view.query_one("#profile"), view.query_one("TimelinePane").list
        assert moves == [profile]
        await pilot.press("3")
        await settle(pilot)
        assert moves == [profile, timeline]
        await pilot.press("escape")
        await settle(pilot)
        moves.clear()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert pilot.app.screen is view and moves == [profile]
        await pilot.press("3")
        await settle(pilot)
        assert moves == [profile, timeline]


@asynccontextmanager
async def three_with_a_read_held(monkeypatch, read: str, what, hold: float):
    """casey's first resident open, the timeline service's READ held until the test sets
    the gate, and 3 pressed. The view may wait HOLD seconds for its rows (600: the read
    decides, not a timer). Yields (pilot, what WHAT read at each drawing, gate)."""
    from peer_tui.screens import resident

    monkeypatch.setattr(resident, "HOLD_FOR_ROWS", hold)
    _, gate = held(monkeypatch, timeline_service, read)
    async with signed_in("casey", "enter") as pilot:
        drawn = record_draws(monkeypatch, pilot.app.screen, what)
        await pilot.press("3")
        yield pilot, drawn, gate


def tab_and_count(view) -> tuple:
    """The tab shown and the timeline's count."""
    return view.query_one("TabbedContent").active, view.query_one("TimelinePane").count


async def test_3_draws_the_timeline_once_with_its_rows(demo_db, monkeypatch):
    """The Timeline tab is drawn when its first rows are there, not empty first and again
    filled a moment later (each a layout and a drawing of the whole view)."""
    async with three_with_a_read_held(monkeypatch, "timeline_window", tab_and_count,
                                      hold=600) as (pilot, drawn, gate):
        for _ in range(5):
            await pilot.pause()
        assert ("tab-timeline", None) not in drawn
        gate.set()
        await settle(pilot)
        assert ("tab-timeline", None) not in drawn and drawn[-1][0] == "tab-timeline"
        assert "Loading" not in screenshot_text(pilot.app)


async def test_a_slow_timeline_read_shows_the_tab_loading(demo_db, monkeypatch):
    """The screen waits a moment for the rows, no longer: a slow database shows the tab
    saying it is loading."""
    async with three_with_a_read_held(monkeypatch, "timeline_window", tab_and_count,
                                      hold=0.01) as (pilot, drawn, gate):
        for _ in range(500):  # until the moment has passed and the screen drew
            if ("tab-timeline", None) in drawn:
                break
            await pilot.pause(0.01)
        assert ("tab-timeline", None) in drawn and "Loading" in screenshot_text(pilot.app)
        gate.set()
        await settle(pilot)
        assert "Loading" not in screenshot_text(pilot.app)


def tab_count_and_detail(view) -> tuple:
    """The tab shown, the timeline's count, and whether its detail pane shows an entry."""
    detail = str(view.query_one("#timeline-detail-text").render()).strip()
    return (view.query_one("TabbedContent").active, view.query_one("TimelinePane").count,
            bool(detail))


async def test_3_draws_the_rows_with_the_detail_of_the_first(demo_db, monkeypatch):
    """The entry under the cursor is read with the rows: the tab is drawn with both, not
    with the rows and an empty detail pane filled a frame later."""
    async with three_with_a_read_held(monkeypatch, "event_detail", tab_count_and_detail,
                                      hold=600) as (pilot, drawn, gate):
        for _ in range(5):
            await pilot.pause()
        gate.set()
        await settle(pilot, rounds=2)
        with_rows = [draw for draw in drawn if draw[0] == "tab-timeline" and draw[1]]
        assert with_rows and all(has_detail for _, _, has_detail in with_rows)
