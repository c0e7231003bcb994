"""Input schemas for referrals and the resource directory (field names are the form ids)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from peer_tui.models.schemas import InputSchema, LongText, OptionalShortText, text_type

Method = Literal["warm_handoff", "call_together", "self_refer", "sent_information"]
METHOD_LABELS = {
    "warm_handoff": "Warm hand-off in person",
    "call_together": "Called together",
    "self_refer": "Resident self-refers",
    "sent_information": "Sent information",
}
Category = Literal["mutual_aid", "treatment", "housing", "employment", "education", "legal",
                   "community", "self_help", "health", "benefits", "other"]
CATEGORY_LABELS = {
    "mutual_aid": "Mutual aid", "treatment": "Treatment", "housing": "Housing",
    "employment": "Employment", "education": "Education", "legal": "Legal",
    "community": "Recovery community", "self_help": "Self-help", "health": "Health care",
    "benefits": "Benefits", "other": "Other",
}
Pathway = Literal["clinical", "non_clinical", "self_managed"]
PATHWAY_LABELS = {"clinical": "Clinical", "non_clinical": "Non-clinical",
                  "self_managed": "Self-managed"}
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2200, 12, 31))]
Line200 = text_type(200, required=False)
Line300 = text_type(300, required=False)


class ResourceInput(InputSchema):
    name: text_type(200)  # type: ignore[valid-type]
    category: Category
    pathway: Pathway
    description: text_type(2000, required=False, one_line=False) = ""  # type: ignore
    address: Line300 = ""  # type: ignore[valid-type]
    phone: text_type(100, required=False) = ""  # type: ignore[valid-type]
    hours: Line200 = ""  # type: ignore[valid-type]
    website: Line200 = ""  # type: ignore[valid-type]
    needs_consent: bool = False


class ReferralInput(InputSchema):
    """Where to (a directory entry or a one-off provider), why, how, and when to check."""

    resource_id: int | None = None
    provider_name: OptionalShortText = ""
    provider_contact: Line200 = ""  # type: ignore[valid-type]
    needs_consent: bool = False  # for a one-off provider (an entry says so itself)
    goal_id: int | None = None
    domain_key: str = ""
    method: Method
    made_on: Day
    next_check_on: Day | None = None
    note: LongText = ""

    @model_validator(mode="after")
    def _where_and_why(self):
        if self.resource_id is None and not self.provider_name:
            raise ValueError("Choose a directory entry or type a provider's name.")
        if self.goal_id is None and not self.domain_key:
            raise ValueError("Say why: link a plan goal or a recovery domain.")
        if self.next_check_on is not None and self.next_check_on < self.made_on:
            raise ValueError("The next check comes after the referral was made.")
        return self


class StageInput(InputSchema):
    stage: str
    on: Day
    note: LongText = ""
    next_check_on: Day | None = None
    reason: text_type(500, required=False) = ""  # type: ignore[valid-type]
