"""Follow-up interviews funders require at fixed points of a stay (at intake, 3 and 6 months,
at discharge...). The points and their windows are settings (``followup_points``); a row says
that the interview for one point was done, on which day, by whom.

Created by migration 9 (not in migration 1's list, see ``models/migrations.py``).
"""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField

from peer_tui.models.base import BaseModel, utcnow
from peer_tui.models.events import Event
from peer_tui.models.people import Resident, Staff


class FollowUpInterview(BaseModel):
    """One follow-up interview done (never edited: a mistaken one is voided on the timeline
    through its entry, and the report leaves it out)."""

    resident = ForeignKeyField(Resident, backref="interviews", on_delete="RESTRICT")
    point = CharField(max_length=40)  # a followup_points key, e.g. "6_months"
    done_on = DateField()
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    event = ForeignKeyField(Event, null=True, on_delete="RESTRICT")
    recorded_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "follow_up_interview"
        indexes = ((("resident", "point", "done_on"), False),)


INTERVIEW_TABLES = [FollowUpInterview]
