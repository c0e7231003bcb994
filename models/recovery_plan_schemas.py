"""Input schemas for the recovery plan: goals, action steps, details, reviews, supports."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import field_validator

from peer_tui.models.schemas import InputSchema, LongText, OptionalShortText, Summary

GoalStatus = Literal["not_started", "in_progress", "achieved", "paused", "let_go"]
StepOwner = Literal["resident", "peer_specialist", "case_manager", "other"]


class GoalInput(InputSchema):
    domain_key: str
    own_words: Summary
    why: LongText = ""
    target_date: date | None = None
    status: GoalStatus = "not_started"

    @field_validator("why")
    @classmethod
    def _why(cls, value: str) -> str:
        if len(value) > 1000:
            raise ValueError("Too long: at most 1000 characters")
        return value


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


class ScheduleInput(InputSchema):
    #: "keep" keeps the plan's rule as it is (a rule no preset makes); only the start changes.
    preset: Literal["weekly", "fortnightly", "monthly_day", "none", "keep"]
    weekday: int = 0  # Monday = 0
    day_of_month: int = 1
    start: date

    @field_validator("weekday")
    @classmethod
    def _weekday(cls, value: int) -> int:
        if not 0 <= value <= 6:
            raise ValueError("Choose a day of the week")
        return value

    @field_validator("day_of_month")
    @classmethod
    def _day(cls, value: int) -> int:
        if not 1 <= value <= 28:
            raise ValueError("Use a day from 1 to 28 (every month has it)")
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
