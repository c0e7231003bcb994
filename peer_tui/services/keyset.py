"""Keyset paging, as the timeline and the audit log page through long histories: a page is
newest first, and the (time, id) of its last row is where the next, older page starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

#: Where a page ends: the last row's time and id (the id breaks ties between equal times).
Cursor = tuple[datetime, int]


class Keyed(Protocol):
    @property
    def cursor(self) -> Cursor: ...


Row = TypeVar("Row", bound=Keyed)


@dataclass(frozen=True)
class Page(Generic[Row]):
    rows: list[Row]
    has_more: bool

    @property
    def next_cursor(self) -> Cursor | None:
        """Where the next (older) page starts; None on the last page."""
        return self.rows[-1].cursor if self.rows and self.has_more else None
