"""The append-only audit log and the schema version table.

The audit log records who did what to which record, by id: never names, notes or answers.
"""

from __future__ import annotations

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

    class Meta:
        indexes = (
            (("at", "id"), False),
            (("actor_id", "at"), False),
            (("resident_id", "at"), False),
        )


class SchemaVersion(BaseModel):
    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=utcnow)
