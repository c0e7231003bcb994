"""The append-only audit log, its hash chain, and the schema version table.

The audit log records who did what to which record, by id: never names, notes or answers.

Tamper evidence: each row carries ``row_hash``, SHA-256 over the previous row's hash and this
row's content, written in the same transaction as the row. Changing or removing a row (which
takes dropping the triggers first) breaks the chain from that row on. ``AuditChain`` is one
row holding where the chain begins (rows from before it existed are anchored by one hash over
all of them) and where it ends now, so removing the newest rows is noticed too.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from peewee import CharField, DateTimeField, IntegerField

from peer_tui.models.base import BaseModel, utcnow


class AuditLog(BaseModel):
    at = DateTimeField(default=utcnow)
    actor_kind = CharField(max_length=10)  # staff, resident, system
    actor_id = IntegerField(null=True)
    action = CharField(max_length=40)  # view, create, update, sign_in, sign_in_failed...
    table_name = CharField(max_length=40, default="")
    record_id = IntegerField(null=True)
    resident_id = IntegerField(null=True)
    detail = CharField(max_length=200, default="")  # field names, never values
    row_hash = CharField(max_length=64, null=True)  # see the module docstring

    class Meta:
        indexes = (
            (("at", "id"), False),
            (("actor_id", "at"), False),
            (("resident_id", "at"), False),
        )
        # The transfers have a partial index of their own: migrations.TRANSFER_INDEX.


class AuditChain(BaseModel):
    """One row (id 1): the anchor of the chain and its newest link. Created by migration 5."""

    id = IntegerField(primary_key=True)
    anchor_id = IntegerField()  # rows up to this id predate the chain (hashed together)
    anchor_hash = CharField(max_length=64)  # '' when the record was deleted and started again
    head_id = IntegerField()
    head_hash = CharField(max_length=64)

    class Meta:
        table_name = "audit_chain"


#: The columns a row's hash covers, in this order.
CHAIN_FIELDS = ("at", "actor_kind", "actor_id", "action", "table_name", "record_id",
                "resident_id", "detail")
ANCHOR_SEED = b"peer-tui audit log anchor\n"


def _canonical(values) -> bytes:
    """VALUES as exact bytes, the same whichever database stored and returned them."""
    plain = [f"{v:%Y-%m-%d %H:%M:%S.%f}" if isinstance(v, datetime) else v for v in values]
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(previous: str, values) -> str:
    """The hash of a row with VALUES (CHAIN_FIELDS order) following a row hashed PREVIOUS."""
    return hashlib.sha256(previous.encode() + b"\n" + _canonical(values)).hexdigest()


class AnchorHash:
    """One hash over the rows that predate the chain (id and content of each, in order)."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256(ANCHOR_SEED)

    def add(self, row_id: int, values) -> None:
        self._hash.update(_canonical([row_id, *values]) + b"\n")

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def anchor_existing_rows() -> tuple[int, str]:
    """(last id, anchor hash) over every audit row there is now (migration 5)."""
    anchor, last = AnchorHash(), 0
    fields = [getattr(AuditLog, name) for name in CHAIN_FIELDS]
    for row in AuditLog.select(AuditLog.id, *fields).order_by(AuditLog.id).tuples().iterator():
        anchor.add(row[0], row[1:])
        last = row[0]
    return last, anchor.hexdigest()


class SchemaVersion(BaseModel):
    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=utcnow)
