"""The program report on screen: last month's numbers by default, `[` and `]` for the month
before or after, worked out in a worker while a progress bar says which section it is on.

Case managers and administrators only (``Perm.PROGRAM_REPORTS``): the report carries every
staff member's caseload and overdue items for supervision, and the training section, which
the roles table gives to the coordinating roles. No resident is named anywhere in it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import ProgressBar, Static

from peer_tui.screens import report_render
from peer_tui.screens.base import StaffScreen
from peer_tui.services import program_report
from peer_tui.services.report_model import ProgramReport
from peer_tui.services.report_scope import Period, last_month, shift_month

STEP_WORDS = {"residents": "residents and stays", "engagement": "contacts, groups and "
              "check-ins", "concerns": "concerns", "referrals": "referrals",
              "capital": "recovery capital", "interviews": "follow-up interviews",
              "staff": "per-staff figures",
              "training": "training", "done": "done"}


class ReportScreen(StaffScreen):
    FIRST_FIELD = "#report"

    TITLE_TEXT = "Program report"

    BINDINGS = [
        Binding("left_square_bracket", "month(-1)", "Month before", key_display="[",
                tooltip="The report for the month before"),
        Binding("right_square_bracket", "month(1)", "Month after", key_display="]",
                tooltip="The report for the month after"),
        Binding("r", "reload", "Reload"),
        Binding("escape", "back", "Back"),
    ]

    DEFAULT_CSS = """
    ReportScreen #report-status { height: 1; padding: 0 1; color: $text-muted; }
    ReportScreen #report-progress { height: 1; padding: 0 1; }
    ReportScreen #report { height: 1fr; padding: 0 1; }
    ReportScreen #report-body { height: auto; }
    """

    def __init__(self, period: Period | None = None) -> None:
        super().__init__()
        self.period = period or last_month()
        self.report: ProgramReport | None = None
        self.shown_text = ""  # what the body shows, as plain text
        self._request = 0  # the latest request; older answers and progress are dropped

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(id="report-status", markup=False)
        yield ProgressBar(total=len(program_report.STEPS), show_eta=False,
                          id="report-progress")
        with VerticalScroll(id="report"):
            yield Static(id="report-body", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.action_reload()

    def _house_id(self) -> int | None:
        return getattr(self.actor, "house_id", None)

    def action_reload(self) -> None:
        """r: work the report out again (what changed since is counted)."""
        self._request += 1
        request = self._request
        bar = self.query_one(ProgressBar)
        bar.update(progress=0)
        bar.display = True
        self._status(f"Working out the report for {self.period.label}...")
        app = self.app

        def progress(done: int, of: int, what: str) -> None:  # runs in the worker thread
            app.call_from_thread(self._progress, request, done, of, what)

        self.run_service(program_report.program_report, self.actor, self.period,
                         self._house_id(), contact_alert_days=self.settings.contact_alert_days,
                         followup_points=self.settings.followup_points, progress=progress, done=lambda report: self._show(request, report),
                         failed=lambda exc: self._failed(request, exc), group="report",
                         exclusive=True)

    def _progress(self, request: int, done: int, of: int, what: str) -> None:
        if request != self._request:
            return
        bar = self.query_one(ProgressBar)
        bar.update(total=of, progress=done)
        self._status(f"Working out {STEP_WORDS.get(what, what)} ({min(done + 1, of)} of "
                     f"{of}) for {self.period.label}...")

    def _show(self, request: int, report: ProgramReport) -> None:
        if request != self._request:
            return
        self.report = report
        self.query_one(ProgressBar).display = False
        self._status(f"{report.period_label} \u00b7 [ month before \u00b7 ] month after")
        self.query_one("#report-body", Static).update(report_render.report_view(report))
        self.shown_text = report_render.plain_text(report)
        self.query_one("#report", VerticalScroll).scroll_home(animate=False)

    def _failed(self, request: int, exc) -> None:
        if request != self._request:
            return
        self.query_one(ProgressBar).display = False
        self._status("The report could not be worked out; r tries again.")
        self.show_service_error(exc)

    def _status(self, words: str) -> None:
        self.query_one("#report-status", Static).update(Text(words))

    def action_month(self, step: int) -> None:
        """[ and ]: the report for the month before or after."""
        self.period = shift_month(self.period, step)
        self.action_reload()

    def action_back(self) -> None:
        """Esc: back to where the report was opened from."""
        self.app.pop_screen()
