"""The timeline tab of the resident view (being built by the timeline work)."""

from __future__ import annotations

from textual.widgets import Static


class TimelinePane(Static):
    def __init__(self, resident_id: int, **kwargs) -> None:
        super().__init__("Timeline", markup=False, **kwargs)
        self.resident_id = resident_id
