"""Concerns: raised by staff (or the kiosk), discussed by the team, resolved with a resolution.

Raising and resolving each put an entry on the resident's timeline and refresh the caseload
summary in the same transaction. Open urgent concerns stay in every staff header until
someone acknowledges them (``acknowledge``), whichever process raised them.
Front-desk staff do not raise concerns or read them; what they notice reaches the team as a
"message for staff" (``message_for_staff``), a low concern in the same queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN

from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.event_schemas import ConcernInput, ConcernNoteInput, ResolveInput
from peer_tui.models.events import SEVERITY_RANK, Concern, ConcernNote, Event
from peer_tui.models.people import Resident, Staff
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit
from peer_tui.services.errors import InvalidInput, NotFound, existing, validate
from peer_tui.services.permissions import Actor, Perm, require, require_perm
from peer_tui.services.house_scope import in_scope, require_resident, require_row

ASSIGNEE_ROLES = ("case_manager", "admin", "peer_specialist")
QUEUE_LIMIT = 500
MESSAGE_LIMIT = 300  # the concern summary's limit: a message for staff is short


@dataclass(frozen=True)
class ConcernRow:
    """One line of the concerns queue."""

    id: int
    resident_id: int
    resident_name: str
    severity: str
    summary: str
    raised_at: datetime
    source: str
    assignee_id: int | None
    assignee_name: str
    acknowledged: bool
    status: str
    note_count: int


@dataclass(frozen=True)
class NoteRow:
    author: str
    created_at: datetime
    body: str


@dataclass(frozen=True)
class ConcernDetail:
    row: ConcernRow
    raised_by: str
    acknowledged_at: datetime | None
    acknowledged_by: str
    resolved_at: datetime | None
    resolved_by: str
    resolution: str
    notes: list[NoteRow]
    assigned_at: datetime | None = None
    assigned_by: str = ""


def assignee_choices() -> list[tuple[int, str]]:
    """Active staff of the case-management team, (id, name)."""
    return [(s.id, s.display_name) for s in Staff.select(Staff.id, Staff.display_name)
            .where(Staff.active == True, Staff.role.in_(ASSIGNEE_ROLES))  # noqa: E712
            .order_by(Staff.display_name)]


def raise_concern(actor: Actor | None, resident_id: int, data: dict, *,
                  source: str = "staff") -> int:
    """Raise a concern. ACTOR None is the kiosk (SOURCE "kiosk"). Returns the concern id."""
    if source == "staff":
        require_perm(actor, Perm.WRITE_NOTES, "raise a concern")
    elif source == "desk":
        require_perm(actor, Perm.MESSAGE_STAFF, "leave a message for staff")
    elif source != "kiosk":
        raise InvalidInput({"": f"Unknown concern source {source!r}."})
    elif actor is not None:
        raise InvalidInput({"": "Only the kiosk raises concerns without a staff member."})
    concern = validate(ConcernInput, data)
    now = utcnow()
    by = actor.id if actor is not None else None
    with database.atomic():
        if not Resident.select().where(Resident.id == resident_id).exists():
            raise NotFound("That resident does not exist.")
        if actor is not None:  # the kiosk is bound to its house at the resident's sign-in
            require_resident(actor, resident_id)
        if concern.assignee_id is not None and not Staff.select().where(
                Staff.id == concern.assignee_id, Staff.role.in_(ASSIGNEE_ROLES)).exists():
            raise InvalidInput({"assignee_id": "Pick someone from the case-management team."})
        row = Concern.create(
            resident=resident_id, raised_at=now, raised_by=by, source=source,
            severity=concern.severity, severity_rank=SEVERITY_RANK[concern.severity],
            summary=concern.summary, assignee=concern.assignee_id,
            assigned_at=now if concern.assignee_id is not None else None,
            assigned_by=by if concern.assignee_id is not None else None)
        title = ("Message from the front desk" if source == "desk"
                 else f"Concern ({concern.severity})")
        Event.create(resident=resident_id, occurred_at=now, kind="concern_raised", staff=by,
                     summary=f"{title}: {concern.summary}"[:300],
                     concern=row.id)
        if actor is not None:
            audit.record(actor, "concern_raise", "concern", row.id, resident_id=resident_id)
        else:  # the kiosk acts for the signed-in resident
            audit.record(resident_id, "concern_raise", "concern", row.id,
                         resident_id=resident_id, actor_kind="resident")
        refresh_resident_summary(resident_id)
    return row.id


def message_for_staff(actor: Actor, resident_id: int, text: str) -> int:
    """A short note from the front desk about a resident, for the case-management team.

    It lands in the concerns queue as a low concern ("Message from the front desk"), so it is
    seen, assigned and resolved like any other. Returns the concern id."""
    return raise_concern(actor, resident_id, {"severity": "low", "summary": text},
                         source="desk")


def _get(concern_id: int, actor: Actor | None = None) -> Concern:
    row = existing(Concern, concern_id, "That concern does not exist.")
    if actor is not None:
        require_row(actor, Concern, concern_id, "concern")
    return row


def add_note(actor: Actor, concern_id: int, body: str) -> None:
    require(actor, clinical=True)
    note = validate(ConcernNoteInput, {"body": body})
    with database.atomic():
        row = _get(concern_id, actor)
        created = ConcernNote.create(concern=row.id, author=actor.id, body=note.body)
        audit.record(actor, "concern_note", "concern_note", created.id,
                     resident_id=row.resident_id, detail=f"concern {row.id}")


def resolve(actor: Actor, concern_id: int, resolution: str) -> None:
    require(actor, clinical=True)
    data = validate(ResolveInput, {"resolution": resolution})
    now = utcnow()
    with database.atomic():
        row = _get(concern_id, actor)
        if row.status != "open":
            raise InvalidInput({"resolution": "This concern is already resolved."})
        (Concern.update(status="resolved", resolved_at=now, resolved_by=actor.id,
                        resolution=data.resolution)
         .where(Concern.id == row.id).execute())
        Event.create(resident=row.resident_id, occurred_at=now, kind="concern_resolved",
                     staff=actor.id, summary=f"Concern resolved: {data.resolution}"[:300],
                     concern=row.id)
        audit.record(actor, "concern_resolve", "concern", row.id, resident_id=row.resident_id)
        refresh_resident_summary(row.resident_id)


def assign(actor: Actor, concern_id: int, assignee_id: int | None) -> None:
    """Give the concern to someone on the case-management team (None: to nobody yet)."""
    require_perm(actor, Perm.WRITE_NOTES, "assign a concern")
    with database.atomic():
        row = _get(concern_id, actor)
        if row.status != "open":
            raise InvalidInput({"assignee_id": "This concern is resolved; it stays with "
                                               "whoever had it."})
        if assignee_id is not None and not Staff.select().where(
                Staff.id == assignee_id, Staff.active == True,  # noqa: E712
                Staff.role.in_(ASSIGNEE_ROLES)).exists():
            raise InvalidInput({"assignee_id": "Pick someone from the case-management team."})
        if row.assignee_id == assignee_id:
            return
        (Concern.update(assignee=assignee_id, assigned_at=utcnow(), assigned_by=actor.id)
         .where(Concern.id == row.id).execute())
        audit.record(actor, "concern_assign", "concern", row.id, resident_id=row.resident_id,
                     detail=f"to staff {assignee_id}" if assignee_id else "to nobody")


def acknowledge(actor: Actor, concern_id: int) -> None:
    """Say "I have seen this": the urgent count in every header drops it."""
    require(actor, clinical=True)
    with database.atomic():
        row = _get(concern_id, actor)
        if row.acknowledged_at is not None:
            return
        (Concern.update(acknowledged_at=utcnow(), acknowledged_by=actor.id)
         .where(Concern.id == row.id).execute())
        audit.record(actor, "concern_acknowledge", "concern", row.id,
                     resident_id=row.resident_id)


def _rows(query) -> list[ConcernRow]:
    notes = (ConcernNote.select(ConcernNote.concern, ConcernNote.id)
             .where(ConcernNote.concern.in_([c.id for c in query])))
    counts: dict[int, int] = {}
    for cid, _ in notes.tuples():
        counts[cid] = counts.get(cid, 0) + 1
    names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    return [ConcernRow(
        id=c.id, resident_id=c.resident_id,
        resident_name=f"{c.resident.preferred_name or c.resident.first_name} "
                      f"{c.resident.last_name}",
        severity=c.severity, summary=c.summary, raised_at=c.raised_at, source=c.source,
        assignee_id=c.assignee_id, assignee_name=names.get(c.assignee_id, ""),
        acknowledged=c.acknowledged_at is not None, status=c.status,
        note_count=counts.get(c.id, 0)) for c in query]


def queue(actor: Actor, *, assignee_id: int | None = None, status: str = "open",
          resident_id: int | None = None) -> list[ConcernRow]:
    """Concerns by severity (urgent first), then age (oldest first). Open ones by default."""
    require(actor, clinical=True)
    query = (Concern.select(Concern, Resident)
             .join(Resident, JOIN.INNER, on=(Concern.resident == Resident.id))
             .where(Concern.status == status, in_scope(actor)))
    if assignee_id is not None:
        query = query.where(Concern.assignee == assignee_id)
    if resident_id is not None:
        query = query.where(Concern.resident == resident_id)
    if status == "open":
        query = query.order_by(Concern.severity_rank.desc(), Concern.raised_at, Concern.id)
    else:
        query = query.order_by(Concern.resolved_at.desc(), Concern.id.desc())
    return _rows(list(query.limit(QUEUE_LIMIT)))


def detail(actor: Actor, concern_id: int) -> ConcernDetail:
    require(actor, clinical=True)
    query = (Concern.select(Concern, Resident)
             .join(Resident, on=(Concern.resident == Resident.id))
             .where(Concern.id == concern_id, in_scope(actor)))
    found = list(query)
    if not found:
        raise NotFound("That concern does not exist.")
    row = _rows(found)[0]
    concern = found[0]
    names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    notes = [NoteRow(names.get(n.author_id, ""), n.created_at, n.body)
             for n in ConcernNote.select().where(ConcernNote.concern == concern_id)
             .order_by(ConcernNote.created_at, ConcernNote.id)]
    audit.record_read(actor, "concern_view", "concern", concern_id,
                      resident_id=concern.resident_id)
    return ConcernDetail(
        row=row, raised_by=names.get(concern.raised_by_id, "") or
        ("the kiosk" if concern.source == "kiosk" else ""),
        acknowledged_at=concern.acknowledged_at,
        acknowledged_by=names.get(concern.acknowledged_by_id, ""),
        resolved_at=concern.resolved_at, resolved_by=names.get(concern.resolved_by_id, ""),
        resolution=concern.resolution, notes=notes, assigned_at=concern.assigned_at,
        assigned_by=names.get(concern.assigned_by_id, ""))
