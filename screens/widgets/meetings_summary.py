"""The profile's line of meetings attended, as residents report them at the kiosk."""

from __future__ import annotations

from rich.text import Text

from peer_tui.screens.widgets.resident_line import ResidentLine
from peer_tui.services import attendance


class MeetingsSummary(ResidentLine):
    """Meetings in the last 7 and 30 days, by recovery pathway. Clinical roles only."""

    DEFAULT_CSS = "MeetingsSummary { height: auto; margin-top: 1; }"
    LOADING = "Meetings attended: loading..."
    GROUP = "meetings"
    read = staticmethod(attendance.meeting_counts)

    def show(self, counts: attendance.MeetingCounts) -> None:
        text = Text()
        text.append("Meetings attended", style="bold")
        text.append(" (ticked at kiosk check-ins): ")
        if not counts.total_30:
            text.append("none in the last 30 days")
        else:
            text.append(f"{counts.total_7} in the last 7 days, {counts.total_30} in the last "
                        "30 days")
            for line in counts.lines():
                text.append(f"\n  {line}")
        self.update(text)
