"""The resource directory (mutual-aid groups, services) and referrals to it.

A referral is followed to its outcome: its ``status`` is the stage it has reached, and every
stage it passed through is a ``ReferralStep`` row (with the timeline entry that reported it),
so nothing about a referral is ever overwritten. Nothing that has referrals is deleted: a
directory entry is retired (``active`` false), a referral is closed with a reason.
"""

from __future__ import annotations

from peewee import (SQL, BooleanField, CharField, DateField, DateTimeField, ForeignKeyField,
                    IntegerField, TextField)

from peer_tui.models.base import BaseModel, utcnow
from peer_tui.models.events import Event
from peer_tui.models.people import Consent, Resident, Staff

# Columns added after the first schema carry a database default as well, so that raw
# inserts (the benchmark generator) that do not name them keep working.
_EMPTY = [SQL("DEFAULT ''")]
_FALSE = [SQL("DEFAULT FALSE")]  # TRUE and FALSE: PostgreSQL refuses 0 for a boolean


class Resource(BaseModel):
    """A group or service a resident can be connected to, tagged with its recovery pathway."""

    name = CharField(max_length=200, unique=True)
    category = CharField(max_length=40)  # mutual_aid, treatment, housing, employment...
    pathway = CharField(max_length=20)  # clinical, non_clinical, self_managed
    description = TextField(default="")
    contact = CharField(max_length=200, default="")
    website = CharField(max_length=200, default="")
    active = BooleanField(default=True)
    # Added by migration 9.
    address = CharField(max_length=300, default="", constraints=_EMPTY)
    phone = CharField(max_length=100, default="", constraints=_EMPTY)
    hours = CharField(max_length=200, default="", constraints=_EMPTY)
    needs_consent = BooleanField(default=False, constraints=_FALSE)
    """Sharing anything about a resident with this provider needs a written consent."""
    updated_at = DateTimeField(null=True)


class Referral(BaseModel):
    """A resident referred to a directory entry, or to a one-off provider by name."""

    resident = ForeignKeyField(Resident, backref="referrals", on_delete="RESTRICT")
    resource = ForeignKeyField(Resource, null=True, backref="referrals", on_delete="RESTRICT")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    status = CharField(max_length=20, default="made", index=True)  # the stage (referrals.py)
    note = TextField(default="")
    # Added by migration 9.
    provider_name = CharField(max_length=200, default="", constraints=_EMPTY)
    provider_contact = CharField(max_length=200, default="", constraints=_EMPTY)
    goal_id = IntegerField(null=True)  # the plan goal it serves (plans.py imports this module)
    domain_key = CharField(max_length=40, default="", constraints=_EMPTY)
    method = CharField(max_length=20, default="", constraints=_EMPTY)
    made_on = DateField(null=True)
    next_check_on = DateField(null=True)
    needs_consent = BooleanField(default=False, constraints=_FALSE)
    consent = ForeignKeyField(Consent, null=True, on_delete="RESTRICT")
    closed_reason = TextField(default="", constraints=_EMPTY)
    updated_at = DateTimeField(null=True)


class ReferralStep(BaseModel):
    """One stage a referral reached (made, contacted... engaged, closed), never changed."""

    referral = ForeignKeyField(Referral, backref="steps", on_delete="RESTRICT")
    stage = CharField(max_length=20)
    on = DateField()
    note = TextField(default="")
    next_check_on = DateField(null=True)
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    event = ForeignKeyField(Event, null=True, on_delete="RESTRICT")  # the entry reporting it
    recorded_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("referral", "recorded_at"), False),)


LATER_TABLES = [ReferralStep]
