"""Plan history: the list of revisions and what changed between two of them."""

from __future__ import annotations

from dataclasses import dataclass

from peer_tui.models.plans import PlanRevision
from peer_tui.models.people import Staff
from peer_tui.services.errors import NotFound
from peer_tui.services.permissions import Actor, require
from peer_tui.services.plan_diff import Change, changes, load
from peer_tui.services.recovery_plan import plan_for
from peer_tui.timeutil import fmt_date
from peer_tui.services.house_scope import require_resident


@dataclass(frozen=True)
class RevisionView:
    number: int
    created_at: object
    updated_at: object  # the last save folded into it
    author: str
    change_summary: str
    signed_off: str


def revisions(actor: Actor, resident_id: int) -> list[RevisionView]:
    require(actor, clinical=True)
    require_resident(actor, resident_id)
    plan = plan_for(resident_id)
    names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    return [RevisionView(r.number, r.created_at, r.updated_at or r.created_at,
                         names.get(r.author_id, "-"), r.change_summary,
                         f"signed {fmt_date(r.signed_off_on)}" if r.signed_off_on else "")
            for r in PlanRevision.select().where(PlanRevision.plan == plan)
            .order_by(PlanRevision.number.desc())]


def diff(actor: Actor, resident_id: int, older: int, newer: int) -> list[Change]:
    """What changed from revision OLDER to NEWER, in words (see ``plan_diff``); OLDER 0 is
    the empty plan before the first revision."""
    require(actor, clinical=True)
    require_resident(actor, resident_id)
    plan = plan_for(resident_id)
    texts = {r.number: r.snapshot for r in PlanRevision.select().where(
        PlanRevision.plan == plan, PlanRevision.number.in_([older, newer]))}
    if older == 0:
        texts[0] = "{}"
    if older not in texts or newer not in texts:
        raise NotFound("That revision does not exist.")
    return changes(load(texts[older]), load(texts[newer]))
