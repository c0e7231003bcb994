"""Record a follow-up interview (the ones funders require at intake, 3 and 6 months,
discharge...): which point, and the day it was done. The form lists where each point stands
for this resident (its window in this stay, and when it was done)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Select, Static

from peer_tui.screens.record_forms import RecordForm
from peer_tui.screens.text import clean
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.services import interviews
from peer_tui.timeutil import fmt_date, local_today


def status_lines(statuses: list[interviews.PointStatus]) -> str:
    lines = []
    for s in statuses:
        if s.window is None:
            when = "not due in this stay yet"
        else:
            when = (f"due {fmt_date(s.window.target)} (window {fmt_date(s.window.start)} to "
                    f"{fmt_date(s.window.end)})")
        done = f"done {fmt_date(s.done_on)}" if s.done_on else "not done"
        lines.append(f"{s.label}: {when}; {done}")
    return "\n".join(lines)


class InterviewFormScreen(RecordForm):
    """Dismisses with the resident id when recorded, None when cancelled."""

    FIRST_FIELD = "#point"

    def __init__(self, resident_id: int, name: str) -> None:
        super().__init__()
        self.resident_id = resident_id
        self.title = f"Follow-up interview: {clean(name)}"

    @property
    def points(self):
        return self.app.settings.followup_points  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield from self.compose_title()
            yield Static(Text("Loading..."), id="interview-status", classes="form-hint")
            yield from self.field("Which follow-up point", Select(
                [(clean(p.label), p.key) for p in self.points], id="point",
                prompt="Choose one"), "point")
            yield from self.field("Done on", DateInput(local_today(), id="on", required=True,
                                                       prefer="past"), "on")

    def on_mount(self) -> None:
        self.run_service(interviews.where_they_stand, self.app.actor, self.resident_id,
                         self.points, done=self._statuses, failed=self.failed)

    def _statuses(self, statuses) -> None:
        self.query_one("#interview-status", Static).update(Text(clean(status_lines(statuses))))

    def action_save(self) -> None:
        """Ctrl+S: record the interview (the point is asked for first)."""
        if not self.dates_readable("on") or self.saving:
            return
        point = self.query_one("#point", Select)
        if point.is_blank():
            self.show_errors({"point": "Choose which follow-up point this interview was."})
            point.focus()
            return
        self.saving = True
        self.run_service(interviews.record_interview, self.app.actor, self.resident_id,
                         point.value, self.query_one("#on", DateInput).value, self.points,
                         done=self._done, failed=self.failed)

    def _done(self, _) -> None:
        self.saved("Saved: the follow-up interview is recorded.")
        self.dismiss(self.resident_id)
