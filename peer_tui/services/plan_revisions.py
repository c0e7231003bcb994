"""Plan history: the list of revisions and a readable difference between two of them."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

from peer_tui.models.plans import PlanRevision
from peer_tui.models.people import Staff
from peer_tui.services.auth import Actor, require
from peer_tui.services.errors import NotFound
from peer_tui.services.recovery_plan import STATUS_LABELS, plan_for
from peer_tui.timeutil import fmt_date


@dataclass(frozen=True)
class RevisionView:
    number: int
    created_at: object
    author: str
    change_summary: str
    signed_off: str


def revisions(actor: Actor, resident_id: int) -> list[RevisionView]:
    require(actor, clinical=True)
    plan = plan_for(resident_id)
    names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    return [RevisionView(r.number, r.created_at, names.get(r.author_id, "-"), r.change_summary,
                         f"signed {fmt_date(r.signed_off_on)}" if r.signed_off_on else "")
            for r in PlanRevision.select().where(PlanRevision.plan == plan)
            .order_by(PlanRevision.number.desc())]


def _flatten(snapshot: str) -> list[str]:
    """A snapshot as readable lines, so two revisions compare line by line."""
    try:
        data = json.loads(snapshot)
    except json.JSONDecodeError:
        return []
    lines = [f"Direction: {data.get('direction', '')}-directed",
             f"Strengths: {data.get('strengths', '')}",
             f"Pathways: {', '.join(data.get('pathways') or [])}",
             f"Review: {data.get('review_description', '')}"]
    for name in ("reengage_warning_signs", "reengage_what_helps", "reengage_contacts",
                 "reengage_outreach"):
        lines.append(f"{name.removeprefix('reengage_').replace('_', ' ').capitalize()}: "
                     f"{data.get(name, '')}")
    for goal in data.get("goals") or []:
        if not isinstance(goal, dict):
            continue
        lines.append(f"Goal [{goal.get('domain_name')}] {goal.get('own_words')} "
                     f"({STATUS_LABELS.get(goal.get('status'), goal.get('status'))}, "
                     f"target {goal.get('target_date') or '-'})")
        for step in [s for s in goal.get("steps") or [] if isinstance(s, dict)]:
            mark = "x" if step.get("done") else " "
            lines.append(f"  [{mark}] {step.get('text')} ({step.get('owner')}, "
                         f"due {step.get('due_date') or '-'})")
    for support in [s for s in data.get("supports") or [] if isinstance(s, dict)]:
        lines.append(f"Support: {support.get('name')} ({support.get('relationship')})")
    return lines


def diff(actor: Actor, resident_id: int, older: int, newer: int) -> list[str]:
    """'- line' removed and '+ line' added between two revisions, in plain words."""
    require(actor, clinical=True)
    plan = plan_for(resident_id)
    texts = {r.number: r.snapshot for r in PlanRevision.select().where(
        PlanRevision.plan == plan, PlanRevision.number.in_([older, newer]))}
    if older not in texts or newer not in texts:
        raise NotFound("That revision does not exist.")
    out = [line for line in difflib.unified_diff(
        _flatten(texts[older]), _flatten(texts[newer]), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return out or ["No differences."]
