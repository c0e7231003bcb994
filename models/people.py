"""Staff, houses, residents and their consents to release information."""

from __future__ import annotations

from peewee import SQL, BooleanField, CharField, DateField, DateTimeField
from peewee import ForeignKeyField, IntegerField, TextField

from peer_tui.models.base import BaseModel, utcnow

STAFF_ROLES = ("admin", "case_manager", "peer_specialist", "front_desk")
RESIDENT_STATUSES = ("waitlist", "active", "discharged", "alumni")
# Why a stay ended, as funders count it ("" on discharges recorded before it was asked).
DISCHARGE_KINDS = {
    "completed": "completed the program",
    "other_housing": "moved on to other housing",
    "left": "left",
    "asked_to_leave": "asked to leave",
    "higher_care": "moved to a higher level of care",
}


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
    # One of DISCHARGE_KINDS (added by migration 9; the database default keeps raw inserts).
    discharge_kind = CharField(max_length=20, default="", constraints=[SQL("DEFAULT ''")])
    peer_specialist = ForeignKeyField(Staff, null=True, backref="peer_residents",
                                      on_delete="SET NULL")
    case_manager = ForeignKeyField(Staff, null=True, backref="managed_residents",
                                   on_delete="SET NULL")
    kiosk_code = CharField(max_length=12, null=True)  # unique within the house (Meta)
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
    # The latest BARC-10 that has a total (migration 8): its total, when, and how many points
    # it fell from the one before (negative: it rose); null when there is nothing to compare.
    summary_barc_total = IntegerField(null=True)
    summary_barc_at = DateTimeField(null=True)
    summary_barc_drop = IntegerField(null=True)

    class Meta:
        indexes = (
            (("last_name", "first_name"), False),
            (("status", "summary_last_contact_at"), False),
            (("house", "kiosk_code"), True),
        )


class StaffHouse(BaseModel):
    """A house a staff member works in (one or more). Administrators see every house."""

    staff = ForeignKeyField(Staff, backref="house_links", on_delete="CASCADE")
    house = ForeignKeyField(House, backref="staff_links", on_delete="CASCADE")

    class Meta:
        table_name = "staff_house"
        indexes = ((("staff", "house"), True),)


class Consent(BaseModel):
    """A resident's written consent to disclose their records (42 CFR 2.31).

    Every element the rule asks for has a column: who may disclose (``discloser``), how much
    and what kind (``information``, with the substance-use information described on its own
    in ``substance_use_info``), to whom (``recipient``, a name or, where the rule allows, a
    general designation), each purpose (``purpose``, one per line), the right to revoke and
    how (``revoke_how``), when it ends (``expires_on`` and/or ``expiry_event``), and the
    signature: signed on paper on ``signed_on``, witnessed by ``witnessed_by``. A consent
    drawn up but not yet signed (``signed`` false) permits nothing. A consent to a
    criminal-justice agency as a condition of supervision (2.35, ``criminal_justice``) may
    be irrevocable until ``irrevocable_until`` (an event) has happened. Revoking or the
    end event is a date; the row stays, and then permits nothing.
    """

    resident = ForeignKeyField(Resident, backref="consents", on_delete="RESTRICT")
    recipient = CharField(max_length=200)
    recipient_kind = CharField(max_length=40, default="other")  # probation, court, treatment...
    information = TextField()  # what may be disclosed
    purpose = TextField()  # one purpose per line
    signed_on = DateField()  # the date on the paper (drawn up on, until it is signed)
    expires_on = DateField(null=True)
    revoked_on = DateField(null=True)
    created_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    # Added by migration 10 (database defaults keep raw inserts working; rows from before
    # it were signed consents).
    signed = BooleanField(default=True, constraints=[SQL("DEFAULT TRUE")])
    discloser = CharField(max_length=200, default="", constraints=[SQL("DEFAULT ''")])
    substance_use_info = TextField(default="", constraints=[SQL("DEFAULT ''")])
    recipient_general = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    revoke_how = TextField(default="", constraints=[SQL("DEFAULT ''")])
    expiry_event = TextField(default="", constraints=[SQL("DEFAULT ''")])
    criminal_justice = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    irrevocable_until = TextField(default="", constraints=[SQL("DEFAULT ''")])
    witnessed_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL",
                                   backref="consents_witnessed")
    scan_path = CharField(max_length=500, default="", constraints=[SQL("DEFAULT ''")])
    revoked_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL",
                                 backref="consents_revoked")
    revoke_note = TextField(default="", constraints=[SQL("DEFAULT ''")])
    ended_on = DateField(null=True)  # the expiry event happened on
    ended_note = TextField(default="", constraints=[SQL("DEFAULT ''")])

    class Meta:
        indexes = ((("resident", "expires_on"), False),)
