"""A key whose answer is read in a worker is drawn with that answer, in one frame: a letter
typed in the caseload's filter with the rows it selects; a tab chosen with its underline
already under it (not sliding there over the next twenty frames)."""

from __future__ import annotations

import pytest
from helpers import held, record_draws, settle, signed_in, view_ahead

from peer_tui.bench.probe import Screenshots
from peer_tui.services import caseload_query


def line_text(cells) -> str:
    return "".join(cell[0] if cell else " " for cell in cells)


def filter_and_rows(screen) -> tuple:
    rows = screen.query_one("#caseload-table")
    return (screen.query_one("#caseload-filter").value,
            tuple(rows.row_text(i) for i in range(min(3, rows.row_count))))


async def test_a_letter_in_the_filter_is_drawn_with_its_rows(demo_db, monkeypatch):
    async with signed_in("casey") as pilot:
        caseload = pilot.app.screen
        await pilot.press("slash")
        await settle(pilot)
        box = caseload.query_one("#caseload-filter")
        box.hold_for = 600  # here the read decides, not a timer (a loaded machine is slow)
        before = filter_and_rows(caseload)[1]
        shots = Screenshots.of(pilot.app)  # what the terminal shows, frame by frame
        start = shots.sent
        drawn = record_draws(monkeypatch, caseload, filter_and_rows)
        _, gate = held(monkeypatch, caseload_query, "caseload_window")
        await pilot.press("z")
        for _ in range(5):
            await pilot.pause()
        assert drawn == []  # the letter waits for its rows
        gate.set()
        await settle(pilot)
        assert drawn, "the letter and its rows were never drawn"
        assert all(value == "z" and shown != before for value, shown in drawn)
        # And on screen: the first picture sent with the letter shows its rows.
        rows = caseload.query_one("#caseload-table")
        with_letter = [p for _, _, p in await shots.since(start)
                       if "z" in line_text(p[box.region.y])]
        assert with_letter
        assert rows.row_text(0).strip() in line_text(with_letter[0][rows.region.y])
        drawn.clear()
        await pilot.press("backspace")  # a deleting key waits for its rows too
        await settle(pilot)
        assert drawn and all(value == "" and shown == before for value, shown in drawn)


async def test_a_key_that_changes_nothing_in_the_filter_is_drawn_at_once(demo_db):
    async with signed_in("casey") as pilot:
        caseload = pilot.app.screen
        await pilot.press("slash", "z")
        await settle(pilot)
        box = caseload.query_one("#caseload-filter")
        box.hold_for = 600
        await pilot.press("left")  # moves the cursor in the box: nothing is read
        await pilot.pause()
        assert not pilot.app._batch_count  # noqa: SLF001 - nothing holds the drawing


def underline(view) -> tuple:
    bar = view.query_one("ContentTabs")
    line = bar.query_one("Underline")
    return (bar.active_tab.id, line.highlight_start, line.highlight_end)


@pytest.mark.built_ahead
async def test_a_tab_is_drawn_with_its_underline_under_it(demo_db, monkeypatch):
    async with signed_in("casey") as pilot:
        caseload = pilot.app.screen
        view = await view_ahead(pilot, caseload)
        drawn = record_draws(monkeypatch, view, underline)
        # Back and in again at once: the underline put back under the profile on the way
        # out, not still sliding there when the timeline is shown again.
        await pilot.press("enter", "3")
        await settle(pilot)
        await pilot.press("escape")
        await view_ahead(pilot, caseload)  # set back to its profile while the app waits
        profile = view.query_one("#--content-tab-tab-profile")
        at_once = underline(view)  # Textual's slide back would only begin now
        assert at_once[1:] == profile.virtual_region.shrink(profile.styles.gutter).column_span
        await pilot.press("enter", "3")
        await settle(pilot)
        await pilot.pause(0.5)  # longer than Textual's slide of the underline
        shown = [d for d in drawn if d[0].endswith("tab-timeline")]
        assert shown and len(set(shown)) == 1  # one place, from the first drawing on
        tab = view.query_one("#--content-tab-tab-timeline")
        start, end = tab.virtual_region.shrink(tab.styles.gutter).column_span
        assert shown[0][1:] == (start, end)
