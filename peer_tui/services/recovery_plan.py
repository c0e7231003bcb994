"""The personal recovery plan: read it, change it, review it, sign it off.

Every save is one transaction: the change, its PlanRevision (author, what changed in words,
a JSON snapshot of the whole plan; a staff member's saves in one sitting fold into one, see
``plan_sessions``), the ``plan_change`` timeline entry that stands for it, an audit row and
the caseload summary refresh. Front-desk accounts are refused here, not only in the UI.
"""

from __future__ import annotations

from datetime import date

from peewee import fn

from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.events import Event
from peer_tui.models.plans import (ActionStep, Domain, Goal, PlanReview, PlanRevision,
                                   PlanSupport, RecoveryPlan)
from peer_tui.models.recovery_plan_schemas import (GoalInput, PlanDetailsInput, ReviewInput,
                                                   ScheduleInput, StepInput, SupportInput)
from peer_tui.models.resources import Resource
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit, plan_sessions
from peer_tui.services.errors import InvalidInput, existing, validate
# The plan's read side lives in plan_views and its words in plan_words; their names are part
# of this module's interface (screens, exports and tests use plans.PlanView,
# plans.STATUS_LABELS, plans.plan_for...).
from peer_tui.services.plan_views import (  # noqa: F401
    REVIEWS_SHOWN, GoalView, PlanView, ReviewView, StepView, SupportView, domain_choices,
    plan_for, plan_snapshot, plan_view, resource_choices, snapshot_of)
from peer_tui.services.plan_words import OWNER_LABELS, PATHWAY_LABELS, STATUS_LABELS  # noqa: F401
from peer_tui.services.permissions import Actor, require
from peer_tui.services.review_dates import describe_rule, occurrences, rule_for
from peer_tui.timeutil import fmt_date, local_today
from peer_tui.services.house_scope import require_resident

def get_plan(actor: Actor, resident_id: int) -> PlanView:
    """The whole plan (created empty on first use); then the 'view' audit row, which a full
    disk does not turn into a refusal to show the plan (``audit.record_read``)."""
    require(actor, clinical=True)
    require_resident(actor, resident_id)
    with database.atomic():
        plan = plan_for(resident_id)
        view = plan_view(plan)
    audit.record_read(actor, "view", "recovery_plan", plan.id, resident_id=resident_id)
    return view


def _saved(actor: Actor, plan: RecoveryPlan, summary: str) -> PlanView:
    """The revision (or the session's revision it folds into), its timeline entry, the audit
    row and the summary refresh every save ends with. Every plan change ends here, inside its
    transaction: a plan of a resident outside ACTOR's house is refused and nothing is kept."""
    require_resident(actor, plan.resident_id)
    now = utcnow()
    folding = plan_sessions.revision_to_fold(actor, plan, now)
    if folding is None:
        plan.revision_number += 1
    plan.updated_at = now
    plan.save()
    view = plan_view(plan)
    plan_sessions.record(actor, plan, folding, summary, snapshot_of(view), now)
    audit.record(actor, "update", "recovery_plan", plan.id, resident_id=plan.resident_id,
                 detail=f"revision {plan.revision_number}")
    refresh_resident_summary(plan.resident_id)
    return view


def _goal_in_plan(goal_id: int) -> Goal:
    return existing(Goal, goal_id, "That goal no longer exists.")


def save_goal(actor: Actor, resident_id: int, goal_id: int | None, data: dict) -> PlanView:
    require(actor, clinical=True)
    clean = validate(GoalInput, data)
    with database.atomic():
        plan = plan_for(resident_id)
        domain = Domain.get_or_none(Domain.key == clean.domain_key)
        if domain is None:
            raise InvalidInput({"domain_key": "Choose a recovery domain."})
        fields = dict(domain=domain, own_words=clean.own_words, why=clean.why,
                      target_date=clean.target_date, status=clean.status, updated_at=utcnow())
        if goal_id is None:
            last = Goal.select(fn.MAX(Goal.position)).where(Goal.plan == plan).scalar() or 0
            Goal.create(plan=plan, position=last + 1, **fields)
            summary = f"goal added in {domain.name}"
        else:
            goal = _goal_in_plan(goal_id)
            moved = goal.domain_id != domain.id
            Goal.update(**fields).where(Goal.id == goal.id).execute()
            summary = (f"goal moved to {domain.name}" if moved else
                       f"goal updated ({STATUS_LABELS[clean.status]})")
        return _saved(actor, plan, summary)


def save_step(actor: Actor, goal_id: int, step_id: int | None, data: dict) -> PlanView:
    require(actor, clinical=True)
    clean = validate(StepInput, data)
    with database.atomic():
        goal = _goal_in_plan(goal_id)
        plan = RecoveryPlan.get_by_id(goal.plan_id)
        fields = dict(text=clean.text, owner=clean.owner, due_date=clean.due_date,
                      done=clean.done, done_on=local_today() if clean.done else None)
        if step_id is None:
            last = ActionStep.select(fn.MAX(ActionStep.position)).where(
                ActionStep.goal == goal).scalar() or 0
            ActionStep.create(goal=goal, position=last + 1, **fields)
            summary = "step added"
        else:
            ActionStep.update(**fields).where(ActionStep.id == step_id,
                                              ActionStep.goal == goal).execute()
            summary = "step updated"
        return _saved(actor, plan, summary)


def toggle_step(actor: Actor, step_id: int) -> PlanView:
    require(actor, clinical=True)
    with database.atomic():
        step = existing(ActionStep, step_id, "That action step no longer exists.")
        step.done = not step.done
        step.done_on = local_today() if step.done else None
        step.save()
        plan = RecoveryPlan.get_by_id(Goal.get_by_id(step.goal_id).plan_id)
        return _saved(actor, plan, "step marked done" if step.done else "step reopened")


def move_goal(actor: Actor, goal_id: int, delta: int) -> PlanView:
    """Move a goal up (-1) or down (+1) among the goals of its domain."""
    require(actor, clinical=True)
    with database.atomic():
        goal = _goal_in_plan(goal_id)
        siblings = list(Goal.select().where(Goal.plan == goal.plan_id,
                                            Goal.domain == goal.domain_id)
                        .order_by(Goal.position, Goal.id))
        index = [g.id for g in siblings].index(goal.id)
        target = index + delta
        plan = RecoveryPlan.get_by_id(goal.plan_id)
        if not 0 <= target < len(siblings):
            return plan_view(plan)
        siblings.insert(target, siblings.pop(index))
        for position, sibling in enumerate(siblings):
            Goal.update(position=position).where(Goal.id == sibling.id).execute()
        domain = Domain.get_by_id(goal.domain_id).name
        return _saved(actor, plan, f"goal moved {'up' if delta < 0 else 'down'} in {domain}")


def save_details(actor: Actor, resident_id: int, data: dict) -> PlanView:
    require(actor, clinical=True)
    clean = validate(PlanDetailsInput, data)
    with database.atomic():
        plan = plan_for(resident_id)
        before = (plan.direction, plan.strengths, plan.pathways)
        plan.strengths = clean.strengths
        plan.pathways = ",".join(dict.fromkeys(clean.pathways))
        plan.direction = clean.direction
        for name in ("reengage_warning_signs", "reengage_what_helps", "reengage_contacts",
                     "reengage_outreach"):
            setattr(plan, name, getattr(clean, name))
        words = []
        if before[0] != clean.direction:
            words.append(f"now {clean.direction}-directed")
        if before[1] != clean.strengths:
            words.append("strengths")
        if before[2] != plan.pathways:
            words.append("pathways")
        return _saved(actor, plan, "details updated" + (f": {', '.join(words)}" if words else ""))


def _check_resource(resource_id: int | None) -> None:
    if resource_id is not None and not Resource.select().where(
            Resource.id == resource_id).exists():
        raise InvalidInput({"resource_id": "Choose a resource from the directory."})


def add_support(actor: Actor, resident_id: int, data: dict) -> PlanView:
    require(actor, clinical=True)
    clean = validate(SupportInput, data)
    with database.atomic():
        plan = plan_for(resident_id)
        _check_resource(clean.resource_id)
        PlanSupport.create(plan=plan, kind=clean.kind, resource=clean.resource_id,
                           name=clean.name, relationship=clean.relationship,
                           contact=clean.contact)
        return _saved(actor, plan, f"support added ({clean.kind})")


def update_support(actor: Actor, support_id: int, data: dict) -> PlanView:
    """Change a support's name, relationship, contact or resource (a sponsor's new number)."""
    require(actor, clinical=True)
    clean = validate(SupportInput, data)
    with database.atomic():
        support = existing(PlanSupport, support_id, "That support is no longer in the plan.")
        _check_resource(clean.resource_id)
        PlanSupport.update(kind=clean.kind, resource=clean.resource_id, name=clean.name,
                           relationship=clean.relationship, contact=clean.contact).where(
            PlanSupport.id == support.id).execute()
        return _saved(actor, RecoveryPlan.get_by_id(support.plan_id), "support changed")


def remove_support(actor: Actor, support_id: int) -> PlanView:
    """Supports end (a person moves away); the revision history keeps what they were."""
    require(actor, clinical=True)
    with database.atomic():
        support = existing(PlanSupport, support_id, "That support is no longer in the plan.")
        plan = RecoveryPlan.get_by_id(support.plan_id)
        support.delete_instance()
        return _saved(actor, plan, "support removed")


def set_schedule(actor: Actor, resident_id: int, data: dict) -> PlanView:
    require(actor, clinical=True)
    clean = validate(ScheduleInput, data)
    with database.atomic():
        plan = plan_for(resident_id)
        rule = plan.review_rule if clean.preset == "keep" else rule_for(
            clean.preset, clean.weekday, clean.day_of_month)
        start = clean.start if rule else None
        if (rule, start) == (plan.review_rule, plan.review_start):
            return plan_view(plan)  # nothing changed: no revision
        plan.review_rule, plan.review_start = rule, start
        upcoming = occurrences(plan.review_rule, clean.start, max(clean.start, local_today()),
                               1, inclusive=True)
        plan.next_review_date = upcoming[0] if upcoming else None
        return _saved(actor, plan, f"review schedule: {describe_rule(plan.review_rule)}")


def record_review(actor: Actor, resident_id: int, data: dict) -> PlanView:
    """A review held with the resident; the next due date moves past it."""
    require(actor, clinical=True)
    clean = validate(ReviewInput, data)
    if clean.on > local_today():
        raise InvalidInput({"on": "A review is recorded once it has happened."})
    with database.atomic():
        plan = plan_for(resident_id)
        PlanReview.create(plan=plan, reviewed_on=clean.on, staff=actor.id, note=clean.note)
        # A review written up late (an old paper record) never moves the dates backwards.
        if plan.last_reviewed_on is None or clean.on >= plan.last_reviewed_on:
            plan.last_reviewed_on = clean.on
            if plan.review_rule and plan.review_start:
                upcoming = occurrences(plan.review_rule, plan.review_start, clean.on, 1)
                plan.next_review_date = upcoming[0] if upcoming else None
        return _saved(actor, plan, f"review held on {fmt_date(clean.on)}")


def sign_off(actor: Actor, resident_id: int, on: date) -> PlanView:
    """The resident signs off the current revision, reviewed with ACTOR."""
    require(actor, clinical=True)
    if on is None or on > local_today():
        raise InvalidInput({"on": "Sign-off is dated today or earlier."})
    with database.atomic():
        plan = plan_for(resident_id)
        if plan.revision_number == 0:
            raise InvalidInput({"": "There is nothing to sign yet: add a goal first."})
        PlanRevision.update(signed_off_on=on, signed_off_with=actor.id).where(
            PlanRevision.plan == plan, PlanRevision.number == plan.revision_number).execute()
        Event.create(resident=resident_id, occurred_at=utcnow(), kind="plan_change",
                     staff=actor.id,
                     summary=f"Resident signed off plan revision {plan.revision_number}")
        audit.record(actor, "sign_off", "plan_revision", plan.revision_number,
                     resident_id=resident_id)
        return plan_view(plan)
