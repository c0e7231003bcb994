"""The shift hand-off screen: "what happened on the shift?" in one glance.

The window is fixed for the session (unlocking does not move it); `w` chooses another start
("8 hours ago", "yesterday 15:00"), an empty answer goes back to the default.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from peer_tui.screens.base import StaffScreen
from peer_tui.screens.handoff_since import DEFAULT, HandoffSinceScreen
from peer_tui.screens.text import clean, one_line
from peer_tui.services import handoff_report
from peer_tui.services.attention import Thresholds
from peer_tui.timeutil import fmt_datetime, local_to_utc


class HandoffScreen(StaffScreen):
    FIRST_FIELD = "#handoff"

    TITLE_TEXT = "Shift hand-off"

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("w", "since", "Since when", tooltip="Choose where the hand-off starts"),
        Binding("r", "reload", "Reload"),
    ]

    DEFAULT_CSS = """
    HandoffScreen #handoff { height: 1fr; padding: 0 1; }
    HandoffScreen #handoff-body { height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.chosen_start: datetime | None = None  # naive UTC; None: the default start
        self.shown_text = ""  # what the body says, as plain text

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="handoff"):
            yield Static(Text("Loading..."), id="handoff-body")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """r, clinical staff: read the hand-off again."""
        s = self.settings
        self.run_service(handoff_report.since, self.actor, self.chosen_start,
                         Thresholds.from_settings(s),
                         starts=s.shift_times(), done=self._show, group="handoff",
                         exclusive=True)

    def action_since(self) -> None:
        """w, clinical staff: choose where the hand-off starts."""
        def chosen(answer) -> None:
            if answer is None:
                return
            self.chosen_start = None if answer == DEFAULT else local_to_utc(answer)
            self.action_reload()

        self.app.push_screen(HandoffSinceScreen(datetime.now(),
                                                day_first=self.settings.day_first,
                                                starts=self.settings.shift_times()), chosen)

    def _show(self, report: handoff_report.Handoff) -> None:
        # Lines sit in an indented table column, so a long one wraps under itself.
        parts: list = []
        plain_lines: list[str] = []
        head = Text(f"Since {fmt_datetime(report.since)} ({report.why})", style="bold")
        head.append("  \u00b7 w: another start", style="dim")
        parts.append(head)
        plain_lines.append(head.plain)
        for section in report.sections:
            title = Text(f"\n{section.title}: {section.count or 'none'}",
                         style="bold" if section.count else "dim")
            lines = []
            for line in section.lines:
                head, _, words = line.partition("\n")  # words: a check-in's free text
                row = Text(one_line(clean(head), 400))  # a summary is up to 300
                if words.strip():
                    row.append("\n" + clean(words.strip()), style="italic")
                lines.append(row)
            if section.count > len(section.lines):
                lines.append(Text(f"... and {section.count - len(section.lines)} more",
                                  style="italic"))
            parts.append(title)
            plain_lines += [title.plain, *(line.plain for line in lines)]
            if lines:
                table = Table.grid(padding=(0, 0, 0, 2), pad_edge=True, expand=True)
                table.add_column(ratio=1)
                for line in lines:
                    table.add_row(line)
                parts.append(table)
        self.query_one("#handoff-body", Static).update(Group(*parts))
        self.shown_text = "\n".join(plain_lines)

    def action_back(self) -> None:
        """Esc: back to the caseload."""
        self.app.pop_screen()
