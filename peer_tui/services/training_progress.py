"""Reading training progress: the roster (everyone, one row each) and one trainee's view
(per-topic progress, checks, sessions, and after the course their credential and hours).

A few queries for the whole roster, not one per trainee: sessions with their topics,
attendance and checks are read once and grouped in Python (a program trains tens of people).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from statistics import median_low

from peewee import JOIN

from peer_tui.models.training import (Attendance, Cohort, CompetencyCheck, Credential,
                                      SessionTopic, Trainee, TrainingHours, TrainingSession)
from peer_tui.models.training_schemas import CourseDef
from peer_tui.services import training_rules as rules
from peer_tui.services.permissions import Perm, require_perm
from peer_tui.services.training import (course_of_cohort, default_course,
                                        require_trainee_access)
from peer_tui.timeutil import local_today


@dataclass(frozen=True)
class RosterRow:
    id: int
    name: str
    cohort_id: int | None
    cohort: str
    counted: int  # minutes that count toward the course
    required: int
    behind: int  # minutes below the cohort's median progress (0 when level or ahead)
    next_session: date | None
    checks_outstanding: int
    complete: bool
    credential_expires: date | None
    is_staff: bool


def _topics_by_session(session_ids) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for sid, key, minutes in SessionTopic.select(
            SessionTopic.session, SessionTopic.topic_key, SessionTopic.minutes).where(
            SessionTopic.session.in_(session_ids)).tuples():
        out[sid][key] = out[sid].get(key, 0) + minutes
    return out


def _course_for(cohort_id: int | None, cache: dict) -> CourseDef:
    if cohort_id not in cache:
        cache[cohort_id] = (course_of_cohort(cohort_id) if cohort_id is not None
                            else default_course()).course
    return cache[cohort_id]


def roster(actor, today: date | None = None) -> list[RosterRow]:
    """Every trainee, by cohort then name, with hours, next session and checks."""
    require_perm(actor, Perm.MANAGE_TRAINING, "see the training roster")
    today = today or local_today()
    trainees = list(Trainee.select(Trainee, Cohort).join(Cohort, JOIN.LEFT_OUTER)
                    .order_by(Cohort.starts_on.desc(nulls="LAST"), Trainee.name))
    sessions = list(TrainingSession.select(TrainingSession.id, TrainingSession.cohort,
                                           TrainingSession.held_on).tuples())
    # (Make-up sessions for one person are sessions too, so "behind" compares people, not
    # sessions: the cohort's median progress, which one fast or slow person cannot move.)
    topics = _topics_by_session([s for s, _, _ in sessions])
    by_cohort: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for sid, cohort, held in sessions:
        by_cohort[cohort].append((sid, held))
    attended: dict[int, dict[int, int]] = defaultdict(dict)
    for sid, tid, minutes in Attendance.select(Attendance.session, Attendance.trainee,
                                               Attendance.minutes).tuples():
        attended[tid][sid] = minutes
    checks: dict[int, list[rules.CheckAttempt]] = defaultdict(list)
    for tid, key, kind, passed, on in CompetencyCheck.select(
            CompetencyCheck.trainee, CompetencyCheck.topic_key, CompetencyCheck.kind,
            CompetencyCheck.passed, CompetencyCheck.checked_on).tuples():
        checks[tid].append(rules.CheckAttempt(key, kind, passed, on))
    expires = {tid: exp for tid, exp in Credential.select(
        Credential.trainee, Credential.expires_on).order_by(Credential.expires_on).tuples()}
    cache: dict = {}
    rows = []
    for t in trainees:
        course = _course_for(t.cohort_id, cache)
        mine = attended.get(t.id, {})
        prog = rules.progress(course, [rules.Attended(topics.get(sid, {}), m)
                                       for sid, m in mine.items()], checks.get(t.id, []))
        upcoming = [on for _, on in by_cohort.get(t.cohort_id, []) if on > today]
        rows.append(RosterRow(t.id, t.name, t.cohort_id, t.cohort.name if t.cohort_id else "",
                              prog.counted, prog.required, 0,
                              min(upcoming) if upcoming else None, prog.checks_outstanding,
                              prog.complete, expires.get(t.id), t.staff_id is not None))
    return with_behind(rows)


def with_behind(rows: list[RosterRow]) -> list[RosterRow]:
    """Fill in ``behind``: minutes under the median of the person's cohort."""
    counted: dict[int | None, list[int]] = defaultdict(list)
    for r in rows:
        counted[r.cohort_id].append(r.counted)
    return [replace(r, behind=max(0, median_low(counted[r.cohort_id]) - r.counted))
            if r.cohort_id is not None else r for r in rows]


@dataclass(frozen=True)
class CheckRow:
    topic: str
    kind: str
    passed: bool
    checked_on: date
    assessor: str
    note: str


@dataclass(frozen=True)
class SessionRow:
    held_on: date
    trainer: str
    topics: str
    minutes: int
    attended: int


@dataclass(frozen=True)
class CredentialRow:
    issuing_body: str
    number: str
    issued_on: date
    expires_on: date


@dataclass(frozen=True)
class TraineeView:
    id: int
    name: str
    cohort: str
    course_name: str
    progress: rules.Progress
    completed_on: date | None
    checks: list[CheckRow]
    sessions: list[SessionRow]
    credential: CredentialRow | None
    hours: dict[str, int]  # kind -> minutes in the current renewal period (or ever)
    last_supervision: date | None
    renewal: list[str]  # what a renewal still needs, in words ([] when fine or none)
    is_staff: bool


def trainee_view(actor, trainee_id: int, today: date | None = None,
                 requirements: rules.Requirements | None = None) -> TraineeView:
    """One trainee's record. Their own for any staff member; anyone's for coordinators."""
    t = require_trainee_access(actor, trainee_id)
    today = today or local_today()
    course = _course_for(t.cohort_id, {})
    names = {topic.key: topic.name for topic in course.topics}
    rows = list(Attendance.select(Attendance.minutes, TrainingSession).join(TrainingSession)
                .where(Attendance.trainee == t.id).order_by(TrainingSession.held_on))
    topics = _topics_by_session([a.session.id for a in rows])
    dated = [(a.session.held_on, rules.Attended(topics.get(a.session.id, {}), a.minutes))
             for a in rows]
    attempts = [rules.CheckAttempt(c.topic_key, c.kind, c.passed, c.checked_on)
                for c in CompetencyCheck.select().where(CompetencyCheck.trainee == t.id)]
    prog = rules.progress(course, [a for _, a in dated], attempts)
    checks = [CheckRow(names.get(c.topic_key, c.topic_key), c.kind, c.passed, c.checked_on,
                       c.assessor, c.note) for c in CompetencyCheck.select().where(
        CompetencyCheck.trainee == t.id).order_by(CompetencyCheck.checked_on,
                                                  CompetencyCheck.id)]
    sessions = [SessionRow(a.session.held_on, a.session.trainer, ", ".join(
        names.get(k, k) for k in topics.get(a.session.id, {})),
        rules.session_minutes(topics.get(a.session.id, {})), a.minutes) for a in rows]
    cred = Credential.select().where(Credential.trainee == t.id).order_by(
        Credential.expires_on.desc()).first()
    credential = CredentialRow(cred.issuing_body, cred.number, cred.issued_on,
                               cred.expires_on) if cred else None
    hours, last_supervision, renewal = _after_course(t.id, credential, today,
                                                     requirements or rules.Requirements())
    return TraineeView(t.id, t.name, t.cohort.name if t.cohort_id else "", course.name, prog,
                       rules.completed_on(course, dated, attempts) if prog.complete else None,
                       checks, sessions, credential, hours, last_supervision, renewal,
                       t.staff_id is not None)


def _after_course(trainee_id: int, credential: CredentialRow | None, today: date,
                  req: rules.Requirements) -> tuple[dict[str, int], date | None, list[str]]:
    hours = {"supervision": 0, "continuing_education": 0, "practice": 0}
    last = None
    for kind, on, minutes in TrainingHours.select(TrainingHours.kind, TrainingHours.done_on,
                                                  TrainingHours.minutes).where(
            TrainingHours.trainee == trainee_id).tuples():
        if kind == "supervision":
            last = on if last is None or on > last else last
        if credential is None or rules.in_period(on, credential.issued_on,
                                                 credential.expires_on):
            hours[kind] = hours.get(kind, 0) + minutes
    renewal: list[str] = []
    if credential is not None:
        status = rules.RenewalStatus(credential.issued_on, credential.expires_on,
                                     hours["supervision"], hours["continuing_education"],
                                     hours["practice"], req)
        renewal = rules.renewal_reasons(status, today)
        gap = rules.supervision_reason(last, credential.issued_on, today, req)
        if gap:
            renewal.append(gap)
    return hours, last, renewal
