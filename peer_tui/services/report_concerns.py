"""Concerns: raised, resolved, open at the end of the period, and how fast urgent ones were
acknowledged. Messages for staff from the front desk and concerns the kiosk raised are
concerns like any other."""

from __future__ import annotations

from datetime import datetime

from peewee import fn

from peer_tui.models.events import SEVERITIES, Concern
from peer_tui.services.report_model import MEDIAN, Figure, Section
from peer_tui.services.report_scope import Scope, median


def _in_scope(query, scope: Scope):
    """For a house: concerns raised while the resident lived there."""
    return scope.filtered(query, Concern.resident, Concern.raised_at)


def raised_by_severity(scope: Scope) -> dict[str, int]:
    """Concerns raised in the period, by severity (as they stand now)."""
    p = scope.period
    found = dict(_in_scope(Concern.select(Concern.severity, fn.COUNT(Concern.id)).where(
        Concern.raised_at >= p.utc_start, Concern.raised_at < p.utc_end)
        .group_by(Concern.severity), scope).tuples())
    return {s: found.get(s, 0) for s in SEVERITIES}


def resolved(scope: Scope) -> int:
    """Concerns resolved in the period (whenever they were raised)."""
    p = scope.period
    return _in_scope(Concern.select().where(Concern.resolved_at >= p.utc_start,
                                            Concern.resolved_at < p.utc_end), scope).count()


def open_at_end(scope: Scope) -> int:
    """Concerns raised before the end of the period and not resolved by then (resolved
    later, or still open)."""
    end = scope.period.utc_end
    return _in_scope(Concern.select().where(
        Concern.raised_at < end, Concern.resolved_at.is_null() | (Concern.resolved_at >= end)),
        scope).count()


def urgent_acknowledgement_minutes(scope: Scope) -> tuple[list[float], int]:
    """For urgent concerns raised in the period: (minutes from raised to acknowledged of each
    one acknowledged, how many were not acknowledged by the end of the period)."""
    p = scope.period
    minutes, waiting = [], 0
    for raised, acked in _in_scope(Concern.select(Concern.raised_at, Concern.acknowledged_at)
                                   .where(Concern.severity == "urgent",
                                          Concern.raised_at >= p.utc_start,
                                          Concern.raised_at < p.utc_end), scope).tuples():
        acked, raised = _dt(acked), _dt(raised)
        if acked is None or acked >= p.utc_end:
            waiting += 1
        else:
            minutes.append(max(0.0, (acked - raised).total_seconds() / 60))
    return minutes, waiting


def concerns_section(scope: Scope) -> Section:
    raised = raised_by_severity(scope)
    minutes, waiting = urgent_acknowledgement_minutes(scope)
    middle = median(minutes)
    figures = [Figure("concerns_raised", "Concerns raised", sum(raised.values()), "concerns")]
    figures += [Figure("concerns_raised_by_severity", f"Raised by severity: {s}", n, "concerns",
                       breakdown=s) for s, n in raised.items()]
    figures += [
        Figure("concerns_resolved", "Concerns resolved", resolved(scope), "concerns"),
        Figure("concerns_open_at_end", "Open at the end of the period", open_at_end(scope),
               "concerns"),
        Figure("urgent_ack_median_minutes", "Urgent: median minutes to acknowledge",
               None if middle is None else round(middle, 1), "minutes", kind=MEDIAN,
               n=len(minutes)),
        Figure("urgent_not_acknowledged", "Urgent: not acknowledged by the period's end",
               waiting, "concerns"),
    ]
    return Section("concerns", "Concerns", tuple(figures),
                   note="Severity as it stands now; acknowledgement times of urgent "
                        "concerns raised in the period.")


def _dt(value):
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)
