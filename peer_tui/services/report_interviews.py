"""Follow-up interviews in the program report: for each point (a setting), the interviews
that fell due in the period and where they stand at its last day (up to today).

Due: the point's day (intake or discharge date plus its days) falls in the period, for a
resident admitted (not waitlisted); the 6-month interview is due also after a discharge. For
a house: the resident lived there on that day.
Then, counting the first interview recorded for that point on or after the window's first
day and by the period's last day (an interview whose timeline entry was voided does not
count): done in window, late (after the window), missed (the window has closed without
one), or still open (the window has not closed yet).
"""

from __future__ import annotations

from datetime import timedelta

from peer_tui.models.people import Resident
from peer_tui.services.interviews import counted_interviews, window, _day
from peer_tui.services.report_model import Figure, Section
from peer_tui.services.report_scope import IN_RESIDENCE, Scope, Stay

OUTCOMES = (("done_in_window", "done in window"), ("late", "late"), ("missed", "missed"),
            ("open", "window still open"))


def interviews_for_point(scope: Scope, point) -> dict[str, int]:
    """{'due': n, 'done_in_window': n, 'late': n, 'missed': n, 'open': n} for POINT."""
    p = scope.period
    anchor = Resident.intake_date if point.anchor == "intake" else Resident.discharge_date
    days = timedelta(days=point.days)
    query = (Resident.select(Resident.id, Resident.intake_date, Resident.discharge_date,
                             Resident.house)
             .where(Resident.status.in_(IN_RESIDENCE), Resident.intake_date.is_null(False),
                    anchor.between(p.start - days, p.end - days)))
    if scope.house_id is not None:
        query = query.where(scope.housed())
    windows = {}
    for rid, intake, discharge, house in query.tuples():
        intake, discharge = _day(intake), _day(discharge) if discharge else None
        w = window(point, intake, discharge)
        stay = Stay(rid, intake, discharge, "", None, None, house, scope.moves.get(rid, ()))
        if w is not None and stay.here_on(scope, w.target):  # for a house: living there then
            windows[rid] = w
    counts = {"due": len(windows), **{key: 0 for key, _ in OUTCOMES}}
    if not windows:
        return counts
    last = scope.last_day
    first_done = {}
    for rid, _, on in counted_interviews(list(windows), point.key).tuples():
        on = _day(on)
        if windows[rid].start <= on <= last and (rid not in first_done or on < first_done[rid]):
            first_done[rid] = on
    for rid, w in windows.items():
        done = first_done.get(rid)
        if done is not None:
            counts["done_in_window" if done <= w.end else "late"] += 1
        else:
            counts["missed" if w.end < last else "open"] += 1
    return counts


def interviews_section(scope: Scope, points) -> Section:
    figures = []
    totals = {"due": 0, **{key: 0 for key, _ in OUTCOMES}}
    per_point = []
    for point in points:
        counts = interviews_for_point(scope, point)
        per_point.append((point, counts))
        for key in totals:
            totals[key] += counts[key]
    figures.append(Figure("interviews_due", "Follow-up interviews due", totals["due"],
                          "interviews"))
    figures += [Figure(f"interviews_{key}", f"Follow-up interviews {words}", totals[key],
                       "interviews") for key, words in OUTCOMES]
    for key, words in (("due", "due"), *OUTCOMES):
        figures += [Figure(f"interviews_{key}_by_point", f"Interviews {words}, by point: "
                           f"{point.label}", counts[key], "interviews", breakdown=point.key)
                    for point, counts in per_point]
    windows = "; ".join(f"{p.label}: {p.days} days after {p.anchor}, -{p.before}/+{p.after}"
                        for p in points)
    return Section("interviews", "Follow-up interviews", tuple(figures),
                   note=f"Points and windows (settings): {windows}.")
