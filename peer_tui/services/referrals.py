"""Referrals followed to their outcome (a closed loop).

A referral is made from the resident view to a directory entry or a one-off provider, with
why (a plan goal or a recovery domain), how (warm hand-off, a call together, the resident
self-refers, information sent) and when to check on it next. It then moves through stages,
each a ``ReferralStep`` and a timeline entry, never an overwrite:

    made -> contacted / appointment set -> attended / started -> an outcome
    (engaged, completed, declined, no-show, waitlisted, not eligible), or closed with a reason.

A referral is open until its outcome is known; "waitlisted" stays open (someone keeps
checking), "engaged" can still become "completed". An open referral whose next check date
has passed needs attention (``attention.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import JOIN

from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.events import Event
from peer_tui.models.people import Resident, Staff
from peer_tui.models.plans import Domain, Goal, RecoveryPlan
from peer_tui.models.referral_schemas import METHOD_LABELS, ReferralInput, StageInput
from peer_tui.models.resources import Referral, ReferralStep, Resource
from peer_tui.services import audit
from peer_tui.services.auth import Actor
from peer_tui.services.caseload_query import display_name
from peer_tui.services.directory import list_resources
from peer_tui.services.errors import InvalidInput, NotFound, existing, validate
from peer_tui.services.house_scope import in_scope, require_resident, require_row
from peer_tui.services.permissions import Perm, require_perm
from peer_tui.services.recovery_plan import domain_choices
from peer_tui.timeutil import fmt_date, local_to_utc, local_today, to_local

PROGRESS = ("made", "contacted", "appointment_set", "attended", "started")
OUTCOMES = ("engaged", "completed", "declined", "no_show", "waitlisted", "not_eligible")
STAGES = PROGRESS + OUTCOMES + ("closed",)
STAGE_LABELS = {
    "made": "made", "contacted": "contacted", "appointment_set": "appointment set",
    "attended": "attended", "started": "started", "engaged": "engaged",
    "completed": "completed", "declined": "declined", "no_show": "no-show",
    "waitlisted": "waitlisted", "not_eligible": "not eligible", "closed": "closed",
}
OPEN_STAGES = PROGRESS + ("waitlisted",)
FINAL_STAGES = ("completed", "declined", "no_show", "not_eligible", "closed")


def next_stages(current: str) -> tuple[str, ...]:
    """The stages a referral at CURRENT may move to (an open one may also stay, as a check)."""
    if current in FINAL_STAGES:
        return ()
    if current == "engaged":
        return ("completed", "closed")
    if current == "waitlisted":
        return ("waitlisted",) + PROGRESS[2:] + tuple(o for o in OUTCOMES
                                                      if o != "waitlisted") + ("closed",)
    later = PROGRESS[PROGRESS.index(current):]
    return later + OUTCOMES + ("closed",)


@dataclass(frozen=True)
class StepView:
    stage: str
    on: date
    note: str
    next_check_on: date | None
    staff_name: str
    recorded_at: datetime


@dataclass(frozen=True)
class ReferralView:
    id: int
    resident_id: int
    resident_name: str
    to: str  # the directory entry's name, or the one-off provider's
    to_contact: str
    resource_id: int | None
    stage: str
    made_on: date
    updated_on: date
    next_check_on: date | None
    why: str  # the goal in the resident's words, or the domain's name
    method: str
    needs_consent: bool
    closed_reason: str
    staff_name: str
    steps: tuple[StepView, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage, self.stage)

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)

    def age_days(self, today: date | None = None) -> int:
        return ((today or local_today()) - self.made_on).days

    def check_late_days(self, today: date | None = None) -> int:
        """Days past the next check date (0: not late, or no check date, or closed)."""
        today = today or local_today()
        if not self.is_open or self.next_check_on is None or self.next_check_on >= today:
            return 0
        return (today - self.next_check_on).days


def _why(row: Referral) -> str:
    if row.goal_id:
        goal = Goal.get_or_none(Goal.id == row.goal_id)
        if goal is not None:
            return "goal: " + " ".join(goal.own_words.split())[:80]
    domain = Domain.get_or_none(Domain.key == row.domain_key)
    return domain.name if domain else (row.domain_key or "-")


def _view(row: Referral, *, with_steps: bool = False) -> ReferralView:
    resource = Resource.get_or_none(Resource.id == row.resource_id) if row.resource_id \
        else None
    resident = Resident.get_by_id(row.resident_id)
    staff = Staff.get_or_none(Staff.id == row.staff_id) if row.staff_id else None
    steps: tuple[StepView, ...] = ()
    if with_steps:
        names = dict(Staff.select(Staff.id, Staff.display_name).tuples())
        steps = tuple(StepView(s.stage, s.on, s.note, s.next_check_on,
                               names.get(s.staff_id, ""), s.recorded_at)
                      for s in ReferralStep.select().where(ReferralStep.referral == row.id)
                      .order_by(ReferralStep.recorded_at, ReferralStep.id))
    made_on = row.made_on or to_local(row.created_at).date()
    return ReferralView(
        id=row.id, resident_id=row.resident_id,
        resident_name=display_name(resident.first_name, resident.last_name,
                                   resident.preferred_name),
        to=resource.name if resource else row.provider_name,
        to_contact=(resource.phone or resource.contact) if resource else row.provider_contact,
        resource_id=row.resource_id, stage=row.status, made_on=made_on,
        updated_on=to_local(row.updated_at).date() if row.updated_at else made_on,
        next_check_on=row.next_check_on, why=_why(row), method=row.method,
        needs_consent=bool(row.needs_consent), closed_reason=row.closed_reason,
        staff_name=staff.display_name if staff else "", steps=steps)


def _occurred(on: date) -> datetime:
    """A stage's date as the timeline's instant: now when it is today, else midday."""
    local_now = to_local(utcnow())
    at = local_now.time() if on == local_now.date() else datetime.min.time().replace(hour=12)
    return local_to_utc(datetime.combine(on, at))


def _entry(actor: Actor, row: Referral, view_to: str, on: date, summary: str, note: str
           ) -> Event:
    return Event.create(resident=row.resident_id, occurred_at=_occurred(on), kind="referral",
                        staff=actor.id, summary=f"Referral to {view_to}: {summary}"[:300],
                        note=note, goal_ids=str(row.goal_id) if row.goal_id else "")


def make_referral(actor: Actor, resident_id: int, data: dict) -> ReferralView:
    """Refer RESIDENT_ID (the form's DATA, see ``ReferralInput``); one transaction."""
    require_perm(actor, Perm.WRITE_NOTES, "make a referral")
    item = validate(ReferralInput, data)
    if item.made_on > local_today():
        raise InvalidInput({"made_on": "A referral is made today or earlier."})
    with database.atomic():
        if not Resident.select().where(Resident.id == resident_id).exists():
            raise NotFound("That resident does not exist.")
        require_resident(actor, resident_id)
        resource = None
        if item.resource_id is not None:
            resource = Resource.get_or_none(Resource.id == item.resource_id)
            if resource is None or not resource.active:
                raise InvalidInput({"resource_id": "That directory entry is not in use; "
                                                   "choose another or a one-off provider."})
        domain_key = item.domain_key
        if item.goal_id is not None:
            goal = (Goal.select(Goal, Domain.key).join(RecoveryPlan).switch(Goal)
                    .join(Domain).where(Goal.id == item.goal_id,
                                        RecoveryPlan.resident == resident_id).first())
            if goal is None:
                raise InvalidInput({"goal_id": "That goal is not one of this resident's."})
            domain_key = goal.domain.key
        elif not Domain.select().where(Domain.key == domain_key).exists():
            raise InvalidInput({"domain_key": "Choose a recovery domain from the list."})
        row = Referral.create(
            resident=resident_id, resource=resource.id if resource else None,
            provider_name="" if resource else item.provider_name,
            provider_contact="" if resource else item.provider_contact,
            staff=actor.id, status="made", note=item.note, goal_id=item.goal_id,
            domain_key=domain_key, method=item.method, made_on=item.made_on,
            next_check_on=item.next_check_on,
            needs_consent=resource.needs_consent if resource else item.needs_consent,
            updated_at=utcnow())
        to = resource.name if resource else item.provider_name
        check = f"; check {fmt_date(item.next_check_on)}" if item.next_check_on else ""
        event = _entry(actor, row, to, item.made_on,
                       f"made ({METHOD_LABELS[item.method].lower()}){check}", item.note)
        ReferralStep.create(referral=row.id, stage="made", on=item.made_on, note=item.note,
                            next_check_on=item.next_check_on, staff=actor.id, event=event.id)
        audit.record(actor, "referral_make", "referral", row.id, resident_id=resident_id)
    return _view(row, with_steps=True)


def move_referral(actor: Actor, referral_id: int, data: dict) -> ReferralView:
    """Record the next stage (or a check at the same stage) with its date; a timeline entry.

    Closing needs a reason; an outcome or closing ends the next check date."""
    require_perm(actor, Perm.WRITE_NOTES, "change a referral")
    item = validate(StageInput, data)
    with database.atomic():
        row = existing(Referral, referral_id, "That referral does not exist.")
        require_row(actor, Referral, row.id, "referral")
        allowed = next_stages(row.status)
        if not allowed:
            raise InvalidInput({"stage": f"This referral is {STAGE_LABELS[row.status]}: "
                                         "make a new referral to try again."})
        if item.stage not in allowed:
            raise InvalidInput({"stage": f"From {STAGE_LABELS[row.status]} it can move to: "
                                         + ", ".join(STAGE_LABELS[s] for s in allowed) + "."})
        last = (ReferralStep.select(ReferralStep.on).where(ReferralStep.referral == row.id)
                .order_by(ReferralStep.on.desc()).scalar())
        if item.on > local_today():
            raise InvalidInput({"on": "Record what has happened: today or earlier."})
        if last is not None and item.on < last:
            raise InvalidInput({"on": f"The referral's last stage was on {fmt_date(last)}; "
                                      "this one comes on or after it."})
        if item.stage == "closed" and not item.reason:
            raise InvalidInput({"reason": "Say why the referral is closed."})
        stays_open = item.stage in OPEN_STAGES
        if item.next_check_on is not None and not stays_open:
            raise InvalidInput({"next_check_on": f"A {STAGE_LABELS[item.stage]} referral "
                                                 "has no next check; leave it empty."})
        if item.next_check_on is not None and item.next_check_on < item.on:
            raise InvalidInput({"next_check_on": "The next check comes after this stage."})
        view_to = _view(row).to
        if item.stage == row.status:
            words = "checked, still " + STAGE_LABELS[row.status]
        else:
            words = STAGE_LABELS[item.stage]
        if item.stage == "closed":
            words += f" ({item.reason})"
        if stays_open and item.next_check_on:
            words += f"; next check {fmt_date(item.next_check_on)}"
        event = _entry(actor, row, view_to, item.on, words, item.note)
        ReferralStep.create(referral=row.id, stage=item.stage, on=item.on, note=item.note,
                            next_check_on=item.next_check_on if stays_open else None,
                            staff=actor.id, event=event.id)
        row.status = item.stage
        row.next_check_on = item.next_check_on if stays_open else None
        if item.stage == "closed":
            row.closed_reason = item.reason
        row.updated_at = utcnow()
        row.save()
        audit.record(actor, "referral_stage", "referral", row.id, resident_id=row.resident_id,
                     detail=item.stage)
    return _view(row, with_steps=True)


def get_referral(actor: Actor, referral_id: int) -> ReferralView:
    """One referral with every stage it passed through (audited as a view)."""
    require_perm(actor, Perm.READ_CLINICAL, "open referrals")
    row = existing(Referral, referral_id, "That referral does not exist.")
    require_row(actor, Referral, row.id, "referral")
    with database.atomic():
        audit.record(actor, "view", "referral", row.id, resident_id=row.resident_id)
    return _view(row, with_steps=True)


def resident_referrals(actor: Actor, resident_id: int) -> list[ReferralView]:
    """A resident's referrals: open ones first (oldest check first), then past ones."""
    require_perm(actor, Perm.READ_CLINICAL, "open referrals")
    require_resident(actor, resident_id)
    rows = list(Referral.select().where(Referral.resident == resident_id)
                .order_by(Referral.created_at.desc(), Referral.id.desc()))
    with database.atomic():
        audit.record(actor, "view", "referral", None, resident_id=resident_id,
                     detail="resident referrals")
    views = [_view(r, with_steps=True) for r in rows]
    open_ = sorted((v for v in views if v.is_open),
                   key=lambda v: (v.next_check_on or date.max, v.made_on))
    return open_ + [v for v in views if not v.is_open]


SORTS = ("age", "stage", "check")


def house_referrals(actor: Actor, sort: str = "age", *, open_only: bool = True,
                    limit: int = 500) -> list[ReferralView]:
    """Every open referral of the house (or all), oldest first, by stage, or by check date."""
    require_perm(actor, Perm.READ_CLINICAL, "open referrals")
    query = Referral.select().join(Resident, on=(Referral.resident == Resident.id)).where(
        in_scope(actor))
    if open_only:
        query = query.where(Referral.status.in_(OPEN_STAGES))
    rows = list(query.order_by(Referral.made_on, Referral.id).limit(limit))
    with database.atomic():
        audit.record(actor, "view", "referral", None, detail=f"house referrals by {sort}")
    views = [_view(r, with_steps=True) for r in rows]
    if sort == "stage":
        views.sort(key=lambda v: (STAGES.index(v.stage), v.made_on, v.id))
    elif sort == "check":
        views.sort(key=lambda v: (v.next_check_on or date.max, v.made_on, v.id))
    else:
        views.sort(key=lambda v: (v.made_on, v.id))
    return views


def checks_due(actor: Actor, today: date, limit: int = 50) -> list[ReferralView]:
    """Open referrals whose next check date has passed (the hand-off lists them)."""
    require_perm(actor, Perm.READ_CLINICAL, "open referrals")
    rows = (Referral.select().join(Resident, on=(Referral.resident == Resident.id))
            .where(Referral.status.in_(OPEN_STAGES), Referral.next_check_on < today,
                   in_scope(actor))
            .order_by(Referral.next_check_on, Referral.id).limit(limit))
    return [_view(r) for r in rows]


def goal_choices(actor: Actor, resident_id: int) -> list[tuple[int, str, str]]:
    """(goal id, the goal in the resident's words, domain key) for the referral form."""
    require_perm(actor, Perm.READ_CLINICAL, "make a referral")
    require_resident(actor, resident_id)
    query = (Goal.select(Goal.id, Goal.own_words, Domain.key).join(RecoveryPlan)
             .switch(Goal).join(Domain, JOIN.INNER)
             .where(RecoveryPlan.resident == resident_id,
                    Goal.status.not_in(["let_go", "achieved"]))
             .order_by(Goal.position, Goal.id))
    return [(gid, " ".join(words.split())[:80], key) for gid, words, key in query.tuples()]


def form_choices(actor: Actor, resident_id: int):
    """What the referral form offers, in one call: (directory entries in use, the
    resident's open goals, the recovery domains)."""

    return (list_resources(actor), goal_choices(actor, resident_id), domain_choices())
