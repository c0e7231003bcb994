"""Narrowing a query to a span of local days, as the timeline's and the audit log's filters
do: a stored UTC timestamp falls on the days from the first one's local midnight up to the
midnight after the last."""

from __future__ import annotations

from datetime import date

from peer_tui.timeutil import day_end_utc, day_start_utc


def on_days(query, column, first: date | None, last: date | None):
    """QUERY keeping the rows whose COLUMN falls on local days FIRST to LAST (either end
    open when None)."""
    if first is not None:
        query = query.where(column >= day_start_utc(first))
    if last is not None:
        query = query.where(column < day_end_utc(last))
    return query
