"""One rule for "needs attention": the caseload markers, the `n` view and the hand-off.

``signals`` reads one resident's summary columns and says what is wrong, in words;
``condition`` is the same rule as a SQL condition, so the `n` view is one indexed query.
Both take their boundaries from ``Cutoffs``, and the tests pin every threshold at the
boundary and on either side, in Python and in SQL.

Rules that read other tables (an open referral past its next check date) come as a
correlated subquery that the caseload and hand-off queries select beside each resident
(``extra_columns``): ``signals`` reads the selected value, ``condition`` compares the same
subquery, so the rule stays one rule and a page stays one statement.

The BARC-10 (recovery capital) is due at admission, then every ``barc_every_days``; it is
overdue ``barc_overdue_days`` after that, and a drop of ``barc_drop_points`` or more from the
total before is a reason too. Both are clinical: the front desk never sees BARC-10 totals.

Days are calendar days in local time, as the caseload shows them: a contact logged at 23:00
six days ago is "6d" all of that day, whatever the hour now. Only active residents are
tracked: the waitlist and discharged residents get no contact, check-in or review alarms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peewee import JOIN, fn

from peer_tui.models.people import Consent, Resident
from peer_tui.models.resources import Referral, Resource
from peer_tui.services.consent_rule import in_effect_sql
from peer_tui.timeutil import day_start_utc, days_since

TRACKED_STATUS = "active"
WANTS_TO_TALK_HOURS = 24
CONSENT_EXPIRING_DAYS = 14


@dataclass(frozen=True)
class Thresholds:
    contact_warn_days: int = 3
    """Days without contact before the contact cell shows "!" (due). A marker only."""
    contact_alert_days: int = 7
    """Days without contact before "!!" (overdue): the resident needs attention."""
    checkin_gap_days: int = 3
    """Days without a kiosk check-in before the resident needs attention."""
    barc_every_days: int = 30
    """The BARC-10 is due this many days after the last one (at admission: none yet)."""
    barc_overdue_days: int = 7
    """...and overdue (needs attention) this many days after it fell due."""
    barc_drop_points: int = 5
    """A total this many points below the one before needs attention."""

    @classmethod
    def from_settings(cls, s) -> Thresholds:
        """The thresholds a ``Settings`` names."""
        return cls(s.contact_warn_days, s.contact_alert_days, s.checkin_gap_days,
                   s.barc10_every_days, s.barc10_overdue_days, s.barc10_drop_points)


@dataclass(frozen=True)
class Cutoffs:
    """The thresholds as the instants and dates the stored columns are compared with."""

    contact_before: datetime  # last contact earlier than this: overdue
    checkin_before: datetime  # last check-in earlier than this: too long ago
    review_before: date  # next review earlier than this: late
    follow_up_by: date  # a follow-up due on or before this: due
    talk_since: datetime  # "wants to talk" said at or after this: still current
    referral_check_before: date  # an open referral's next check before this: late
    consent_expiring_by: date  # a consent in effect expiring on or before this: renew it
    barc_before: datetime  # the last BARC-10 taken before this: overdue
    barc_intake_by: date  # none taken, admitted on or before this: the first is overdue


def cutoffs(t: Thresholds, today: date, now: datetime) -> Cutoffs:
    # N or more calendar days ago = before the local midnight that starts day today-(N-1).
    return Cutoffs(
        contact_before=day_start_utc(today - timedelta(days=t.contact_alert_days - 1)),
        checkin_before=day_start_utc(today - timedelta(days=t.checkin_gap_days - 1)),
        review_before=today,
        follow_up_by=today,
        talk_since=now - timedelta(hours=WANTS_TO_TALK_HOURS),
        referral_check_before=today,
        consent_expiring_by=today + timedelta(days=CONSENT_EXPIRING_DAYS),
        barc_before=day_start_utc(
            today - timedelta(days=t.barc_every_days + t.barc_overdue_days - 1)),
        barc_intake_by=today - timedelta(days=t.barc_overdue_days),
    )


# The stages of an open referral (services/referrals.py names them; kept here so this
# module does not import a service).
OPEN_REFERRAL_STAGES = ("made", "contacted", "appointment_set", "attended", "started",
                        "waitlisted")


def _referral_check():
    """The earliest next check date of the resident's open referrals (a subquery)."""
    return (Referral.select(fn.MIN(Referral.next_check_on))
            .where(Referral.resident == Resident.id,
                   Referral.status.in_(OPEN_REFERRAL_STAGES)))


def _consent_expiry(today: date):
    """The earliest expiration date among the resident's consents in effect today."""
    c = Consent.alias()
    return (c.select(fn.MIN(c.expires_on))
            .where(c.resident == Resident.id, in_effect_sql(today, c),
                   c.expires_on.is_null(False)))


def _waiting_on_consent(today: date):
    """How many of the resident's open referrals need a consent that no consent in effect
    gives: one linked to the referral, or one naming its provider (case aside)."""
    r, entry, c = Referral.alias(), Resource.alias(), Consent.alias()
    provider = fn.LOWER(fn.COALESCE(entry.name, r.provider_name))
    covering = c.select(c.id).where(
        c.resident == r.resident, in_effect_sql(today, c),
        (c.id == r.consent) | (fn.LOWER(c.recipient) == provider))
    return (r.select(fn.COUNT(r.id))
            .join(entry, JOIN.LEFT_OUTER, on=(r.resource == entry.id))
            .where(r.resident == Resident.id, r.status.in_(OPEN_REFERRAL_STAGES),
                   r.needs_consent == True, ~fn.EXISTS(covering)))  # noqa: E712


def extra_columns(today: date) -> list:
    """What ``signals`` reads beyond the resident row: select these beside ``Resident``."""
    return [_referral_check().alias("referral_check"),
            _consent_expiry(today).alias("consent_expiry"),
            _waiting_on_consent(today).alias("waiting_on_consent")]


def _as_date(value) -> date | None:
    """MIN() over a date column comes back as text from SQLite."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class Signals:
    """What the caseload marks for one resident, and why it needs attention (if it does)."""

    days_since_contact: int | None
    contact_level: str  # "ok", "due", "overdue", "never", or "" when not tracked
    checkin_days: int | None
    checkin_late: bool
    review_late_days: int  # 0: not late
    urgent: int
    reasons: tuple[str, ...]

    @property
    def needs_attention(self) -> bool:
        return bool(self.reasons)


def signals(r: Resident, t: Thresholds, today: date, now: datetime,
            clinical: bool) -> Signals:
    """The rule, for one resident row (its ``summary_*`` columns)."""
    c = cutoffs(t, today, now)
    tracked = r.status == TRACKED_STATUS
    days = days_since(r.summary_last_contact_at, today)
    checkin_days = days_since(r.summary_last_checkin_at, today)
    last_contact, last_checkin = r.summary_last_contact_at, r.summary_last_checkin_at
    if not tracked:
        level = ""
    elif last_contact is None:
        level = "never"
    elif last_contact < c.contact_before:
        level = "overdue"
    elif days is not None and days >= t.contact_warn_days:
        level = "due"
    else:
        level = "ok"
    checkin_late = tracked and (last_checkin is None or last_checkin < c.checkin_before)
    review = r.summary_next_review
    review_late = (c.review_before - review).days if tracked and review is not None \
        and review < c.review_before else 0
    follow = r.summary_next_follow_up
    urgent = r.summary_urgent_concerns if clinical else 0
    reasons: list[str] = []
    if tracked:
        if level == "never":
            reasons.append("no contact logged")
        elif level == "overdue":
            reasons.append(f"no contact for {days} days")
        if review_late:
            reasons.append(f"plan review overdue {_days(review_late)}")
        if urgent:
            reasons.append(f"{urgent} urgent concern{'s' if urgent != 1 else ''} open")
        if follow is not None and follow <= c.follow_up_by:
            late = (today - follow).days
            reasons.append("follow-up due today" if late == 0
                           else f"follow-up overdue {_days(late)}")
        if checkin_late:
            reasons.append("no kiosk check-in yet" if last_checkin is None
                           else f"no check-in for {checkin_days} days")
        if clinical and r.summary_wants_to_talk and last_checkin is not None \
                and last_checkin >= c.talk_since:
            reasons.append("wants to talk today")
        check = _as_date(getattr(r, "referral_check", None))
        if clinical and check is not None and check < c.referral_check_before:
            reasons.append(f"referral check overdue {_days((today - check).days)}")
        expiry = _as_date(getattr(r, "consent_expiry", None))
        if clinical and expiry is not None and expiry <= c.consent_expiring_by:
            left = (expiry - today).days
            reasons.append("a consent expires today" if left == 0 else
                           f"a consent expires in {_days(left)}")
        waiting = getattr(r, "waiting_on_consent", 0) or 0
        if clinical and waiting:
            reasons.append(f"{waiting} referral{'s' if waiting != 1 else ''} waiting on a "
                           "consent")
        if clinical and _barc_overdue(r, c):
            reasons.append("BARC-10 overdue")
        if clinical and r.summary_barc_drop is not None \
                and r.summary_barc_drop >= t.barc_drop_points:
            reasons.append(f"BARC-10 dropped by {r.summary_barc_drop}")
    return Signals(days, level, checkin_days, checkin_late, review_late, urgent,
                   tuple(reasons))


def condition(t: Thresholds, today: date, now: datetime, clinical: bool):
    """``signals(...).needs_attention`` as a SQL condition on Resident (same cutoffs)."""
    c = cutoffs(t, today, now)
    contact = (Resident.summary_last_contact_at.is_null()
               | (Resident.summary_last_contact_at < c.contact_before))
    checkin = (Resident.summary_last_checkin_at.is_null()
               | (Resident.summary_last_checkin_at < c.checkin_before))
    either = (contact | checkin
              | (Resident.summary_next_review < c.review_before)
              | (Resident.summary_next_follow_up <= c.follow_up_by))
    if clinical:
        either = (either | (Resident.summary_urgent_concerns > 0)
                  | ((Resident.summary_wants_to_talk == True)  # noqa: E712
                     & (Resident.summary_last_checkin_at >= c.talk_since))
                  | (_referral_check() < c.referral_check_before)
                  | (_consent_expiry(today) <= c.consent_expiring_by)
                  | (_waiting_on_consent(today) > 0)
                  | (Resident.summary_barc_at < c.barc_before)
                  | (Resident.summary_barc_at.is_null()
                     & (Resident.intake_date <= c.barc_intake_by))
                  | (Resident.summary_barc_drop >= t.barc_drop_points))
    return (Resident.status == TRACKED_STATUS) & either


def _barc_overdue(r: Resident, c: Cutoffs) -> bool:
    """None yet and admitted long enough ago, or the last one long enough ago. Without an
    intake date there is nothing to count the first one from."""
    if r.summary_barc_at is None:
        return r.intake_date is not None and r.intake_date <= c.barc_intake_by
    return r.summary_barc_at < c.barc_before


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"
