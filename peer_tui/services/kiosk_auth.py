"""Who may pass the kiosk: residents signing in (code + PIN) and staff leaving it (F12).

Resident sign-in: every refusal reads the same, whether the code does not exist, the PIN is
wrong, the code is paused or the resident is not active, so the kiosk never confirms that a
code exists. Unknown codes cost the same hashing time as known ones. When a code is paused,
staff see it: a low concern (in the concerns queue and the caseload) and its timeline entry.

Staff exit: the same one refusal for every wrong username or PIN, and failures pause only
this kiosk's exit (``ExitGuard``, with a growing pause), never the staff account, which
anyone at the kiosk could otherwise lock out. Checking a PIN here writes nothing to the staff
row; every attempt is audited, and the exit works even when the audit cannot be written
(a full disk): the row is kept for later (``audit_pending``) and the caller reports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from time import monotonic

from peewee import DatabaseError

from peer_tui.kiosk_i18n import N_
from peer_tui.models.base import utcnow
from peer_tui.models.db import database, describe_error, unless_storage_refuses
from peer_tui.models.events import SEVERITY_RANK, Concern, Event
from peer_tui.models.people import Resident, Staff
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit, audit_pending
from peer_tui.services.pins import burn_time, verify_pin

REFUSED = N_("That code and PIN did not work. Check them and try again. "
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
    cannot_save: str = ""
    """Set when the storage takes no writes (a full disk): the resident is signed in, but a
    check-in cannot be saved now; the kiosk tells them before the first question."""


def _clean_code(code: str) -> str:
    code = (code or "").strip()
    return code if 0 < len(code) <= 12 and code.isascii() and code.isalnum() else ""


def resident_sign_in(code: str, pin: str, *, max_attempts: int = 5, lockout_minutes: int = 10,
                     now: datetime | None = None, house_id: int | None = None
                     ) -> KioskSignIn:
    """Check a kiosk code and PIN. Counts failures per code; pauses the code after too many.

    A kiosk serves one house (HOUSE_ID; None only in a database of one house): codes are
    unique within a house, and a code of another house is refused like any wrong code.

    When the storage refuses the sign-in's writes (a full disk, a read-only file), the right
    code and PIN still sign in, as for staff: the resident can still reach the help numbers,
    and staff can make room while they answer. ``cannot_save`` says why nothing can be saved
    now, and the sign-in's audit row is kept for later (``audit_pending``)."""
    now = now or utcnow()
    code = _clean_code(code)
    return unless_storage_refuses(
        lambda: _resident_sign_in_recorded(code, pin, max_attempts, lockout_minutes, now,
                                           house_id),
        lambda cause, error: _resident_sign_in_unrecorded(
            code, pin, now, cause, describe_error(error, "The database"), house_id))


def _find_code(code: str, house_id: int | None) -> Resident | None:
    """The resident with this kiosk code in the kiosk's house; none when the code is empty,
    unknown there, or (in a kiosk bound to no house) held in more than one house."""
    if not code:
        return None
    query = Resident.select().where(Resident.kiosk_code == code)
    if house_id is not None:
        query = query.where(Resident.house == house_id)
    found = list(query.limit(2))
    return found[0] if len(found) == 1 else None


def _resident_sign_in_unrecorded(code: str, pin: str, now: datetime, cause: str,
                                 problem: str, house_id: int | None) -> KioskSignIn:
    """Sign-in without writing: a wrong PIN is refused as usual but cannot be counted."""
    row = _find_code(code, house_id)
    if row is None or not row.kiosk_pin_hash:
        burn_time(pin or "")
        return KioskSignIn(None, REFUSED)
    paused = row.kiosk_locked_until is not None and row.kiosk_locked_until > now
    if paused or not verify_pin(pin or "", row.kiosk_pin_hash) or row.status != "active":
        return KioskSignIn(None, REFUSED)
    audit_pending.remember("kiosk_sign_in", row.id, "resident", row.id, problem, at=now,
                           actor_kind="resident", resident_id=row.id)
    return KioskSignIn(KioskResident(row.id, row.preferred_name or row.first_name), "",
                       cannot_save=cause)


def _resident_sign_in_recorded(code: str, pin: str, max_attempts: int, lockout_minutes: int,
                               now: datetime, house_id: int | None) -> KioskSignIn:
    with database.atomic():
        row = _find_code(code, house_id)
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


EXIT_REFUSED = "That username and PIN did not work. Check them and try again."
MAX_EXIT_PAUSE_SECONDS = 15 * 60
EXIT_FORGET_SECONDS = 60 * 60  # an hour without failures starts the pauses afresh


def exit_paused_message(seconds: int) -> str:
    return (f"Too many wrong tries: the staff exit is paused for {seconds} seconds. "
            "Staff accounts are not affected.")


class ExitGuard:
    """Wrong tries at this kiosk's staff exit. After ATTEMPTS of them the exit pauses for
    PAUSE seconds, and each further pause doubles (up to 15 minutes). Kept by the running
    kiosk only: no staff account is touched."""

    def __init__(self, attempts: int = 3, pause_seconds: int = 30,
                 clock=monotonic) -> None:
        self.attempts = attempts
        self.pause_seconds = pause_seconds
        self.clock = clock
        self.failures = 0
        self.pauses = 0
        self.paused_until = 0.0
        self.last_failure = float("-inf")

    def wait(self) -> int:
        """Seconds until the exit may be tried again (0: now)."""
        left = self.paused_until - self.clock()
        return max(0, int(left + 0.999)) if left > 0 else 0

    def failed(self) -> int:
        """Count a wrong try; returns the pause it starts in seconds (0: none yet)."""
        now = self.clock()
        if now - self.last_failure > EXIT_FORGET_SECONDS:
            self.failures = self.pauses = 0
        self.last_failure = now
        self.failures += 1
        if self.failures < self.attempts:
            return 0
        seconds = min(self.pause_seconds * 2 ** self.pauses, MAX_EXIT_PAUSE_SECONDS)
        self.failures = 0
        self.pauses += 1
        self.paused_until = now + seconds
        return seconds


@dataclass(frozen=True)
class StaffExit:
    staff_id: int | None  # None: refused
    message: str  # empty on success
    audit_problem: str = ""
    """Set when the audit row could not be written (it is kept for later): say so on stderr."""


def _audit_attempt(action: str, staff_id: int | None, detail: str) -> str:
    """Write one audit row for an exit attempt; on failure keep it and return the problem."""
    try:
        audit_pending.write_with_kept(lambda: audit.record(
            staff_id if action == "kiosk_unlock" else None, action, "staff", staff_id,
            detail=detail))
        return ""
    except DatabaseError as exc:
        problem = describe_error(exc, "The database")
        kept = audit_pending.remember(action, staff_id if action == "kiosk_unlock" else None,
                                      "staff", staff_id, f"{detail}; {problem}")
        return problem + ("" if kept else " The row could not be kept for later either.")


def staff_exit(username: str, pin: str, guard: ExitGuard) -> StaffExit:
    """Check a staff username and PIN to leave the kiosk, under GUARD's pauses.

    Reads the staff row and never writes it: no failed-attempt count, no lockout, no
    last-sign-in change (leaving the kiosk is not a sign-in to staff mode).
    """
    waiting = guard.wait()
    if waiting:
        _audit_attempt("kiosk_exit_refused", None, "exit paused")
        return StaffExit(None, exit_paused_message(waiting))
    name = (username or "").strip().lower()
    row = Staff.get_or_none(Staff.username == name) if name and len(name) <= 40 else None
    if row is None or not row.active:
        burn_time(pin or "")
        why, good = ("unknown username" if row is None else "inactive account"), False
    else:
        good = verify_pin(pin or "", row.pin_hash)
        why = "wrong PIN"
    if good:
        problem = _audit_attempt("kiosk_unlock", row.id, "left kiosk mode")
        return StaffExit(row.id, "", problem)
    _audit_attempt("kiosk_exit_failed", row.id if row else None, why)
    paused = guard.failed()
    if paused:
        _audit_attempt("kiosk_exit_paused", None, f"{paused} s after {guard.attempts} wrong tries")
        return StaffExit(None, exit_paused_message(paused))
    return StaffExit(None, EXIT_REFUSED)


__all__ = ["KioskResident", "KioskSignIn", "REFUSED", "EXIT_REFUSED", "ExitGuard", "StaffExit",
           "exit_paused_message", "resident_sign_in", "staff_exit"]
