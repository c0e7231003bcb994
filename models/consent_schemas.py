"""Input schemas for consents (42 CFR 2.31) and disclosures (field names are form ids)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from peer_tui.models.schemas import InputSchema, text_type

RecipientKind = Literal["probation", "parole", "court", "treatment", "health", "family",
                        "employer", "housing", "legal", "other"]
RECIPIENT_KIND_LABELS = {
    "probation": "Probation", "parole": "Parole", "court": "Court",
    "treatment": "Treatment provider", "health": "Health care", "family": "Family or friend",
    "employer": "Employer", "housing": "Housing", "legal": "Lawyer or legal aid",
    "other": "Other",
}
CRIMINAL_JUSTICE_KINDS = ("probation", "parole", "court")
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2200, 12, 31))]
DEFAULT_REVOKE_HOW = ("You may revoke this consent at any time, in writing or by telling any "
                      "staff member, except to the extent that action has already been taken "
                      "in reliance on it.")


class ConsentInput(InputSchema):
    recipient: text_type(200)  # type: ignore[valid-type]
    recipient_general: bool = False
    recipient_kind: RecipientKind = "other"
    purposes: text_type(2000, one_line=False)  # type: ignore[valid-type]
    information: text_type(2000, one_line=False)  # type: ignore[valid-type]
    substance_use_info: text_type(2000, one_line=False)  # type: ignore[valid-type]
    discloser: text_type(200)  # type: ignore[valid-type]
    expires_on: Day | None = None
    expiry_event: text_type(300, required=False) = ""  # type: ignore[valid-type]
    revoke_how: text_type(1000, one_line=False)  # type: ignore[valid-type]
    criminal_justice: bool = False
    irrevocable_until: text_type(300, required=False) = ""  # type: ignore[valid-type]

    @field_validator("purposes")
    @classmethod
    def _each_purpose(cls, value: str) -> str:
        lines = [" ".join(line.split()) for line in value.splitlines() if line.strip()]
        if not lines:
            raise ValueError("Name at least one purpose.")
        if any(len(line) > 300 for line in lines):
            raise ValueError("Each purpose is one line of at most 300 characters.")
        return "\n".join(lines)

    @model_validator(mode="after")
    def _ends_and_revocation(self):
        if self.expires_on is None and not self.expiry_event:
            raise ValueError("Give an expiration date or the event that ends the consent.")
        if self.irrevocable_until and not self.criminal_justice:
            raise ValueError("Only a criminal-justice consent (42 CFR 2.35) can be "
                             "irrevocable until an event.")
        if self.criminal_justice and self.recipient_kind not in CRIMINAL_JUSTICE_KINDS:
            raise ValueError("A criminal-justice consent goes to probation, parole or a "
                             "court.")
        return self

    @property
    def purpose_list(self) -> list[str]:
        return self.purposes.splitlines()


class SignatureInput(InputSchema):
    signed_on: Day
    witnessed_by: int
    scan_path: text_type(500, required=False) = ""  # type: ignore[valid-type]


class EndInput(InputSchema):
    on: Day
    note: text_type(1000, required=False, one_line=False) = ""  # type: ignore[valid-type]
    event_occurred: bool = False


class DisclosureInput(InputSchema):
    """Who a document is for and why: under a consent, or in a medical emergency (2.51)."""

    consent_id: int | None = None
    recipient: text_type(200)  # type: ignore[valid-type]
    purpose: text_type(300)  # type: ignore[valid-type]
    emergency: bool = False
    emergency_reason: text_type(1000, required=False, one_line=False) = ""  # type: ignore

    @model_validator(mode="after")
    def _consent_or_emergency(self):
        if self.emergency and not self.emergency_reason:
            raise ValueError("Describe the medical emergency (42 CFR 2.51).")
        if not self.emergency and self.consent_id is None:
            raise ValueError("Choose the consent that covers this disclosure: without a "
                             "consent in effect nothing goes to anyone but the resident.")
        return self
