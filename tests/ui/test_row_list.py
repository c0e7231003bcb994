"""The long list's repaints: a block that arrives repaints only the lines it puts on screen,
and a block read ahead of the view asks for no repaint at all (even an empty one makes a
frame, and the next frame, the one that shows what was typed, waits a frame's time for it)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from peer_tui.screens.widgets.row_list import RowList


class CountedList(RowList):
    """Keeps the repaints asked for and the lines drawn."""

    def __init__(self) -> None:
        super().__init__(lambda row, width: Text(f"row {row}"), lambda row: row, block_size=10)
        self.repaints: list[tuple] = []
        self.drawn: list[int] = []
        self.asked: list[int] = []

    def refresh(self, *regions, **kwargs):
        self.repaints.append(regions)
        return super().refresh(*regions, **kwargs)

    def render_line(self, y: int):
        self.drawn.append(int(self.scroll_y) + y)
        return super().render_line(y)


class Host(App):
    def compose(self) -> ComposeResult:
        yield CountedList()

    def on_row_list_need_block(self, event: RowList.NeedBlock) -> None:
        event.row_list.asked.append(event.block)  # answered by the test, when it chooses


async def test_a_block_off_screen_repaints_nothing_and_one_on_screen_its_lines():
    async with Host().run_test(size=(30, 15)) as pilot:
        rows = pilot.app.query_one(CountedList)
        rows.reset(200, rows=range(10))
        await pilot.pause()
        assert rows.asked == [1, 2]  # the 15 lines on screen and a screen below them
        rows.repaints.clear()
        rows.drawn.clear()
        rows.set_block(rows.generation, 2, range(20, 30))  # read ahead: below the view
        await pilot.pause()
        assert rows.repaints == [] and rows.drawn == []
        rows.set_block(rows.generation, 1, range(10, 20))  # lines 10-14 are on screen
        await pilot.pause()
        assert len(rows.repaints) == 1 and sorted(set(rows.drawn)) == [10, 11, 12, 13, 14]
        assert rows.row_text(12).strip() == "row 12"


async def test_reset_decides_the_scrollbar_from_the_count_before_any_layout():
    """A reset says at once whether the scrollbar shows (rows beyond the lines the list was
    laid out with), so the frame that draws the new rows draws it too, as the layout after
    it decides: left to that layout, the rows were drawn two columns too wide first."""
    async with Host().run_test(size=(30, 15)) as pilot:
        rows = pilot.app.query_one(CountedList)
        await pilot.pause()
        height = rows.scrollable_content_region.height
        assert height == 15 and not rows.show_vertical_scrollbar
        for count, shown in ((height + 1, True), (height, False), (200, True), (0, False)):
            rows.reset(count, rows=range(min(count, 10)))
            assert rows.show_vertical_scrollbar is shown, (count, "at the reset")
            await pilot.pause()
            assert rows.show_vertical_scrollbar is shown, (count, "laid out")
