"""The date reader: a table of what people type at the desk (date_cases.txt beside this file,
one case a line), each with the day it is typed on, the house's order, the field's direction
and the date it must become, or the refusal (and a piece of its message) it must get.
Misreading is the one thing that must never happen.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peer_tui.dates import (
    DateInputError, describe, direction_problem, parse_date, read_date,
)

WED = date(2026, 11, 25)   # the day of the examples in the brief
THU = date(2026, 11, 26)   # Thanksgiving; "next friday" is 8 days away
SUN = date(2026, 11, 29)   # the last day of a Monday-Sunday week
MAR = date(2026, 3, 11)    # a Wednesday just after the US clocks changed
F, P, N = "future", "past", None
D = date


@dataclass(frozen=True)
class No:
    """A refusal whose message contains FRAGMENT (is exactly FRAGMENT when WHOLE)."""

    fragment: str
    whole: bool = False


NOW = datetime(2026, 11, 25, 15, 0)   # Wednesday, 3pm
TUE, THUR = D(2026, 11, 24), D(2026, 11, 26)
DAYS = {"WED": WED, "THU": THU, "SUN": SUN, "MAR": MAR, "NOW": NOW}
DIRECTIONS = {"future": F, "past": P, "none": N}


def _case(line: str) -> tuple:
    """One line of date_cases.txt as (text, today, day_first, prefer, expected)."""
    text, today, order, prefer, expected = (part.strip() for part in line.split(" | "))
    expected = re.sub(r"\s+# .*$", "", expected)
    return (ast.literal_eval(text),
            DAYS.get(today) or (datetime.fromisoformat(today) if " " in today
                                else date.fromisoformat(today)),
            {"mdy": False, "dmy": True}[order], DIRECTIONS[prefer],
            No(expected[3:], whole=True) if expected.startswith("!= ")
            else No(expected[2:]) if expected.startswith("! ") else date.fromisoformat(expected))


CASES = [_case(line) for line in
         (Path(__file__).with_name("date_cases.txt").read_text(encoding="utf-8").splitlines())
         if line.strip() and not line.startswith(("#", "["))]


def _id(case) -> str:
    """The case's test id, in printable ASCII without backslashes: pytest escapes others in
    ids, and a run that names tests by id (mutation testing) could not find them again."""
    text, today, day_first, prefer, _ = case
    shown = re.sub(r"[^ -\[\]-~]", lambda m: f"U+{ord(m[0]):04X}", text[:30])
    clock = f"{today:%H%M%S.%f}" if isinstance(today, datetime) else ""
    return f"'{shown}'@{today:%a%d%b}{clock}{'/dmy' if day_first else ''}/{prefer}"


@pytest.mark.parametrize("text,today,day_first,prefer,expected", CASES,
                         ids=[_id(case) for case in CASES])
def test_reads_or_refuses(text, today, day_first, prefer, expected):
    if isinstance(expected, No):
        with pytest.raises(DateInputError) as caught:
            parse_date(text, today=today, day_first=day_first, prefer=prefer)
        if expected.whole:
            assert str(caught.value) == expected.fragment
        assert expected.fragment in str(caught.value)
    else:
        assert parse_date(text, today=today, day_first=day_first, prefer=prefer) == expected


def test_the_table_is_large_and_has_no_duplicates():
    keys = [case[:4] for case in CASES]
    assert len(CASES) >= 300
    assert len(set(keys)) == len(keys)


def test_next_friday_on_a_thursday_says_which_friday():
    reading = read_date("next friday", today=THU, prefer="future")
    assert reading.value == D(2026, 12, 4)
    assert reading.note == "Friday of next week"
    assert describe(reading.value, THU) == "Fri 4 Dec 2026, in 8 days"
    assert read_date("this friday", today=THU, prefer="future").note == "Friday of this week"


def test_the_time_typed_is_kept_apart_from_the_day():
    reading = read_date("since yesterday 15:00".removeprefix("since "), today=WED,
                        prefer="past")
    assert (reading.value, reading.time, reading.had_time) == (D(2026, 11, 24), time(15), True)
    assert read_date("tomorrow at 5:30pm", today=WED).time == time(17, 30)
    vague = read_date("tomorrow at 5", today=WED)
    assert (vague.time, vague.had_time) == (None, True)
    assert read_date("tomorrow", today=WED).had_time is False


@pytest.mark.parametrize("value,expected", [
    (D(2026, 11, 27), "Fri 27 Nov 2026, in 2 days"),
    (WED, "Wed 25 Nov 2026, today"),
    (D(2026, 11, 26), "Thu 26 Nov 2026, tomorrow"),
    (D(2026, 11, 24), "Tue 24 Nov 2026, yesterday"),
    (D(2026, 11, 11), "Wed 11 Nov 2026, 14 days ago"),
    (D(2027, 3, 25), "Thu 25 Mar 2027, in 4 months"),
    (D(2027, 3, 15), "Mon 15 Mar 2027, in about 3 months"),
    (D(2024, 11, 25), "Mon 25 Nov 2024, 2 years ago"),
    (D(2027, 1, 23), "Sat 23 Jan 2027, in 59 days"),          # days up to 59
    (D(2027, 1, 24), "Sun 24 Jan 2027, in about 1 month"),    # then months and years
    (D(2027, 12, 25), "Sat 25 Dec 2027, in 1 year 1 month"),
    (D(2025, 10, 25), "Sat 25 Oct 2025, 1 year 1 month ago"),
])
def test_describe_shows_weekday_and_distance(value, expected):
    assert describe(value, WED) == expected


@pytest.mark.parametrize("value,prefer,expected", [
    (D(2026, 11, 24), "future", "in the past"),
    (WED, "future", ""),
    (D(2026, 11, 26), "past", "in the future"),
    (D(2026, 11, 26), None, ""),
    (TUE, None, ""),
    (TUE, "past", ""),
    (WED, "past", ""),
    (THUR, "future", ""),
])
def test_direction_problem(value, prefer, expected):
    assert direction_problem(value, today=WED, prefer=prefer) == expected


def test_a_time_alone_says_which_day_and_keeps_no_time():
    reading = read_date("2pm", today=NOW, prefer="future")
    assert (reading.value, reading.time, reading.had_time) == (THUR, time(14), True)
    assert reading.note == "the next 2pm: today's has passed"
    reading = read_date("at 5:30pm", today=NOW, prefer="past")
    assert (reading.value, reading.note) == (TUE, "the last 5:30pm: today's is still to come")
    reading = read_date("4pm", today=NOW, prefer="future")
    assert (reading.value, reading.note, reading.had_time) == (WED, "", True)
    assert read_date("at 5", today=WED, prefer="future").time is None  # 5am or 5pm


def test_a_time_alone_without_today_is_placed_by_this_computer_s_clock():
    assert parse_date("noon", prefer=None) == datetime.now().date()
    assert parse_date("23:59", prefer="future") == datetime.now().date()


def test_without_the_house_s_order_numbers_are_month_first():
    assert parse_date("4/3/2027", today=WED) == D(2027, 4, 3)
    assert read_date("4/3/2027", today=WED).value == D(2027, 4, 3)


def test_today_may_be_given_as_a_moment():
    from datetime import datetime

    assert parse_date("tomorrow", today=datetime(2026, 11, 25, 23, 59)) == D(2026, 11, 26)


def test_describe_without_today_measures_from_this_computer_s_date():
    assert describe(date.today()).endswith(", today")


def test_an_unknown_direction_is_a_programming_error():
    with pytest.raises(ValueError) as caught:
        parse_date("today", today=WED, prefer="sideways")
    assert str(caught.value) == "prefer must be 'future', 'past' or None, not 'sideways'"


def test_a_field_holding_no_text_asks_for_a_date():
    with pytest.raises(DateInputError) as caught:
        parse_date(None, today=WED)
    assert str(caught.value).startswith("Type a date, for example today,")


def test_long_bad_input_is_shortened_in_the_message():
    with pytest.raises(DateInputError) as caught:
        parse_date("q" * 35, today=WED)
    assert "q" * 27 + "..." in str(caught.value)
    assert "q" * 28 not in str(caught.value)


WORDS = ["in", "a", "the", "of", "next", "last", "this", "on", "at", "day", "days", "week",
         "ago", "from", "now", "after", "before", "friday", "monday", "march", "5", "5th",
         "2027", "3/15", "-", "+", "/", ".", ":", ",", "'", "am", "pm", "noon", "tomorrow",
         "today", "and", "to", "end", "first", "12", "31", "99", "'27", "10:30", "jan",
         "christmas", "within", "hours", "t", "z", "utc", "3pm", "12am", "0:00", "23:59",
         "24:00", "5:30", "by", "o'clock", "midnight"]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=90),
                 st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)),
       st.sampled_from(["future", "past", None]), st.booleans(),
       st.sampled_from([WED, NOW, NOW.replace(hour=0), NOW.replace(hour=23, minute=59)]))
def test_anything_typed_is_read_or_refused_never_a_crash(text, prefer, day_first, today):
    try:
        value = parse_date(text, today=today, prefer=prefer, day_first=day_first)
    except DateInputError as exc:
        assert str(exc)
    else:
        assert D(1900, 1, 1) <= value <= D(2200, 12, 31)
