"""Standardised assessments (the BARC-10): saved once, never changed.

A mistake is corrected by a new assessment that names the one it replaces and why, like
other corrections; the database refuses UPDATE and DELETE on the table (migration 8). The
table arrived after the first schema, so its migration creates it (it is not in migration
1's list, see ``models/migrations.py``).
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from peer_tui.models.base import BaseModel, utcnow
from peer_tui.models.events import Event
from peer_tui.models.people import Resident, Staff

ASSESSMENT_SOURCES = ("kiosk", "interview")


class Assessment(BaseModel):
    """One completed (or partly completed) instrument, e.g. a BARC-10."""

    resident = ForeignKeyField(Resident, backref="assessments", on_delete="RESTRICT")
    instrument = CharField(max_length=40)  # "barc10": the assets/ file it was taken from
    taken_at = DateTimeField()
    recorded_at = DateTimeField(default=utcnow)
    source = CharField(max_length=10)  # kiosk (self-report) or interview (with staff)
    staff = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")  # null: at the kiosk
    language = CharField(max_length=10, default="en")
    answers = TextField()  # JSON list, one value (or null: skipped) per item, in order
    total = IntegerField(null=True)  # null when an item was skipped: never a guessed total
    corrects = ForeignKeyField("self", null=True, backref="corrections",
                               on_delete="RESTRICT")
    correction_reason = TextField(default="")
    event = ForeignKeyField(Event, null=True, on_delete="RESTRICT")  # its timeline entry

    class Meta:
        indexes = ((("resident", "instrument", "taken_at"), False),)


ASSESSMENT_TABLES = [Assessment]
