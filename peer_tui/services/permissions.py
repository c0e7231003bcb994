"""Who may do what: the role table of the design brief (section 7), in one place.

Services call ``require_perm`` before they read or change anything; screens ask ``allowed``
to leave a key out of the footer and help, and ``refusal`` for the sentence shown when the
key is pressed anyway. Both read the same table, so what a screen offers and what a service
accepts cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Literal

from peer_tui.services.errors import PermissionDenied

Role = Literal["admin", "case_manager", "peer_specialist", "front_desk"]
ROLE_LABELS = {
    "admin": "Administrator",
    "case_manager": "Case manager",
    "peer_specialist": "Peer specialist",
    "front_desk": "Front desk",
}


@dataclass(frozen=True)
class Actor:
    """The signed-in staff member, as every service that checks permissions receives it."""

    id: int
    username: str
    display_name: str
    role: str
    previous_sign_in_at: datetime | None = None
    signed_in_at: datetime | None = None
    """When this session began. Unlocking the screen does not change it (the hand-off's
    default window is worked out from it)."""
    house_ids: tuple[int, ...] = ()
    """The houses this staff member works in (administrators: every house)."""
    house_id: int | None = None
    """The house this session works in now (services show and change only its residents);
    None: every house of ``house_ids`` (administrators only). See services/house_scope."""
    house_name: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_read_clinical(self) -> bool:
        """Plans, notes, check-in answers, concerns: everyone but the front desk."""
        return self.role != "front_desk"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def require(actor: Actor | None, *, admin: bool = False, clinical: bool = False) -> None:
    """Raise PermissionDenied unless ACTOR may do this (checked in services, not only UI)."""
    if actor is None:
        raise PermissionDenied("Sign in first.")
    if admin and not actor.is_admin:
        raise PermissionDenied("Only an administrator can do that.")
    if clinical and not actor.can_read_clinical:
        raise PermissionDenied("Front-desk accounts cannot open plans, notes or concerns.")



class Perm(str, Enum):
    READ_CLINICAL = "read_clinical"
    """Plans, timeline, notes, concerns, referrals, assessments, the shift hand-off."""
    WRITE_NOTES = "write_notes"
    """Log a contact, a group note; raise or resolve a concern."""
    MESSAGE_STAFF = "message_staff"
    """Leave a short message for staff (it lands in the concerns queue as low)."""
    MANAGE_RESIDENTS = "manage_residents"
    """Add, edit, transfer, discharge or readmit residents; set kiosk codes."""
    CONSENTS = "consents"
    """Consents and disclosures."""
    ADMIN = "admin"
    """Staff accounts, the audit log, settings, retiring directory entries, the course."""
    MANAGE_TRAINING = "manage_training"
    """Training records of everyone: trainees, cohorts, sessions, checks, credentials."""
    OWN_TRANSCRIPT = "own_transcript"
    """One's own training record and transcript."""
    PROGRAM_REPORTS = "program_reports"
    """The program report: the house's figures for funders and the board, with every staff
    member's caseload, contacts and overdue items for supervision."""


_CLINICAL = {Perm.READ_CLINICAL, Perm.WRITE_NOTES, Perm.CONSENTS, Perm.OWN_TRANSCRIPT}
ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "admin": frozenset(_CLINICAL | {Perm.MANAGE_RESIDENTS, Perm.ADMIN, Perm.MANAGE_TRAINING,
                                    Perm.PROGRAM_REPORTS}),
    # The case manager coordinates training, and reports on the program (the roles table
    # gives the coordinating roles everyone's records; the report has every staff member's
    # figures and the training section, which are theirs to see, not a peer's).
    "case_manager": frozenset(_CLINICAL | {Perm.MANAGE_RESIDENTS, Perm.MANAGE_TRAINING,
                                           Perm.PROGRAM_REPORTS}),
    "peer_specialist": frozenset(_CLINICAL),
    # The front desk sees names, rooms and status, and tells staff what it notices.
    "front_desk": frozenset({Perm.MESSAGE_STAFF, Perm.OWN_TRANSCRIPT}),
}

ROLE_ACCOUNTS = {"admin": "Administrator", "case_manager": "Case-manager",
                 "peer_specialist": "Peer-specialist", "front_desk": "Front-desk"}

# Who may, in words, for the refusal sentence.
WHO_MAY = {
    Perm.READ_CLINICAL: "case managers, peer specialists and administrators",
    Perm.WRITE_NOTES: "case managers, peer specialists and administrators",
    Perm.MESSAGE_STAFF: "front-desk accounts (others raise a concern)",
    Perm.MANAGE_RESIDENTS: "case managers and administrators",
    Perm.CONSENTS: "case managers, peer specialists and administrators",
    Perm.ADMIN: "administrators",
    Perm.MANAGE_TRAINING: "case managers and administrators",
    Perm.OWN_TRANSCRIPT: "staff accounts",
    Perm.PROGRAM_REPORTS: "case managers and administrators",
}


def allowed(actor, perm: Perm) -> bool:
    """True when ACTOR (an ``Actor`` or None) may do what PERM covers."""
    return actor is not None and perm in ROLE_PERMS.get(actor.role, frozenset())


def refusal(actor, perm: Perm, doing: str) -> str:
    """The sentence shown when ACTOR may not DOING ("add a resident")."""
    if actor is None:
        return "Sign in first."
    accounts = ROLE_ACCOUNTS.get(actor.role, actor.role)
    message = f"{accounts} accounts cannot {doing}: that is for {WHO_MAY[perm]}."
    if perm is Perm.WRITE_NOTES and allowed(actor, Perm.MESSAGE_STAFF):
        message += " M leaves a message for staff instead."
    return message


def require_perm(actor, perm: Perm, doing: str) -> None:
    """Raise PermissionDenied (with the refusal sentence) unless ACTOR may do DOING."""
    if not allowed(actor, perm):
        raise PermissionDenied(refusal(actor, perm, doing))
