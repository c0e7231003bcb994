"""Enter on a resident, then 3: the first frame written to the terminal that shows the
timeline's rows is already the final picture, character for character and style for style.
Nothing comes a frame late to change it: not the list's scrollbar, not the detail pane's,
not the card above the tabs (a second frame some 20-40 ms after the first was what the
traces of opening the busiest resident showed)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date

import pytest
from helpers import held, post_keys, settle, signed_in, view_ahead

from peer_tui.bench.probe import Screenshots
from peer_tui.screens.widgets.timeline_pane import TimelinePane
from peer_tui.services import caseload_query

pytestmark = pytest.mark.built_ahead

#: Taller than the detail pane below the list: it needs its scrollbar.
LONG_NOTE = "\n".join(f"Line {n} of a long note about the week." for n in range(1, 16))
#: A line: the pane shows it whole, with no scrollbar.
SHORT_NOTE = "Talked about the week."


def text_of(picture) -> str:
    return "\n".join("".join(cell[0] if cell else " " for cell in line).rstrip()
                     for line in picture)


def differences(picture, expected, most: int = 6) -> str:
    """Where PICTURE differs from EXPECTED, line by line (an assertion's message): the text
    of both, or the columns where only the styles differ."""
    said = []
    for y, (line, want) in enumerate(zip(picture, expected)):
        if line == want:
            continue
        text, want_text = (text_of((cells,)) for cells in (line, want))
        if text != want_text:
            said.append(f"line {y}:\n  drawn:   {text!r}\n  settled: {want_text!r}")
        else:
            columns = [x for x, (a, b) in enumerate(zip(line, want)) if a != b]
            said.append(f"line {y}: same text, other styles at columns {columns[0]}"
                        f"..{columns[-1]}")
    return "\n".join(said[:most] + ([f"... {len(said) - most} more"] if len(said) > most
                                    else []))


def newest_contact(resident_id: int, note: str) -> int:
    """A contact logged for RESIDENT_ID late today: the first entry of their timeline."""
    from peer_tui.services import auth, contacts

    return contacts.log_contact(auth.actor_for("casey"), resident_id,
                                {"on": date.today(), "at": "23:59", "summary": "The week",
                                 "note": note})


@asynccontextmanager
async def enter_and_3(monkeypatch, note: str, card_held: bool = False, size=(100, 30)):
    """casey on the caseload, the view built ahead, a contact with NOTE made the selected
    resident's newest entry, then Enter and 3 in one burst, what the terminal shows after
    each update the app sends from the Enter on (``Screenshots``, the bench's model of the
    terminal). CARD_HELD: the resident's card is read only when the test sets the gate.
    Yields (pilot, the view, the model, the number of its first update, gate or None, the
    contact's id)."""
    from peer_tui.screens import resident

    # The reads decide when the view is first drawn, not a timer (a loaded machine may take
    # longer than the moment the view waits).
    monkeypatch.setattr(resident, "HOLD_FOR_CARD", 600)
    monkeypatch.setattr(resident, "HOLD_FOR_ROWS", 600)
    gate = held(monkeypatch, caseload_query, "resident_card")[1] if card_held else None
    async with signed_in("casey", size=size) as pilot:
        app = pilot.app
        caseload = app.screen
        view = await view_ahead(pilot, caseload)
        contact = newest_contact(caseload.selected().id, note)
        shots = Screenshots.of(app)
        start = shots.sent
        post_keys(app, "enter", "3")
        try:
            yield pilot, view, shots, start, gate, contact
        finally:
            if gate is not None:
                gate.set()  # a failed check does not leave the read waiting


async def settled(pilot, shots, start: int, contact: int):
    """Once everything has settled: every picture the terminal showed since START (the last
    is the settled one), the timeline, and the start of its first row as drawn."""
    app = pilot.app
    await settle(pilot, rounds=2)
    pictures = [picture for _, _, picture in await shots.since(start)]
    timeline = app.screen.query_one(TimelinePane)
    assert app.screen.query_one("TabbedContent").active == "tab-timeline"
    assert timeline.list.row_at(0).id == contact and timeline.list.row_count > 20
    return pictures, timeline, timeline.list.row_text(0)[:30]


def first_with_rows_is_final(pictures, first_row: str) -> None:
    """The first picture showing FIRST_ROW is the settled one, and no update after it
    changed the screen (and put it back)."""
    first = next((i for i, picture in enumerate(pictures)
                  if first_row in text_of(picture)), None)
    assert first is not None, "no frame showed the timeline's rows"
    final = pictures[-1]
    assert pictures[first] == final, differences(pictures[first], final)
    assert all(later == final for later in pictures[first:])


@pytest.mark.parametrize("note, scrollbar, size", [
    (LONG_NOTE, True, (100, 30)), (SHORT_NOTE, False, (100, 30)), (LONG_NOTE, True, (80, 24))],
    ids=["detail-overflows", "detail-fits", "detail-overflows-80x24"])
async def test_the_first_frame_with_the_rows_is_the_final_picture(
        demo_db, monkeypatch, note, scrollbar, size):
    async with enter_and_3(monkeypatch, note, size=size) as (
            pilot, _, shots, start, _, contact):
        pictures, timeline, first_row = await settled(pilot, shots, start, contact)
        final = pictures[-1]
        # What the settled picture holds: the list taller than its box, so with its
        # scrollbar; the detail pane's only when the note overflows it.
        assert timeline.list.show_vertical_scrollbar
        detail = pilot.app.screen.query_one("#timeline-detail")
        assert detail.show_vertical_scrollbar is scrollbar
        if scrollbar:  # the long note is cut by the pane (it scrolls)
            assert "Line 15 of" not in text_of(final)
        else:  # the short one is shown whole
            assert SHORT_NOTE in text_of(final)
        first_with_rows_is_final(pictures, first_row)


async def test_a_card_read_after_the_rows_is_waited_for(demo_db, monkeypatch):
    """The card comes after the timeline's rows: nothing is drawn until it is there too, and
    that first drawing, card and rows, is the final picture."""
    async with enter_and_3(monkeypatch, SHORT_NOTE, card_held=True) as (
            pilot, view, shots, start, gate, contact):
        timeline = view.query_one(TimelinePane)
        for _ in range(3000):  # until the rows are in: a guard, not a time
            if timeline.list.row_at(0) is not None:
                break
            await pilot.pause(0.01)
        assert timeline.list.row_at(0).id == contact and view.card is None
        for _ in range(5):
            await pilot.pause()
        assert shots.sent == start  # the rows are in; the drawing waits for the card
        gate.set()
        pictures, timeline, first_row = await settled(pilot, shots, start, contact)
        assert view.card.name in text_of(pictures[-1])
        first_with_rows_is_final(pictures, first_row)
