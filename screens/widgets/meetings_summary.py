"""The profile's line of meetings attended, as residents report them at the kiosk."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from peer_tui.screens.base import ServiceCaller
from peer_tui.services import attendance


class MeetingsSummary(ServiceCaller, Static):
    """Meetings in the last 7 and 30 days, by recovery pathway. Clinical roles only."""

    DEFAULT_CSS = "MeetingsSummary { height: auto; margin-top: 1; }"

    def __init__(self, resident_id: int, **kwargs) -> None:
        super().__init__(Text("Meetings attended: loading..."), **kwargs)
        self.resident_id = resident_id

    def on_mount(self) -> None:
        self.run_service(attendance.meeting_counts, self.app.actor, self.resident_id,
                         done=self._show, group=f"meetings-{self.resident_id}", exclusive=True)

    def _show(self, counts: attendance.MeetingCounts) -> None:
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
