"""Residents: served, admitted, discharged by reason, length of stay, bed occupancy by day.

Each function counts one figure; ``residents_section`` puts them together. Stays are as
``report_scope`` defines them (the record's current intake and discharge dates).
"""

from __future__ import annotations

from peer_tui.models.people import DISCHARGE_KINDS
from peer_tui.services.report_model import COUNT, MEAN, MEDIAN, Figure, Section
from peer_tui.services.report_scope import Scope, Stay, mean, median, stays

NOT_RECORDED = "not_recorded"


def served(all_stays: list[Stay]) -> int:
    """Residents served: each resident counted once (unduplicated) whose stay overlaps the
    period (admitted on or before its last day, not discharged before its first)."""
    return len({s.resident_id for s in all_stays})


def admitted(all_stays: list[Stay], scope: Scope) -> int:
    """Residents whose intake date falls in the period (a resident admitted and discharged in
    the same month is admitted once and discharged once); for a house, admitted to it."""
    p = scope.period
    return sum(1 for s in all_stays if p.start <= s.intake <= p.end
               and s.here_on(scope, s.intake))


def _discharged_here(s: Stay, scope: Scope) -> bool:
    p = scope.period
    return s.discharge is not None and p.start <= s.discharge <= p.end and \
        s.here_on(scope, s.discharge)


def transfers(all_stays: list[Stay], scope: Scope) -> tuple[int, int]:
    """For a house: (residents who moved in from another house in the period, residents who
    moved out to another). (0, 0) for the organisation: a move stays inside it."""
    if scope.house_id is None:
        return 0, 0
    p = scope.period
    moved_in = moved_out = 0
    for s in all_stays:
        days = [m for m in s.moves if p.start <= m.day <= p.end]
        moved_in += any(m.to_house == scope.house_id for m in days)
        moved_out += any(m.from_house == scope.house_id for m in days)
    return moved_in, moved_out


def discharged_by_reason(all_stays: list[Stay], scope: Scope) -> dict[str, int]:
    """Residents whose discharge date falls in the period (for a house: discharged from it),
    by why the stay ended (the keys of DISCHARGE_KINDS, and ``not_recorded`` for discharges
    saved without one)."""
    counts = {kind: 0 for kind in (*DISCHARGE_KINDS, NOT_RECORDED)}
    for s in all_stays:
        if _discharged_here(s, scope):
            key = s.discharge_kind if s.discharge_kind in DISCHARGE_KINDS else NOT_RECORDED
            counts[key] += 1
    return counts


def lengths_of_stay(all_stays: list[Stay], scope: Scope) -> list[int]:
    """Days from intake to discharge of each resident discharged in the period (a stay that
    starts and ends on the same day is 0 days; a stay across a transfer counts whole, for the
    house they were discharged from)."""
    return [(s.discharge - s.intake).days for s in all_stays if _discharged_here(s, scope)]


def occupancy_by_day(all_stays: list[Stay], scope: Scope) -> list[tuple[str, int]]:
    """Beds occupied on each day of the period up to today: residents whose intake is on or
    before the day and whose discharge (if any) is after it (the night of the discharge day
    is not theirs), in the house that day. (ISO date, count) in date order."""
    counts = {}
    for day in scope.period.each_day():
        if day > scope.last_day:
            break
        counts[day] = 0
    if not counts:
        return []
    for s in all_stays:
        for day in counts:
            if s.intake <= day and (s.discharge is None or s.discharge > day) and \
                    s.here_on(scope, day):
                counts[day] += 1
    return [(day.isoformat(), n) for day, n in counts.items()]


def residents_section(scope: Scope) -> Section:
    all_stays = stays(scope)
    lengths = lengths_of_stay(all_stays, scope)
    occupancy = occupancy_by_day(all_stays, scope)
    reasons = discharged_by_reason(all_stays, scope)
    figures = [
        Figure("served", "Residents served (unduplicated)", served(all_stays)),
        Figure("admitted", "Admitted", admitted(all_stays, scope)),
        Figure("discharged", "Discharged", sum(reasons.values())),
    ]
    if scope.house_id is not None:
        moved_in, moved_out = transfers(all_stays, scope)
        figures += [Figure("transferred_in", "Moved in from another house", moved_in),
                    Figure("transferred_out", "Moved to another house", moved_out)]
    words = {**DISCHARGE_KINDS, NOT_RECORDED: "reason not recorded"}
    figures += [Figure("discharged_by_reason", f"Discharged by how the stay ended: {words[k]}", n,
                       breakdown=k) for k, n in reasons.items()]
    figures += [
        Figure("length_of_stay_mean", "Length of stay of those discharged, mean",
               _round(mean(lengths)), "days", kind=MEAN, n=len(lengths)),
        Figure("length_of_stay_median", "Length of stay of those discharged, median",
               _round(median(lengths)), "days", kind=MEDIAN, n=len(lengths)),
    ]
    if occupancy:
        values = [n for _, n in occupancy]
        figures.append(Figure("occupancy_mean", "Beds occupied, daily mean",
                              _round(mean(values)), "beds", kind=MEAN, n=len(values)))
        figures += [Figure("occupancy_by_day", f"Beds occupied by day: {day}", n, "beds",
                           breakdown=day) for day, n in occupancy]
    return Section("residents", "Residents", tuple(figures),
                   note="Length of stay: residents discharged in the period. Occupancy: "
                        "residents in the house overnight, each day up to today.")


def _round(value):
    return None if value is None else round(value, 1)
