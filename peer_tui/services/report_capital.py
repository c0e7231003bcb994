"""Recovery capital in the program report: the BARC-10 at baseline and at the latest, for the
residents who lived in the house during the period.

Baseline: a resident's first BARC-10 with a total taken on or after their intake date (this
stay). Latest: their last one with a total taken by the period's last day, when it is not the
baseline. A correction takes the place of the assessment it corrects (its total, at the
original's date, even when it was saved after the period); an assessment with a skipped
statement has no total and is left out.
47 or more is the instrument's published threshold for strong recovery capital.
"""

from __future__ import annotations

from peer_tui.models.assessments import Assessment
from peer_tui.services.report_model import MEAN, SHARE, Figure, Section
from peer_tui.services.report_scope import Scope, Stay, local_day, mean

INSTRUMENT = "barc10"
STRONG = 47


def baseline_and_latest(scope: Scope, all_stays: list[Stay]) -> dict[int, tuple[int, int]]:
    """{resident: (baseline total, latest total)} for residents in the house during the period
    with a baseline and a later BARC-10 (see the module's docstring)."""
    intake = {s.resident_id: s.intake for s in all_stays if s.window(scope) is not None}
    if not intake:
        return {}
    rows = {aid: (rid, at, total, corrects) for aid, rid, at, total, corrects in (
        Assessment.select(Assessment.id, Assessment.resident, Assessment.taken_at,
                          Assessment.total, Assessment.corrects)
        .where(Assessment.instrument == INSTRUMENT, Assessment.resident.in_(list(intake)))
        .tuples())}
    replaced = {corrects for _, _, _, corrects in rows.values() if corrects is not None}

    def when(aid):  # a correction stands at the date of the assessment it corrects
        rid, at, _, corrects = rows[aid]
        seen = set()
        while corrects is not None and corrects in rows and corrects not in seen:
            seen.add(corrects)
            _, at, _, corrects = rows[corrects]
        return local_day(at)

    taken: dict[int, list[tuple]] = {}
    for aid, (rid, _, total, _) in rows.items():
        if aid in replaced or total is None:
            continue
        day = when(aid)  # a correction saved later still corrects the month's figure
        if intake[rid] <= day <= scope.last_day:
            taken.setdefault(rid, []).append((day, aid, total))
    out = {}
    for rid, items in taken.items():
        items.sort()
        if len(items) >= 2:
            out[rid] = (items[0][2], items[-1][2])
    return out


def capital_section(scope: Scope, all_stays: list[Stay]) -> Section:
    pairs = baseline_and_latest(scope, all_stays)
    n = len(pairs)
    changes = [latest - base for base, latest in pairs.values()]
    change = mean(changes)
    figures = [
        Figure("barc_with_follow_up", "Residents with a baseline and a follow-up BARC-10", n),
        Figure("barc_mean_change", "Mean change, baseline to latest",
               None if change is None else round(change, 1), "points", kind=MEAN, n=n),
        Figure("barc_strong_at_baseline", f"Share at {STRONG} or more at baseline",
               round(sum(1 for b, _ in pairs.values() if b >= STRONG) / n, 3) if n else None,
               "share", kind=SHARE, n=n),
        Figure("barc_strong_at_latest", f"Share at {STRONG} or more at the latest",
               round(sum(1 for _, latest in pairs.values() if latest >= STRONG) / n, 3)
               if n else None, "share", kind=SHARE, n=n),
    ]
    return Section("capital", "Recovery capital (BARC-10)", tuple(figures),
                   note="Residents in the house during the period with a BARC-10 at or after "
                        "intake and a later one by the period's end; the shares are of them.")
