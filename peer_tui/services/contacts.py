"""Logging a contact: the most common thing staff do, so one short form and one transaction.

A saved contact is an Event(kind="contact"), its audit row and the resident's refreshed
caseload summary, together: "last contact" is right everywhere the moment it is saved.
Front-desk staff cannot write contact notes (they leave a message for staff instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from peer_tui.models.db import database
from peer_tui.models.event_links import tag_event
from peer_tui.models.event_schemas import CHANNEL_LABELS, ContactInput, competencies
from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.models.plans import Goal, RecoveryPlan
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit
from peer_tui.services.errors import InvalidInput, NotFound, validate
from peer_tui.services.permissions import Actor, Perm, require, require_perm
from peer_tui.timeutil import local_to_utc
from peer_tui.services.house_scope import require_resident

SUMMARY_LIMIT = 120


@dataclass(frozen=True)
class GoalChoice:
    id: int
    label: str


def role_choices() -> list[tuple[str, str]]:
    """(key, name) of the 16 peer-support roles a contact can be tagged with."""
    return list(competencies())


def resident_goals(actor: Actor, resident_id: int) -> list[GoalChoice]:
    """The resident's current goals, to link a contact to. Clinical staff only."""
    require(actor, clinical=True)
    require_resident(actor, resident_id)
    query = (Goal.select(Goal.id, Goal.own_words)
             .join(RecoveryPlan).where(RecoveryPlan.resident == resident_id,
                                       Goal.status.not_in(["let_go", "achieved"]))
             .order_by(Goal.position, Goal.id))
    return [GoalChoice(gid, " ".join(words.split())[:80]) for gid, words in query.tuples()]


def derive_summary(note: str, channel: str) -> str:
    """A summary line from the note's first line, or the channel when there is no note."""
    first = next((line.strip() for line in note.splitlines() if line.strip()), "")
    if not first:
        return f"{CHANNEL_LABELS.get(channel, channel)} contact"
    return first if len(first) <= SUMMARY_LIMIT else first[:SUMMARY_LIMIT - 1] + "\u2026"


def log_contact(actor: Actor, resident_id: int, data: dict) -> int:
    """Save a contact for RESIDENT_ID from the form's DATA. Returns the new event id."""
    require_perm(actor, Perm.WRITE_NOTES, "log a contact")
    contact = validate(ContactInput, data)
    if contact.goal_ids and not actor.can_read_clinical:
        raise InvalidInput({"goal_ids": "Front-desk accounts cannot link plan goals."})
    hour, minute = (int(p) for p in contact.at.split(":"))
    occurred = local_to_utc(datetime.combine(contact.on, time(hour, minute)))
    with database.atomic():
        require_resident(actor, resident_id)
        if not Resident.select().where(Resident.id == resident_id).exists():
            raise NotFound("That resident does not exist.")
        if contact.goal_ids:
            found = (Goal.select(Goal.id).join(RecoveryPlan)
                     .where(Goal.id.in_(contact.goal_ids),
                            RecoveryPlan.resident == resident_id).count())
            if found != len(set(contact.goal_ids)):
                raise InvalidInput({"goal_ids": "A linked goal is not one of this "
                                                "resident's goals."})
        event = Event.create(
            resident=resident_id, occurred_at=occurred, kind="contact", staff=actor.id,
            channel=contact.channel, duration_minutes=contact.duration_minutes,
            summary=contact.summary or derive_summary(contact.note, contact.channel),
            note=contact.note, follow_up_on=contact.follow_up_on)
        tag_event(event.id, contact.roles, contact.goal_ids)
        audit.record(actor, "contact_log", "event", event.id, resident_id=resident_id)
        refresh_resident_summary(resident_id)
    return event.id

