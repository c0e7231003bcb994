"""Plan history: every revision (who, when, what changed, sign-off) and the difference
between the selected revision and the one before it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from peer_tui.screens.base import StaffScreen
from peer_tui.screens.text import clean, plain
from peer_tui.screens.widgets.marks import mark
from peer_tui.screens.widgets.plain_static import PlainStatic
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.services import plan_revisions
from peer_tui.services.plan_diff import Change
from peer_tui.timeutil import fmt_datetime


CHANGE_MARKS = {"added": "good", "removed": "alert", "changed": "warn"}


class PlanHistoryScreen(StaffScreen):
    TITLE_TEXT = "Plan history"
    BINDINGS = [Binding("escape", "back", "Back")]
    DEFAULT_CSS = """
    PlanHistoryScreen #history-table { height: 1fr; }
    PlanHistoryScreen #history-diff-box { height: 1fr; border-top: solid $primary;
        padding: 0 1; }
    """

    def __init__(self, resident_id: int) -> None:
        super().__init__()
        self.resident_id = resident_id

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield SafeTable(id="history-table", cursor_type="row")
        with VerticalScroll(id="history-diff-box"):
            yield PlainStatic("Select a revision to see what changed.", id="history-diff")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        table = self.query_one(SafeTable)
        for label, width in (("Rev", 4), ("When", 16), ("By", 14), ("What changed", None),
                             ("Sign-off", 18)):
            table.add_column(label, width=width)
        table.focus()
        self.run_service(plan_revisions.revisions, self.actor, self.resident_id,
                         done=self._listed)

    def _listed(self, revisions) -> None:
        table = self.query_one(SafeTable)
        for r in revisions:
            table.add_row(Text(str(r.number)), Text(fmt_datetime(r.created_at)),
                          plain(r.author), plain(r.change_summary), plain(r.signed_off),
                          key=str(r.number))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        number = int(event.row_key.value)
        self.run_service(plan_revisions.diff, self.actor, self.resident_id, number - 1, number,
                         done=lambda lines: self._diff(number, lines), group="diff",
                         exclusive=True)

    def _diff(self, number: int, changes: list[Change]) -> None:
        title = "The first revision" if number <= 1 else f"Revision {number - 1} -> {number}"
        text = Text(f"{title}\n", style="bold")
        for change in changes:
            # The word as well as the colour: it must read the same in 16 colours or none.
            word = {"added": "added: ", "removed": "removed: "}.get(change.kind, "")
            text.append(f"{word}{clean(change.text)}\n", style=mark(CHANGE_MARKS[change.kind]))
        if not changes:
            text.append("No differences in the plan's content.")
        self.query_one("#history-diff", Static).update(text)

    def action_back(self) -> None:
        """Esc: back to the plan."""
        self.app.pop_screen()
