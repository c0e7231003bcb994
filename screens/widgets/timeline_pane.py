"""The Timeline tab of the resident view: newest first, paged as you scroll.

Rows arrive a page at a time (keyset, ``services.timeline``) in a thread worker; the next
page is fetched when the cursor comes near the end of what is loaded, so a resident with
20,000 entries costs the same as one with twenty. The pane below the table shows the
highlighted entry in full. Corrections and voids are made from here; nothing is edited.
"""

from __future__ import annotations

from typing import Iterable

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.concern_detail import ConcernDetailScreen
from peer_tui.screens.concern_form import ConcernFormScreen
from peer_tui.screens.event_correct import EventCorrectScreen
from peer_tui.screens.event_filter import EventFilterScreen, JumpToDateScreen
from peer_tui.screens.event_view import detail_text, fill_width
from peer_tui.screens.widgets.plain_static import PlainStatic
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.screens.widgets.timeline_columns import Column, cells, columns_for
from peer_tui.services import timeline as service
from peer_tui.services.timeline import EventRow, TimelineFilter, TimelinePage
from peer_tui.timeutil import fmt_date

#: Fetch the next page when the cursor is this close to the last loaded row.
PREFETCH_ROWS = 20


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
        Binding("n", "newest", "Newest", show=False, tooltip="Back to the newest entries"),
        Binding("o", "open_link", "Linked", show=False, tooltip="Go to the linked entry"),
    ]

    DEFAULT_CSS = """
    TimelinePane { height: 1fr; }
    TimelinePane #timeline-status { height: 1; color: $text-muted; padding: 0 1; }
    TimelinePane #timeline-table { height: 1fr; }
    TimelinePane #timeline-detail { height: 9; border-top: solid $primary; padding: 0 1; }
    """

    def __init__(self, resident_id: int, *, resident_name: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.resident_id = resident_id
        self.resident_name = resident_name
        self.filter = TimelineFilter()
        self.start: service.Cursor | None = None  # None: from the newest entry
        self.start_label = ""
        self.rows: dict[int, EventRow] = {}
        self.next_cursor: service.Cursor | None = None
        self.fetching = False
        self.generation = 0
        self.detail = None
        self._focus_event: int | None = None
        self.columns: list[Column] = []  # chosen for the width (timeline_columns)

    def compose(self) -> ComposeResult:
        yield Static("Loading\u2026", id="timeline-status", markup=False)
        yield SafeTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="timeline-detail"):
            yield PlainStatic("", id="timeline-detail-text")

    def on_mount(self) -> None:
        self.app.timeline_changed.subscribe(self, self._changed)
        self.watch(self.table, "scroll_y", self._scrolled)
        self._fit(self.app.size.width)  # until the pane has its own size
        self.reload()

    def on_resize(self) -> None:
        self._fit(self.size.width)

    def _fit(self, width: int) -> None:
        """Choose the columns for WIDTH (the summary gets the rest); rebuild the table when
        the choice changes, keeping every loaded row and the cursor."""
        columns = columns_for(width)
        if [c.key for c in columns] != [c.key for c in self.columns]:
            table = self.table
            current = self.current_row()
            self.columns = columns
            table.clear(columns=True)
            for column in columns:
                table.add_column(column.label, key=column.key, width=column.width)
            for row in self.rows.values():
                table.add_row(*self._cells(row), key=str(row.id))
            if current is not None:
                table.move_cursor(row=table.get_row_index(str(current.id)))
        fill_width(self.table, "summary", width)

    @property
    def table(self) -> SafeTable:
        return self.query_one("#timeline-table", SafeTable)

    @property
    def actor(self):
        return self.app.actor  # type: ignore[attr-defined]

    # -- loading pages -----------------------------------------------------------------------
    def reload(self, focus_event: int | None = None) -> None:
        """Start again from the current start point (newest, or a jumped-to date)."""
        self.generation += 1
        self.rows.clear()
        self.next_cursor = None
        self.detail = None
        self._focus_event = focus_event
        self.table.clear()
        actor = self.actor
        if actor is None or not actor.can_read_clinical:
            # Front desk may log a contact but not read the timeline: say so, quietly.
            self.query_one("#timeline-status", Static).update(
                Text("Front-desk accounts cannot read the timeline."))
            return
        self._load(self.start)

    def _load(self, before) -> None:
        self.fetching = True
        generation = self.generation
        self._set_status()
        self.run_service(service.timeline_page, self.actor, self.resident_id, self.filter,
                         before, done=lambda page: self._page_loaded(generation, page),
                         failed=self._failed, group="timeline-page")

    def _page_loaded(self, generation: int, page: TimelinePage) -> None:
        # Workers are not exclusive (a cancelled one would fail whoever waits for it);
        # a page from before the latest reload is simply dropped here.
        if generation != self.generation:
            return  # a reload started since; this page belongs to the old view
        self.fetching = False
        table = self.table
        first = not self.rows
        for row in page.rows:
            if row.id in self.rows:
                continue
            self.rows[row.id] = row
            table.add_row(*self._cells(row), key=str(row.id))
        self.next_cursor = page.next_cursor
        self._set_status()
        if first:
            if self._focus_event is not None and self._focus_event in self.rows:
                table.move_cursor(row=table.get_row_index(str(self._focus_event)))
            self._show_highlighted()

    def _failed(self, exc) -> None:
        self.fetching = False
        self.query_one("#timeline-status", Static).update(Text(f"Not loaded: {exc}"))
        self.show_service_error(exc)

    def _cells(self, row: EventRow) -> list:
        return cells(row, self.columns)

    def _set_status(self) -> None:
        parts = [f"{len(self.rows)} entries shown"]
        if self.fetching:
            parts.append("loading\u2026")
        elif self.next_cursor is not None:
            parts.append("more below")
        else:
            parts.append("that is all")
        if self.start_label:
            parts.append(f"from {self.start_label} back (n: newest)")
        if self.filter.active:
            parts.append("filtered (f)")
        self.query_one("#timeline-status", Static).update(Text(" \u00b7 ".join(parts)))

    def _maybe_more(self) -> None:
        if self.fetching or self.next_cursor is None:
            return
        if self.table.cursor_row >= self.table.row_count - PREFETCH_ROWS:
            self._load(self.next_cursor)

    def _scrolled(self, value: float) -> None:
        table = self.table
        if table.max_scroll_y and value >= table.max_scroll_y - PREFETCH_ROWS // 2:
            if not self.fetching and self.next_cursor is not None:
                self._load(self.next_cursor)

    def _changed(self, resident_ids) -> None:
        if self.resident_id in resident_ids:
            current = self.current_row()
            self.reload(focus_event=current.id if current else None)

    # -- the detail pane ---------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._maybe_more()
        self._show_highlighted()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a concern entry opens the concern (to discuss or resolve it)."""
        event.stop()
        detail = self.detail
        if detail is not None and detail.concern_id and str(detail.id) == event.row_key.value:
            self.app.push_screen(ConcernDetailScreen(detail.concern_id))

    def _show_highlighted(self) -> None:
        row = self.current_row()
        text = self.query_one("#timeline-detail-text", Static)
        if row is None:
            self.detail = None
            text.update(Text("No entries." if not self.fetching else ""))
            return
        self.run_service(service.event_detail, self.actor, row.id, done=self._detail_loaded,
                         group="timeline-detail")

    def _detail_loaded(self, detail) -> None:
        current = self.current_row()
        if current is None or current.id != detail.id:
            return
        self.detail = detail
        self.query_one("#timeline-detail-text", Static).update(detail_text(detail))

    def current_row(self) -> EventRow | None:
        table = self.table
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None
        return self.rows.get(int(key.value)) if key.value else None

    # -- actions -----------------------------------------------------------------------------
    def action_newest(self) -> None:
        """n, clinical staff: back to the newest entries."""
        self.start, self.start_label = None, ""
        self.reload()

    def action_filter(self) -> None:
        """f, clinical staff: filter the timeline by kind, staff and dates."""
        def apply(result) -> None:
            if result is not None:
                self.filter = result
                self.reload()
        self.app.push_screen(EventFilterScreen(self.filter), apply)

    def action_jump(self) -> None:
        """j, clinical staff: start the timeline at a date."""
        def jump(day) -> None:
            if day is not None:
                self.start, self.start_label = service.cursor_for_date(day), day.isoformat()
                self.reload()
        self.app.push_screen(JumpToDateScreen(), jump)

    def action_follow_up_done(self) -> None:
        """d, clinical staff: mark the entry's follow-up done."""
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
        if target in self.rows:
            self.table.move_cursor(row=self.table.get_row_index(str(target)))
            return
        self.run_service(service.cursor_at_event, self.actor, target,
                         done=lambda cursor: self._jump_to(cursor, target))

    def _jump_to(self, cursor, event_id: int) -> None:
        self.start, self.start_label = cursor, fmt_date(cursor[0])
        self.reload(focus_event=event_id)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """For the screen hosting the pane to offer in its command palette."""
        yield SystemCommand("Timeline: filter", "By kind, staff and dates (f)",
                            self.action_filter)
        yield SystemCommand("Timeline: jump to a date", "Start the list at a day (j)",
                            self.action_jump)
        yield SystemCommand("Timeline: newest first", "Back to the newest entry (n)",
                            self.action_newest)
        yield SystemCommand("Raise a concern", "About this resident (r)",
                            self.action_raise_concern)

    def action_raise_concern(self) -> None:
        """r, clinical staff: raise a concern about this resident."""
        self.app.push_screen(ConcernFormScreen(self.resident_id, self.resident_name))
