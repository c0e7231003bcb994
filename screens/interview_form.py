"""Record a follow-up interview (the ones funders require at intake, 3 and 6 months,
discharge...): which point, and the day it was done. The form lists where each point stands
for this resident (its window in this stay, and when it was done)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select, Static

from peer_tui.screens.record_forms import OneResidentForm
from peer_tui.screens.text import clean
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.services import interviews
from peer_tui.timeutil import fmt_date


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


class InterviewFormScreen(OneResidentForm):
    """Dismisses with the resident id when recorded, None when cancelled."""

    FIRST_FIELD = "#point"
    TITLE = "Follow-up interview: {name}"
    done_words = "the follow-up interview is recorded"

    @property
    def points(self):
        return self.app.settings.followup_points  # type: ignore[attr-defined]

    def compose_fields(self) -> ComposeResult:
        yield Static(Text("Loading..."), id="interview-status", classes="form-hint")
        yield from self.field("Which follow-up point", Select(
            [(clean(p.label), p.key) for p in self.points], id="point",
            prompt="Choose one"), "point")
        yield from self.day_field("Done on")

    def on_mount(self) -> None:
        self.run_service(interviews.where_they_stand, self.app.actor, self.resident_id,
                         self.points, done=self._statuses, failed=self.failed)

    def _statuses(self, statuses) -> None:
        self.query_one("#interview-status", Static).update(Text(clean(status_lines(statuses))))

    def action_save(self) -> None:
        """Ctrl+S: record the interview (the point is asked for first)."""
        if not self.dates_readable("on"):
            return
        point = self.chosen("point", "Choose which follow-up point this interview was.")
        if point is None:
            return
        self.submit(interviews.record_interview, self.resident_id, point,
                    self.query_one("#on", DateInput).value, self.points)
