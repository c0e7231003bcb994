"""The shift hand-off screen: "what happened on the last shift?" in one glance."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from peer_tui.screens.base import StaffScreen
from peer_tui.screens.text import clean, one_line
from peer_tui.services import handoff_report
from peer_tui.timeutil import fmt_datetime


class HandoffScreen(StaffScreen):
    FIRST_FIELD = "#handoff"

    TITLE_TEXT = "Shift hand-off"

    BINDINGS = [Binding("escape", "back", "Back"), Binding("r", "reload", "Reload")]

    DEFAULT_CSS = """
    HandoffScreen #handoff { height: 1fr; padding: 0 1; }
    HandoffScreen #handoff-body { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="handoff"):
            yield Static(Text("Loading..."), id="handoff-body")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.run_service(handoff_report.since, self.actor, done=self._show, group="handoff",
                         exclusive=True)

    def _show(self, report: handoff_report.Handoff) -> None:
        text = Text()
        text.append(f"Since {fmt_datetime(report.since)}\n", style="bold")
        for section in report.sections:
            text.append(f"\n{section.title}: {section.count or 'none'}\n",
                        style="bold" if section.count else "dim")
            for line in section.lines:
                head, _, words = line.partition("\n")  # words: a check-in's free text
                text.append(f"  {one_line(clean(head), 400)}\n")  # a summary is up to 300
                if words.strip():
                    text.append(f"  {clean(words.strip())}\n", style="italic")
            if section.count > len(section.lines):
                text.append(f"  ... and {section.count - len(section.lines)} more\n",
                            style="italic")
        self.query_one("#handoff-body", Static).update(text)

    def action_back(self) -> None:
        self.app.pop_screen()
