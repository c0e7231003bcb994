"""Keeps each resident's denormalised caseload columns true.

Call ``refresh_resident_summary`` inside the same transaction as any write that changes a
resident's events, check-ins, concerns, goals or plan review. It reads a handful of indexed
rows for one resident, so the caseload never aggregates over the whole event table.
"""

from __future__ import annotations

from datetime import date, datetime

from peewee import fn

from peer_tui.models.assessments import Assessment
from peer_tui.models.events import CheckIn, Concern, Event
from peer_tui.models.people import Resident
from peer_tui.models.plans import Goal, RecoveryPlan

CONTACT_KINDS = ("contact", "group")


def refresh_resident_summary(resident_id: int) -> None:
    # A corrected entry is superseded by its correction (which may give another time).
    fix = Event.alias()
    corrected = fn.EXISTS(fix.select(fix.id).where(fix.corrects == Event.id))
    last_contact = (
        Event.select(fn.MAX(Event.occurred_at))
        .where(Event.resident == resident_id, Event.kind.in_(CONTACT_KINDS),
               Event.voided_at.is_null(), ~corrected)
        .scalar()
    )
    last_checkin = (
        CheckIn.select(CheckIn.submitted_at, CheckIn.mood, CheckIn.wants_to_talk)
        .where(CheckIn.resident == resident_id)
        .order_by(CheckIn.submitted_at.desc(), CheckIn.id.desc())
        .limit(1)
        .first()
    )
    open_concerns = Concern.select().where(
        Concern.resident == resident_id, Concern.status == "open"
    )
    open_count = open_concerns.count()
    urgent_count = open_concerns.where(Concern.severity == "urgent").count()
    next_follow_up = (
        Event.select(fn.MIN(Event.follow_up_on))
        .where(Event.resident == resident_id, Event.follow_up_on.is_null(False),
               Event.follow_up_done_at.is_null(), Event.voided_at.is_null())
        .scalar()
    )
    plan = RecoveryPlan.get_or_none(RecoveryPlan.resident == resident_id)
    goals_total = goals_achieved = 0
    next_review = None
    if plan is not None:
        goals = Goal.select().where(Goal.plan == plan, Goal.status != "let_go")
        goals_total = goals.count()
        goals_achieved = goals.where(Goal.status == "achieved").count()
        next_review = plan.next_review_date
    (
        Resident.update(
            summary_last_contact_at=_as_datetime(last_contact),
            summary_last_checkin_at=last_checkin.submitted_at if last_checkin else None,
            summary_last_checkin_mood=last_checkin.mood if last_checkin else None,
            summary_wants_to_talk=bool(last_checkin and last_checkin.wants_to_talk),
            summary_open_concerns=open_count,
            summary_urgent_concerns=urgent_count,
            summary_next_review=next_review,
            summary_next_follow_up=_as_date(next_follow_up),
            summary_goals_total=goals_total,
            summary_goals_achieved=goals_achieved,
        )
        .where(Resident.id == resident_id)
        .execute()
    )


def _as_datetime(value):
    """MAX() over a datetime column comes back as text from SQLite; convert it."""
    if value is None or not isinstance(value, str):
        return value
    return datetime.fromisoformat(value)


def _as_date(value):
    if value is None or not isinstance(value, str):
        return value
    return date.fromisoformat(value[:10])


def valid_assessments(resident_id: int, instrument: str):
    """A resident's assessments of INSTRUMENT that no later one corrects (a query)."""
    fix = Assessment.alias()
    corrected = fn.EXISTS(fix.select(fix.id).where(fix.corrects == Assessment.id))
    return Assessment.select().where(Assessment.resident == resident_id,
                                     Assessment.instrument == instrument, ~corrected)


def refresh_assessment_summary(resident_id: int, instrument: str = "barc10") -> None:
    """The resident's BARC-10 columns: when the latest was taken (complete or not), the
    latest total, and how far it fell from the total before it. Call inside the write's
    transaction, like ``refresh_resident_summary``."""
    valid = valid_assessments(resident_id, instrument)
    last_at = _as_datetime(valid.select(fn.MAX(Assessment.taken_at)).scalar())
    last_two = list(valid.where(Assessment.total.is_null(False))
                    .order_by(Assessment.taken_at.desc(), Assessment.id.desc()).limit(2))
    total = last_two[0].total if last_two else None
    drop = last_two[1].total - last_two[0].total if len(last_two) == 2 else None
    (Resident.update(summary_barc_total=total, summary_barc_at=last_at,
                     summary_barc_drop=drop)
     .where(Resident.id == resident_id).execute())
