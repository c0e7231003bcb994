"""A long list of one-line rows drawn with the Line API and read in blocks around the view.

DataTable lays out every row it holds (about 0.13 ms a row on the event loop), so it can only
show a page. ``RowList`` holds no widgets and no layout: its scrollbar is sized from a count
(``reset``), ``render_line`` draws only the lines on screen, and the rows come in blocks of
``block_size`` that the owner fetches in a worker when asked (``NeedBlock``) and hands back
(``set_block``). A line whose block has not arrived is drawn as a placeholder and repainted
alone when it comes, so scrolling never waits for the database. The blocks around the view
are asked for ahead of time (a screen above, two below), a few are kept (an LRU), and a block
whose predecessor is kept is asked for by that predecessor's last key (keyset).

Following toolong's ``LogLines``: rendered lines are cached as ``Strip``s, and the cursor is
a non-repainting reactive whose watcher repaints the old and the new line only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Hashable, Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from peer_tui.screens.widgets.marks import MARK_CLASSES, marks_css, with_looks


def layout_cells(cells: Sequence[Text], widths: Sequence[int]) -> Text:
    """CELLS side by side, each cut or padded to its width with a space either side (the
    same spacing DataTable used, so headings line up with ``ColumnHeader``)."""
    line = Text(no_wrap=True, end="")
    for cell, width in zip(cells, widths):
        cell = cell.copy()
        cell.truncate(max(0, width), overflow="ellipsis", pad=True)
        line.append(" ")
        line.append_text(cell)
        line.append(" ")
    return line


class RowList(ScrollView, can_focus=True):
    """Rows ``0 .. row_count-1``; row ``i`` lives in block ``i // block_size``."""

    # The scrolling container's own action names, so help lists them with Textual's widget
    # keys (after the screen's); here they move the cursor, and the view follows it.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Up", show=False),
        Binding("down", "scroll_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "scroll_home", "First", show=False),
        Binding("end,ctrl+end", "scroll_end", "Last", show=False),
        # No description: help names the screen's own Enter (what opening means there).
        Binding("enter", "select", "", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--cursor",
        "row-list--even-row",
        "row-list--placeholder",
    } | MARK_CLASSES
    """
    | Class | Description |
    | :- | :- |
    | `row-list--cursor` | The highlighted row. |
    | `row-list--even-row` | Every other row (zebra stripes). |
    | `row-list--placeholder` | A row whose block is still being read. |
    | `mark--*` | The looks of marked text (``marks``). |
    """

    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .row-list--even-row { background: $surface-lighten-1 50%; }
        &:dark > .row-list--even-row { background: $surface-darken-1 40%; }
        & > .row-list--placeholder { color: $text-muted; }
    }
    """ + marks_css("RowList")

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """The highlighted row (its watcher repaints the two lines that changed)."""

    @dataclass
    class ListMessage(Message):
        """A message from the list (``control`` is the list, for ``@on`` selectors); the
        subclasses add what they are about."""

        row_list: RowList

        @property
        def control(self) -> RowList:
            return self.row_list

    @dataclass
    class NeedBlock(ListMessage):
        """Read rows START .. START+block_size-1 and give them to ``set_block``. AFTER is the
        key of row START-1 when the list holds it (read by keyset), else None."""

        generation: int
        block: int
        start: int
        after: Hashable | None

    @dataclass
    class RowMessage(ListMessage):
        """About the row at INDEX; ROW is None while its block is still being read."""

        index: int
        row: Any

    class Highlighted(RowMessage):
        """The cursor moved, or the row under it arrived (ROW is None until it has)."""

    class Selected(RowMessage):
        """Enter (or a click on the highlighted row)."""

    def __init__(self, render_row: Callable[[Any, int], Text],
                 key_of: Callable[[Any], Hashable], *, block_size: int = 100,
                 blocks_kept: int = 8, empty_text: str = "",
                 on_select: Callable[[], None] | None = None, **kwargs: Any) -> None:
        """RENDER_ROW(row, width) draws one row; KEY_OF(row) is its keyset key. ON_SELECT:
        called at Enter (or a click on the cursor's row) instead of the Selected message,
        while the key is handled, so that what it opens is on screen before the keys typed
        after it are looked at (Enter, then 3 at once: the 3 is the opened screen's)."""
        super().__init__(**kwargs)
        self.render_row = render_row
        self.on_select = on_select
        self.key_of = key_of
        self.block_size = block_size
        self.empty_text = empty_text
        self.row_count = 0
        self.generation = 0  # blocks asked for before the latest reset are dropped
        self._blocks: LRUCache[int, list] = LRUCache(blocks_kept)
        self._pending: set[int] = set()
        self._strips: LRUCache[tuple, Strip] = LRUCache(400)

    # -- what the owner calls -----------------------------------------------------------------
    def reset(self, count: int, *, cursor: int = 0, rows: Sequence[Any] = (),
              start: int = 0) -> None:
        """A new list of COUNT rows (a new filter, or the data changed): everything held is
        dropped; ROWS, if given, is the block beginning at START (a multiple of block_size)."""
        self.generation += 1
        self._blocks.clear()
        self._pending.clear()
        self._strips.clear()
        self.row_count = max(0, count)
        if rows:
            self._blocks.set(start // self.block_size, list(rows))
        self.virtual_size = Size(0, self.row_count)
        # Whether the scrollbar shows is known now, from the count and the size laid out:
        # left to the next layout, the frame it makes would draw the rows without it (two
        # columns too wide) and ask for another frame to put it in.
        self._refresh_scrollbars()
        self.set_reactive(RowList.cursor, self.validate_cursor(cursor))
        self._show_cursor(center=True)
        self.refresh()
        self._tell(self.Highlighted(self, self.cursor, self.row_at(self.cursor)))

    def set_block(self, generation: int, block: int, rows: Sequence[Any]) -> None:
        if generation != self.generation:
            return  # asked for before a reset: those rows belong to another list
        self._pending.discard(block)
        self._blocks.set(block, list(rows))
        start = block * self.block_size
        # Only lines on screen are repainted: a block read ahead of the view (or left behind
        # it) needs no frame, and a frame it asked for would hold back the one that counts.
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        first, last = max(start, top), min(start + max(1, len(rows)), top + height)
        if first < last:
            self.refresh_lines(first, last - first)
        if start <= self.cursor < start + len(rows):
            self._tell(self.Highlighted(self, self.cursor, self.row_at(self.cursor)))

    def block_failed(self, generation: int, block: int) -> None:
        """The read failed: ask again when the block is next on screen."""
        if generation == self.generation:
            self._pending.discard(block)

    def _tell(self, message: Message) -> None:
        # Lines are drawn while the screen is the active message pump, and Textual stops a
        # message's bubbling at its sender: say it comes from the list, so it bubbles on.
        message.set_sender(self)
        self.post_message(message)

    def redraw(self) -> None:
        """Draw every line again (the owner changed how rows look, e.g. for a new width)."""
        self._strips.clear()
        self.refresh()

    def row_at(self, index: int) -> Any:
        """The row at INDEX if its block is held, else None."""
        if not 0 <= index < self.row_count:
            return None
        block = self._blocks.get(index // self.block_size)
        offset = index % self.block_size
        return block[offset] if block is not None and offset < len(block) else None

    @property
    def current(self) -> Any:
        return self.row_at(self.cursor)

    def held_rows(self) -> list[Any]:
        """Every row held now (for finding one by id without asking the database)."""
        return [row for key in sorted(self._blocks.keys()) for row in self._blocks[key]]

    def index_of(self, predicate: Callable[[Any], bool]) -> int | None:
        for block in sorted(self._blocks.keys()):
            for offset, row in enumerate(self._blocks[block]):
                if predicate(row):
                    return block * self.block_size + offset
        return None

    def move_to_held(self, predicate: Callable[[Any], bool]) -> bool:
        """Put the cursor on the first held row PREDICATE accepts; False when none does."""
        index = self.index_of(predicate)
        if index is not None:
            self.move_to(index)
        return index is not None

    def row_text(self, index: int) -> str | None:
        """Row INDEX as it is drawn, as plain text (None until its block arrives)."""
        row = self.row_at(index)
        if row is None:
            return None
        return self.render_row(row, self.scrollable_content_region.width).plain

    def viewport_loaded(self) -> bool:
        """Every row on screen has arrived (what the benchmark waits for)."""
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        return all(self.row_at(i) is not None
                   for i in range(top, min(self.row_count, top + height)))

    def move_to(self, index: int, center: bool = True) -> None:
        """Put the cursor on INDEX; when it was out of view, scroll it to the middle."""
        index = self.validate_cursor(index)
        height = self.scrollable_content_region.height
        top = int(self.scroll_y)
        if center and height > 0 and not top <= index < top + height:
            self.scroll_to(y=max(0, index - height // 2), animate=False)
        self.cursor = index

    # -- drawing ------------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.row_count - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._show_cursor()
        self._tell(self.Highlighted(self, new, self.row_at(new)))

    def _show_cursor(self, center: bool = False) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = int(self.scroll_y)
        if center and not top <= self.cursor < top + height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def _request_around_view(self) -> None:
        """Ask for the blocks from a screen above the view to two below that are missing."""
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        low, high = max(0, top - height), min(self.row_count, top + 2 * height)
        if high <= low:
            return
        size = self.block_size
        for block in range(low // size, (high - 1) // size + 1):
            if block in self._blocks or block in self._pending:
                continue
            self._pending.add(block)
            before = self._blocks.get(block - 1) if block else None
            after = self.key_of(before[-1]) if before and len(before) == size else None
            self._tell(self.NeedBlock(self, self.generation, block, block * size,
                                             after))

    def render_lines(self, crop):
        self._request_around_view()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        base = self.rich_style
        if index >= self.row_count:
            if index == 0 and self.empty_text:
                muted = self.get_component_rich_style("row-list--placeholder")
                return self._strip(Text(f" {self.empty_text}"), width, base + muted)
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (self.generation, index, width, is_cursor, self.has_focus)
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        style = base
        if index % 2 == 0:
            style += self.get_component_rich_style("row-list--even-row")
        if is_cursor:
            style += self.get_component_rich_style("row-list--cursor")
        row = self.row_at(index)
        if row is None:  # drawn again alone when its block arrives (set_block)
            style += self.get_component_rich_style("row-list--placeholder")
            return self._strip(Text(" \u2026"), width, style)
        strip = self._strip(with_looks(self.render_row(row, width), self), width, style)
        self._strips.set(key, strip)
        return strip

    def _strip(self, text: Text, width: int, style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console, end=""))
        return Strip(segments, width).apply_style(style).crop_extend(0, width, style)

    def on_focus(self) -> None:
        self.refresh_line(self.cursor)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor)

    # -- keys and mouse -----------------------------------------------------------------------
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def action_scroll_up(self) -> None:
        """Up, everyone: the row above."""
        self.cursor -= 1

    def action_scroll_down(self) -> None:
        """Down, everyone: the row below."""
        self.cursor += 1

    def action_page_down(self) -> None:
        """PageDown, everyone: a screenful further; the cursor keeps its place on screen."""
        self.scroll_to(y=self.scroll_y + self._page(), animate=False)
        self.cursor += self._page()

    def action_page_up(self) -> None:
        """PageUp, everyone: a screenful back; the cursor keeps its place on screen."""
        self.scroll_to(y=self.scroll_y - self._page(), animate=False)
        self.cursor -= self._page()

    def action_scroll_home(self) -> None:
        """Home, everyone: the first row, however long the list."""
        self.cursor = 0

    def action_scroll_end(self) -> None:
        """End, everyone: the last row, however long the list (read where it lands)."""
        self.cursor = self.row_count - 1

    def action_select(self) -> None:
        """Enter, everyone: open the highlighted row (what opening means is the owner's)."""
        if not self.row_count:
            return
        if self.on_select is not None:
            self.on_select()
        else:
            self._tell(self.Selected(self, self.cursor, self.current))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = int(self.scroll_y) + offset.y
        if index >= self.row_count:
            return
        if index == self.cursor:
            self.action_select()
        else:
            self.cursor = index
