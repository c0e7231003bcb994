"""The engagement timeline and what feeds it: events, group sessions, check-ins, concerns."""

from __future__ import annotations

from peewee import SQL, BooleanField, CharField, DateField, DateTimeField
from peewee import ForeignKeyField, IntegerField, TextField

from peer_tui.models.base import BaseModel, utcnow
from peer_tui.models.people import Resident, Staff

EVENT_KINDS = (
    "contact", "checkin", "group", "goal_update", "concern_raised", "concern_resolved",
    "referral", "plan_change", "status_change", "note", "assessment",
)
CHANNELS = ("in_person", "phone", "video", "text")
SEVERITIES = ("low", "medium", "high", "urgent")
# Stored next to the word so "open concerns by severity" is one index scan.
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "urgent": 4}


class GroupSession(BaseModel):
    """One group (a house meeting, a SMART Recovery session...) logged once for all attendees."""

    name = CharField(max_length=200)
    occurred_at = DateTimeField()
    facilitator = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    topic = CharField(max_length=200, default="")
    note = TextField(default="")
    created_by = ForeignKeyField(Staff, null=True, backref="groups_logged",
                                 on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class CheckIn(BaseModel):
    """A resident's self check-in (kiosk) or one recorded by staff. ``answers`` is JSON."""

    resident = ForeignKeyField(Resident, backref="checkins", on_delete="RESTRICT")
    submitted_at = DateTimeField(default=utcnow)
    source = CharField(max_length=10, default="kiosk")
    mood = IntegerField(null=True)
    craving = IntegerField(null=True)
    used_since_last = CharField(max_length=20, default="")  # yes, no, prefer_not_to_say
    wants_to_talk = BooleanField(default=False)
    safety_concern = BooleanField(default=False)
    answers = TextField(default="{}")
    # The resident's own typed words (text answers), kept apart so the hand-off can show
    # them in full without reading the questionnaire. Added by migration 4; the database's
    # own default keeps raw inserts (the benchmark generator) working.
    free_text = TextField(default="", constraints=[SQL("DEFAULT ''")])

    class Meta:
        indexes = ((("resident", "submitted_at"), False),)


class Concern(BaseModel):
    """A worry raised with the case-management team, from notice to resolution."""

    resident = ForeignKeyField(Resident, backref="concerns", on_delete="RESTRICT")
    raised_at = DateTimeField(default=utcnow)
    raised_by = ForeignKeyField(Staff, null=True, backref="concerns_raised",
                                on_delete="SET NULL")  # null: raised by the kiosk
    source = CharField(max_length=10, default="staff")  # staff, kiosk
    severity = CharField(max_length=10)
    severity_rank = IntegerField()
    summary = TextField()
    status = CharField(max_length=10, default="open")  # open, resolved
    assignee = ForeignKeyField(Staff, null=True, backref="concerns_assigned",
                               on_delete="SET NULL")
    assigned_at = DateTimeField(null=True)  # when the assignee was last set or changed
    assigned_by = ForeignKeyField(Staff, null=True, backref="concerns_handed_out",
                                  on_delete="SET NULL")
    acknowledged_at = DateTimeField(null=True)
    acknowledged_by = ForeignKeyField(Staff, null=True, backref="concerns_acknowledged",
                                      on_delete="SET NULL")
    resolved_at = DateTimeField(null=True)
    resolved_by = ForeignKeyField(Staff, null=True, backref="concerns_resolved",
                                  on_delete="SET NULL")
    resolution = TextField(default="")

    class Meta:
        indexes = (
            (("status", "severity_rank", "raised_at"), False),
            (("resident", "status"), False),
        )


class ConcernNote(BaseModel):
    concern = ForeignKeyField(Concern, backref="notes", on_delete="CASCADE")
    author = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    body = TextField()


class Event(BaseModel):
    """One entry on a resident's timeline. Never edited: corrected or voided by a new entry.

    Paged newest-first by the (resident, occurred_at, id) index: keyset, never OFFSET.
    """

    resident = ForeignKeyField(Resident, backref="events", on_delete="RESTRICT")
    occurred_at = DateTimeField()
    recorded_at = DateTimeField(default=utcnow)
    kind = CharField(max_length=20)
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    channel = CharField(max_length=20, default="")
    duration_minutes = IntegerField(null=True)
    summary = CharField(max_length=300)
    note = TextField(default="")
    follow_up_on = DateField(null=True)
    follow_up_done_at = DateTimeField(null=True)
    corrects = ForeignKeyField("self", null=True, backref="corrections",
                               on_delete="RESTRICT")
    voided_at = DateTimeField(null=True)
    voided_by = ForeignKeyField(Staff, null=True, backref="events_voided",
                                on_delete="SET NULL")
    void_reason = TextField(default="")
    group_session = ForeignKeyField(GroupSession, null=True, backref="events",
                                    on_delete="RESTRICT")
    checkin = ForeignKeyField(CheckIn, null=True, backref="events", on_delete="RESTRICT")
    concern = ForeignKeyField(Concern, null=True, backref="events", on_delete="RESTRICT")

    class Meta:
        indexes = (
            (("resident", "occurred_at", "id"), False),
            (("resident", "kind", "occurred_at"), False),
            (("follow_up_on", "follow_up_done_at"), False),
            (("recorded_at",), False),
            # A month's contacts or groups across every resident (the program report).
            (("kind", "occurred_at"), False),
        )
