"""Recovery domains and the personal recovery plan: goals, steps, supports, reviews, revisions."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateField, DateTimeField
from peewee import ForeignKeyField, IntegerField, TextField

from peer_tui.models.base import BaseModel, utcnow
from peer_tui.models.events import Event
from peer_tui.models.people import Resident, Staff
from peer_tui.models.resources import Resource

GOAL_STATUSES = ("not_started", "in_progress", "achieved", "paused", "let_go")
STEP_OWNERS = ("resident", "peer_specialist", "case_manager", "other")
PLAN_DIRECTIONS = ("professional", "resident")
PATHWAYS = ("clinical", "non_clinical", "self_managed")


class Domain(BaseModel):
    """A recovery domain (housing, employment...): data seeded from assets, never hard-coded."""

    key = CharField(max_length=40, unique=True)
    name = CharField(max_length=80)
    sort_order = IntegerField(default=0)
    active = BooleanField(default=True)


class RecoveryPlan(BaseModel):
    """The resident's own plan, reviewed with their peer specialist. One per resident."""

    resident = ForeignKeyField(Resident, backref="plans", unique=True, on_delete="RESTRICT")
    direction = CharField(max_length=20, default="professional")
    strengths = TextField(default="")
    pathways = CharField(max_length=100, default="")  # comma-separated PATHWAYS keys
    reengage_warning_signs = TextField(default="")
    reengage_what_helps = TextField(default="")
    reengage_contacts = TextField(default="")
    reengage_outreach = TextField(default="")
    review_rule = CharField(max_length=200, default="")  # an RFC 5545 RRULE
    review_start = DateField(null=True)
    next_review_date = DateField(null=True)
    last_reviewed_on = DateField(null=True)
    revision_number = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class PlanRevision(BaseModel):
    """A saved state of the plan: one per editing session (a staff member's consecutive saves
    within a few minutes fold into it); sign-off is recorded on one and closes it."""

    plan = ForeignKeyField(RecoveryPlan, backref="revisions", on_delete="RESTRICT")
    number = IntegerField()
    author = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(null=True)  # the last save folded in (null: only one save)
    event = ForeignKeyField(Event, null=True, on_delete="SET NULL")  # its timeline entry
    change_summary = TextField(default="")
    snapshot = TextField()  # JSON of the whole plan as saved
    signed_off_on = DateField(null=True)
    signed_off_with = ForeignKeyField(Staff, null=True, backref="signoffs",
                                      on_delete="SET NULL")

    class Meta:
        indexes = ((("plan", "number"), True),)


class Goal(BaseModel):
    plan = ForeignKeyField(RecoveryPlan, backref="goals", on_delete="RESTRICT")
    domain = ForeignKeyField(Domain, on_delete="RESTRICT")
    own_words = TextField()
    why = TextField(default="")
    target_date = DateField(null=True)
    status = CharField(max_length=20, default="not_started")
    position = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class ActionStep(BaseModel):
    goal = ForeignKeyField(Goal, backref="steps", on_delete="CASCADE")
    text = TextField()
    owner = CharField(max_length=20, default="resident")
    due_date = DateField(null=True, index=True)
    done = BooleanField(default=False)
    done_on = DateField(null=True)
    position = IntegerField(default=0)


class PlanSupport(BaseModel):
    """A support in the plan: a resource from the directory (a mutual-aid group...) or a person."""

    plan = ForeignKeyField(RecoveryPlan, backref="supports", on_delete="CASCADE")
    kind = CharField(max_length=20, default="person")  # person, group, resource
    resource = ForeignKeyField(Resource, null=True, on_delete="SET NULL")
    name = CharField(max_length=200)
    relationship = CharField(max_length=100, default="")
    contact = CharField(max_length=200, default="")


class PlanReview(BaseModel):
    """A review of the plan held with the resident; recording one moves the next due date."""

    plan = ForeignKeyField(RecoveryPlan, backref="reviews", on_delete="RESTRICT")
    reviewed_on = DateField()
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)
