"""Input schemas for training: the course definition (the asset file and the admin's edits
share it) and every form of the training screens.

Hours are typed as a number ("1.5") or hours and minutes ("1:30") and become whole minutes:
sums of minutes are exact, sums of floats are not.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (BeforeValidator, Field, StringConstraints, ValidationInfo, field_validator,
                      model_validator)

from peer_tui.models.schemas import InputSchema, LongText, Name, OptionalShortText, text_type

CheckKind = Literal["role_play", "quiz", "observed_practice"]
CHECK_LABELS = {"role_play": "role-play", "quiz": "quiz", "observed_practice":
                "observed practice"}
HoursKind = Literal["supervision", "continuing_education", "practice"]
SupervisionFormat = Literal["individual", "group", "live_observation"]

_DECIMAL = re.compile(r"(\d{1,9})(?:[.,](\d{1,2}))?", re.ASCII)
_CLOCK = re.compile(r"(\d{1,9}):([0-5]\d)", re.ASCII)
MAX_MINUTES = 2000 * 60


def minutes_of(value: object) -> int:
    """'1.5', '1,5', '1:30', 1.5 or 90-minute ints given as hours -> 90. Quarter hours only.

    Raises ValueError with a sentence for anything else (words, negative, huge, 1.33).
    """
    if isinstance(value, bool):
        raise ValueError("Type hours as a number, like 1.5 or 1:30.")
    if isinstance(value, int):
        minutes = value * 60
    elif isinstance(value, float):
        minutes = round(value * 60, 6)
    else:
        text = str(value).strip()
        if not text:
            raise ValueError("Required.")
        clock, dec = _CLOCK.fullmatch(text), _DECIMAL.fullmatch(text)
        if clock:
            minutes = int(clock.group(1)) * 60 + int(clock.group(2))
        elif dec:
            whole, frac = dec.group(1), dec.group(2) or "0"
            minutes = int(whole) * 60 + round(int(frac) * 60 / 10 ** len(frac), 6)
        else:
            raise ValueError("Type hours as a number, like 1.5 or 1:30.")
    if minutes != int(minutes) or int(minutes) % 15:
        raise ValueError("Use quarter hours: 0.25, 0.5, 0.75 (15, 30, 45 minutes).")
    minutes = int(minutes)
    if minutes <= 0:
        raise ValueError("Must be more than 0 hours.")
    if minutes > MAX_MINUTES:
        raise ValueError("At most 2000 hours.")
    return minutes


def _minutes_or_none(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return minutes_of(value)


Minutes = Annotated[int, BeforeValidator(minutes_of)]
"""Hours as typed, stored as minutes (a whole number of quarter hours)."""
MaybeMinutes = Annotated[int | None, BeforeValidator(_minutes_or_none)]
TopicKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
CourseKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{1,40}$")]
TopicName = text_type(120)


class TopicDef(InputSchema):
    key: TopicKey
    name: TopicName
    hours: Minutes
    checks: list[CheckKind] = []

    @field_validator("checks")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("A check kind is listed twice.")
        return value


class CourseDef(InputSchema):
    """A course: its topics' planned hours add up to its total. ``hours`` are minutes once
    read (the file and the editor say hours)."""

    key: CourseKey
    name: TopicName
    total_hours: Minutes
    topics: list[TopicDef] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _consistent(self) -> "CourseDef":
        keys = [t.key for t in self.topics]
        if len(set(keys)) != len(keys):
            raise ValueError("Two topics have the same key.")
        names = [t.name.casefold() for t in self.topics]
        if len(set(names)) != len(names):
            raise ValueError("Two topics have the same name.")
        planned = sum(t.hours for t in self.topics)
        if planned != self.total_hours:
            raise ValueError(f"The topics' planned hours add up to {fmt_hours(planned)}; "
                             f"the course total is {fmt_hours(self.total_hours)}.")
        return self

    def as_file(self) -> dict:
        """The definition in the shape of the asset file (hours, not minutes)."""
        return {"key": self.key, "name": self.name, "total_hours": _hours(self.total_hours),
                "topics": [{"key": t.key, "name": t.name, "hours": _hours(t.hours),
                            "checks": list(t.checks)} for t in self.topics]}


def _hours(minutes: int) -> int | float:
    return minutes // 60 if minutes % 60 == 0 else minutes / 60


def fmt_hours(minutes: int) -> str:
    """90 -> '1.5h', 4320 -> '72h', 45 -> '0.75h'."""
    hours = minutes / 60
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return f"{text}h"


class CohortInput(InputSchema):
    name: Name
    starts_on: date | None = None


class TraineeInput(InputSchema):
    name: Name
    cohort_id: int | None = None
    staff_id: int | None = None
    resident_id: int | None = None


class SessionInput(InputSchema):
    cohort_id: int
    held_on: date
    trainer: Name
    topic_minutes: dict[TopicKey, Minutes] = Field(min_length=1)
    # Trainee id -> minutes attended; None means the whole session.
    attendance: dict[int, MaybeMinutes] = {}
    note: LongText = ""


class CheckInput(InputSchema):
    trainee_id: int
    topic_key: TopicKey
    kind: CheckKind
    passed: bool
    checked_on: date
    assessor: Name
    note: LongText = ""


CredentialText = text_type(60)


class CredentialInput(InputSchema):
    trainee_id: int
    issuing_body: Name
    number: CredentialText
    issued_on: date
    expires_on: date

    @field_validator("expires_on")
    @classmethod
    def _after_issue(cls, value: date, info: ValidationInfo) -> date:
        issued = info.data.get("issued_on")
        if issued is not None and value <= issued:
            raise ValueError("Must be after the day it was issued.")
        return value


#: The field a kind of hours must fill in, and how the form asks for it.
NAMED_FOR_KIND = {"who": ("supervision", "Name the supervisor."),
                  "detail": ("continuing_education", "Name the course or workshop.")}


class HoursInput(InputSchema):
    trainee_id: int
    kind: HoursKind
    done_on: date
    minutes: Minutes
    who: OptionalShortText = ""
    detail: text_type(200, required=False) = ""  # type: ignore[valid-type]

    @field_validator("who", "detail")
    @classmethod
    def _named(cls, value: str, info: ValidationInfo) -> str:
        kind, message = NAMED_FOR_KIND[info.field_name]
        if info.data.get("kind") == kind and not value:
            raise ValueError(message)
        return value
