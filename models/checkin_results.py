"""What a kiosk check-in leaves behind besides its own row: goal updates for staff to confirm,
and the meetings the resident said they went to (counted per resident, by pathway).

Both tables arrived after the first schema, so migration 4 creates them (they are not in
migration 1's list, see ``models/migrations.py``).
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField

from peer_tui.models.base import BaseModel, utcnow
from peer_tui.models.events import CheckIn, Event
from peer_tui.models.people import Resident, Staff
from peer_tui.models.plans import Goal

PROPOSAL_OUTCOMES = ("", "confirmed", "declined")


class GoalUpdateProposal(BaseModel):
    """A goal status the resident's check-in answer suggests; staff confirm or decline it.

    Never applied by itself: the plan changes only when a staff member confirms (one key on
    the plan tab), which saves a plan revision like any other edit.
    """

    resident = ForeignKeyField(Resident, backref="goal_proposals", on_delete="RESTRICT")
    goal = ForeignKeyField(Goal, backref="proposals", on_delete="CASCADE")
    checkin = ForeignKeyField(CheckIn, null=True, backref="goal_proposals",
                              on_delete="RESTRICT")
    event = ForeignKeyField(Event, null=True, on_delete="RESTRICT")
    proposed_status = CharField(max_length=20)
    answer = CharField(max_length=60, default="")  # the resident's words, e.g. "I reached it"
    created_at = DateTimeField(default=utcnow)
    decided_at = DateTimeField(null=True)
    decided_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    outcome = CharField(max_length=10, default="")

    class Meta:
        indexes = ((("resident", "decided_at"), False),)


class MeetingAttendance(BaseModel):
    """One meeting or group a resident ticked at a check-in ("since your last check-in").

    Name and pathway are copied from the plan's support when the check-in is saved, so the
    count stays true when the support is later renamed or removed from the plan.
    """

    resident = ForeignKeyField(Resident, backref="meetings", on_delete="RESTRICT")
    checkin = ForeignKeyField(CheckIn, backref="meetings", on_delete="RESTRICT")
    reported_at = DateTimeField(default=utcnow)
    name = CharField(max_length=200)
    pathway = CharField(max_length=20, default="")  # clinical, non_clinical, self_managed, ""

    class Meta:
        indexes = ((("resident", "reported_at"), False),)


LATER_TABLES = [GoalUpdateProposal, MeetingAttendance]
