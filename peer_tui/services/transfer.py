"""Moving a resident to another house of the organisation: one transaction, one timeline entry,
one audit row. A resident belongs to one house at a time, and the move is on their record."""

from __future__ import annotations

from dataclasses import dataclass

from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.events import Event
from peer_tui.models.people import House, Resident, Staff, StaffHouse
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit
from peer_tui.services.auth import Actor
from peer_tui.services.errors import InvalidInput, NotFound
from peer_tui.services.house_scope import HouseChoice, require_resident, staff_houses
from peer_tui.services.permissions import Perm, require_perm


@dataclass(frozen=True)
class Transferred:
    house_name: str
    kept_kiosk_code: bool
    unassigned: tuple[str, ...]  # "peer specialist", "case manager" no longer assigned


def destinations(actor: Actor, resident_id: int) -> list[HouseChoice]:
    """The houses ACTOR may move RESIDENT_ID to: theirs, but not the resident's own."""
    require_perm(actor, Perm.MANAGE_RESIDENTS, "transfer a resident")
    here = require_resident(actor, resident_id)
    ids = [h for h in staff_houses(actor.id, actor.role) if h != here]
    names = dict(House.select(House.id, House.name).where(House.id.in_(ids)).tuples()) \
        if ids else {}
    return [HouseChoice(h, names[h]) for h in ids if h in names]


def transfer(actor: Actor, resident_id: int, house_id: int, room: str = "") -> Transferred:
    """Move RESIDENT_ID to HOUSE_ID. The room is the new house's (empty until given); a kiosk
    code already used in the new house is cleared (staff set a new one there); a peer
    specialist or case manager who does not work in the new house is unassigned."""
    require_perm(actor, Perm.MANAGE_RESIDENTS, "transfer a resident")
    room = " ".join((room or "").split())
    if len(room) > 20:
        raise InvalidInput({"room": "At most 20 characters."})
    with database.atomic():
        here = require_resident(actor, resident_id)
        if house_id == here:
            raise InvalidInput({"house": "The resident already lives in that house."})
        if house_id not in staff_houses(actor.id, actor.role):
            raise NotFound("No such house among yours.")
        resident = Resident.get_by_id(resident_id)
        names = dict(House.select(House.id, House.name).where(House.id.in_([here, house_id]))
                     .tuples())
        code_taken = bool(resident.kiosk_code) and Resident.select().where(
            Resident.house == house_id, Resident.kiosk_code == resident.kiosk_code).exists()
        members = {s for (s,) in StaffHouse.select(StaffHouse.staff)
                   .where(StaffHouse.house == house_id).tuples()}
        unassigned = []
        changes = {"house": house_id, "room": room, "updated_at": utcnow()}
        for field, words in (("peer_specialist", "peer specialist"),
                             ("case_manager", "case manager")):
            staff_id = getattr(resident, f"{field}_id")
            if staff_id is not None and staff_id not in members and not _is_admin(staff_id):
                changes[field] = None
                unassigned.append(words)
        if code_taken:
            changes["kiosk_code"] = None
        Resident.update(**changes).where(Resident.id == resident_id).execute()
        summary = f"Transferred from {names[here]} to {names[house_id]}"
        if room:
            summary += f", room {room}"
        if unassigned:
            summary += f"; no longer assigned: {' and '.join(unassigned)}"
        if code_taken:
            summary += "; kiosk code cleared (in use there)"
        Event.create(resident=resident_id, occurred_at=utcnow(), kind="status_change",
                     staff=actor.id, summary=summary[:300])
        audit.record(actor, "transfer", "resident", resident_id, resident_id=resident_id,
                     detail=f"house {here} to {house_id}")
        refresh_resident_summary(resident_id)
    return Transferred(names[house_id], not code_taken, tuple(unassigned))


def _is_admin(staff_id: int) -> bool:
    return Staff.select().where(Staff.id == staff_id, Staff.role == "admin").exists()


__all__ = ["Transferred", "destinations", "transfer"]
