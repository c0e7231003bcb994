"""The audit trail: who did what to which record, by id. Never the sensitive values.

``record`` is called by every service that reads or changes a resident record, inside the
same transaction as the work it describes, so a rolled-back change leaves no audit row and a
committed one always has its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peer_tui.models.audit import AuditLog
from peer_tui.models.base import utcnow


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


def record(actor, action: str, table: str = "", record_id: int | None = None, *,
           resident_id: int | None = None, detail: str = "", actor_kind: str | None = None
           ) -> None:
    """Append one audit row. ACTOR is an Actor, a staff id, or None for the system/kiosk."""
    actor_id = getattr(actor, "id", actor)
    kind = actor_kind or ("staff" if actor_id is not None else "system")
    AuditLog.insert(
        at=utcnow(), actor_kind=kind, actor_id=actor_id, action=action, table_name=table,
        record_id=record_id, resident_id=resident_id, detail=detail[:200],
    ).execute()


def _entry(row: AuditLog) -> AuditEntry:
    return AuditEntry(row.id, row.at, row.actor_kind, row.actor_id, row.action,
                      row.table_name, row.record_id, row.resident_id, row.detail)


def recent(limit: int = 50, *, actor_id: int | None = None, action: str | None = None,
           resident_id: int | None = None, before_id: int | None = None) -> list[AuditEntry]:
    """Newest first, keyset-paged by id (pass the last id seen as BEFORE_ID)."""
    query = AuditLog.select()
    if actor_id is not None:
        query = query.where(AuditLog.actor_id == actor_id)
    if action:
        query = query.where(AuditLog.action == action)
    if resident_id is not None:
        query = query.where(AuditLog.resident_id == resident_id)
    if before_id is not None:
        query = query.where(AuditLog.id < before_id)
    return [_entry(row) for row in query.order_by(AuditLog.id.desc()).limit(limit)]
