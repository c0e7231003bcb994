"""The audit trail: who did what to which record, by id. Never the sensitive values.

``record`` is called by every service that reads or changes a resident record, inside the
same transaction as the work it describes, so a rolled-back change leaves no audit row and a
committed one always has its row.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime

from peewee import DatabaseError, Tuple

from peer_tui.models.audit import CHAIN_FIELDS, AuditChain, AuditLog, chain_hash
from peer_tui.models.base import utcnow
from peer_tui.models.db import database, is_sqlite, storage_failure
from peer_tui.models.people import House, Resident, Staff
from peer_tui.services.permissions import require
from peer_tui.services.day_filter import on_days
from peer_tui.services.keyset import Cursor, Page
from peer_tui.services.errors import InvalidInput
from peer_tui.services.house_scope import in_scope, scope


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_kind: str
    actor_id: int | None
    action: str
    table_name: str
    record_id: int | None
    resident_id: int | None
    detail: str

    @property
    def cursor(self) -> Cursor:
        return (self.at, self.id)


def record(actor, action: str, table: str = "", record_id: int | None = None, *,
           resident_id: int | None = None, detail: str = "", actor_kind: str | None = None
           ) -> None:
    """Append one audit row, linked into the hash chain. ACTOR is an Actor, a staff id, or
    None for the system/kiosk."""
    actor_id = getattr(actor, "id", actor)
    row = {"at": utcnow(), "actor_kind": actor_kind or ("staff" if actor_id is not None
                                                      else "system"),
           "actor_id": actor_id, "action": action, "table_name": table,
           "record_id": record_id, "resident_id": resident_id, "detail": detail[:200]}
    with database.atomic():  # a savepoint inside the caller's transaction, as a rule
        head = _chain_head()
        row_hash = chain_hash(head.head_hash, [row[name] for name in CHAIN_FIELDS])
        new_id = AuditLog.insert(**row, row_hash=row_hash).execute()
        AuditChain.update(head_id=new_id, head_hash=row_hash).where(AuditChain.id == 1) \
            .execute()


def _chain_head() -> AuditChain:
    """The chain's newest link, held until the transaction ends so no other writer (the kiosk,
    a second terminal) can link a row to the same one.

    SQLite: every transaction begins IMMEDIATE, so this transaction already holds the one
    write lock. PostgreSQL: writers run side by side, so the chain record is locked (SELECT
    ... FOR UPDATE); a writer waiting on it reads the link the other one committed.
    """
    def locked_head() -> AuditChain | None:  # a new query each time: peewee caches results
        query = AuditChain.select().where(AuditChain.id == 1)
        return (query if is_sqlite() else query.for_update()).first()

    head = locked_head()
    if head is None:  # the record was deleted (triggers dropped): start again, visibly
        last = AuditLog.select(AuditLog.id, AuditLog.row_hash).order_by(
            AuditLog.id.desc()).first()
        last_id, last_hash = (last.id, last.row_hash or "") if last else (0, "")
        AuditChain.insert(id=1, anchor_id=last_id, anchor_hash="", head_id=last_id,
                          head_hash=last_hash).on_conflict_ignore().execute()
        head = locked_head()
    return head


def record_read(actor, action: str, table: str = "", record_id: int | None = None, *,
                resident_id: int | None = None, detail: str = "") -> None:
    """The audit row of a read, in its own transaction once the reading is done.

    When the storage refuses it (a full disk, a read-only file), what was read is still
    returned: staff may need a plan most when the disk is full. The failure is kept for the
    screen to report (``take_unrecorded``) instead of hiding the record. Inside another
    transaction a failure cannot be contained, so it is raised as usual.
    """
    try:
        with database.atomic():
            record(actor, action, table, record_id, resident_id=resident_id, detail=detail)
    except DatabaseError as exc:
        cause = storage_failure(exc)
        if cause is None or database.in_transaction():
            raise
        note_unrecorded(f"Shown, but not recorded in the audit log: {cause}. Nothing can be "
                        "saved until that is fixed.")


_pending = threading.local()


def note_unrecorded(message: str) -> None:
    """Remember, for this thread's caller, that something read was not audited, and why."""
    _pending.message = message


def take_unrecorded() -> str:
    """The message left by ``note_unrecorded`` in this thread since the last take, or ''."""
    message = getattr(_pending, "message", "")
    _pending.message = ""
    return message


def _entry(row: AuditLog) -> AuditEntry:
    return AuditEntry(row.id, row.at, row.actor_kind, row.actor_id, row.action,
                      row.table_name, row.record_id, row.resident_id, row.detail)


def _filtered(filt: "AuditFilter"):
    query = AuditLog.select()
    if filt.actor_id is not None:
        query = query.where(AuditLog.actor_id == filt.actor_id)
    if filt.actor_kind:
        query = query.where(AuditLog.actor_kind == filt.actor_kind)
    if filt.action:
        query = query.where(AuditLog.action == filt.action)
    if filt.resident_id is not None:
        query = query.where(AuditLog.resident_id == filt.resident_id)
    return on_days(query, AuditLog.at, filt.date_from, filt.date_to)




def recent(limit: int = 50, *, actor_id: int | None = None, action: str | None = None,
           resident_id: int | None = None, before_id: int | None = None,
           date_from: date | None = None, date_to: date | None = None) -> list[AuditEntry]:
    """Newest first, keyset-paged by id (pass the last id seen as BEFORE_ID).

    No permission check and no audit row: for tests and the command line. Staff screens use
    ``search``, which is admin-only and is itself audited.
    """
    query = _filtered(AuditFilter(actor_id=actor_id, action=action, resident_id=resident_id,
                                  date_from=date_from, date_to=date_to))
    if before_id is not None:
        query = query.where(AuditLog.id < before_id)
    return [_entry(row) for row in query.order_by(AuditLog.id.desc()).limit(limit)]


@dataclass(frozen=True)
class AuditFilter:
    """What the admin's audit screen narrows the log to; dates are local days, inclusive."""

    actor_id: int | None = None
    resident_id: int | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    actor_kind: str | None = None

    def describe(self) -> str:
        """The filter as ids and names of fields, for the audit row of the search itself."""
        parts = [f"{name}={value}" for name, value in (
            ("staff", self.actor_id), ("resident", self.resident_id),
            ("action", self.action), ("from", self.date_from), ("to", self.date_to),
            ("kind", self.actor_kind)) if value not in (None, "")]
        return " ".join(parts)


#: A page of the log; its ``next_cursor`` goes to ``search(before=...)`` for the older one.
AuditPage = Page[AuditEntry]


PAGE_SIZE = 100


def search(actor, filt: AuditFilter | None = None, before: Cursor | None = None,
           limit: int = PAGE_SIZE) -> AuditPage:
    """One page of the audit log, newest first, keyset-paged on (at, id). Admins only.

    Reading the audit log is itself recorded (first page of each search), so who looked at
    the trail is on the trail.
    """
    require(actor, admin=True)
    filt = filt or AuditFilter()
    if filt.date_from and filt.date_to and filt.date_from > filt.date_to:
        raise InvalidInput({"date_to": "The end date is before the start date."})
    limit = max(1, min(limit, 500))
    query = _in_house(actor, _filtered(filt))
    if before is not None:
        query = query.where(Tuple(AuditLog.at, AuditLog.id) < Tuple(before[0], before[1]))
    fetched = list(query.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit + 1))
    page = AuditPage([_entry(row) for row in fetched[:limit]], len(fetched) > limit)
    if before is None:
        record_read(actor, "audit_view", "audit_log", None, resident_id=filt.resident_id,
                    detail=filt.describe())
    return page


def _in_house(actor, query):
    """Rows about residents of the house ACTOR works in now, and rows about no resident
    (sign-ins, staff accounts); every row when working across the organisation."""

    if actor.house_id is None and len(scope(actor)) == House.select().count():
        return query
    here = Resident.select(Resident.id).where(in_scope(actor))
    return query.where(AuditLog.resident_id.is_null() | AuditLog.resident_id.in_(here))


def action_choices(actor) -> list[str]:
    """The actions that occur in the log, for the filter's pick list. Admins only."""
    require(actor, admin=True)
    query = AuditLog.select(AuditLog.action).distinct().order_by(AuditLog.action)
    return [action for (action,) in query.tuples()]


def staff_names() -> dict[int, str]:
    """Staff id -> display name, to show who acted (the log itself keeps only ids)."""
    return dict(Staff.select(Staff.id, Staff.display_name).tuples())
