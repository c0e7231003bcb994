"""Input schemas for the engagement timeline: contacts, groups, concerns, corrections.

Each one validates what a screen collected before any service touches a model; the field
names are the form's field ids, so an error can be shown beside the right field.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from peer_tui.models.schemas import (InputSchema, LongText, OptionalShortText, Summary,
                                     _no_control_chars)

Channel = Literal["in_person", "phone", "video", "text"]
Severity = Literal["low", "medium", "high", "urgent"]
CHANNEL_LABELS = {"in_person": "In person", "phone": "Phone", "video": "Video", "text": "Text"}
SEVERITY_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "urgent": "Urgent"}
TIME_HINT = "Use 24-hour time, for example 14:30."


@lru_cache(maxsize=1)
def competencies() -> tuple[tuple[str, str], ...]:
    """The 16 peer-support roles as (key, name), in the order of the asset file."""
    data = json.loads(files("peer_tui.assets").joinpath("competencies.json")
                      .read_text(encoding="utf-8"))
    return tuple((item["key"], item["name"]) for item in data)


def competency_names(keys: str | list[str]) -> list[str]:
    names = dict(competencies())
    items = keys.split(",") if isinstance(keys, str) else keys
    return [names.get(k, k) for k in items if k]


def parse_time(text: str) -> tuple[int, int]:
    """'9:05', '09:05', '1430' -> (hour, minute); ValueError with a sentence otherwise."""
    raw = text.strip().replace(".", ":")
    if raw.isdigit() and len(raw) in (3, 4):
        raw = f"{raw[:-2]}:{raw[-2:]}"
    parts = raw.split(":")
    if len(parts) != 2 or not all(p.isdigit() and 1 <= len(p) <= 2 for p in parts):
        raise ValueError(TIME_HINT)
    hour, minute = int(parts[0]), int(parts[1])
    if hour > 23 or minute > 59:
        raise ValueError(TIME_HINT)
    return hour, minute


class _When(InputSchema):
    """A local date and HH:MM time, as typed; the service turns them into UTC."""

    on: Annotated[date, Field(ge=date(1900, 1, 1), le=date(2200, 12, 31))]  # as dates.py
    at: str = "12:00"

    @field_validator("at")
    @classmethod
    def _time(cls, value: str) -> str:
        hour, minute = parse_time(value)
        return f"{hour:02d}:{minute:02d}"


class ContactInput(_When):
    channel: Channel = "in_person"
    duration_minutes: Annotated[int, Field(ge=1, le=600)] = 15
    summary: OptionalShortText = ""
    note: LongText = ""
    roles: list[str] = []
    goal_ids: list[int] = []
    follow_up_on: date | None = None

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, value: list[str]) -> list[str]:
        known = {k for k, _ in competencies()}
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"Unknown role: {unknown[0]}")
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _something_said(self):
        if not self.summary and not self.note.strip():
            raise ValueError("Write a note or a summary of the contact.")
        if self.follow_up_on is not None and self.follow_up_on < self.on:
            raise ValueError("The follow-up date is before the contact.")
        return self


class GroupInput(_When):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    facilitator_id: int | None = None
    topic: OptionalShortText = ""
    note: LongText = ""
    attendee_ids: list[int]
    addenda: dict[int, LongText] = {}
    duration_minutes: Annotated[int, Field(ge=1, le=600)] = 60

    @field_validator("name")
    @classmethod
    def _one_line_name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Required.")
        if "\n" in value or "\t" in value:
            raise ValueError("Must be one line of text.")
        return _no_control_chars(value)

    @field_validator("attendee_ids")
    @classmethod
    def _someone(cls, value: list[int]) -> list[int]:
        value = list(dict.fromkeys(value))
        if not value:
            raise ValueError("Pick at least one attendee.")
        return value


class ConcernInput(InputSchema):
    severity: Severity
    summary: Summary
    assignee_id: int | None = None


class ConcernNoteInput(InputSchema):
    body: Annotated[LongText, Field(min_length=1)]


class ResolveInput(InputSchema):
    resolution: Annotated[LongText, Field(min_length=1)]


class VoidInput(InputSchema):
    reason: Annotated[LongText, Field(min_length=1)]


class CorrectionInput(_When):
    summary: Summary
    note: LongText = ""
    duration_minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    reason: Annotated[LongText, Field(min_length=1)]
