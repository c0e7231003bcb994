"""What a timeline entry is tagged with, one row a tag: the peer-support roles a contact used,
and the plan goals it worked on.

Rows, not a comma-separated column, so that "contacts tagged resource broker last month" or
"contacts about this goal" is a join on an index. A correction carries its original's tags
(copied, as the entry's text is). The order staff ticked them in is the order of the ids.

Both tables arrived after the first schema, so their own migration creates them (they are
not in migration 1's list) and moves what the old comma-separated ``event.roles`` and
``event.goal_ids`` columns held (``_move_event_tags`` in ``models/migrations.py``).
"""

from __future__ import annotations

from peewee import CharField, ForeignKeyField

from peer_tui.models.base import BaseModel
from peer_tui.models.events import Event
from peer_tui.models.plans import Goal


class EventRole(BaseModel):
    """One peer-support role (a competency key, ``assets/competencies.json``) an entry used."""

    event = ForeignKeyField(Event, backref="role_tags", on_delete="RESTRICT")
    role = CharField(max_length=400)

    class Meta:
        table_name = "event_role"
        indexes = (
            (("event", "role"), True),
            (("role", "event"), False),  # entries by role: the reports' question
        )


class EventGoal(BaseModel):
    """One plan goal an entry worked on."""

    event = ForeignKeyField(Event, backref="goal_links", on_delete="RESTRICT")
    goal = ForeignKeyField(Goal, backref="event_links", on_delete="RESTRICT")

    class Meta:
        table_name = "event_goal"
        indexes = ((("event", "goal"), True),)


LINK_TABLES = [EventRole, EventGoal]


def roles_of(event_ids: list[int]) -> dict[int, list[str]]:
    """{event id: [role key, in the order they were ticked]} for EVENT_IDS that have roles."""
    found: dict[int, list[str]] = {}
    if event_ids:
        for event_id, role in (EventRole.select(EventRole.event, EventRole.role)
                               .where(EventRole.event.in_(event_ids))
                               .order_by(EventRole.id).tuples()):
            found.setdefault(event_id, []).append(role)
    return found


def goal_ids_of(event_id: int) -> list[int]:
    """The ids of the goals EVENT_ID is linked to, in the order they were picked."""
    return [g for (g,) in EventGoal.select(EventGoal.goal).where(EventGoal.event == event_id)
            .order_by(EventGoal.id).tuples()]


def tag_event(event_id: int, roles: list[str], goal_ids: list[int]) -> None:
    """Store ROLES and GOAL_IDS for a new entry (each once, in the order given)."""
    roles = list(dict.fromkeys(r for r in roles if r))
    goal_ids = list(dict.fromkeys(goal_ids))
    if roles:
        EventRole.insert_many([(event_id, r) for r in roles],
                              fields=[EventRole.event, EventRole.role]).execute()
    if goal_ids:
        EventGoal.insert_many([(event_id, g) for g in goal_ids],
                              fields=[EventGoal.event, EventGoal.goal]).execute()
