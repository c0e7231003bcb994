"""The profile's recovery capital lines: the latest BARC-10 total, a sparkline of the totals
over time and the change since admission. Clinical roles only (reading it is audited)."""

from __future__ import annotations

from rich.text import Text

from peer_tui.screens.widgets.resident_line import ResidentLine
from peer_tui.services import assessments
from peer_tui.timeutil import fmt_date

LOW_ANSWER = 3  # "somewhat disagree" or below: worth talking about


def barc_lines(history: assessments.BarcHistory) -> Text:
    text = Text()
    text.append("Recovery capital (BARC-10)", style="bold")
    if history.latest_id is None:
        text.append(": none yet (b records one)")
        return text
    if history.latest_total is None:
        text.append(f": {fmt_date(history.latest_on)} has no total (a statement was left "
                    "out)")
    else:
        text.append(f": {history.latest_total} on {fmt_date(history.latest_on)}")
    if history.totals:
        text.append("   ")
        text.append(assessments.sparkline([t for _, t in history.totals]), style="bold")
        text.append(f" {history.count} total{'s' if history.count != 1 else ''} since "
                    f"{fmt_date(history.totals[0][0])}")
    if history.change_since_admission is not None:
        change = history.change_since_admission
        text.append(f"   {'+' if change > 0 else ''}{change} since admission")
    low = [f"{i.staff_label} {i.value}" for i in history.items
           if i.value is not None and i.value <= LOW_ANSWER]
    if low:
        text.append("\n  Low answers: " + "; ".join(low))
    text.append("\n  " + history.short_credit + " \u00b7 b records one, B corrects the latest",
                style="dim")
    return text


class BarcSummary(ResidentLine):
    """Loaded when the profile is shown; ``reload`` after a BARC-10 is recorded."""

    DEFAULT_CSS = "BarcSummary { height: auto; margin-top: 1; }"
    LOADING = "Recovery capital (BARC-10): loading..."
    GROUP = "barc"
    read = staticmethod(assessments.barc_history)
    history: assessments.BarcHistory | None = None

    def forget(self) -> None:
        self.history = None

    def show(self, history: assessments.BarcHistory) -> None:
        self.history = history
        self.update(barc_lines(history))
