"""The plan as the screens and the revisions see it: plain values, read in one place.

``plan_for`` finds a resident's plan (starting an empty one on first use); ``plan_view`` reads
it with its goals, steps, supports, latest reviews and sign-off; ``plan_snapshot`` is the JSON
a revision keeps of it. Changes are made in ``recovery_plan``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date

from peer_tui.models.people import Resident, Staff
from peer_tui.models.plans import (ActionStep, Domain, Goal, PlanReview, PlanRevision,
                                   PlanSupport, RecoveryPlan)
from peer_tui.models.resources import Resource
from peer_tui.services.errors import NotFound
from peer_tui.services.review_dates import describe_rule, occurrences
from peer_tui.timeutil import fmt_date, local_today

@dataclass(frozen=True)
class StepView:
    id: int
    text: str
    owner: str
    due_date: date | None
    done: bool


@dataclass(frozen=True)
class GoalView:
    id: int
    domain_key: str
    domain_name: str
    own_words: str
    why: str
    target_date: date | None
    status: str
    steps: tuple[StepView, ...]


@dataclass(frozen=True)
class SupportView:
    id: int
    kind: str
    name: str
    relationship: str
    contact: str
    pathway: str
    resource_id: int | None = None


@dataclass(frozen=True)
class ReviewView:
    id: int
    reviewed_on: date
    staff: str
    note: str


#: How many of the latest reviews a plan (and each revision's snapshot) lists.
REVIEWS_SHOWN = 20


@dataclass(frozen=True)
class PlanView:
    resident_id: int
    resident_name: str
    direction: str
    strengths: str
    pathways: tuple[str, ...]
    reengage_warning_signs: str
    reengage_what_helps: str
    reengage_contacts: str
    reengage_outreach: str
    review_rule: str
    review_description: str
    review_start: date | None
    next_review_date: date | None
    upcoming_reviews: tuple[date, ...]
    last_reviewed_on: date | None
    revision_number: int
    signed_off: str
    goals: tuple[GoalView, ...]
    supports: tuple[SupportView, ...]
    reviews: tuple[ReviewView, ...] = ()  # the latest recorded first


def domain_choices() -> list[tuple[str, str]]:
    return [(d.key, d.name) for d in Domain.select().where(Domain.active == True)  # noqa: E712
            .order_by(Domain.sort_order)]


def resource_choices() -> list[tuple[int, str, str]]:
    """(id, name, pathway) from the resource directory."""
    return [(r.id, r.name, r.pathway) for r in Resource.select().where(
        Resource.active == True).order_by(Resource.pathway, Resource.name)]  # noqa: E712


def plan_for(resident_id: int) -> RecoveryPlan:
    if not Resident.select().where(Resident.id == resident_id).exists():
        raise NotFound("That resident no longer exists.")
    plan = RecoveryPlan.get_or_none(RecoveryPlan.resident == resident_id)
    if plan is None:
        plan = RecoveryPlan.create(resident=resident_id)
    return plan


def plan_view(plan: RecoveryPlan) -> PlanView:
    resident = Resident.get_by_id(plan.resident_id)
    domains = {d.id: d for d in Domain.select()}
    goals = list(Goal.select().where(Goal.plan == plan).order_by(Goal.position, Goal.id))
    steps: dict[int, list[StepView]] = {}
    for s in ActionStep.select().where(ActionStep.goal.in_([g.id for g in goals])).order_by(
            ActionStep.position, ActionStep.id):
        steps.setdefault(s.goal_id, []).append(
            StepView(s.id, s.text, s.owner, s.due_date, s.done))
    order = {d.id: d.sort_order for d in domains.values()}
    goal_views = tuple(
        GoalView(g.id, domains[g.domain_id].key, domains[g.domain_id].name, g.own_words, g.why,
                 g.target_date, g.status, tuple(steps.get(g.id, ())))
        for g in sorted(goals, key=lambda g: (order[g.domain_id], g.position, g.id)))
    pathways = {r.id: r.pathway for r in Resource.select(Resource.id, Resource.pathway)}
    supports = tuple(SupportView(s.id, s.kind, s.name, s.relationship, s.contact,
                                 pathways.get(s.resource_id, ""), s.resource_id) for s in
                     PlanSupport.select().where(PlanSupport.plan == plan).order_by(PlanSupport.id))
    staff_names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    reviews = tuple(ReviewView(r.id, r.reviewed_on, staff_names.get(r.staff_id, ""), r.note)
                    for r in PlanReview.select().where(PlanReview.plan == plan)
                    .order_by(PlanReview.created_at.desc(), PlanReview.id.desc())
                    .limit(REVIEWS_SHOWN))
    signed = (PlanRevision.select().where(PlanRevision.plan == plan,
                                          PlanRevision.signed_off_on.is_null(False))
              .order_by(PlanRevision.number.desc()).first())
    signer = staff_names.get(signed.signed_off_with_id) if signed else None
    upcoming = ()
    if plan.review_rule and plan.review_start:
        upcoming = tuple(occurrences(plan.review_rule, plan.review_start,
                                     plan.next_review_date or local_today(), 3, inclusive=True))
    return PlanView(
        resident_id=resident.id,
        resident_name=f"{resident.preferred_name or resident.first_name} {resident.last_name}",
        direction=plan.direction, strengths=plan.strengths,
        pathways=tuple(p for p in plan.pathways.split(",") if p),
        reengage_warning_signs=plan.reengage_warning_signs,
        reengage_what_helps=plan.reengage_what_helps,
        reengage_contacts=plan.reengage_contacts, reengage_outreach=plan.reengage_outreach,
        review_rule=plan.review_rule, review_description=describe_rule(plan.review_rule),
        review_start=plan.review_start, next_review_date=plan.next_review_date,
        upcoming_reviews=upcoming, last_reviewed_on=plan.last_reviewed_on,
        revision_number=plan.revision_number,
        signed_off=(f"revision {signed.number} signed {fmt_date(signed.signed_off_on)}"
                    f" with {signer or 'staff'}") if signed else
        "not signed off yet",
        goals=goal_views, supports=supports, reviews=reviews)


def snapshot_of(view: PlanView) -> str:
    data = asdict(view)
    data.pop("upcoming_reviews", None)
    data.pop("signed_off", None)
    data.pop("revision_number", None)
    return json.dumps(data, default=str, ensure_ascii=False, sort_keys=True)


def plan_snapshot(plan: RecoveryPlan) -> str:
    """The JSON a revision keeps of PLAN as it is now."""
    return snapshot_of(plan_view(plan))
