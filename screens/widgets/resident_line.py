"""A line of the profile read for one resident, and read again for the next (the view is
reused)."""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual.widgets import Static

from peer_tui.screens.base import ServiceCaller


class ResidentLine(ServiceCaller, Static):
    """Shows LOADING, reads ``read(actor, resident_id)`` in a worker and shows the answer
    with ``show``; ``show_resident`` swaps in another resident, and an answer for the one
    before, still on its way, is dropped."""

    LOADING = ""
    GROUP = "resident-line"  # the worker group, per resident
    read: Callable[..., Any]

    def __init__(self, resident_id: int | None, **kwargs) -> None:
        super().__init__(Text(self.LOADING), **kwargs)
        self.resident_id = resident_id  # None: built ahead of anyone (read at show_resident)

    def on_mount(self) -> None:
        if self.resident_id is not None:
            self.reload()

    def show_resident(self, resident_id: int | None) -> None:
        """RESIDENT_ID None: nobody (the view was left; what showed is dropped)."""
        if self.resident_id is not None:  # someone's answer may show: gone first
            self.forget()
            self.update(Text(self.LOADING))
        self.resident_id = resident_id
        if resident_id is not None:
            self.reload()

    def reload(self) -> None:
        resident_id = self.resident_id
        self.run_service(type(self).read, self.app.actor, resident_id,
                         done=lambda answer: self._answered(resident_id, answer),
                         group=f"{self.GROUP}-{resident_id}", exclusive=True)

    def _answered(self, resident_id: int, answer: Any) -> None:
        if resident_id == self.resident_id:  # else read for the resident shown before
            self.show(answer)

    def forget(self) -> None:
        """Drop what was kept of the resident before (subclasses that keep something)."""

    def show(self, answer: Any) -> None:  # pragma: no cover - each line says
        raise NotImplementedError
