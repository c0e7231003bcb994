"""What the fuzz tests share (hypothesis): the kinds of input people and pasted documents
produce, strategies built from a schema's own fields, and the check that an input is either
accepted or refused in one-line sentences keyed by real field names with nothing written.
No Textual here: the fuzz tests are unit tests."""

from __future__ import annotations

import typing
from datetime import date
from types import UnionType

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from peer_tui.models.db import database
from peer_tui.services import runner
from peer_tui.services.errors import InvalidInput, validate

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Text people (and pasted documents) produce, and text that breaks naive programs.
NASTY = ["", " ", "[/]", "[b]x", "[@click=app.quit]x[/]", "\x1b[31mred\x1b[0m", "x" * 10_000,
         "\U0001f600\U0001f44d\U0001f3fd",
         "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
         "line one\nline two", "tab\there", "nul\x00byte", "Robert'); DROP TABLE event;--",
         "\u202eevil", "\u00e9\u0301", "a" * 301, "b" * 20_001, "csi\x9b2J"]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=40),
                 st.text(min_size=95, max_size=320))
DATES = st.one_of(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
                  st.sampled_from([date(1, 1, 1), date(9999, 12, 31)]),
                  st.sampled_from(["2026-02-30", "today", "", "2026-01-05"]),
                  st.none(), st.integers(-5, 5))
UNKNOWN_FIELD = {"is_admin": st.just(True)}

# Inputs a form would send when the person typed sensibly (markup and emoji are sensible).
_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))
LINE = st.one_of(st.sampled_from(["[/]", "[b]x", "[@click=app.quit]x[/]", NASTY[7], NASTY[8]]),
                 st.text(_PRINTABLE, min_size=1, max_size=100).filter(str.strip))


def check_refusal(exc: InvalidInput, schema) -> None:
    fields = set(getattr(schema, "model_fields", {})) | {""} | set(UNKNOWN_FIELD)
    assert exc.errors, "InvalidInput without a message"
    for field, message in exc.errors.items():
        assert field in fields, f"message for unknown field {field!r}"
        assert isinstance(message, str) and message.strip() and "\n" not in message
        assert len(message) < 200 and "Traceback" not in message


def table_counts(tables) -> dict[str, int]:
    return {t: database.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in tables}


def attempt(schema, fn, *args, tables):
    """Call FN as a screen would; return its result, or None after checking the refusal and
    that none of TABLES changed."""
    before = table_counts(tables)
    try:
        result = runner.call(fn, *args)
    except InvalidInput as exc:
        check_refusal(exc, schema)
        assert table_counts(tables) == before, "a refused input wrote something"
        event("refused")
        return None
    event("saved")
    return result


def valid(schema, data):
    try:
        return schema(**data)
    except Exception:  # noqa: BLE001 - pydantic ValidationError (or our own ValueError)
        return None


def field_values(annotation):
    """Values for one schema field: mostly of its type (so valid input occurs), some not."""
    args, origin = typing.get_args(annotation), typing.get_origin(annotation)
    if origin is typing.Literal:
        return st.one_of(st.sampled_from(args), st.sampled_from(["", "bogus", 3]))
    if origin in (typing.Union, UnionType):
        return st.one_of(*[field_values(a) for a in args])
    if origin is list:
        return st.lists(field_values(args[0]), max_size=3)
    if origin is typing.Annotated or annotation is str:
        return st.one_of(LINE, TEXT)
    return {date: DATES, int: st.integers(-3, 40), bool: st.booleans(),
            type(None): st.none()}.get(annotation, TEXT)


def schema_inputs(schema):
    """Dictionaries of the schema's fields (the optional ones sometimes left out), with an
    unknown field now and then."""
    fields = schema.model_fields
    required = {n: field_values(f.annotation) for n, f in fields.items() if f.is_required()}
    optional = {n: field_values(f.annotation) for n, f in fields.items()
                if not f.is_required()}
    return st.fixed_dictionaries(required, optional={**optional, **UNKNOWN_FIELD})


def accepts_and_refuses(schema, inputs) -> None:
    """The schema alone over INPUTS (a strategy of dictionaries): valid input builds, invalid
    input gets sentences on real field names (never an exception of another kind), and both
    happen."""
    seen = {"ok": 0, "refused": 0}

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(data=inputs)
    def check(data):
        try:
            validate(schema, data)
            seen["ok"] += 1
        except InvalidInput as exc:
            check_refusal(exc, schema)
            seen["refused"] += 1

    check()
    assert seen["ok"] and seen["refused"], seen
