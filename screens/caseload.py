"""The caseload: the staff home screen (filled in by the caseload work)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from peer_tui.screens.base import StaffScreen


class CaseloadScreen(StaffScreen):
    TITLE_TEXT = "Caseload"

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("Caseload", id="caseload-body")
        yield from self.compose_footer()
