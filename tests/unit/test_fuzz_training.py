"""Training input schemas, fuzzed (hypothesis): through the services that use them where
input is rich (a session, a check, the course), alone where it is a few fields. Either it is
accepted and reads back as the schema made it, or it is refused in one-line sentences keyed
by real field names and nothing at all was written (not even an audit row)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from peer_tui.models import training_schemas as ts
from peer_tui.models.db import database
from peer_tui.services import auth, runner
from peer_tui.services import training as tr
from peer_tui.services.errors import InvalidInput, validate
from peer_tui.timeutil import local_today

# The same kinds of input as test_fuzz_schemas.py (copied, not imported: a test file that
# imports another runs that file's tests twice).
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
NASTY = ["", " ", "[/]", "[b]x", "[@click=app.quit]x[/]", "\x1b[31mred\x1b[0m", "x" * 10_000,
         "\U0001f600\U0001f44d\U0001f3fd", "\u05e9\u05dc\u05d5\u05dd", "line one\nline two",
         "tab\there", "nul\x00byte", "\u202eevil", "\u00e9\u0301", "a" * 301, "csi\x9b2J"]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=40),
                 st.text(min_size=95, max_size=320))
LINE = st.one_of(st.sampled_from(["[/]", "[b]x", "[@click=app.quit]x[/]", NASTY[7]]),
                 st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1,
                         max_size=100).filter(str.strip))
UNKNOWN_FIELD = {"is_admin": st.just(True)}
DATES = st.one_of(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
                  st.sampled_from(["2026-02-30", "today", ""]), st.none(), st.integers(-5, 5))


def check_refusal(exc: InvalidInput, schema) -> None:
    fields = set(getattr(schema, "model_fields", {})) | {""} | set(UNKNOWN_FIELD)
    assert exc.errors, "InvalidInput without a message"
    for field, message in exc.errors.items():
        assert field in fields, f"message for unknown field {field!r}"
        assert isinstance(message, str) and message.strip() and "\n" not in message
        assert len(message) < 200 and "Traceback" not in message


def _field_values(annotation):
    import typing

    args, origin = typing.get_args(annotation), typing.get_origin(annotation)
    if origin is typing.Literal:
        return st.one_of(st.sampled_from(args), st.sampled_from(["", "bogus", 3]))
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return st.one_of(*[_field_values(a) for a in args])
    if origin is list:
        return st.lists(_field_values(args[0]), max_size=3)
    if origin is typing.Annotated or annotation is str:
        return st.one_of(LINE, TEXT)
    return {date: DATES, int: st.integers(-3, 40), bool: st.booleans(),
            type(None): st.none()}.get(annotation, TEXT)


def _schema_inputs(schema):
    fields = schema.model_fields
    required = {n: _field_values(f.annotation) for n, f in fields.items() if f.is_required()}
    optional = {n: _field_values(f.annotation) for n, f in fields.items()
                if not f.is_required()}
    return st.fixed_dictionaries(required, optional={**optional, **UNKNOWN_FIELD})

TABLES = ("training_session", "session_topic", "attendance", "competency_check", "course",
          "cohort", "trainee", "credential", "training_hours", "audit_log")
HOURS = st.one_of(st.sampled_from(["1", "1.5", "0:45", "2,25", "0", "-1", "1.1", "abc", "",
                                   "99999", "[b]", "\u0661", None, 3, 0.5, True]),
                  st.text(max_size=6))
FUZZED = [ts.TopicDef, ts.CourseDef, ts.CohortInput, ts.TraineeInput, ts.SessionInput,
          ts.CheckInput, ts.CredentialInput, ts.HoursInput]


def counts() -> tuple[int, ...]:
    return tuple(database.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                 for t in TABLES)


def attempt(schema, fn, *args):
    before = counts()
    try:
        result = runner.call(fn, *args)
    except InvalidInput as exc:
        check_refusal(exc, schema)
        assert counts() == before, "a refused input wrote something"
        event("refused")
        return None
    event("saved")
    return result


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
    seen = {"ok": 0, "refused": 0}
    fields = {"hours": HOURS, "minutes": HOURS, "key": st.sampled_from(["ethics", "Bad Key"]),
              "kind": st.sampled_from(["supervision", "practice", "continuing_education", "x"]),
              "checks": st.lists(st.sampled_from(["quiz", "essay"]), max_size=2),
              "issued_on": st.sampled_from([date(2024, 1, 1), "soon", None]),
              "expires_on": st.sampled_from([date(2026, 1, 1), date(2023, 1, 1)]),
              "number": st.sampled_from(["PS-1", "", "x" * 61, "[/]"])}
    base = _schema_inputs(schema)

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(data=base, extra=st.fixed_dictionaries(
        {k: v for k, v in fields.items() if k in schema.model_fields}))
    def check(data, extra):
        try:
            validate(schema, {**data, **extra})
            seen["ok"] += 1
        except InvalidInput as exc:
            check_refusal(exc, schema)
            seen["refused"] += 1

    check()
    assert seen["ok"] and seen["refused"], seen


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
