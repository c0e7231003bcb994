"""Disclosures of a resident's records to someone other than the resident (42 CFR Part 2).

Every one is logged here in the same transaction as the file it wrote: when, what, to whom,
for what purpose, under which consent (or as a medical emergency, 2.51), by whom. The
accounting of disclosures (2.24) reads this table."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

from peer_tui.models.base import BaseModel, utcnow
from peer_tui.models.people import Consent, Resident, Staff


class Disclosure(BaseModel):
    resident = ForeignKeyField(Resident, backref="disclosures", on_delete="RESTRICT")
    consent = ForeignKeyField(Consent, null=True, backref="disclosures", on_delete="RESTRICT")
    at = DateTimeField(default=utcnow)
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    recipient = CharField(max_length=200)
    purpose = TextField()
    what = CharField(max_length=200)  # "recovery plan (html)", "referral packet"...
    emergency = BooleanField(default=False)
    emergency_reason = TextField(default="")

    class Meta:
        indexes = ((("resident", "at"), False),)


LATER_TABLES = [Disclosure]
