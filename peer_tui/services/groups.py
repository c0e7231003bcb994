"""Group notes: one session logged once, an event on every attendee's timeline.

The whole group is one transaction: the GroupSession, one Event per attendee (with their
optional addendum), the audit rows and every attendee's caseload summary, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from peer_tui.models.db import database
from peer_tui.models.event_schemas import GroupInput
from peer_tui.models.events import Event, GroupSession
from peer_tui.models.people import Resident, Staff
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit
from peer_tui.services.errors import InvalidInput, validate
from peer_tui.services.permissions import Actor, Perm, require, require_perm
from peer_tui.timeutil import local_to_utc
from peer_tui.services.house_scope import in_scope

MAX_ATTENDEES = 200


@dataclass(frozen=True)
class AttendeeChoice:
    id: int
    name: str
    room: str


def attendee_choices(actor: Actor) -> list[AttendeeChoice]:
    """Active residents, by name, to pick attendees from (a house is tens, not thousands)."""
    require(actor)
    query = (Resident.select(Resident.id, Resident.first_name, Resident.last_name,
                             Resident.preferred_name, Resident.room)
             .where(Resident.status == "active", in_scope(actor))
             .order_by(Resident.last_name, Resident.first_name).limit(2000))
    return [AttendeeChoice(rid, f"{preferred or first} {last}", room or "")
            for rid, first, last, preferred, room in query.tuples()]


def facilitator_choices() -> list[tuple[int, str]]:
    return [(s.id, s.display_name) for s in Staff.select(Staff.id, Staff.display_name)
            .where(Staff.active == True).order_by(Staff.display_name)]  # noqa: E712


@dataclass(frozen=True)
class GroupResult:
    group_id: int
    event_ids: list[int]


def log_group(actor: Actor, data: dict) -> GroupResult:
    """Log one group session for every attendee in DATA, all or nothing."""
    require_perm(actor, Perm.WRITE_NOTES, "write a group note")
    group = validate(GroupInput, data)
    if len(group.attendee_ids) > MAX_ATTENDEES:
        raise InvalidInput({"attendee_ids": f"At most {MAX_ATTENDEES} attendees per group."})
    stray = set(group.addenda) - set(group.attendee_ids)
    if stray:
        raise InvalidInput({"addenda": "An addendum is for someone who is not an attendee."})
    hour, minute = (int(p) for p in group.at.split(":"))
    occurred = local_to_utc(datetime.combine(group.on, time(hour, minute)))
    summary = group.name + (f": {group.topic}" if group.topic else "")
    base_note = group.note
    with database.atomic():
        active = {r for (r,) in Resident.select(Resident.id)
                  .where(Resident.id.in_(group.attendee_ids), in_scope(actor)).tuples()}
        missing = [i for i in group.attendee_ids if i not in active]
        if missing:
            raise InvalidInput({"attendee_ids": "An attendee no longer exists; pick again."})
        if group.facilitator_id is not None and not Staff.select().where(
                Staff.id == group.facilitator_id).exists():
            raise InvalidInput({"facilitator_id": "Pick a facilitator from the list."})
        session = GroupSession.create(
            name=group.name, occurred_at=occurred, facilitator=group.facilitator_id,
            topic=group.topic, note=group.note, created_by=actor.id)
        ids = []
        for resident_id in group.attendee_ids:
            extra = group.addenda.get(resident_id, "").strip()
            note = base_note + (f"\n\nFor this resident: {extra}" if extra else "")
            event = Event.create(
                resident=resident_id, occurred_at=occurred, kind="group",
                staff=group.facilitator_id or actor.id, channel="in_person",
                duration_minutes=group.duration_minutes, summary=summary[:300], note=note,
                group_session=session.id)
            ids.append(event.id)
            audit.record(actor, "group_log", "event", event.id, resident_id=resident_id,
                         detail=f"group {session.id}")
            refresh_resident_summary(resident_id)
        audit.record(actor, "group_create", "group_session", session.id,
                     detail=f"{len(ids)} attendees")
    return GroupResult(session.id, ids)
