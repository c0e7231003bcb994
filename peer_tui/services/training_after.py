"""After the course: credentials, supervision, continuing education and practice hours; the
administrator's "needs attention" list of renewals and missing supervision; and the numbers
the program report takes (hours delivered, credentials expiring).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peer_tui.models.db import database
from peer_tui.models.training import (Attendance, Cohort, Credential, SessionTopic, Trainee,
                                      TrainingHours, TrainingSession)
from peer_tui.models.training_schemas import CredentialInput, HoursInput
from peer_tui.services import audit
from peer_tui.services import training_rules as rules
from peer_tui.services.errors import InvalidInput, validate
from peer_tui.services.permissions import Perm, require_perm
from peer_tui.timeutil import local_today

HOURS_LABELS = {"supervision": "supervision", "continuing_education": "continuing education",
                "practice": "practice"}


def add_credential(actor, data: dict) -> int:
    """Record a credential (a renewal is a new one: the old stays on record)."""
    require_perm(actor, Perm.MANAGE_TRAINING, "record a credential")
    cred = validate(CredentialInput, data)
    with database.atomic():
        if not Trainee.select().where(Trainee.id == cred.trainee_id).exists():
            raise InvalidInput({"trainee_id": "That trainee no longer exists."})
        row = Credential.create(trainee=cred.trainee_id, issuing_body=cred.issuing_body,
                                number=cred.number, issued_on=cred.issued_on,
                                expires_on=cred.expires_on)
        audit.record(actor, "training_credential_add", "credential", row.id,
                     detail=f"trainee {cred.trainee_id}")
    return row.id


def log_hours(actor, data: dict) -> int:
    """Supervision, continuing-education or practice hours for one person."""
    require_perm(actor, Perm.MANAGE_TRAINING, "log training hours")
    entry = validate(HoursInput, data)
    if entry.done_on > local_today():
        raise InvalidInput({"done_on": "Hours are logged once they are done."})
    if entry.minutes > 24 * 60 and entry.kind == "supervision":
        raise InvalidInput({"minutes": "A supervision session is at most 24 hours."})
    with database.atomic():
        if not Trainee.select().where(Trainee.id == entry.trainee_id).exists():
            raise InvalidInput({"trainee_id": "That trainee no longer exists."})
        row = TrainingHours.create(trainee=entry.trainee_id, kind=entry.kind,
                                   done_on=entry.done_on, minutes=entry.minutes,
                                   who=entry.who, detail=entry.detail)
        audit.record(actor, "training_hours_log", "training_hours", row.id,
                     detail=f"trainee {entry.trainee_id} {entry.kind} {entry.minutes} min")
    return row.id


@dataclass(frozen=True)
class AttentionRow:
    trainee_id: int
    name: str
    due: date  # the renewal date, or when supervision fell due
    reasons: tuple[str, ...]


def needs_attention(actor, req: rules.Requirements | None = None,
                    today: date | None = None) -> list[AttentionRow]:
    """Certified people whose renewal falls within the window (with what it still needs) or
    who have gone too long without supervision; soonest first. Administrators only."""
    require_perm(actor, Perm.ADMIN, "see training renewals")
    req = req or rules.Requirements()
    today = today or local_today()
    latest: dict[int, Credential] = {}
    for cred in Credential.select().order_by(Credential.expires_on):
        latest[cred.trainee_id] = cred  # the latest-expiring credential is the current one
    names = dict(Trainee.select(Trainee.id, Trainee.name).where(
        Trainee.id.in_(list(latest))).tuples()) if latest else {}
    rows = []
    for tid, cred in latest.items():
        sums = {"supervision": 0, "continuing_education": 0, "practice": 0}
        last = None
        for kind, on, minutes in TrainingHours.select(
                TrainingHours.kind, TrainingHours.done_on, TrainingHours.minutes).where(
                TrainingHours.trainee == tid).tuples():
            if kind == "supervision" and (last is None or on > last):
                last = on
            if rules.in_period(on, cred.issued_on, cred.expires_on):
                sums[kind] += minutes
        status = rules.RenewalStatus(cred.issued_on, cred.expires_on, sums["supervision"],
                                     sums["continuing_education"], sums["practice"], req)
        reasons = rules.renewal_reasons(status, today)
        due = cred.expires_on
        gap = rules.supervision_reason(last, cred.issued_on, today, req) \
            if cred.expires_on >= today else None
        if gap:
            reasons.append(gap)
            if not rules.renewal_reasons(status, today):
                due = (last or cred.issued_on) + timedelta(days=req.supervision_gap_days)
        if reasons:
            rows.append(AttentionRow(tid, names.get(tid, "?"), due, tuple(reasons)))
    return sorted(rows, key=lambda r: (r.due, r.name.casefold()))


# -- for the program report -------------------------------------------------------------------
@dataclass(frozen=True)
class HoursDelivered:
    sessions: int
    session_minutes: int  # length of the sessions held
    attended_minutes: int  # summed over attendees (person-minutes of training)
    trainees: int  # distinct people who attended
    by_cohort: dict[str, int]  # cohort name -> session minutes


def training_hours_delivered(actor, start: date, end: date) -> HoursDelivered:
    """Training delivered between START and END (inclusive, local days): for the program
    report. Only sessions that took place (with attendance) count, not planned ones."""
    require_perm(actor, Perm.MANAGE_TRAINING, "report on training")
    if end < start:
        raise InvalidInput({"end": "The end date is before the start date."})
    held = (TrainingSession.select(TrainingSession.id, Cohort.name).join(Cohort)
            .where(TrainingSession.held_on.between(start, end),
                   TrainingSession.id.in_(Attendance.select(Attendance.session))).tuples())
    cohort_of = dict(held)
    lengths: dict[int, int] = {}
    for sid, minutes in SessionTopic.select(SessionTopic.session, SessionTopic.minutes).where(
            SessionTopic.session.in_(list(cohort_of))).tuples():
        lengths[sid] = lengths.get(sid, 0) + minutes
    attended, people = 0, set()
    for tid, minutes in Attendance.select(Attendance.trainee, Attendance.minutes).where(
            Attendance.session.in_(list(cohort_of))).tuples():
        attended += minutes
        people.add(tid)
    by_cohort: dict[str, int] = {}
    for sid, name in cohort_of.items():
        by_cohort[name] = by_cohort.get(name, 0) + lengths.get(sid, 0)
    return HoursDelivered(len(cohort_of), sum(lengths.values()), attended, len(people),
                          by_cohort)


@dataclass(frozen=True)
class ExpiringCredential:
    trainee_id: int
    name: str
    issuing_body: str
    expires_on: date


def credentials_expiring(actor, start: date, end: date) -> list[ExpiringCredential]:
    """Current credentials (each person's latest) expiring between START and END inclusive,
    soonest first: for the program report."""
    require_perm(actor, Perm.MANAGE_TRAINING, "report on training")
    if end < start:
        raise InvalidInput({"end": "The end date is before the start date."})
    latest: dict[int, Credential] = {}
    for cred in Credential.select().order_by(Credential.expires_on):
        latest[cred.trainee_id] = cred
    names = dict(Trainee.select(Trainee.id, Trainee.name).tuples())
    return sorted((ExpiringCredential(tid, names.get(tid, "?"), c.issuing_body, c.expires_on)
                   for tid, c in latest.items() if start <= c.expires_on <= end),
                  key=lambda e: (e.expires_on, e.name.casefold()))
