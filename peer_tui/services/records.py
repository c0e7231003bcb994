"""Resident records: admit or waitlist, edit the profile, assign staff, kiosk sign-in,
discharge and readmit. Never a hard delete.

Every change is one transaction: the change, a ``status_change`` entry on the timeline
(in words), an audit row (ids and changed field names, never values) and the caseload
summary refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from peewee import fn

from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.events import Event
# DISCHARGE_KINDS: the discharge form's choices, named once in the models.
from peer_tui.models.people import DISCHARGE_KINDS, Resident, Staff  # noqa: F401
from peer_tui.models.record_schemas import (DischargeInput, KioskCredentialsInput,
                                            ProfileInput, ReadmitInput, ResidentInput)
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit
from peer_tui.services.errors import InvalidInput, NotFound, ServiceError, existing, validate
from peer_tui.services.house import ensure_house
from peer_tui.services.house_scope import in_scope, require_resident, scope
from peer_tui.services.permissions import Actor, Perm, require_perm
from peer_tui.services.pins import hash_pin
from peer_tui.timeutil import fmt_date, local_to_utc

PROFILE_FIELDS = ("first_name", "last_name", "preferred_name", "pronouns", "date_of_birth",
                  "room", "status", "intake_date", "peer_specialist_id", "case_manager_id")


class PossibleDuplicate(ServiceError):
    """Someone with the same name (or name and birth date) is already on file."""

    def __init__(self, matches: list[str]):
        self.matches = matches
        super().__init__("Possible duplicate: " + "; ".join(matches))


@dataclass(frozen=True)
class ResidentForm:
    """A resident's editable fields, to fill the edit form."""

    first_name: str
    last_name: str
    preferred_name: str
    pronouns: str
    date_of_birth: date | None
    room: str
    status: str
    intake_date: date | None
    peer_specialist_id: int | None
    case_manager_id: int | None


def staff_choices() -> list[tuple[int, str, str]]:
    """Active staff who can be assigned: (id, name, role)."""
    return [(s.id, s.display_name, s.role) for s in Staff.select().where(
        Staff.active == True, Staff.role != "front_desk")  # noqa: E712
        .order_by(Staff.display_name)]


def _check_staff(data) -> None:
    for field in ("peer_specialist_id", "case_manager_id"):
        staff_id = getattr(data, field)
        if staff_id is not None and not Staff.select().where(
                Staff.id == staff_id, Staff.active == True,  # noqa: E712
                Staff.role != "front_desk").exists():
            raise InvalidInput({field: "Choose an active staff member (not front desk)."})


def _duplicates(actor: Actor, data, exclude: int | None = None) -> list[str]:
    """Residents like DATA in ACTOR's house (another house's records are not shown)."""
    same_name = (fn.LOWER(Resident.first_name) == data.first_name.lower()) & (
        fn.LOWER(Resident.last_name) == data.last_name.lower())
    condition = same_name
    if data.date_of_birth is not None:
        condition = same_name | ((fn.LOWER(Resident.last_name) == data.last_name.lower())
                                 & (Resident.date_of_birth == data.date_of_birth))
    query = Resident.select().where(condition, in_scope(actor))
    if exclude is not None:
        query = query.where(Resident.id != exclude)
    return [f"{r.first_name} {r.last_name}, born {fmt_date(r.date_of_birth, 'unknown')}, "
            f"room {r.room or '-'}, {r.status}" for r in query.limit(5)]


def _event(actor: Actor, resident_id: int, summary: str, on: date | None = None) -> None:
    when = utcnow() if on is None or on == date.today() else local_to_utc(
        datetime.combine(on, time(12, 0)))
    Event.create(resident=resident_id, occurred_at=when, kind="status_change",
                 staff=actor.id, summary=summary[:300])


def add_resident(actor: Actor, data: dict, confirm_duplicate: bool = False) -> int:
    require_perm(actor, Perm.MANAGE_RESIDENTS, "add a resident")
    clean = validate(ResidentInput, data)
    with database.atomic():
        _check_staff(clean)
        matches = _duplicates(actor, clean)
        if matches and not confirm_duplicate:
            raise PossibleDuplicate(matches)
        resident = Resident.create(house=_house_for_new(actor), **clean.model_dump(
            exclude={"peer_specialist_id", "case_manager_id"}),
            peer_specialist=clean.peer_specialist_id, case_manager=clean.case_manager_id)
        word = "Admitted" if clean.status == "active" else "Added to the waitlist"
        _event(actor, resident.id, f"{word} (record created)", clean.intake_date)
        audit.record(actor, "create", "resident", resident.id, resident_id=resident.id,
                     detail="duplicate confirmed" if matches else "")
        refresh_resident_summary(resident.id)
    return resident.id


def _house_for_new(actor: Actor) -> int:
    """A new resident joins the house ACTOR works in now."""
    if actor.house_id is not None:
        return _require_house(actor, actor.house_id)
    houses = scope(actor)
    if len(houses) > 1:
        raise InvalidInput({"": "Choose a house first (H): a resident belongs to one house."})
    return houses[0] if houses else ensure_house()


def _require_house(actor: Actor, house_id: int) -> int:
    if house_id not in scope(actor):
        raise NotFound("No such house among yours.")
    return house_id


def _get(resident_id: int, actor: Actor) -> Resident:
    resident = existing(Resident, resident_id, "That resident no longer exists.")
    require_resident(actor, resident_id)
    return resident


def resident_form(actor: Actor, resident_id: int) -> ResidentForm:
    require_perm(actor, Perm.MANAGE_RESIDENTS, "edit a resident's profile")
    r = _get(resident_id, actor)
    return ResidentForm(r.first_name, r.last_name, r.preferred_name, r.pronouns,
                        r.date_of_birth, r.room, r.status, r.intake_date,
                        r.peer_specialist_id, r.case_manager_id)


def update_profile(actor: Actor, resident_id: int, data: dict,
                   confirm_duplicate: bool = False) -> list[str]:
    """Save profile edits; returns the names of the fields that changed."""
    require_perm(actor, Perm.MANAGE_RESIDENTS, "edit a resident's profile")
    with database.atomic():
        r = _get(resident_id, actor)
        data = {"status": r.status, **data}
        clean = validate(ProfileInput, data)
        _check_staff(clean)
        matches = _duplicates(actor, clean, exclude=r.id)
        if matches and not confirm_duplicate and (
                clean.first_name.lower(), clean.last_name.lower()) != (
                r.first_name.lower(), r.last_name.lower()):
            raise PossibleDuplicate(matches)
        before = resident_form(actor, resident_id)
        changed = [f for f in PROFILE_FIELDS if getattr(before, f) != getattr(clean, f)
                   and f != "status"]
        if not changed:
            return []
        for field in changed:
            target = field.removesuffix("_id") if field.endswith("_id") else field
            setattr(r, target, getattr(clean, field))
        r.updated_at = utcnow()
        r.save()
        words = []
        if "peer_specialist_id" in changed or "case_manager_id" in changed:
            names = dict((i, n) for i, n, _ in staff_choices())
            words.append("staff assigned: peer specialist "
                         f"{names.get(r.peer_specialist_id, 'none')}, case manager "
                         f"{names.get(r.case_manager_id, 'none')}")
        if "room" in changed:
            words.append(f"moved to room {r.room or '(none)'}")
        other = [f.replace("_", " ") for f in changed if f not in (
            "peer_specialist_id", "case_manager_id", "room")]
        if other:
            words.append("profile updated: " + ", ".join(other))
        text = "; ".join(words)
        _event(actor, r.id, text[:1].upper() + text[1:])
        audit.record(actor, "update", "resident", r.id, resident_id=r.id,
                     detail=",".join(changed))
    return changed


def set_kiosk_credentials(actor: Actor, resident_id: int, code: str, pin: str) -> None:
    require_perm(actor, Perm.MANAGE_RESIDENTS, "set kiosk codes")
    clean = validate(KioskCredentialsInput, {"code": code, "pin": pin})
    with database.atomic():
        r = _get(resident_id, actor)
        if Resident.select().where(Resident.kiosk_code == clean.code, Resident.id != r.id,
                                   Resident.house == r.house_id).exists():
            raise InvalidInput({"code": "That code is in use; choose another."})
        r.kiosk_code = clean.code
        r.kiosk_pin_hash = hash_pin(clean.pin)
        r.kiosk_failed_attempts = 0
        r.kiosk_locked_until = None
        r.save()
        _event(actor, r.id, "Kiosk code and PIN set")
        audit.record(actor, "update", "resident", r.id, resident_id=r.id,
                     detail="kiosk_code,kiosk_pin")


def discharge(actor: Actor, resident_id: int, on: date | None, reason: str,
              alumni: bool = False, kind: str = "") -> None:
    """Discharge on ON for REASON (in words); KIND is why the stay ended, in the categories
    the program report counts (``DISCHARGE_KINDS``)."""
    require_perm(actor, Perm.MANAGE_RESIDENTS, "discharge a resident")
    clean = validate(DischargeInput, {"on": on, "reason": reason, "alumni": alumni,
                                      "kind": kind})
    with database.atomic():
        r = _get(resident_id, actor)
        if r.status in ("discharged", "alumni"):
            raise InvalidInput({"": "Already discharged; readmit first if they are back."})
        if r.intake_date and clean.on < r.intake_date:
            raise InvalidInput({"on": f"Before the intake date ({fmt_date(r.intake_date)})."})
        r.status = "alumni" if clean.alumni else "discharged"
        r.discharge_date = clean.on
        r.discharge_reason = clean.reason
        r.discharge_kind = clean.kind
        r.kiosk_code = None  # a discharged resident no longer signs in at the kiosk
        r.updated_at = utcnow()
        r.save()
        _event(actor, r.id, f"Discharged on {fmt_date(clean.on)}: {clean.reason}", clean.on)
        audit.record(actor, "discharge", "resident", r.id, resident_id=r.id)
        refresh_resident_summary(r.id)


def readmit(actor: Actor, resident_id: int, on: date | None, room: str = "") -> None:
    require_perm(actor, Perm.MANAGE_RESIDENTS, "readmit a resident")
    clean = validate(ReadmitInput, {"on": on, "room": room})
    with database.atomic():
        r = _get(resident_id, actor)
        if r.status == "active":
            raise InvalidInput({"": "Already active."})
        r.status = "active"
        r.intake_date = clean.on
        r.discharge_date = None
        r.discharge_reason = ""
        r.discharge_kind = ""
        r.room = clean.room or r.room
        r.updated_at = utcnow()
        r.save()
        _event(actor, r.id, f"Readmitted on {fmt_date(clean.on)}", clean.on)
        audit.record(actor, "readmit", "resident", r.id, resident_id=r.id)
        refresh_resident_summary(r.id)
