"""The timeline's summary column gets the room (it had ~42 characters at 100 columns, ~22 at
80), and the columns re-fit when the terminal is resized, also while the tab is hidden."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from helpers import make_app, settle, sign_in_then

from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.screens.widgets.timeline_columns import columns_for, short_name, summary_width
from peer_tui.screens.widgets.timeline_pane import TimelinePane


def summary_column_width(pane) -> int:
    return pane.widths[[c.key for c in pane.columns].index("summary")]


def fits(pane) -> bool:
    """No sideways scrolling: every column (a space either side) is inside the list."""
    return sum(w + 2 for w in pane.widths) <= pane.list.scrollable_content_region.width


async def open_timeline(pilot):
    await sign_in_then(pilot, "casey", "enter", "3")
    await settle(pilot)
    return pilot.app.screen.query_one(TimelinePane)


@pytest.mark.actions("ResidentScreen.tab")
@pytest.mark.parametrize("size,at_least", [((100, 30), 55), ((80, 24), 45), ((130, 30), 55)])
async def test_the_summary_gets_the_width(demo_db, size, at_least):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        pane = await open_timeline(pilot)
        assert summary_column_width(pane) >= at_least
        assert fits(pane)
        # When and kind always stay; the staff name stays at 100 columns.
        keys = [c.key for c in pane.columns]
        assert keys[:2] == ["when", "kind"] and keys[-1] == "summary"
        assert ("staff" in keys) == (size[0] >= 100)


@pytest.mark.actions("ResidentScreen.tab")
async def test_the_columns_refit_on_resize_even_while_the_tab_is_hidden(demo_db):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_timeline(pilot)
        wide = summary_column_width(pane)
        cursor_row = pane.current_row()
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert fits(pane) and summary_column_width(pane) >= 45
        assert pane.current_row() == cursor_row
        await pilot.press("2")  # the plan tab: the timeline is hidden while it resizes
        await settle(pilot)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert fits(pane) and summary_column_width(pane) == wide


@pytest.mark.actions("ResidentScreen.tab")
async def test_an_open_follow_up_moves_into_the_summary_when_its_column_goes(demo_db):
    resident = Resident.select().order_by(Resident.last_name).first()
    Event.create(resident=resident.id, occurred_at=datetime.utcnow() + timedelta(minutes=1),
                 kind="contact", summary="Call back about the job", channel="phone",
                 follow_up_on=date(2030, 1, 2))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_timeline(pilot)
        first = pane.list.row_text(0)
        summary = first[sum(w + 2 for w in pane.widths[:-1]):]
        assert summary.startswith(" Follow-up 2030-01-02: Call back about the job")


def test_column_choice_and_short_names():
    assert [c.key for c in columns_for(140)] == ["when", "kind", "staff", "follow", "summary"]
    assert [c.key for c in columns_for(100)] == ["when", "kind", "staff", "summary"]
    assert [c.key for c in columns_for(80)] == ["when", "kind", "summary"]
    assert summary_width(columns_for(80), 80) == 48
    assert short_name("Casey Nguyen") == "Casey N."
    assert short_name("Pat Okafor") == "Pat Okafor"
    assert short_name("Bartholomew-Jones Smith") == "Bartholom\u2026"
