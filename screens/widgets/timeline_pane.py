"""The Timeline tab of the resident view: the whole history as one list, newest first.

The list (``RowList``) is as long as the count of entries matching the filter, so PageDown,
End, the scrollbar and jump-to-date reach any of 20,000 entries at once; rows are read in
blocks around the view in thread workers (``services.timeline.timeline_block``) and drawn a
line at a time, so a resident with 20,000 entries costs the same as one with twenty. The pane
below shows the highlighted entry in full. Corrections and voids are made from here; nothing
is edited.
"""

from __future__ import annotations

from typing import Callable, Iterable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.event_view import detail_text
from peer_tui.screens.held_paint import hold_paint as hold_paint_for
from peer_tui.screens.widgets.column_header import ColumnHeader
from peer_tui.screens.widgets.plain_static import PlainStatic
from peer_tui.screens.widgets.row_list import RowList, layout_cells
from peer_tui.screens.widgets.timeline_columns import (Column, cells, columns_for,
                                                       summary_width)
from peer_tui.services import timeline as service
from peer_tui.services.timeline import EventDetail, EventRow, TimelineFilter, TimelineWindow

DESK_REFUSAL = "Front-desk accounts cannot read the timeline."

# The dialogs its keys open are imported where they are opened (and ahead, while the app
# waits): the resident view is built ahead once what it shows is imported.


def window_and_detail(actor, resident_id: int, filt: TimelineFilter, start: int,
                      at: int | None) -> tuple[TimelineWindow, EventDetail | None]:
    """The window from START and, with AT, the detail of the entry the cursor lands on
    there (None when there is none, or it could not be read: the list's Highlighted then
    asks for it as for any other entry). Run in the pane's worker."""
    window = service.timeline_window(actor, resident_id, filt, start)
    offset = (min(at, window.count - 1) - window.start) if at is not None else -1
    if not 0 <= offset < len(window.rows):
        return window, None
    try:
        return window, service.event_detail(actor, window.rows[offset].id)
    except Exception:  # noqa: BLE001 - read again, and said, when the list asks for it
        return window, None


class TimelinePane(ServiceCaller, Vertical):
    """One resident's engagement timeline (mounted in the resident view's Timeline tab)."""

    BINDINGS = [
        # Short footer words so the main keys fit 80 columns; help shows the tooltips.
        Binding("f", "filter", "Filter", tooltip="Filter by kind, staff and dates"),
        Binding("j", "jump", "Jump", tooltip="Jump to a date"),
        Binding("r", "raise_concern", "Concern", tooltip="Raise a concern"),
        Binding("c", "correct", "Correct", tooltip="Correct the entry (kept with a reason)"),
        Binding("x", "void", "Void", tooltip="Void the entry (kept with a reason)"),
        # Space, as on the plan: d is the resident's discharge, which this used to shadow.
        Binding("space", "follow_up_done", "Done", tooltip="Mark the follow-up done"),
        Binding("n", "newest", "Newest", show=False, tooltip="Back to the newest entry"),
        Binding("o", "open_link", "Linked", show=False, tooltip="Go to the linked entry"),
    ]

    DEFAULT_CSS = """
    TimelinePane { height: 1fr; }
    TimelinePane #timeline-status { height: 1; color: $text-muted; padding: 0 1; }
    TimelinePane #timeline-list { height: 1fr; }
    TimelinePane #timeline-detail { height: 9; border-top: solid $primary; padding: 0 1; }
    """

    def __init__(self, resident_id: int, *, resident_name: str = "", read_now: bool = True,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.resident_id = resident_id
        self.resident_name = resident_name
        self.filter = TimelineFilter()
        self.count: int | None = None  # entries matching the filter; None until counted
        # The count and first block on their way. Not Textual's `loading`, which covered the pane with an
        # animated overlay widget, mounted and styled at each read, for what the status says.
        self.reading = False
        self.refused = False  # a role without clinical access: nothing is read
        self.generation = 0  # answers to a reload older than the latest are dropped
        self.detail = None
        self._wanted_detail: int | None = None  # the entry the detail pane should show
        self._detail_busy = False
        self.columns: list[Column] = []  # chosen for the width (timeline_columns)
        self.widths: list[int] = []
        # Not read yet for this resident: built unread (READ_NOW false: read at reload(),
        # when its tab is shown) or swapped to another resident (show_resident).
        self.stale = not read_now
        self._release_paint: Callable[[], None] = lambda: None  # see reload's HOLD_PAINT

    def compose(self) -> ComposeResult:
        yield Static("Loading\u2026", id="timeline-status", markup=False)
        yield ColumnHeader(id="timeline-header")
        # No "No entries." until the count says so.
        yield RowList(self._render_row, lambda row: row.cursor, id="timeline-list",
                      block_size=service.BLOCK_SIZE)
        with VerticalScroll(id="timeline-detail"):
            yield PlainStatic("", id="timeline-detail-text")

    def on_mount(self) -> None:
        self.app.timeline_changed.subscribe(self, self._changed)
        # The status line says where the cursor is: redrawn as the cursor moves, in the
        # same frame as the rows (the Highlighted message comes after that frame is drawn).
        self.watch(self.list, "cursor", self._set_status, init=False)
        self._fit(self.app.size.width)  # until the pane has its own size
        if not self.stale:
            self.reload()

    def on_resize(self, event: events.Resize) -> None:
        # The size laid out, not the size now: laid out ahead (the resident view built
        # ahead) the tab is hidden again by the time this comes, and its size reads 0, so
        # its columns were fitted to nothing and fitted again, a frame later, when shown.
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Columns and widths for WIDTH; the summary gets what the others leave."""
        columns = columns_for(width)
        widths = [c.width or max(10, summary_width(columns, width)) for c in columns]
        if (columns, widths) == (self.columns, self.widths):
            return
        self.columns, self.widths = columns, widths
        header = [Text(c.label) for c in columns]
        self.query_one(ColumnHeader).set_columns([c.key for c in columns], header, widths)
        self.list.redraw()

    def show_resident(self, resident_id: int | None, resident_name: str = "") -> None:
        """Another resident in this pane (the resident view is reused): nothing of the one
        before stays, answers still on their way for them are dropped, and nothing is read
        until ``reload`` (the tab shown): a timeline read is audited as a view."""
        self.resident_id, self.resident_name = resident_id, resident_name
        self.filter = TimelineFilter()
        self.generation += 1
        self.count = None
        self.reading = False
        self.detail = None
        self._wanted_detail = None
        self.stale = True
        self.list.empty_text = ""
        self.list.reset(0)
        self._show_detail(Text(""))
        self._set_status()

    def _render_row(self, row: EventRow, width: int) -> Text:
        return layout_cells(cells(row, self.columns), self.widths)

    @property
    def list(self) -> RowList:
        return self.query_one("#timeline-list", RowList)

    @property
    def actor(self):
        return self.app.actor  # type: ignore[attr-defined]

    def current_row(self) -> EventRow | None:
        return self.list.current

    @property
    def rows(self) -> dict[int, EventRow]:
        """The entries read so far that are still held, by id (not the whole history)."""
        return {row.id: row for row in self.list.held_rows()}

    # -- loading ------------------------------------------------------------------------------
    def reload(self, at: int = 0, keep_event: int | None = None, *,
               hold_paint: float = 0.0) -> None:
        """Count the entries matching the filter and read the block holding entry AT; the
        list is then as long as the count. KEEP_EVENT, if it is in that block, keeps the
        cursor on it (after a save the entry may have moved by a row or two). HOLD_PAINT:
        the screen is not redrawn until the rows are there, or that many seconds passed
        (the tab shown: it appears once, with its rows, not empty and then again)."""
        self.generation += 1
        self.stale = False
        actor = self.actor
        if actor is None or not actor.can_read_clinical:
            # Front desk may log a contact but not read the timeline: say so, quietly.
            self.refused = True
            self.list.empty_text = ""
            self.list.reset(0)
            self._set_status()
            return
        self.reading = True
        self._set_status()
        if hold_paint:
            self._release_paint()
            self._release_paint = hold_paint_for(self.app, hold_paint)
        start = at - at % service.BLOCK_SIZE
        generation = self.generation
        # The entry the cursor lands on is read with the rows (unless a kept entry moves
        # the cursor): read after them, its answer came after the frame that drew them
        # and the detail pane took a frame of its own a moment later.
        self.run_service(window_and_detail, actor, self.resident_id, self.filter, start,
                         None if keep_event is not None else at,
                         done=lambda read: self._opened(generation, *read, at, keep_event),
                         failed=lambda exc: self._failed(generation, exc),
                         group="timeline-window")

    def _opened(self, generation: int, window: TimelineWindow, detail: EventDetail | None,
                at: int, keep_event: int | None) -> None:
        # Workers are not exclusive (a cancelled one would fail whoever waits for it);
        # an answer to an older reload (another filter, another resident) is dropped here.
        try:
            if generation == self.generation:
                self._show_window(window, detail, at, keep_event)
        finally:
            self._release_paint()  # drawn now, with these rows

    def _show_window(self, window: TimelineWindow, detail: EventDetail | None, at: int,
                     keep_event: int | None) -> None:
        self.reading = False
        self.count = window.count
        # Read again, with the rows: a save may have changed the entry under the cursor.
        self.detail = detail
        self._wanted_detail = detail.id if detail is not None else None
        rows = self.list
        rows.empty_text = "No entries match the filter (f changes it)." \
            if self.filter.active else "No entries."
        rows.reset(window.count, cursor=at, rows=window.rows, start=window.start)
        if detail is not None:  # the cursor's entry: the list's Highlighted leaves it be
            self._show_detail(detail_text(detail))
        if keep_event is not None:
            rows.move_to_held(lambda r: r.id == keep_event)
        self._set_status()

    @on(RowList.NeedBlock, "#timeline-list")
    def _need_block(self, event: RowList.NeedBlock) -> None:
        event.stop()
        if self.count is None or self.reading:
            return  # a window read is on its way: its reset asks again for what is missing
        self.read_block(event, service.timeline_block, self.actor, self.resident_id,
                        self.filter, group="timeline-block")

    def _failed(self, generation: int, exc) -> None:
        self._release_paint()
        if generation != self.generation:
            return
        self.reading = False
        self.query_one("#timeline-status", Static).update(Text(f"Not loaded: {exc}"))
        self.show_service_error(exc)

    def _set_status(self) -> None:
        if self.refused:
            text = DESK_REFUSAL
        elif self.count is None:
            text = "Loading\u2026"
        else:
            parts = [f"{self.count:,} entr{'y' if self.count == 1 else 'ies'}"]
            if self.count:
                parts.append(f"at {self.list.cursor + 1:,}")
            if self.filter.active:
                parts.append("filtered (f)")
            if self.reading:
                parts.append("loading\u2026")
            text = " \u00b7 ".join(parts)
        # One line of fixed size: redrawn alone, not a layout of the screen per cursor move.
        self.query_one("#timeline-status", Static).update(Text(text), layout=False)

    def _changed(self, resident_ids) -> None:
        if self.resident_id in resident_ids and not self.stale:
            current = self.current_row()
            self.reload(at=self.list.cursor, keep_event=current.id if current else None)

    # -- the detail pane ----------------------------------------------------------------------
    def _show_detail(self, text: Text) -> None:
        """TEXT in the pane below the list, with its scrollbar if it needs one."""
        body = self.query_one("#timeline-detail-text", PlainStatic)
        body.update(text)
        box = self.query_one("#timeline-detail", VerticalScroll)
        # Whether it overflows is known now, from the size the box was laid out at (kept
        # while its tab is hidden). Left to the next layout, the frame it makes draws the
        # text without its scrollbar and asks for another frame to put it in.
        size = box.container_size  # inside its border and padding
        if size.width > 0 and size.height > 0:
            box.show_vertical_scrollbar = \
                body.get_content_height(size, size, size.width) > size.height

    @on(RowList.Highlighted, "#timeline-list")
    def _highlighted(self, event: RowList.Highlighted) -> None:
        event.stop()
        row = event.row
        if row is None:
            self.detail = None
            self._wanted_detail = None
            self._show_detail(Text("" if self.list.row_count or self.reading
                                   or self.count is None else "No entries."))
            return
        if self.detail is not None and self.detail.id == row.id:
            return
        self._wanted_detail = row.id
        if not self._detail_busy:
            self._fetch_detail()

    def _fetch_detail(self) -> None:
        # One detail read at a time; holding a key down asks only for where it stops.
        self._detail_busy = True
        self.run_service(service.event_detail, self.actor, self._wanted_detail,
                         done=self._detail_loaded, failed=self._detail_failed,
                         group="timeline-detail")

    def _detail_loaded(self, detail) -> None:
        self._detail_busy = False
        if self._wanted_detail is not None and detail.id != self._wanted_detail:
            self._fetch_detail()
            return
        current = self.current_row()
        if current is None or current.id != detail.id:
            return
        self.detail = detail
        self._show_detail(detail_text(detail))

    def _detail_failed(self, exc) -> None:
        self._detail_busy = False
        self.show_service_error(exc)

    @on(RowList.Selected, "#timeline-list")
    def _selected(self, event: RowList.Selected) -> None:
        """Enter on a concern entry opens the concern (to discuss or resolve it)."""
        from peer_tui.screens.concern_detail import ConcernDetailScreen

        event.stop()
        detail = self.detail
        if detail is not None and detail.concern_id and event.row is not None \
                and detail.id == event.row.id:
            self.app.push_screen(ConcernDetailScreen(detail.concern_id))

    # -- actions ------------------------------------------------------------------------------
    def action_newest(self) -> None:
        """n, clinical staff: back to the newest entry."""
        self.list.move_to(0)

    def action_filter(self) -> None:
        """f, clinical staff: filter the timeline by kind, staff and dates."""
        from peer_tui.screens.event_filter import EventFilterScreen

        def apply(result) -> None:
            if result is not None:
                self.filter = result
                self.reload()
        self.app.push_screen(EventFilterScreen(self.filter), apply)

    def action_jump(self) -> None:
        """j, clinical staff: move to the newest entry on or before a date."""
        from peer_tui.screens.event_filter import JumpToDateScreen

        def jump(day) -> None:
            if day is not None:
                self._go_to_cursor(service.cursor_for_date(day))
        self.app.push_screen(JumpToDateScreen(), jump)

    def _go_to_cursor(self, cursor: service.Cursor) -> None:
        """Move to the first entry at or older than CURSOR (a counted position)."""
        generation = self.generation
        self.run_service(service.timeline_position, self.actor, self.resident_id,
                         self.filter, cursor, done=lambda at: self._go_to(generation, at),
                         group="timeline-jump")

    def _go_to(self, generation: int, position: int) -> None:
        if generation != self.generation:
            return  # the list was read again since (another filter): the position is old
        if position >= self.list.row_count:
            self.app.notify("No entries that old; the oldest is shown.", markup=False)
        self.list.move_to(position)
        self.list.focus()

    def action_follow_up_done(self) -> None:
        """Space, clinical staff: mark the entry's follow-up done."""
        row = self.current_row()
        if row is None or not row.follow_up_open:
            self.app.notify("This entry has no open follow-up.", markup=False)
            return
        self.run_service(service.complete_follow_up, self.actor, row.id,
                         done=lambda _: self._follow_up_done(row.id), group="timeline-write")

    def _follow_up_done(self, event_id: int) -> None:
        self.saved("Saved: follow-up marked done.")
        self.app.timeline_changed.publish([self.resident_id])

    def _edit(self, mode: str) -> None:
        if self.detail is None or self.current_row() is None \
                or self.detail.id != self.current_row().id:
            self.app.notify("Pick an entry first (the details below must show it).",
                            markup=False)
            return
        if mode == "correct" and not self.detail.correctable:
            kind = service.KIND_LABELS.get(self.detail.kind, self.detail.kind)
            why = "is voided" if self.detail.voided_at else f"is a {kind.lower()} entry"
            message = f"This entry {why} and cannot be corrected" + (
                "." if self.detail.voided_at else "; x voids it with a reason.")
            self.app.notify(message, markup=False)
            return
        if mode == "void" and (self.detail.voided_at is not None
                               or self.detail.kind.startswith("concern")):
            self.app.notify("This entry cannot be voided (already voided, or a concern "
                            "entry: resolve the concern instead).", markup=False)
            return
        from peer_tui.screens.event_correct import EventCorrectScreen

        self.app.push_screen(EventCorrectScreen(self.detail, mode))

    def action_correct(self) -> None:
        """c, clinical staff: correct the entry (the original is kept, with a reason)."""
        self._edit("correct")

    def action_void(self) -> None:
        """x, clinical staff: void the entry (it is kept, with a reason)."""
        self._edit("void")

    def action_open_link(self) -> None:
        """Go to the correction of this entry, or to the entry this one corrects."""
        detail = self.detail
        if detail is None:
            return
        target = detail.corrected_by[-1] if detail.corrected_by else detail.corrects_id
        if target is None:
            self.app.notify("This entry has no correction.", markup=False)
            return
        if self.list.move_to_held(lambda row: row.id == target):
            return
        self.run_service(service.cursor_at_event, self.actor, target,
                         done=self._go_to_cursor)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """For the screen hosting the pane to offer in its command palette."""
        yield SystemCommand("Timeline: filter", "By kind, staff and dates (f)",
                            self.action_filter)
        yield SystemCommand("Timeline: jump to a date", "Move to a day (j)",
                            self.action_jump)
        yield SystemCommand("Timeline: newest first", "Back to the newest entry (n)",
                            self.action_newest)
        yield SystemCommand("Raise a concern", "About this resident (r)",
                            self.action_raise_concern)

    def action_raise_concern(self) -> None:
        """r, clinical staff: raise a concern about this resident."""
        from peer_tui.screens.concern_form import ConcernFormScreen

        self.app.push_screen(ConcernFormScreen(self.resident_id, self.resident_name))
