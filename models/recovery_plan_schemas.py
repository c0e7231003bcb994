"""Input schemas for the recovery plan: goals, action steps, details, reviews, supports."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ValidationInfo, field_validator

from peer_tui.models.schemas import InputSchema, LongText, OptionalShortText, Summary, text_type

GoalStatus = Literal["not_started", "in_progress", "achieved", "paused", "let_go"]
StepOwner = Literal["resident", "peer_specialist", "case_manager", "other"]


class GoalInput(InputSchema):
    domain_key: str
    own_words: Summary
    why: text_type(1000, required=False, one_line=False) = ""  # type: ignore[valid-type]
    target_date: date | None = None
    status: GoalStatus = "not_started"


class StepInput(InputSchema):
    text: Summary
    owner: StepOwner = "resident"
    due_date: date | None = None
    done: bool = False


class PlanDetailsInput(InputSchema):
    strengths: LongText = ""
    pathways: list[Literal["clinical", "non_clinical", "self_managed"]] = []
    direction: Literal["professional", "resident"] = "professional"
    reengage_warning_signs: LongText = ""
    reengage_what_helps: LongText = ""
    reengage_contacts: LongText = ""
    reengage_outreach: LongText = ""


#: The days a review rule may name, and what to say otherwise.
DAY_RANGES = {"weekday": (0, 6, "Choose a day of the week"),
              "day_of_month": (1, 28, "Use a day from 1 to 28 (every month has it)")}


class ScheduleInput(InputSchema):
    #: "keep" keeps the plan's rule as it is (a rule no preset makes); only the start changes.
    preset: Literal["weekly", "fortnightly", "monthly_day", "none", "keep"]
    weekday: int = 0  # Monday = 0
    day_of_month: int = 1
    start: date

    @field_validator("weekday", "day_of_month")
    @classmethod
    def _a_day(cls, value: int, info: ValidationInfo) -> int:
        low, high, message = DAY_RANGES[info.field_name]
        if not low <= value <= high:
            raise ValueError(message)
        return value


class ReviewInput(InputSchema):
    on: date
    note: LongText = ""


class SupportInput(InputSchema):
    kind: Literal["person", "group", "resource"]
    name: Summary
    relationship: OptionalShortText = ""
    contact: OptionalShortText = ""
    resource_id: int | None = None
