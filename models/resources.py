"""The resource directory (mutual-aid groups, services) and referrals to it."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

from peer_tui.models.base import BaseModel, utcnow
from peer_tui.models.people import Resident, Staff


class Resource(BaseModel):
    """A group or service a resident can be connected to, tagged with its recovery pathway."""

    name = CharField(max_length=200, unique=True)
    category = CharField(max_length=40)  # mutual_aid, treatment, housing, employment...
    pathway = CharField(max_length=20)  # clinical, non_clinical, self_managed
    description = TextField(default="")
    contact = CharField(max_length=200, default="")
    website = CharField(max_length=200, default="")
    active = BooleanField(default=True)


class Referral(BaseModel):
    resident = ForeignKeyField(Resident, backref="referrals", on_delete="RESTRICT")
    resource = ForeignKeyField(Resource, backref="referrals", on_delete="RESTRICT")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    status = CharField(max_length=20, default="made")  # made, connected, declined, closed
    note = TextField(default="")
