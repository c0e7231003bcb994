"""The date-input helper: a table of what people type at the desk, good and bad."""

from __future__ import annotations

from datetime import date

import pytest

from peer_tui.dates import DateInputError, describe, parse_date

# Wednesday 2026-03-11; the US clocks changed on Sunday 2026-03-08.
TODAY = date(2026, 3, 11)


@pytest.mark.parametrize("text,expected", [
    ("today", date(2026, 3, 11)),
    ("  TODAY ", date(2026, 3, 11)),
    ("now", date(2026, 3, 11)),
    ("tomorrow", date(2026, 3, 12)),
    ("yesterday", date(2026, 3, 10)),
    ("in 3 days", date(2026, 3, 14)),
    ("in 1 day", date(2026, 3, 12)),
    ("in   2   weeks", date(2026, 3, 25)),
    ("2 weeks ago", date(2026, 2, 25)),
    ("in 1 month", date(2026, 4, 11)),
    ("1 year ago", date(2025, 3, 11)),
    ("wednesday", date(2026, 3, 11)),       # the coming one, today included
    ("this wed", date(2026, 3, 11)),
    ("next wednesday", date(2026, 3, 18)),  # strictly after today
    ("friday", date(2026, 3, 13)),
    ("fri", date(2026, 3, 13)),
    ("next friday", date(2026, 3, 13)),
    ("last friday", date(2026, 3, 6)),
    ("last wednesday", date(2026, 3, 4)),
    ("monday", date(2026, 3, 16)),
    ("3/15", date(2026, 3, 15)),
    ("3/15/2026", date(2026, 3, 15)),
    ("12/1/2025", date(2025, 12, 1)),
    ("2026-03-15", date(2026, 3, 15)),
    ("2026-3-5", date(2026, 3, 5)),
    ("15 March 2026", date(2026, 3, 15)),
    ("March 15", date(2026, 3, 15)),
    ("march 15th, 2027", date(2027, 3, 15)),
    ("Sept 1", date(2026, 9, 1)),
    ("1 dec. 2026", date(2026, 12, 1)),
    ("2028-02-29", date(2028, 2, 29)),
])
def test_good_inputs(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text,day_first,expected", [
    ("3/4", False, date(2026, 3, 4)),
    ("3/4", True, date(2026, 4, 3)),
    ("15/3/2026", True, date(2026, 3, 15)),
    ("2026-03-04", True, date(2026, 3, 4)),  # ISO is always year-month-day
    # No month 15: read the only possible way; the understood date is shown before saving.
    ("15/3/2026", False, date(2026, 3, 15)),
    ("٣/١٥", False, date(2026, 3, 15)),     # Arabic-Indic digits are still digits
])
def test_day_first_setting(text, day_first, expected):
    assert parse_date(text, today=TODAY, day_first=day_first) == expected


@pytest.mark.parametrize("text,fragment", [
    ("", "Type a date"),
    ("   ", "Type a date"),
    ("3 days", 'Say "in 3 days"'),
    ("in 3 days ago", "pick one"),
    ("soon", "Cannot read"),
    ("next week", "Cannot read"),
    ("tomorrowish", "Cannot read"),
    ("friday 13", "Cannot read"),
    ("every friday", 'Say "friday"'),
    ("13 friday", 'Say "friday"'),
    ("someday 13", "Cannot read"),
    ("2/30", "not a real date"),
    ("2026-02-29", "not a real date"),
    ("2026-13-01", "not a real date"),
    ("0001-01-01", "out of range"),
    ("9999-12-31", "out of range"),
    ("x" * 41, "too long"),
    ("[/]x [@click=app.quit]", "Cannot read"),
    ("[b]3/15[/b]", "Cannot read"),
    ("in 9999 days", "Cannot read"),
    ("mañana", "Cannot read"),
    ("3/15/20266", "Cannot read"),
    ("-3/15", "Cannot read"),
])
def test_bad_inputs_say_why(text, fragment):
    with pytest.raises(DateInputError) as caught:
        parse_date(text, today=TODAY)
    assert fragment in str(caught.value)


def test_long_bad_input_is_shortened_in_the_message():
    with pytest.raises(DateInputError) as caught:
        parse_date("q" * 35, today=TODAY)
    assert "q" * 27 + "..." in str(caught.value)
    assert "q" * 28 not in str(caught.value)


@pytest.mark.parametrize("value,expected", [
    (date(2026, 3, 11), "2026-03-11 (Wed, today)"),
    (date(2026, 3, 12), "2026-03-12 (Thu, tomorrow)"),
    (date(2026, 3, 10), "2026-03-10 (Tue, yesterday)"),
    (date(2026, 3, 14), "2026-03-14 (Sat, in 3 days)"),
    (date(2026, 2, 25), "2026-02-25 (Wed, 14 days ago)"),
])
def test_describe_shows_the_understood_date(value, expected):
    assert describe(value, today=TODAY) == expected
