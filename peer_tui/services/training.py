"""Training records: the course, cohorts, trainees, sessions with attendance, competency
checks, and each trainee's progress (the arithmetic is in ``training_rules``).

Case managers and administrators manage training (``Perm.MANAGE_TRAINING``); any staff
member may read their own record (a trainee linked to their account). Every change is one
transaction with its audit row. Audit rows name training tables and ids only, and never a
resident: a trainee's link to a resident record is never followed here (nor the reverse).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from peewee import fn

from peer_tui.models.db import database
from peer_tui.models.people import Resident, Staff
from peer_tui.models.training import (Attendance, Cohort, CompetencyCheck, Course,
                                      SessionTopic, Trainee, TrainingSession)
from peer_tui.models.training_schemas import (CheckInput, CohortInput, CourseDef,
                                              SessionInput, TraineeInput)
from peer_tui.services import audit
from peer_tui.services import training_rules as rules
from peer_tui.services.errors import InvalidInput, NotFound, PermissionDenied, existing, validate
from peer_tui.services.house_scope import in_scope
from peer_tui.services.permissions import Perm, allowed, refusal, require_perm
from peer_tui.timeutil import local_today

MAX_COHORT = 200


# -- the course --------------------------------------------------------------------------------
@dataclass(frozen=True)
class CourseView:
    id: int
    course: CourseDef


def _course_def(row: Course) -> CourseDef:
    return CourseDef(**json.loads(row.definition))


def default_course() -> CourseView:
    """The course every cohort takes unless another is named (the first one stored)."""
    row = Course.select().order_by(Course.id).first()
    if row is None:
        raise NotFound("No course is defined yet.")
    return CourseView(row.id, _course_def(row))


def course_of_cohort(cohort_id: int) -> CourseView:
    row = Course.select().join(Cohort).where(Cohort.id == cohort_id).first()
    if row is None:
        raise NotFound("That cohort no longer exists.")
    return CourseView(row.id, _course_def(row))


def get_course(actor) -> CourseView:
    require_perm(actor, Perm.OWN_TRANSCRIPT, "see the training course")
    return default_course()


def update_course(actor, course_id: int, data: dict) -> CourseView:
    """Replace the course definition (name, total, topics) after validating it whole.

    The key stays; a topic with training recorded against it cannot be removed (its hours
    and checks would vanish from transcripts), only renamed or re-planned.
    """
    require_perm(actor, Perm.ADMIN, "change the training course")
    course = validate(CourseDef, data)
    with database.atomic():
        row = existing(Course, course_id, "That course no longer exists.")
        before = _course_def(row)
        if course.key != before.key:
            raise InvalidInput({"key": "A course's key cannot change."})
        removed = {t.key for t in before.topics} - {t.key for t in course.topics}
        cohorts = Cohort.select(Cohort.id).where(Cohort.course == row.id)
        used = {k for (k,) in SessionTopic.select(SessionTopic.topic_key).join(
            TrainingSession).where(TrainingSession.cohort.in_(cohorts),
                                   SessionTopic.topic_key.in_(removed)).tuples()} | {
            k for (k,) in CompetencyCheck.select(CompetencyCheck.topic_key).where(
                CompetencyCheck.topic_key.in_(removed)).tuples()} if removed else set()
        if used:
            names = ", ".join(t.name for t in before.topics if t.key in used)
            raise InvalidInput({"topics": f"Training is recorded for {names}: it can be "
                                          "renamed or re-planned, not removed."})
        row.definition = json.dumps(course.as_file())
        row.updated_by = actor.id
        row.save()
        audit.record(actor, "training_course_edit", "course", row.id,
                     detail=f"{len(course.topics)} topics, {course.total_hours} min")
    return CourseView(row.id, course)


# -- cohorts and trainees ---------------------------------------------------------------------
@dataclass(frozen=True)
class CohortInfo:
    id: int
    name: str
    starts_on: date | None
    trainees: int


def list_cohorts(actor) -> list[CohortInfo]:
    require_perm(actor, Perm.MANAGE_TRAINING, "manage training")
    counts = {c: n for c, n in Trainee.select(Trainee.cohort, _count()).group_by(
        Trainee.cohort).tuples()}
    return [CohortInfo(c.id, c.name, c.starts_on, counts.get(c.id, 0))
            for c in Cohort.select().order_by(Cohort.starts_on.desc(nulls="LAST"), Cohort.id)]


def _count():
    return fn.COUNT(Trainee.id)


def create_cohort(actor, data: dict) -> int:
    require_perm(actor, Perm.MANAGE_TRAINING, "add a cohort")
    cohort = validate(CohortInput, data)
    with database.atomic():
        course = default_course()
        row = Cohort.create(name=cohort.name, starts_on=cohort.starts_on, course=course.id)
        audit.record(actor, "training_cohort_add", "cohort", row.id)
    return row.id


def staff_choices(actor) -> list[tuple[int, str]]:
    """Active staff not yet linked to a trainee: who may be added as a trainee."""
    require_perm(actor, Perm.MANAGE_TRAINING, "add a trainee")
    linked = Trainee.select(Trainee.staff).where(Trainee.staff.is_null(False))
    return [(s.id, s.display_name) for s in Staff.select(Staff.id, Staff.display_name).where(
        Staff.active == True, Staff.id.not_in(linked)).order_by(  # noqa: E712
        Staff.display_name)]


def resident_choices(actor) -> list[tuple[int, str]]:
    """Residents by name only, to link a trainee who is or was a resident. Nothing else of
    the resident's record is read."""
    require_perm(actor, Perm.MANAGE_TRAINING, "add a trainee")
    query = Resident.select(Resident.id, Resident.first_name, Resident.last_name,
                            Resident.preferred_name).where(in_scope(actor)).order_by(
        Resident.last_name, Resident.first_name).limit(5000)
    return [(rid, f"{preferred or first} {last}") for rid, first, last, preferred
            in query.tuples()]


def create_trainee(actor, data: dict) -> int:
    require_perm(actor, Perm.MANAGE_TRAINING, "add a trainee")
    trainee = validate(TraineeInput, data)
    with database.atomic():
        if trainee.cohort_id is not None and not Cohort.select().where(
                Cohort.id == trainee.cohort_id).exists():
            raise InvalidInput({"cohort_id": "Pick a cohort from the list."})
        if trainee.staff_id is not None:
            if not Staff.select().where(Staff.id == trainee.staff_id).exists():
                raise InvalidInput({"staff_id": "Pick a staff account from the list."})
            if Trainee.select().where(Trainee.staff == trainee.staff_id).exists():
                raise InvalidInput({"staff_id": "That staff member already has a training "
                                                "record."})
        if trainee.resident_id is not None and not Resident.select().where(
                Resident.id == trainee.resident_id, in_scope(actor)).exists():
            raise InvalidInput({"resident_id": "Pick a resident from the list."})
        row = Trainee.create(name=trainee.name, cohort=trainee.cohort_id,
                             staff=trainee.staff_id, resident=trainee.resident_id)
        audit.record(actor, "training_trainee_add", "trainee", row.id,
                     detail=f"cohort {trainee.cohort_id}" if trainee.cohort_id else "")
    return row.id


def my_trainee_id(actor) -> int | None:
    """The training record linked to ACTOR's account, if any."""
    require_perm(actor, Perm.OWN_TRANSCRIPT, "see your training record")
    return Trainee.select(Trainee.id).where(Trainee.staff == actor.id).scalar()


def require_trainee_access(actor, trainee_id: int) -> Trainee:
    """The trainee row, if ACTOR manages training or it is ACTOR's own record."""
    row = Trainee.get_or_none(Trainee.id == trainee_id)
    if allowed(actor, Perm.MANAGE_TRAINING):
        if row is None:
            raise NotFound("That training record no longer exists.")
        return row
    if row is not None and row.staff_id is not None and actor is not None \
            and row.staff_id == actor.id and allowed(actor, Perm.OWN_TRANSCRIPT):
        return row
    raise PermissionDenied(refusal(actor, Perm.MANAGE_TRAINING,
                                   "see another person's training record"))


# -- sessions and checks ----------------------------------------------------------------------
@dataclass(frozen=True)
class SessionForm:
    """What the session entry needs: the cohort's course topics and its trainees."""

    cohort_id: int
    cohort_name: str
    topics: list[tuple[str, str, int]]  # key, name, planned minutes
    trainees: list[tuple[int, str]]


def session_form(actor, cohort_id: int) -> SessionForm:
    require_perm(actor, Perm.MANAGE_TRAINING, "record a training session")
    cohort = existing(Cohort, cohort_id, "That cohort no longer exists.")
    course = course_of_cohort(cohort_id).course
    trainees = [(t.id, t.name) for t in Trainee.select(Trainee.id, Trainee.name).where(
        Trainee.cohort == cohort_id).order_by(Trainee.name)]
    return SessionForm(cohort.id, cohort.name, [(t.key, t.name, t.hours)
                                                for t in course.topics], trainees)


def record_session(actor, data: dict) -> int:
    """Save a session of a cohort with attendance for everyone in one transaction.

    Attendance maps trainee ids to minutes attended (None: the whole session). A session
    dated in the future is planned and takes no attendance; recording a session on the day
    of a planned one fills the planned one in.
    """
    require_perm(actor, Perm.MANAGE_TRAINING, "record a training session")
    session = validate(SessionInput, data)
    total = rules.session_minutes(session.topic_minutes)
    if total > 24 * 60:
        raise InvalidInput({"topic_minutes": "A session is at most 24 hours."})
    planned_only = session.held_on > local_today()
    if planned_only and session.attendance:
        raise InvalidInput({"attendance": "This session is in the future: record who came "
                                          "on the day (it is saved as planned)."})
    if len(session.attendance) > MAX_COHORT:
        raise InvalidInput({"attendance": f"At most {MAX_COHORT} attendees."})
    for minutes in session.attendance.values():
        if minutes is not None and minutes > total:
            raise InvalidInput({"attendance": "Someone is down for more hours than the "
                                              "session lasted."})
    with database.atomic():
        course = course_of_cohort(session.cohort_id).course
        known = {t.key for t in course.topics}
        stray = [k for k in session.topic_minutes if k not in known]
        if stray:
            raise InvalidInput({"topic_minutes": "A topic is not in this course; pick again."})
        members = {tid for (tid,) in Trainee.select(Trainee.id).where(
            Trainee.cohort == session.cohort_id).tuples()}
        if any(tid not in members for tid in session.attendance):
            raise InvalidInput({"attendance": "An attendee is not in this cohort; pick again."})
        row = TrainingSession.select().where(
            TrainingSession.cohort == session.cohort_id,
            TrainingSession.held_on == session.held_on,
            TrainingSession.id.not_in(Attendance.select(Attendance.session))).first()
        filled = row is not None and not planned_only
        if filled:
            SessionTopic.delete().where(SessionTopic.session == row.id).execute()
            row.trainer, row.note = session.trainer, session.note
            row.save()
        else:
            row = TrainingSession.create(cohort=session.cohort_id, held_on=session.held_on,
                                         trainer=session.trainer, note=session.note,
                                         created_by=actor.id)
        SessionTopic.insert_many([{"session": row.id, "topic_key": k, "minutes": m}
                                  for k, m in session.topic_minutes.items()]).execute()
        if session.attendance:
            Attendance.insert_many([{"session": row.id, "trainee": tid,
                                     "minutes": total if m is None else m}
                                    for tid, m in session.attendance.items()]).execute()
        audit.record(actor, "training_session_plan" if planned_only else
                     "training_session_record", "training_session", row.id,
                     detail=f"cohort {session.cohort_id}, {total} min, "
                            f"{len(session.attendance)} attending")
    return row.id


def record_check(actor, data: dict) -> int:
    """One attempt at a competency check; a retry is another attempt (all are kept)."""
    require_perm(actor, Perm.MANAGE_TRAINING, "record a competency check")
    check = validate(CheckInput, data)
    if check.checked_on > local_today():
        raise InvalidInput({"checked_on": "A check is recorded once it has happened."})
    with database.atomic():
        trainee = Trainee.get_or_none(Trainee.id == check.trainee_id)
        if trainee is None:
            raise InvalidInput({"trainee_id": "That trainee no longer exists."})
        course = course_of_cohort(trainee.cohort_id).course if trainee.cohort_id \
            else default_course().course
        if check.topic_key not in {t.key for t in course.topics}:
            raise InvalidInput({"topic_key": "Pick a topic of the course."})
        row = CompetencyCheck.create(
            trainee=check.trainee_id, topic_key=check.topic_key, kind=check.kind,
            passed=check.passed, checked_on=check.checked_on, assessor=check.assessor,
            note=check.note, created_by=actor.id)
        audit.record(actor, "training_check_record", "competency_check", row.id,
                     detail=f"trainee {check.trainee_id} {check.kind} "
                            f"{'passed' if check.passed else 'not yet'}")
    return row.id
