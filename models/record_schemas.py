"""Input schemas for resident records: admission, profile edits, discharge, kiosk sign-in."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import field_validator, model_validator

from peer_tui.models.schemas import InputSchema, Name, OptionalShortText, Pin, text_type

#: A room or pronouns: one short line.
ShortLine = text_type(40, required=False)


def _plausible(value: date | None) -> date | None:
    """Dates people type are in living memory or the near future, never year 1."""
    if value is not None and not date(1900, 1, 1) <= value <= date(2200, 12, 31):
        raise ValueError("Use a date between 1900 and 2200")
    return value


class ResidentInput(InputSchema):
    first_name: Name
    last_name: Name
    preferred_name: OptionalShortText = ""
    pronouns: ShortLine = ""  # type: ignore[valid-type]
    date_of_birth: date | None = None
    room: ShortLine = ""  # type: ignore[valid-type]
    status: Literal["waitlist", "active"] = "active"
    intake_date: date | None = None
    peer_specialist_id: int | None = None
    case_manager_id: int | None = None

    _intake = field_validator("intake_date")(classmethod(lambda cls, v: _plausible(v)))

    @field_validator("date_of_birth")
    @classmethod
    def _born(cls, value: date | None) -> date | None:
        if value is not None and not date(1900, 1, 1) <= value <= date.today():
            raise ValueError("Date of birth must be in the past (after 1900)")
        return value

    @model_validator(mode="after")
    def _active_needs_intake(self):
        if self.status == "active" and self.intake_date is None:
            raise ValueError("An active resident needs an intake date")
        return self


class ProfileInput(ResidentInput):
    """Editing keeps the status (discharge and readmit have their own forms)."""

    status: Literal["waitlist", "active", "discharged", "alumni"] = "active"

    @model_validator(mode="after")
    def _active_needs_intake(self):
        return self


class DischargeInput(InputSchema):
    on: date
    reason: text_type(500, required=False, one_line=False)  # type: ignore[valid-type]
    alumni: bool = False
    # Why the stay ended, as funders count it (models.people.DISCHARGE_KINDS); the forms ask
    # for it, and "" stands for a discharge recorded without it.
    kind: Literal["", "completed", "other_housing", "left", "asked_to_leave",
                  "higher_care"] = ""

    _on = field_validator("on")(classmethod(lambda cls, v: _plausible(v)))

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        if not value:
            raise ValueError("Say why (e.g. moved to own flat, completed program)")
        return value


class ReadmitInput(InputSchema):
    on: date
    room: OptionalShortText = ""

    _on = field_validator("on")(classmethod(lambda cls, v: _plausible(v)))


class KioskCredentialsInput(InputSchema):
    code: Pin
    pin: Pin
