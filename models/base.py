"""The base model and the clock: every timestamp is stored as naive UTC."""

from __future__ import annotations

from datetime import datetime, timezone

from peewee import Model

from peer_tui.models.db import database


def utcnow() -> datetime:
    """Now, as the naive UTC datetime the database stores (shown in local time by the UI)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
