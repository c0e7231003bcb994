"""Peer specialist training: the course, cohorts, trainees, sessions and attendance,
competency checks, and what comes after the course (credentials, supervision, continuing
education, practice hours).

Hours are kept as whole minutes so that sums are exact (a quarter hour is 15 minutes).
Training is organisation-wide: a cohort may mix people from several houses.

A trainee may be linked to a resident (many trainees are current or former residents), but
the link goes one way only and carries no clinical data: training screens and exports show
the trainee's own name and training record, never the resident's plan, notes or status, and
the resident's record never shows training.

These tables arrived after the first schema: migration 8 creates them (they are not in
migration 1's list, see ``models/migrations.py``).
"""

from __future__ import annotations

from peewee import BooleanField, CharField, DateField, DateTimeField
from peewee import ForeignKeyField, IntegerField, TextField

from peer_tui.models.base import BaseModel, utcnow
from peer_tui.models.people import Resident, Staff

CHECK_KINDS = ("role_play", "quiz", "observed_practice")
SUPERVISION_FORMATS = ("individual", "group", "live_observation")


class Course(BaseModel):
    """A course definition: the JSON of ``training_schemas.CourseDef`` (topics, planned
    hours, checks each topic needs). Seeded from assets/training_course.json; an
    administrator may change it in the app (validated by the same schema, audited)."""

    key = CharField(max_length=40, unique=True)
    definition = TextField()
    updated_at = DateTimeField(default=utcnow)
    updated_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")


class Cohort(BaseModel):
    """People who take the course together."""

    name = CharField(max_length=100)
    course = ForeignKeyField(Course, backref="cohorts", on_delete="RESTRICT")
    starts_on = DateField(null=True)
    created_at = DateTimeField(default=utcnow)


class Trainee(BaseModel):
    """A person in training or certified: a staff member, or someone not yet staff."""

    name = CharField(max_length=100)
    cohort = ForeignKeyField(Cohort, null=True, backref="trainees", on_delete="RESTRICT")
    staff = ForeignKeyField(Staff, null=True, unique=True, on_delete="SET NULL")
    # One-way, data-free link (see the module docstring). Never followed to read a record.
    resident = ForeignKeyField(Resident, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class TrainingSession(BaseModel):
    """One session of a cohort: a date, a trainer, minutes per topic covered. A session in
    the future is planned (no attendance yet); recording it on the day fills it in."""

    cohort = ForeignKeyField(Cohort, backref="sessions", on_delete="RESTRICT")
    held_on = DateField(index=True)
    trainer = CharField(max_length=100)
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    created_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")


class SessionTopic(BaseModel):
    session = ForeignKeyField(TrainingSession, backref="topics", on_delete="CASCADE")
    topic_key = CharField(max_length=40)
    minutes = IntegerField()


class Attendance(BaseModel):
    """A trainee at a session, for MINUTES of it (partial attendance is less than the
    session's length; the topics are credited in proportion)."""

    session = ForeignKeyField(TrainingSession, backref="attendance", on_delete="CASCADE")
    trainee = ForeignKeyField(Trainee, backref="attendance", on_delete="RESTRICT")
    minutes = IntegerField()

    class Meta:
        indexes = ((("session", "trainee"), True),)


class CompetencyCheck(BaseModel):
    """One attempt at a check (role-play, quiz, observed practice). Retries are new rows."""

    trainee = ForeignKeyField(Trainee, backref="checks", on_delete="RESTRICT")
    topic_key = CharField(max_length=40)
    kind = CharField(max_length=20)
    passed = BooleanField()
    checked_on = DateField()
    assessor = CharField(max_length=100)
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    created_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")


class Credential(BaseModel):
    """A certification: who issued it, its number, when it was issued and expires."""

    trainee = ForeignKeyField(Trainee, backref="credentials", on_delete="RESTRICT")
    issuing_body = CharField(max_length=100)
    number = CharField(max_length=60)
    issued_on = DateField()
    expires_on = DateField(index=True)
    created_at = DateTimeField(default=utcnow)


class TrainingHours(BaseModel):
    """Hours after the course, one kind per row: supervision (with the supervisor and the
    format), continuing education (title, provider) or practice."""

    trainee = ForeignKeyField(Trainee, backref="hours", on_delete="RESTRICT")
    kind = CharField(max_length=20)  # supervision, continuing_education, practice
    done_on = DateField()
    minutes = IntegerField()
    who = CharField(max_length=100, default="")  # supervisor or provider
    detail = CharField(max_length=200, default="")  # format or course title or note
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("trainee", "kind", "done_on"), False),)


TRAINING_TABLES = [Course, Cohort, Trainee, TrainingSession, SessionTopic, Attendance,
                   CompetencyCheck, Credential, TrainingHours]
