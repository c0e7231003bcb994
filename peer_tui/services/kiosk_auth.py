"""Resident sign-in at the kiosk: kiosk code + PIN, counted per code, locked after failures.

Every refusal reads the same, whether the code does not exist, the PIN is wrong, the code is
paused or the resident is not active, so the kiosk never confirms that a code exists. Unknown
codes cost the same hashing time as known ones. When a code is paused, staff see it: a
low concern (in the concerns queue and the caseload) and its entry on the resident's timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.events import SEVERITY_RANK, Concern, Event
from peer_tui.models.people import Resident
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit
from peer_tui.services.pins import burn_time, verify_pin

REFUSED = ("That code and PIN did not work. Check them and try again. "
           "After several tries a code is paused for a while: staff can help.")


@dataclass(frozen=True)
class KioskResident:
    """Who is checking in: the id for the services and the name they go by, nothing more."""

    id: int
    first_name: str


@dataclass(frozen=True)
class KioskSignIn:
    resident: KioskResident | None
    message: str  # empty on success


def _clean_code(code: str) -> str:
    code = (code or "").strip()
    return code if 0 < len(code) <= 12 and code.isascii() and code.isalnum() else ""


def resident_sign_in(code: str, pin: str, *, max_attempts: int = 5, lockout_minutes: int = 10,
                     now: datetime | None = None) -> KioskSignIn:
    """Check a kiosk code and PIN. Counts failures per code; pauses the code after too many."""
    now = now or utcnow()
    code = _clean_code(code)
    with database.atomic():
        row = Resident.get_or_none(Resident.kiosk_code == code) if code else None
        if row is None or not row.kiosk_pin_hash:
            burn_time(pin or "")
            audit.record(None, "kiosk_sign_in_failed", "resident", None,
                         detail="unknown code")
            return KioskSignIn(None, REFUSED)
        if row.kiosk_locked_until is not None and row.kiosk_locked_until > now:
            burn_time(pin or "")
            audit.record(None, "kiosk_sign_in_refused", "resident", row.id,
                         resident_id=row.id, detail="code paused")
            return KioskSignIn(None, REFUSED)
        good = verify_pin(pin or "", row.kiosk_pin_hash)
        if good and row.status == "active":
            (Resident.update(kiosk_failed_attempts=0, kiosk_locked_until=None)
             .where(Resident.id == row.id).execute())
            audit.record(row.id, "kiosk_sign_in", "resident", row.id, resident_id=row.id,
                         actor_kind="resident")
            name = row.preferred_name or row.first_name
            return KioskSignIn(KioskResident(row.id, name), "")
        if not good:
            _count_failure(row, now, max_attempts, lockout_minutes)
        else:  # right PIN, but discharged or on the waitlist
            audit.record(None, "kiosk_sign_in_refused", "resident", row.id,
                         resident_id=row.id, detail="not active")
    return KioskSignIn(None, REFUSED)


def _count_failure(row: Resident, now: datetime, max_attempts: int,
                   lockout_minutes: int) -> None:
    failures = row.kiosk_failed_attempts + 1
    if failures < max_attempts:
        (Resident.update(kiosk_failed_attempts=failures)
         .where(Resident.id == row.id).execute())
        audit.record(None, "kiosk_sign_in_failed", "resident", row.id, resident_id=row.id,
                     detail="wrong PIN")
        return
    (Resident.update(kiosk_failed_attempts=0,
                     kiosk_locked_until=now + timedelta(minutes=lockout_minutes))
     .where(Resident.id == row.id).execute())
    summary = (f"Kiosk: this resident's check-in code was paused for {lockout_minutes} "
               f"minutes after {max_attempts} wrong PINs. Check with them that it was "
               "them; reset their kiosk PIN if not.")
    concern = Concern.create(resident=row.id, raised_at=now, raised_by=None, source="kiosk",
                             severity="low", severity_rank=SEVERITY_RANK["low"],
                             summary=summary)
    Event.create(resident=row.id, occurred_at=now, kind="concern_raised", staff=None,
                 summary=f"Concern (low): {summary}"[:300], concern=concern.id)
    audit.record(None, "kiosk_lockout", "resident", row.id, resident_id=row.id,
                 detail=f"concern {concern.id}")
    refresh_resident_summary(row.id)


def record_unlock(staff_id: int) -> None:
    """A staff member left kiosk mode (after ``auth.sign_in`` accepted their PIN)."""
    with database.atomic():
        audit.record(staff_id, "kiosk_unlock", "staff", staff_id)


__all__ = ["KioskResident", "KioskSignIn", "REFUSED", "record_unlock", "resident_sign_in"]
