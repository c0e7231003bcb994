"""Narrowing a query to a span of local days, as the timeline's and the audit log's filters
do: a stored UTC timestamp falls on the days from the first one's local midnight up to the
midnight after the last."""

from __future__ import annotations

from datetime import date

from peer_tui.timeutil import day_end_utc, day_start_utc


def day_span(column, first: date | None, last: date | None) -> list:
    """The conditions that COLUMN falls on local days FIRST to LAST (either end open when
    None), for a caller that combines them with its own (a count and a select alike)."""
    conditions = []
    if first is not None:
        conditions.append(column >= day_start_utc(first))
    if last is not None:
        conditions.append(column < day_end_utc(last))
    return conditions


def on_days(query, column, first: date | None, last: date | None):
    """QUERY keeping the rows whose COLUMN falls on local days FIRST to LAST."""
    conditions = day_span(column, first, last)
    return query.where(*conditions) if conditions else query
