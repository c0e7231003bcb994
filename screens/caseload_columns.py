"""The caseload's columns: which ones each role sees, what fits the width, how cells read.

Columns carry a priority: when the terminal is narrow (80 columns) the least important ones
are left out, so Name, Contact, Check-in, Concern and Review always fit without sideways
scrolling. The sorted column's heading carries an arrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from rich.text import Text

from peer_tui.screens.text import plain
from peer_tui.screens.widgets.marks import marked
from peer_tui.services import caseload_query as cq

LEGEND = ("Contact: ! due, !! overdue \u00b7 Check-in: when, mood/5, ! too long ago \u00b7 "
          "URG urgent \u00b7 LATE review overdue")
DESK_LEGEND = "Checked in: today or not \u00b7 URGENT: an urgent concern is open"
CELL_PADDING = 2  # DataTable puts one space either side of every cell
ARROWS = {False: "\u25b2", True: "\u25bc"}  # ascending, descending


def contact_cell(row: cq.CaseloadRow) -> Text:
    if row.days_since_contact is None:
        if row.contact_level == "never":
            return marked("never !!", "alert")
        return Text("-")
    label = "today" if row.days_since_contact == 0 else f"{row.days_since_contact}d"
    if row.contact_level == "overdue":
        return marked(f"{label} !!", "alert")
    if row.contact_level == "due":
        return marked(f"{label} !", "warn")
    return Text(label)


def checkin_cell(row: cq.CaseloadRow) -> Text:
    if row.checkin_late:
        return marked(f"{row.last_checkin} !", "warn")
    return plain(row.last_checkin)


def concerns_cell(row: cq.CaseloadRow) -> Text:
    if row.urgent_concerns:
        return marked(f"{row.open_concerns} URG", "urgent")
    return Text(str(row.open_concerns) if row.open_concerns else "-")


def review_cell(row: cq.CaseloadRow, today: date) -> Text:
    """Relative, so it fits and reads at a glance: 'in 6d', 'today', 'LATE 8d'."""
    if row.next_review is None:
        return Text("-")
    days = (row.next_review - today).days
    if row.review_overdue:
        return marked(f"LATE {-days}d", "alert")
    return Text("today" if days == 0 else f"in {days}d")


def barc_cell(row: cq.CaseloadRow) -> Text:
    """The latest BARC-10 total; an arrow when it moved from the one before."""
    if row.barc_total is None:
        return Text("-")
    drop = row.barc_drop or 0
    if drop > 0:
        return marked(f"{row.barc_total}↓{drop}", "warn")
    return Text(f"{row.barc_total}↑{-drop}" if drop < 0 else str(row.barc_total))


def urgent_cell(row: cq.CaseloadRow) -> Text:
    return marked("URGENT", "urgent") if row.urgent else Text("")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None  # None: takes what is left
    priority: int  # lower is more important; left out first when narrow
    cell: Callable[[cq.CaseloadRow, date], Text]


CLINICAL = (
    # Widths leave room for the sort arrow after each heading.
    Column("name", "Name", 19, 0, lambda r, d: plain(r.name)),
    Column("room", "Room", 6, 2, lambda r, d: plain(r.room)),
    Column("staff", "Peer spec", 11, 3, lambda r, d: plain(r.peer_specialist)),
    Column("contact", "Contact", 9, 1, lambda r, d: contact_cell(r)),
    Column("checkin", "Check-in", 12, 1, lambda r, d: checkin_cell(r)),
    Column("concerns", "Concern", 9, 1, lambda r, d: concerns_cell(r)),
    Column("review", "Review", 8, 1, review_cell),
    Column("progress", "Goals", 7, 4, lambda r, d: Text(f"{r.goals_achieved}/{r.goals_total}")),
    # Recovery capital: shown when there is room, and whenever it is the sorted column.
    Column("barc", "BARC", 6, 5, lambda r, d: barc_cell(r)),
)
FRONT_DESK = (
    Column("name", "Name", 24, 0, lambda r, d: plain(r.name)),
    Column("room", "Room", 6, 1, lambda r, d: plain(r.room)),
    Column("status", "Status", 10, 2, lambda r, d: plain(r.status)),
    Column("staff", "Peer spec", 14, 3, lambda r, d: plain(r.peer_specialist)),
    Column("checkin", "Checked in", 10, 1,
           lambda r, d: plain("today" if r.last_checkin == "today" else "-")),
    Column("urgent", "Urgent", 7, 1, lambda r, d: urgent_cell(r)),
)
ATTENTION = (
    Column("name", "Name", 20, 0, lambda r, d: plain(r.name)),
    Column("room", "Room", 6, 2, lambda r, d: plain(r.room)),
    # The reasons are the point of this view: they come right after the name.
    Column("why", "Why it is here", None, 0, lambda r, d: plain("; ".join(r.reasons))),
)


# Shown in the caseload of every house (administrators), right after the name: there the
# same room can be in two houses. Kept before Room when only one of them fits.
HOUSE = Column("house", "House", 14, 2, lambda r, d: plain(r.house))


def columns_for(clinical: bool, needs_attention: bool, width: int,
                sort: str = "", every_house: bool = False) -> list[Column]:
    """The columns to show in WIDTH cells, least important left out first; the column
    sorted on (SORT) is always kept, so sorting by it shows it. EVERY_HOUSE: the session
    sees all houses at once, so each row says which house."""
    if not clinical:
        chosen = list(FRONT_DESK)
    elif needs_attention:
        chosen = list(ATTENTION)
    else:
        chosen = list(CLINICAL)
    if every_house:
        chosen.insert(1, HOUSE)
    room = width - 2  # the vertical scrollbar
    while sum((c.width or 20) + CELL_PADDING for c in chosen) > room:
        least = max((c for c in reversed(chosen) if c.priority > 1 and c.key != sort),
                    key=lambda c: c.priority, default=None)  # of equals, the rightmost
        if least is None:
            break
        chosen.remove(least)
    return chosen


def widths(columns: list[Column], width: int) -> list[int]:
    """Each column's width; a column without one takes what the others leave, so no
    column depends on DataTable measuring its cells (which is slow, and raced the rows
    arriving: the reasons column was sometimes left as narrow as its heading)."""
    fixed = sum((c.width or 0) + CELL_PADDING for c in columns)
    spare = max(15, width - 2 - fixed - CELL_PADDING)
    return [c.width or spare for c in columns]


def heading(column: Column, sort: str, descending: bool) -> Text:
    if column.key != sort:
        return Text(column.label)
    return Text(f"{column.label} {ARROWS[descending]}", style="bold")
