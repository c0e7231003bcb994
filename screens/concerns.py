"""The concerns queue for the team meeting: open concerns by severity, then age."""

from __future__ import annotations

from typing import Iterable

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Select, Static

from peer_tui.models.event_schemas import SEVERITY_LABELS
from peer_tui.screens.base import StaffScreen
from peer_tui.screens.concern_detail import ConcernDetailScreen
from peer_tui.screens.event_view import fill_width
from peer_tui.screens.text import one_line, plain
from peer_tui.screens.widgets.marks import marked
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.services import concerns
from peer_tui.services.concerns import ConcernRow
from peer_tui.timeutil import days_since

SEVERITY_MARKS = {"urgent": "urgent", "high": "alert", "medium": "warn"}


class ConcernsScreen(StaffScreen):
    """Open (or recently resolved) concerns; Enter opens one to discuss or resolve it."""

    FIRST_FIELD = "#concerns-table"

    TITLE_TEXT = "Concerns"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        # "Ack" as the column says: with the full word ^q Quit fell off at 80 columns.
        Binding("a", "acknowledge", "Ack", tooltip="Acknowledge the concern"),
        Binding("s", "toggle_status", "Open/resolved"),
        Binding("m", "mine", "Mine/all"),
        Binding("ctrl+r", "refresh", "Refresh"),
    ]

    DEFAULT_CSS = """
    ConcernsScreen #concerns-bar { height: auto; padding: 0 1; }
    ConcernsScreen #concerns-bar Select { width: 40; }
    ConcernsScreen #concerns-status { width: 1fr; padding: 1 1 0 1; color: $text-muted; }
    ConcernsScreen #concerns-table { height: 1fr; }
    """

    COLUMNS = (("Severity", "severity", 8), ("Age", "age", 5), ("Resident", "resident", 18),
               ("Assigned", "assignee", 12), ("Ack", "ack", 4), ("Summary", "summary", None))

    def __init__(self) -> None:
        super().__init__()
        self.status = "open"
        self.assignee_id: int | None = None
        self.rows: dict[int, ConcernRow] = {}
        self.generation = 0

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="concerns-bar"):
            yield Select[int]([], prompt="Everyone's concerns", id="assignee")
            yield Static("", id="concerns-status", markup=False)
        yield SafeTable.of_rows(self.COLUMNS, id="concerns-table")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.app.timeline_changed.subscribe(self, lambda _ids: self.refresh_queue())
        self.run_service(concerns.assignee_choices, done=self._team_loaded, group="team")
        self.refresh_queue()

    def on_resize(self) -> None:
        fill_width(self.query_one("#concerns-table", SafeTable), "summary", self.size.width)

    def on_screen_resume(self) -> None:
        self.refresh_queue()

    def _team_loaded(self, team) -> None:
        self.query_one("#assignee", Select).set_options(
            [(plain(name), sid) for sid, name in team])

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.assignee_id = event.value if isinstance(event.value, int) else None
        self.refresh_queue()

    def refresh_queue(self) -> None:
        # Not an exclusive worker (a cancelled one fails whoever waits on it): an answer to
        # an older request (another filter) is dropped when it arrives instead.
        self.generation += 1
        generation = self.generation
        self.run_service(concerns.queue, self.actor, assignee_id=self.assignee_id,
                         status=self.status, group="queue",
                         done=lambda rows: self._loaded(rows, generation))

    def _loaded(self, rows: list[ConcernRow], generation: int) -> None:
        if generation != self.generation:
            return
        table = self.query_one("#concerns-table", SafeTable)
        keep = table.cursor_row
        table.clear()
        self.rows = {r.id: r for r in rows}
        for row in rows:
            age = days_since(row.raised_at)
            ack = "" if row.severity != "urgent" else ("yes" if row.acknowledged else "NO")
            table.add_row(
                marked(SEVERITY_LABELS[row.severity], SEVERITY_MARKS.get(row.severity, "")),
                Text(f"{age}d"), Text(one_line(row.resident_name, 18)),
                Text(one_line(row.assignee_name, 12) or "-"), Text(ack),
                Text(one_line(row.summary, 200)), key=str(row.id))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        what = "open" if self.status == "open" else "resolved"
        urgent = sum(1 for r in rows if r.severity == "urgent" and not r.acknowledged)
        text = f"{len(rows)} {what}"
        if urgent:
            text += f" \u00b7 {urgent} urgent not acknowledged (a)"
        text += " \u00b7 s: " + ("show resolved" if self.status == "open" else "show open")
        self.query_one("#concerns-status", Static).update(Text(text))

    def current(self) -> ConcernRow | None:
        key = self.query_one("#concerns-table", SafeTable).cursor_key
        return None if key is None else self.rows.get(int(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.rows.get(int(event.row_key.value))
        if row is not None:
            self.app.push_screen(ConcernDetailScreen(row.id))

    def action_acknowledge(self) -> None:
        """a, clinical staff: acknowledge the highlighted concern."""
        row = self.current()
        if row is None:
            return
        self.run_service(concerns.acknowledge, self.actor, row.id,
                         done=lambda _: self._acknowledged(), group="ack")

    def _acknowledged(self) -> None:
        self.saved("Saved: acknowledged.")
        self.app.poll_urgent()  # type: ignore[attr-defined]
        self.refresh_queue()

    def action_toggle_status(self) -> None:
        """s, clinical staff: show open or resolved concerns."""
        self.status = "resolved" if self.status == "open" else "open"
        self.refresh_queue()

    def action_mine(self) -> None:
        """m, clinical staff: concerns assigned to me, or all."""
        select = self.query_one("#assignee", Select)
        if self.assignee_id == self.actor.id:
            select.clear()
        else:
            try:
                select.value = self.actor.id
            except Exception:  # noqa: BLE001 - not on the team list
                self.app.notify("You are not on the case-management team list.",
                                markup=False)

    def action_refresh(self) -> None:
        """Ctrl+R, clinical staff: read the queue again."""
        self.refresh_queue()

    def action_back(self) -> None:
        """Esc: back to the screen before."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Concerns: show resolved/open", "Switch the queue",
                            self.action_toggle_status)
        yield SystemCommand("Concerns: my concerns", "Only those assigned to me",
                            self.action_mine)
