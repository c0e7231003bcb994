"""The timeline's columns: what fits the width, so the summary gets the room.

At 100 columns the fixed columns used to leave the summary 42 characters (22 at 80). Now the
least important columns go first when the summary would be cramped: the follow-up date moves
into the summary ("Follow-up 2026-12-01: ..."), then the staff name (the entry's details below
the table still show it). Staff names are shortened to fit ("Casey N.").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rich.text import Text

from peer_tui.screens.text import clean, one_line
from peer_tui.services import timeline as service
from peer_tui.services.timeline import EventRow
from peer_tui.timeutil import fmt_date, fmt_datetime

CELL_PADDING = 2  # DataTable puts one space either side of every cell
SCROLLBAR = 2
#: Drop columns while the summary would get fewer characters than this.
SUMMARY_WANTS = 50
STAFF_WIDTH = 10


def short_name(name: str, width: int = STAFF_WIDTH) -> str:
    """'Casey Nguyen' -> 'Casey N.' when the whole name does not fit in WIDTH."""
    name = one_line(name, 200)
    if len(name) <= width:
        return name
    first, _, rest = name.partition(" ")
    shorter = f"{first} {rest[:1]}." if rest else first
    return shorter if len(shorter) <= width else one_line(first, width)


def _style(row: EventRow) -> str:
    return "dim strike" if row.voided else ""


def _follow(row: EventRow) -> str:
    if row.follow_up_on is None:
        return ""
    return "done" if row.follow_up_done else fmt_date(row.follow_up_on)


def summary_text(row: EventRow, with_follow_up: bool) -> Text:
    summary = one_line(row.summary, 200)
    if row.voided:
        summary = "VOIDED: " + summary
    elif row.corrected_by_id:
        summary = "CORRECTED: " + summary
    elif row.corrects_id:
        summary = "Correction: " + summary
    text = Text()
    if with_follow_up and row.follow_up_on is not None and not row.follow_up_done:
        text.append(f"Follow-up {fmt_date(row.follow_up_on)}: ", style="bold")
    text.append(clean(summary), style=_style(row))
    return text


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None  # None: the summary, which takes what is left
    priority: int  # 0 always shown; higher numbers are left out first when narrow
    cell: Callable[[EventRow], Text]


COLUMNS = (
    Column("when", "When", 16, 0, lambda r: Text(fmt_datetime(r.occurred_at))),
    Column("kind", "Kind", 8, 0,
           lambda r: Text(service.KIND_LABELS.get(r.kind, r.kind), style=_style(r))),
    Column("staff", "Staff", STAFF_WIDTH, 1, lambda r: Text(short_name(r.staff_name))),
    Column("follow", "Follow-up", 10, 2, lambda r: Text(_follow(r))),
    Column("summary", "Summary", None, 0, lambda r: summary_text(r, False)),
)


def summary_width(columns: list[Column], width: int) -> int:
    fixed = sum(c.width or 0 for c in columns)
    return width - fixed - CELL_PADDING * len(columns) - SCROLLBAR


def columns_for(width: int) -> list[Column]:
    """The columns for a table WIDTH cells wide, least important left out first."""
    chosen = list(COLUMNS)
    while summary_width(chosen, width) < SUMMARY_WANTS:
        least = max((c for c in chosen if c.priority), key=lambda c: c.priority, default=None)
        if least is None:
            break
        chosen.remove(least)
    return chosen


def cells(row: EventRow, columns: list[Column]) -> list[Text]:
    shown = {c.key for c in columns}
    return [summary_text(row, "follow" not in shown) if c.key == "summary" else c.cell(row)
            for c in columns]
