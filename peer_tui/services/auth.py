"""Staff accounts and sign-in: PINs, lockout, roles.

Who the signed-in staff member is (``Actor``) and what each role may do live in
``services/permissions.py``, which every service (the audit log too) imports.

Sign-in failures never say whether the username exists. Every attempt, good or bad, writes
an audit row. Five wrong PINs lock the account for a few minutes (settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import fn

from peer_tui.models.audit import AuditLog
from peer_tui.models.base import utcnow
from peer_tui.models.db import database, unless_storage_refuses
from peer_tui.models.people import STAFF_ROLES, House, Staff, StaffHouse
from peer_tui.models.schemas import InputSchema, Name, Pin
from peer_tui.services import audit
from peer_tui.services.errors import InvalidInput, NotFound, validate
from peer_tui.services.house_scope import opening_house, staff_houses
from peer_tui.services.permissions import ROLE_LABELS, Actor, Role, require
from peer_tui.services.pins import burn_time, hash_pin, verify_pin

@dataclass(frozen=True)
class StaffInfo:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: datetime | None


@dataclass(frozen=True)
class SignInResult:
    actor: Actor | None
    message: str  # empty on success


class NewStaff(InputSchema):
    username: str
    display_name: Name
    role: Role
    pin: Pin


class NewPin(InputSchema):
    pin: Pin


def _clean_username(value: str) -> str:
    value = value.strip().lower()
    if not value:
        raise InvalidInput({"username": "Required."})
    if len(value) > 40 or not all(ch.isalnum() and ch.isascii() or ch in "._-" for ch in value):
        raise InvalidInput({"username": "Use up to 40 letters, digits, '.', '_' or '-'."})
    return value


def _info(row: Staff) -> StaffInfo:
    return StaffInfo(row.id, row.username, row.display_name, row.role, row.active,
                     row.locked_until)


def check_new_staff(username: str, display_name: str, role: str) -> None:
    """Raise InvalidInput if a new account could not be made from these (all but the PIN),
    so the command line can say so before asking for a PIN."""
    username = _clean_username(username)
    validate(NewStaff, {"username": username, "display_name": display_name, "role": role,
                        "pin": "0000"})
    if Staff.select().where(Staff.username == username).exists():
        raise InvalidInput({"username": f"The username {username} is taken."})


def staff_info(username: str) -> StaffInfo:
    """The account called USERNAME; NotFound when there is none."""
    return _info(_get(username))


def create_staff(username: str, display_name: str, role: str, pin: str,
                 by: Actor | None = None, houses: list[int] | None = None) -> StaffInfo:
    """Create a staff account. BY is the admin doing it (None: the command line). The new
    account works in HOUSES; by default in the house BY works in now, or the first house."""
    if by is not None:
        require(by, admin=True)
    username = _clean_username(username)
    data = validate(NewStaff, {"username": username, "display_name": display_name,
                               "role": role, "pin": pin})
    with database.atomic():
        if Staff.select().where(Staff.username == username).exists():
            raise InvalidInput({"username": f"The username {username} is taken."})
        row = Staff.create(username=data.username, display_name=data.display_name,
                           role=data.role, pin_hash=hash_pin(data.pin))
        _join_houses(row.id, houses, by)
        audit.record(by, "staff_create", "staff", row.id)
    return _info(row)


def _join_houses(staff_id: int, houses: list[int] | None, by: Actor | None) -> None:

    if houses is None:
        first = House.select(House.id).order_by(House.id).scalar()
        current = by.house_id if by is not None else None
        houses = [current if current is not None else first] if first is not None else []
    for house_id in dict.fromkeys(houses):
        StaffHouse.create(staff=staff_id, house=house_id)


def list_staff(include_inactive: bool = False) -> list[StaffInfo]:
    query = Staff.select().order_by(Staff.display_name)
    if not include_inactive:
        query = query.where(Staff.active == True)  # noqa: E712
    return [_info(row) for row in query]


def staff_count() -> int:
    return Staff.select().count()


def _get(username: str) -> Staff:
    row = Staff.get_or_none(Staff.username == username.strip().lower())
    if row is None:
        raise NotFound(f"No staff account called {username.strip()!r}.")
    return row


def deactivate_staff(username: str, by: Actor | None = None) -> StaffInfo:
    if by is not None:
        require(by, admin=True)
    with database.atomic():
        row = _get(username)
        if by is not None and row.id == by.id:
            raise InvalidInput({"username": "You cannot deactivate your own account."})
        row.active = False
        row.save()
        audit.record(by, "staff_deactivate", "staff", row.id)
    return _info(row)


def reactivate_staff(username: str, by: Actor | None = None) -> StaffInfo:
    """Let a deactivated account sign in again (with its PIN; the lockout is cleared)."""
    if by is not None:
        require(by, admin=True)
    with database.atomic():
        row = _get(username)
        if row.active:
            raise InvalidInput({"username": f"{row.username} is already active."})
        row.active = True
        row.failed_attempts = 0
        row.locked_until = None
        row.save()
        audit.record(by, "staff_reactivate", "staff", row.id)
    return _info(row)


def change_role(username: str, role: str, by: Actor | None = None) -> StaffInfo:
    """Give an account another role. Nobody changes their own (another administrator
    can), and the last active administrator stays one."""
    if by is not None:
        require(by, admin=True)
    if role not in STAFF_ROLES:
        raise InvalidInput({"role": "Choose one of: " + ", ".join(ROLE_LABELS.values()) + "."})
    with database.atomic():
        row = _get(username)
        if by is not None and row.id == by.id:
            raise InvalidInput({"role": "You cannot change your own role: another "
                                        "administrator can."})
        if row.role == role:
            return _info(row)
        if row.role == "admin" and row.active and Staff.select().where(
                Staff.role == "admin", Staff.active == True).count() <= 1:  # noqa: E712
            raise InvalidInput({"role": "This is the last active administrator: make "
                                        "someone else an administrator first."})
        row.role = role
        row.save()
        audit.record(by, "staff_role", "staff", row.id, detail=f"now {role}")
    return _info(row)


def reset_pin(username: str, new_pin: str, by: Actor | None = None) -> StaffInfo:
    """Set a new PIN and clear any lockout."""
    if by is not None:
        require(by, admin=True)
    pin = validate(NewPin, {"pin": new_pin}).pin  # as read: spaces around it dropped
    with database.atomic():
        row = _get(username)
        row.pin_hash = hash_pin(pin)
        row.failed_attempts = 0
        row.locked_until = None
        row.save()
        audit.record(by, "staff_reset_pin", "staff", row.id)
    return _info(row)


WRONG = "Username or PIN is not right. Check and try again."


def sign_in(username: str, pin: str, *, max_attempts: int = 5,
            lockout_minutes: int = 5, now: datetime | None = None,
            resuming: str | None = None) -> SignInResult:
    """Check a username and PIN. Counts failures; locks after MAX_ATTEMPTS.

    RESUMING is the username whose session is locked on this screen: the same person typing
    their PIN unlocks (audited as "unlock"; their sign-in times and session are unchanged),
    anyone else signs in anew.

    When the storage refuses the sign-in's writes (a full disk, a read-only file), a right
    PIN still signs in: reading works, and staff may need the records most then. That the
    sign-in was not recorded is reported (``audit.take_unrecorded``)."""
    now = now or utcnow()
    return unless_storage_refuses(
        lambda: _sign_in_recorded(username, pin, max_attempts, lockout_minutes, now, resuming),
        lambda cause, _error: _sign_in_unrecorded(username, pin, now, cause))


def _sign_in_unrecorded(username: str, pin: str, now: datetime, cause: str) -> SignInResult:
    """Sign-in without writing: a wrong PIN is refused as usual but cannot be counted."""
    name = username.strip().lower()
    row = Staff.get_or_none(Staff.username == name) if name else None
    if row is None or not row.active:
        burn_time(pin)
        return SignInResult(None, WRONG)
    if row.locked_until is not None and row.locked_until > now:
        return SignInResult(None, "This account is locked after too many wrong PINs. Try "
                                  "again later, or ask an administrator to reset the PIN.")
    if not verify_pin(pin, row.pin_hash):
        return SignInResult(None, WRONG)
    audit.note_unrecorded(f"Signed in, but the sign-in was not recorded in the audit log: "
                          f"{cause}. Nothing can be saved until that is fixed.")
    return SignInResult(_actor(row, row.last_sign_in_at, now), "")


def _sign_in_recorded(username: str, pin: str, max_attempts: int, lockout_minutes: int,
                      now: datetime, resuming: str | None = None) -> SignInResult:
    wrong = WRONG
    name = username.strip().lower()
    with database.atomic():
        row = Staff.get_or_none(Staff.username == name) if name else None
        if row is None or not row.active:
            burn_time(pin)
            audit.record(None, "sign_in_failed", "staff", row.id if row else None,
                         detail="unknown or inactive account")
            return SignInResult(None, wrong)
        if row.locked_until is not None and row.locked_until > now:
            minutes = max(1, round((row.locked_until - now).total_seconds() / 60))
            audit.record(None, "sign_in_refused", "staff", row.id, detail="account locked")
            return SignInResult(None, (
                f"This account is locked after {max_attempts} wrong PINs. Try again in "
                f"{minutes} minute{'s' if minutes != 1 else ''}, or ask an administrator "
                "to reset the PIN."))
        if not verify_pin(pin, row.pin_hash):
            row.failed_attempts += 1
            left = max_attempts - row.failed_attempts
            if left <= 0:
                row.locked_until = now + timedelta(minutes=lockout_minutes)
                row.failed_attempts = 0
                message = (f"Too many wrong PINs: this account is locked for "
                           f"{lockout_minutes} minutes.")
                action = "sign_in_lockout"
            else:
                message = f"{wrong} ({left} attempt{'s' if left != 1 else ''} left.)"
                action = "sign_in_failed"
            row.save()
            audit.record(None, action, "staff", row.id, detail="wrong PIN")
            return SignInResult(None, message)
        row.failed_attempts = 0
        row.locked_until = None
        if resuming is not None and name == resuming.strip().lower():
            # The same person back at a locked screen: same session, same hand-off window.
            row.save()
            audit.record(row.id, "unlock", "staff", row.id)
            return SignInResult(_actor(row, row.previous_sign_in_at, row.last_sign_in_at), "")
        previous = row.last_sign_in_at
        row.previous_sign_in_at = previous
        row.last_sign_in_at = now
        row.save()
        audit.record(row.id, "sign_in", "staff", row.id)
    return SignInResult(_actor(row, previous, now), "")


def _actor(row: Staff, previous: datetime | None, signed_in: datetime | None) -> Actor:
    """The session of ROW, opening on their house (services/house_scope)."""

    houses = staff_houses(row.id, row.role)
    current = opening_house(row.id, row.role, houses)
    if current is not None:
        name = House.get_by_id(current).name
    else:  # several houses: "All houses"; none yet: the app's own name stands
        name = "All houses" if houses else ""
    return Actor(row.id, row.username, row.display_name, row.role, previous, signed_in,
                 house_ids=houses, house_id=current, house_name=name)


def actor_for(username: str) -> Actor:
    """USERNAME's session as a sign-in would open it, without a PIN (the command line and
    tests act as a named account)."""
    return _actor(_get(username), None, utcnow())


def previous_sign_out(actor: Actor) -> datetime | None:
    """When ACTOR last signed out before this session began (quitting signs out too)."""
    before = actor.signed_in_at or utcnow()
    return (AuditLog.select(fn.MAX(AuditLog.at))
            .where(AuditLog.actor_id == actor.id, AuditLog.action == "sign_out",
                   AuditLog.at < before).scalar())


def sign_out(actor: Actor) -> None:
    with database.atomic():
        audit.record(actor, "sign_out", "staff", actor.id)


__all__ = ["StaffInfo", "SignInResult", "STAFF_ROLES", "create_staff", "list_staff",
           "deactivate_staff", "reactivate_staff", "change_role", "reset_pin", "sign_in",
           "sign_out", "staff_count"]
