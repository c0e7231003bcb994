"""Staff, houses, residents and their consents to release information."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from peer_tui.models.base import BaseModel, utcnow

STAFF_ROLES = ("admin", "case_manager", "peer_specialist", "front_desk")
RESIDENT_STATUSES = ("waitlist", "active", "discharged", "alumni")


class Staff(BaseModel):
    """A person who signs in at the front desk. PINs are kept only as scrypt hashes."""

    username = CharField(max_length=40, unique=True)
    display_name = CharField(max_length=100)
    role = CharField(max_length=20, choices=[(r, r) for r in STAFF_ROLES])
    pin_hash = CharField(max_length=200)  # "scrypt$n$r$p$salt_hex$hash_hex"
    active = BooleanField(default=True)
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    last_sign_in_at = DateTimeField(null=True)
    # The sign-in before the current one: the shift hand-off shows what happened since then.
    previous_sign_in_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)


class House(BaseModel):
    """A residence. One house on SQLite; many share one PostgreSQL database."""

    name = CharField(max_length=100, unique=True)
    created_at = DateTimeField(default=utcnow)


class Resident(BaseModel):
    """A person in the program, from the waitlist to alumni. Never hard-deleted.

    The ``summary_*`` columns are denormalised from events, check-ins, concerns and the plan,
    kept up to date in the same transaction as every write that changes them
    (``peer_tui.models.summary.refresh_resident_summary``), so the caseload reads one table.
    """

    first_name = CharField(max_length=100)
    last_name = CharField(max_length=100)
    preferred_name = CharField(max_length=100, default="")
    pronouns = CharField(max_length=40, default="")
    date_of_birth = DateField(null=True)
    house = ForeignKeyField(House, backref="residents", on_delete="RESTRICT")
    room = CharField(max_length=20, default="")
    status = CharField(max_length=20, default="active", index=True,
                       choices=[(s, s) for s in RESIDENT_STATUSES])
    intake_date = DateField(null=True)
    discharge_date = DateField(null=True)
    discharge_reason = TextField(default="")
    peer_specialist = ForeignKeyField(Staff, null=True, backref="peer_residents",
                                      on_delete="SET NULL")
    case_manager = ForeignKeyField(Staff, null=True, backref="managed_residents",
                                   on_delete="SET NULL")
    kiosk_code = CharField(max_length=12, null=True, unique=True)
    kiosk_pin_hash = CharField(max_length=200, default="")
    kiosk_failed_attempts = IntegerField(default=0)
    kiosk_locked_until = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    # Denormalised summary for the caseload (see class docstring).
    summary_last_contact_at = DateTimeField(null=True, index=True)
    summary_last_checkin_at = DateTimeField(null=True)
    summary_last_checkin_mood = IntegerField(null=True)
    summary_wants_to_talk = BooleanField(default=False)
    summary_open_concerns = IntegerField(default=0)
    summary_urgent_concerns = IntegerField(default=0)
    summary_next_review = DateField(null=True)
    summary_next_follow_up = DateField(null=True)
    summary_goals_total = IntegerField(default=0)
    summary_goals_achieved = IntegerField(default=0)

    class Meta:
        indexes = (
            (("last_name", "first_name"), False),
            (("status", "summary_last_contact_at"), False),
        )


class Consent(BaseModel):
    """A resident's written consent to release information (42 CFR Part 2): revocable."""

    resident = ForeignKeyField(Resident, backref="consents", on_delete="RESTRICT")
    recipient = CharField(max_length=200)
    recipient_kind = CharField(max_length=40, default="other")  # probation, court, treatment...
    information = TextField()  # what may be disclosed
    purpose = TextField()
    signed_on = DateField()
    expires_on = DateField(null=True)
    revoked_on = DateField(null=True)
    created_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
