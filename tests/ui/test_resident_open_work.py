"""Opening a resident does the style and widget work the screen needs, no more: the kept view
is not restyled unless the app's look changed, and the timeline's read mounts no overlay.
Counted, never timed."""

from __future__ import annotations

from helpers import settle, signed_in
from textual.css.stylesheet import Stylesheet

from peer_tui.screens.resident import ResidentScreen


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
