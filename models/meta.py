"""Small key/value facts about this database (e.g. that it holds demo data)."""

from __future__ import annotations

from peewee import CharField, TextField

from peer_tui.models.base import BaseModel


class AppMeta(BaseModel):
    key = CharField(max_length=40, primary_key=True)
    value = TextField(default="")


def get_meta(key: str, default: str = "") -> str:
    row = AppMeta.get_or_none(AppMeta.key == key)
    return row.value if row else default


def set_meta(key: str, value: str) -> None:
    AppMeta.insert(key=key, value=value).on_conflict(
        conflict_target=[AppMeta.key], update={AppMeta.value: value}).execute()
