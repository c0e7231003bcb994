"""The audit log for administrators: who did what to which record, filtered and paged.

Admin-only in the service (``audit.search`` refuses everyone else) and in the command palette.
Rows are read a page at a time by keyset on (time, id), so a log of millions of rows opens as
fast as an empty one; moving the cursor near the end fetches the next page.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from peer_tui.screens.base import StaffScreen
from peer_tui.screens.text import one_line
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.services import audit, audit_chain
from peer_tui.services.audit import AuditEntry, AuditFilter, AuditPage
from peer_tui.services.errors import InvalidInput, ServiceError
from peer_tui.timeutil import fmt_datetime

FETCH_AHEAD = 10  # rows from the end at which the next page is fetched


class AuditLogScreen(StaffScreen):
    """Browse the append-only audit trail by staff member, resident, action and dates."""

    FIRST_FIELD = "#audit-table"

    TITLE_TEXT = "Audit log"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "apply", "Apply filters"),
        Binding("ctrl+n", "more", "Older rows"),
    ]

    DEFAULT_CSS = """
    AuditLogScreen .audit-bar { height: auto; padding: 0 1; }
    AuditLogScreen .audit-bar Select { width: 1fr; }
    AuditLogScreen #audit-resident { width: 16; }
    AuditLogScreen .audit-bar DateInput { width: 1fr; }
    AuditLogScreen #audit-status { height: 1; padding: 0 1; color: $text-muted; }
    AuditLogScreen #audit-status.-error { color: $error; }
    AuditLogScreen #audit-chain { height: auto; padding: 0 1; color: $text-muted; }
    AuditLogScreen #audit-chain.-intact { color: $success; }
    AuditLogScreen #audit-chain.-broken { color: $error; text-style: bold; }
    AuditLogScreen #audit-table { height: 1fr; }
    """

    COLUMNS = (("When", "at", 16), ("Who", "who", 16), ("Action", "action", 18),
               ("Record", "record", 16), ("Resident", "resident", 8), ("Detail", "detail", 60))

    def __init__(self) -> None:
        super().__init__()
        self.filt = AuditFilter()
        self.page: AuditPage | None = None
        self.shown = 0
        self.loading = False
        self.generation = 0
        self.names: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(classes="audit-bar"):
            yield Select[int]([], prompt="Any staff member", id="audit-staff")
            yield Select[str]([], prompt="Any action", id="audit-action")
        with Horizontal(classes="audit-bar"):
            yield Input(placeholder="Resident #", id="audit-resident", restrict=r"[0-9]*",
                        max_length=9)
            yield DateInput(placeholder="From (e.g. 7 days ago)", id="audit-from",
                            prefer="past", confirm=False)
            yield DateInput(placeholder="To (e.g. today)", id="audit-to", prefer="past",
                            confirm=False)
        yield Static("Audit chain: checking...", id="audit-chain", markup=False)
        yield Static("", id="audit-status", markup=False)
        yield SafeTable.of_rows(self.COLUMNS, id="audit-table")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.run_service(audit.staff_names, done=self._names_loaded, group="audit-names")
        self.run_service(audit.action_choices, self.actor, done=self._actions_loaded,
                         group="audit-actions")
        self.run_service(audit_chain.chain_status, self.actor, done=self._chain_checked,
                         group="audit-chain")

    def _chain_checked(self, report: audit_chain.ChainReport) -> None:
        """Whether every row is as it was written (the hash chain), in words and colour."""
        line = self.query_one("#audit-chain", Static)
        line.update(Text("Audit chain: " + report.describe()))
        line.set_class(report.intact, "-intact")
        line.set_class(not report.intact, "-broken")

    def _names_loaded(self, names: dict[int, str]) -> None:
        self.names = names
        self.query_one("#audit-staff", Select).set_options(
            [(Text(one_line(name, 40)), sid) for sid, name in
             sorted(names.items(), key=lambda item: item[1].casefold())])
        self.action_apply()

    def _actions_loaded(self, actions: list[str]) -> None:
        self.query_one("#audit-action", Select).set_options([(Text(a), a) for a in actions])

    # -- filters ---------------------------------------------------------------------------
    def _read_filter(self) -> AuditFilter | None:
        """The filter as typed, or None (with the reason shown) when a date cannot be read."""
        dates = {}
        for key in ("from", "to"):
            field = self.query_one(f"#audit-{key}", DateInput)
            if field.error:
                field.show_error(field.error)
                self._status(f"The {key} date: {field.error}", error=True)
                return None
            dates[key] = field.value
        staff = self.query_one("#audit-staff", Select).value
        action = self.query_one("#audit-action", Select).value
        resident = self.query_one("#audit-resident", Input).value.strip()
        return AuditFilter(
            actor_id=staff if isinstance(staff, int) else None,
            action=action if isinstance(action, str) else None,
            resident_id=int(resident) if resident else None,
            date_from=dates["from"], date_to=dates["to"])

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.action_apply()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        """Ctrl+R, administrators: search the log with the filters as typed."""
        filt = self._read_filter()
        if filt is None:
            return
        self.filt = filt
        self.generation += 1
        generation = self.generation
        self.loading = True
        self._status("Loading\u2026")
        self.run_service(audit.search, self.actor, filt, group="audit-page",
                         done=lambda page: self._loaded(page, generation, fresh=True),
                         failed=self._failed)

    def action_more(self) -> None:
        """Ctrl+N, administrators: the next page of older rows."""
        cursor = self.page.next_cursor if self.page else None
        if cursor is None or self.loading:
            return
        self.loading = True
        generation = self.generation
        self.run_service(audit.search, self.actor, self.filt, cursor, group="audit-page",
                         done=lambda page: self._loaded(page, generation, fresh=False),
                         failed=self._failed)

    # -- results ---------------------------------------------------------------------------
    def _loaded(self, page: AuditPage, generation: int, *, fresh: bool) -> None:
        if generation != self.generation:
            return  # an answer to an older filter
        self.loading = False
        self.page = page
        table = self.query_one("#audit-table", SafeTable)
        if fresh:
            table.clear()
            self.shown = 0
        for entry in page.rows:
            table.add_row(*self._cells(entry), key=str(entry.id))
        self.shown += len(page.rows)
        more = " \u00b7 more below (ctrl+n)" if page.has_more else ""
        described = self.filt.describe() or "everything"
        rows = "1 row" if self.shown == 1 else f"{self.shown} rows"
        self._status(f"{rows} \u00b7 filter: {described}{more}")

    def _failed(self, exc: ServiceError) -> None:
        self.loading = False
        if isinstance(exc, InvalidInput) and "date_to" in exc.errors:
            # Said under the end date and in the status line, in words: str(exc) would put
            # the service's field name ("date_to: ...") in front.
            self.query_one("#audit-to", DateInput).show_error(exc.errors["date_to"])
            self._status(exc.errors["date_to"], error=True)
            return
        self._status(str(exc), error=True)

    def _who(self, entry: AuditEntry) -> str:
        if entry.actor_kind == "staff" and entry.actor_id is not None:
            return self.names.get(entry.actor_id, f"staff #{entry.actor_id}")
        if entry.actor_kind == "resident":
            return f"resident #{entry.actor_id}"
        return entry.actor_kind

    def _cells(self, entry: AuditEntry) -> tuple[Text, ...]:
        record = entry.table_name + (f" #{entry.record_id}" if entry.record_id else "")
        return (Text(fmt_datetime(entry.at)), Text(one_line(self._who(entry), 16)),
                Text(entry.action), Text(one_line(record, 16)),
                Text(str(entry.resident_id or "")), Text(one_line(entry.detail, 200)))

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#audit-status", Static)
        status.set_class(error, "-error")
        status.update(Text(text))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one("#audit-table", SafeTable)
        if table.cursor_row >= table.row_count - FETCH_AHEAD:
            self.action_more()

    def action_back(self) -> None:
        """Esc: back to the screen before."""
        self.app.pop_screen()
