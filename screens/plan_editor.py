"""The plan tab of the resident view (being built by the plan-editor work)."""

from __future__ import annotations

from textual.widgets import Static


class PlanPane(Static):
    def __init__(self, resident_id: int, **kwargs) -> None:
        super().__init__("Recovery plan", markup=False, **kwargs)
        self.resident_id = resident_id
