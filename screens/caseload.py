"""The caseload: the staff home screen. Nobody falls through the cracks.

One row per resident, read a page at a time in a worker (``services.caseload_query``), more
pages fetched as the cursor nears the end. `/` filters as you type (debounced; a newer
keystroke's result replaces an older one), `s`/`S` sort, `m` my caseload, `f` status,
`n` needs attention (with the reason for every row), Enter opens the resident.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from peer_tui.screens.base import StaffScreen
from peer_tui.screens.text import SafeTable, plain
from peer_tui.services import caseload_query as cq
from peer_tui.timeutil import local_today

SORT_ORDER = list(cq.SORTS)
STATUS_ORDER = list(cq.STATUS_FILTERS)
LEGEND = "Contact: ! due, !! overdue \u00b7 Check-in: when, mood/5 \u00b7 URG urgent \u00b7 LATE review overdue"


def contact_cell(row: cq.CaseloadRow) -> Text:
    if row.days_since_contact is None:
        return Text("never !!", style="bold red")
    label = "today" if row.days_since_contact == 0 else f"{row.days_since_contact}d"
    if row.contact_level == "overdue":
        return Text(f"{label} !!", style="bold red")
    if row.contact_level == "due":
        return Text(f"{label} !", style="yellow")
    return Text(label)


def concerns_cell(row: cq.CaseloadRow) -> Text:
    if row.urgent_concerns:
        return Text(f"{row.open_concerns} URG", style="bold reverse red")
    return Text(str(row.open_concerns) if row.open_concerns else "-")


def review_cell(row: cq.CaseloadRow, today) -> Text:
    """Relative, so it fits and reads at a glance: 'in 6d', 'today', 'LATE 8d'."""
    if row.next_review is None:
        return Text("-")
    days = (row.next_review - today).days
    if row.review_overdue:
        return Text(f"LATE {-days}d", style="bold red")
    return Text("today" if days == 0 else f"in {days}d")


class CaseloadScreen(StaffScreen):
    FIRST_FIELD = "#caseload-table"

    TITLE_TEXT = "Caseload"

    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("enter", "open", "Open", show=False),
        Binding("s", "sort", "Sort"),
        Binding("S", "reverse", "Reverse sort", show=False),
        Binding("m", "mine", "Mine/all"),
        Binding("f", "status", "Status"),
        Binding("n", "attention", "Needs attention"),
        Binding("l", "log_contact", "Log contact"),
        Binding("a", "add", "Add resident"),
        Binding("h", "handoff", "Hand-off"),
        Binding("r", "reload", "Reload", show=False),
    ]

    DEFAULT_CSS = """
    CaseloadScreen #caseload-bar { height: 1; }
    CaseloadScreen #caseload-filter { width: 32; height: 1; border: none; padding: 0 1; }
    CaseloadScreen #caseload-mode { width: 1fr; padding: 0 1; color: $text-muted; }
    CaseloadScreen #caseload-table { height: 1fr; }
    CaseloadScreen #caseload-legend { height: 1; color: $text-muted; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.filt = cq.CaseloadFilter()
        self.next_cursor = None
        self.loading_more = False
        self._rows: dict[int, cq.CaseloadRow] = {}

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="caseload-bar"):
            yield Input(id="caseload-filter", placeholder="/ filter: name, room, staff",
                        max_length=100)
            yield Static(id="caseload-mode", markup=False)
        yield SafeTable(id="caseload-table", cursor_type="row", zebra_stripes=True)
        yield Static(LEGEND, id="caseload-legend", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self._columns()
        self.reload()
        try:
            from peer_tui.screens.event_form import timeline_changed

            timeline_changed(self.app).subscribe(self, self._timeline_changed)
        except ImportError:
            pass

    def on_screen_resume(self) -> None:
        # Back from a resident or a form: counts may have changed.
        if self.is_mounted and self._rows:
            self.reload(keep_cursor=True)

    def _columns(self) -> None:
        table = self.query_one(SafeTable)
        table.clear(columns=True)
        table.add_column("Name", key="name", width=20)
        table.add_column("Room", key="room", width=4)
        if self.filt.needs_attention:
            # The reasons are the point of this view: they come right after the name.
            table.add_column("Why it is here", key="why")
            return
        table.add_column("Peer spec.", key="staff", width=12)
        table.add_column("Contact", key="contact", width=8)
        table.add_column("Check-in", key="checkin", width=10)
        table.add_column("Concern", key="concerns", width=7)
        table.add_column("Review", key="review", width=8)
        table.add_column("Goals", key="progress", width=5)

    # -- loading ------------------------------------------------------------------------------
    def thresholds(self) -> cq.Thresholds:
        s = self.settings
        return cq.Thresholds(s.contact_warn_days, s.contact_alert_days, s.checkin_gap_days)

    def reload(self, keep_cursor: bool = False) -> None:
        table = self.query_one(SafeTable)
        keep = None
        if keep_cursor and table.row_count:
            keep = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._show_mode("loading...")
        self.run_service(cq.caseload_page, self.actor, self.filt, self.thresholds(),
                         done=lambda page: self._first_page(page, keep), group="caseload",
                         exclusive=True)

    def _first_page(self, page: cq.CaseloadPage, keep) -> None:
        table = self.query_one(SafeTable)
        self._rows = {}
        with self.app.batch_update():
            table.clear()
            self._append(page)
        if keep is not None and str(keep) in {str(k) for k in self._rows}:
            table.move_cursor(row=table.get_row_index(str(keep)))

    def _append(self, page: cq.CaseloadPage) -> None:
        table = self.query_one(SafeTable)
        today = local_today()
        for row in page.rows:
            self._rows[row.id] = row
            if self.filt.needs_attention:
                cells = [plain(row.name), plain(row.room), plain("; ".join(row.reasons))]
            else:
                cells = [plain(row.name), plain(row.room), plain(row.peer_specialist),
                         contact_cell(row), plain(row.last_checkin), concerns_cell(row),
                         review_cell(row, today),
                         Text(f"{row.goals_achieved}/{row.goals_total}")]
            table.add_row(*cells, key=str(row.id))
        self.next_cursor = page.next_cursor
        self.loading_more = False
        self._show_mode()
        self._show_legend()

    def _show_legend(self) -> None:
        """In the needs-attention view the bottom line gives the selected row's full reasons."""
        legend = self.query_one("#caseload-legend", Static)
        row = self.selected() if self.filt.needs_attention else None
        legend.update(plain(f"Why: {'; '.join(row.reasons)}") if row else Text(LEGEND))

    def _show_mode(self, extra: str = "") -> None:
        f = self.filt
        parts = [
            "needs attention" if f.needs_attention else f.status,
            "my caseload" if f.mine else "everyone",
            f"by {cq.SORT_LABELS[f.sort]}{' (reversed)' if f.descending else ''}",
        ]
        count = len(self._rows)
        shown = f"{count}{'+' if self.next_cursor else ''} resident{'s' if count != 1 else ''}"
        self.query_one("#caseload-mode", Static).update(
            Text(" \u00b7 ".join(parts) + f" \u00b7 {extra or shown}"))

    @on(DataTable.RowHighlighted)
    def _maybe_more(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one(SafeTable)
        self._show_legend()
        if (self.next_cursor and not self.loading_more
                and event.cursor_row >= table.row_count - 20):
            self.loading_more = True
            self.run_service(cq.caseload_page, self.actor, self.filt, self.thresholds(),
                             after=self.next_cursor, done=self._append, group="caseload-more",
                             exclusive=True)

    def _timeline_changed(self, resident_ids) -> None:
        self.reload(keep_cursor=True)

    # -- filtering and sorting ----------------------------------------------------------------
    def _set(self, **changes) -> None:
        from dataclasses import replace

        needs_columns = "needs_attention" in changes
        self.filt = replace(self.filt, **changes)
        if needs_columns:
            self._columns()
        self.reload()

    @on(Input.Changed, "#caseload-filter")
    def _typed(self, event: Input.Changed) -> None:
        # No debounce: a filtered page is one ~5 ms query even at 10k residents, and the
        # exclusive worker drops the answer to an older keystroke.
        self._set(text=event.value)

    @on(Input.Submitted, "#caseload-filter")
    def _to_table(self) -> None:
        self.query_one(SafeTable).focus()

    def action_filter(self) -> None:
        self.query_one("#caseload-filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#caseload-filter", Input)
        if box.value:
            box.value = ""
        self.query_one(SafeTable).focus()

    def action_sort(self) -> None:
        index = (SORT_ORDER.index(self.filt.sort) + 1) % len(SORT_ORDER)
        self._set(sort=SORT_ORDER[index], descending=False)

    def action_reverse(self) -> None:
        self._set(descending=not self.filt.descending)

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        if key in cq.SORTS:
            self._set(sort=key, descending=self.filt.sort == key and not self.filt.descending)

    def action_mine(self) -> None:
        self._set(mine=not self.filt.mine)

    def action_status(self) -> None:
        index = (STATUS_ORDER.index(self.filt.status) + 1) % len(STATUS_ORDER)
        self._set(status=STATUS_ORDER[index], needs_attention=False)

    def action_attention(self) -> None:
        self._set(needs_attention=not self.filt.needs_attention)

    def action_reload(self) -> None:
        self.reload(keep_cursor=True)

    # -- actions on the selected resident -------------------------------------------------------
    def selected(self) -> cq.CaseloadRow | None:
        table = self.query_one(SafeTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(int(key))

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        row = self.selected()
        if row is None:
            return
        from peer_tui.screens.resident import ResidentScreen

        self.app.push_screen(ResidentScreen(row.id))

    def action_log_contact(self) -> None:
        row = self.selected()
        if row is None:
            return
        from peer_tui.screens.contact_form import ContactFormScreen

        self.app.push_screen(ContactFormScreen(row.id, row.name),
                             lambda saved: self.reload(keep_cursor=True) if saved else None)

    def action_add(self) -> None:
        from peer_tui.screens.record_forms import ResidentFormScreen

        self.app.push_screen(ResidentFormScreen(None), self._added)

    def _added(self, resident_id) -> None:
        if resident_id:
            self.reload()
            from peer_tui.screens.resident import ResidentScreen

            self.app.push_screen(ResidentScreen(resident_id))

    def action_handoff(self) -> None:
        if not self.actor.can_read_clinical:
            self.app.notify("The hand-off shows concerns and notes: not for front-desk "
                            "accounts.", markup=False)
            return
        from peer_tui.screens.handoff_view import HandoffScreen

        self.app.push_screen(HandoffScreen())

    def palette_commands(self):
        yield SystemCommand("Needs attention", "Residents who need attention and why",
                            self.action_attention)
        yield SystemCommand("My caseload / everyone", "Toggle my caseload", self.action_mine)
        yield SystemCommand("Add a resident", "Admit or waitlist someone new", self.action_add)
        yield SystemCommand("Shift hand-off", "What happened since you last signed in",
                            self.action_handoff)
        yield SystemCommand("Log a contact", "Log a contact with the selected resident",
                            self.action_log_contact)
