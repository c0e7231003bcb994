"""Training input schemas, fuzzed (hypothesis): through the services that use them where
input is rich (a session, a check, the course), alone where it is a few fields. Either it is
accepted and reads back as the schema made it, or it is refused in one-line sentences keyed
by real field names and nothing at all was written (not even an audit row)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import fuzzing
import pytest
from fuzzing import (FUZZ, LINE, NASTY, TEXT, UNKNOWN_FIELD, accepts_and_refuses, check_refusal,
                     schema_inputs)
from hypothesis import given
from hypothesis import strategies as st

from peer_tui.models import training_schemas as ts
from peer_tui.services import auth
from peer_tui.services import training as tr
from peer_tui.services.errors import InvalidInput, validate
from peer_tui.timeutil import local_today

TABLES = ("training_session", "session_topic", "attendance", "competency_check", "course",
          "cohort", "trainee", "credential", "training_hours", "audit_log")
HOURS = st.one_of(st.sampled_from(["1", "1.5", "0:45", "2,25", "0", "-1", "1.1", "abc", "",
                                   "99999", "[b]", "\u0661", None, 3, 0.5, True]),
                  st.text(max_size=6))
FUZZED = [ts.TopicDef, ts.CourseDef, ts.CohortInput, ts.TraineeInput, ts.SessionInput,
          ts.CheckInput, ts.CredentialInput, ts.HoursInput]


attempt = partial(fuzzing.attempt, tables=TABLES)


@pytest.fixture
def cohort(demo_db):
    from peer_tui.models.training import Cohort, Trainee

    casey = auth.sign_in("casey", "2468").actor
    row = Cohort.get(Cohort.name == "Autumn 2026")
    members = [t.id for t in Trainee.select().where(Trainee.cohort == row.id)]
    return casey, row.id, members


KEYS = st.sampled_from(["ethics", "boundaries", "teams", "nope", "", "ETHICS"])


@FUZZ
@given(data=st.fixed_dictionaries(
    {"held_on": st.one_of(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
                          st.sampled_from(["", "today", None])),
     "trainer": st.one_of(LINE, TEXT),
     "topic_minutes": st.dictionaries(KEYS, HOURS, max_size=3)},
    optional={"note": TEXT, "attendance": st.just("members"), **UNKNOWN_FIELD}))
def test_session_through_the_service(cohort, data):
    from peer_tui.models.training import Attendance, SessionTopic, TrainingSession

    casey, cohort_id, members = cohort
    data = {**data, "cohort_id": cohort_id}
    if data.get("attendance") == "members":
        data["attendance"] = {m: (None if i % 2 else "1") for i, m in enumerate(members)}
    sid = attempt(ts.SessionInput, tr.record_session, casey, data)
    if sid is None:
        return
    expected = validate(ts.SessionInput, data)
    row = TrainingSession.get_by_id(sid)
    assert (row.held_on, row.trainer, row.note) == (expected.held_on, expected.trainer,
                                                    expected.note)
    topics = {t.topic_key: t.minutes for t in SessionTopic.select().where(
        SessionTopic.session == sid)}
    assert topics == expected.topic_minutes
    assert Attendance.select().where(Attendance.session == sid).count() == len(
        expected.attendance)


@FUZZ
@given(data=st.fixed_dictionaries(
    {"topic_key": KEYS, "kind": st.sampled_from(["quiz", "role_play", "observed_practice",
                                                 "essay", ""]),
     "passed": st.one_of(st.booleans(), st.sampled_from(["yes", "", 2])),
     "checked_on": st.one_of(st.dates(min_value=date(2020, 1, 1),
                                      max_value=date(2030, 1, 1)), st.sampled_from(["x"])),
     "assessor": st.one_of(LINE, TEXT)},
    optional={"note": TEXT, **UNKNOWN_FIELD}))
def test_check_through_the_service(cohort, data):
    from peer_tui.models.training import CompetencyCheck

    casey, _, members = cohort
    data = {**data, "trainee_id": members[0]}
    cid = attempt(ts.CheckInput, tr.record_check, casey, data)
    if cid is None:
        return
    expected = validate(ts.CheckInput, data)
    row = CompetencyCheck.get_by_id(cid)
    assert (row.topic_key, row.kind, row.passed, row.assessor, row.note) == (
        expected.topic_key, expected.kind, expected.passed, expected.assessor, expected.note)
    assert expected.checked_on <= local_today()


def _course_edits():
    base = tr_course_file()
    topic = st.fixed_dictionaries({"name": st.one_of(LINE, TEXT), "hours": HOURS,
                                   "checks": st.lists(st.sampled_from(
                                       ["quiz", "role_play", "essay"]), max_size=2)})
    return st.fixed_dictionaries(
        {"name": st.one_of(st.just(base["name"]), LINE, TEXT),
         "total_hours": st.one_of(st.just(base["total_hours"]), HOURS),
         "edit": st.lists(st.tuples(st.integers(0, 9), topic), max_size=2)})


def tr_course_file() -> dict:
    from peer_tui.models.training_seed import packaged_course

    return packaged_course().as_file()


@FUZZ
@given(change=_course_edits())
def test_course_edits_through_the_service(demo_db, change):
    admin = auth.sign_in("admin", "2468").actor
    data = tr_course_file()
    data["name"], data["total_hours"] = change["name"], change["total_hours"]
    for index, topic in change["edit"]:
        data["topics"][index] = {**data["topics"][index], **topic}
    view = attempt(ts.CourseDef, tr.update_course, admin, 1, data)
    if view is None:
        return
    assert view.course == validate(ts.CourseDef, data)
    assert tr.default_course().course == view.course


@pytest.mark.parametrize("schema", [ts.TopicDef, ts.CohortInput, ts.TraineeInput,
                                    ts.CredentialInput, ts.HoursInput],
                         ids=lambda c: c.__name__)
def test_small_schemas_accept_or_refuse_in_words(schema):
    fields = {"hours": HOURS, "minutes": HOURS, "key": st.sampled_from(["ethics", "Bad Key"]),
              "kind": st.sampled_from(["supervision", "practice", "continuing_education", "x"]),
              "checks": st.lists(st.sampled_from(["quiz", "essay"]), max_size=2),
              "issued_on": st.sampled_from([date(2024, 1, 1), "soon", None]),
              "expires_on": st.sampled_from([date(2026, 1, 1), date(2023, 1, 1)]),
              "number": st.sampled_from(["PS-1", "", "x" * 61, "[/]"])}
    extra = st.fixed_dictionaries({k: v for k, v in fields.items() if k in schema.model_fields})
    accepts_and_refuses(schema, st.builds(lambda data, more: {**data, **more},
                                          schema_inputs(schema), extra))


def test_nasty_text_never_escapes_as_anything_but_a_sentence():
    for text in NASTY:
        for schema, data in ((ts.CohortInput, {"name": text}),
                             (ts.HoursInput, {"trainee_id": 1, "kind": "practice",
                                              "done_on": date.today() - timedelta(days=1),
                                              "minutes": text, "detail": text})):
            try:
                validate(schema, data)
            except InvalidInput as exc:
                check_refusal(exc, schema)
