"""Where the hand-off starts: the shift, not the last unlock; typed starts read strictly."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from peer_tui.dates import DateInputError
from peer_tui.shift import default_window, parse_clock, parse_since, shift_start

STARTS = [time(7), time(15), time(23)]
NOW = datetime(2026, 11, 26, 16, 40)  # a Thursday


@pytest.mark.parametrize("at, expected", [
    (datetime(2026, 11, 26, 16, 40), datetime(2026, 11, 26, 15, 0)),
    (datetime(2026, 11, 26, 15, 0), datetime(2026, 11, 26, 15, 0)),  # at the boundary
    (datetime(2026, 11, 26, 14, 59), datetime(2026, 11, 26, 7, 0)),
    (datetime(2026, 11, 26, 3, 0), datetime(2026, 11, 25, 23, 0)),  # the night shift
    (datetime(2026, 11, 26, 23, 30), datetime(2026, 11, 26, 23, 0)),
])
def test_shift_start(at, expected):
    assert shift_start(at, STARTS) == expected


def test_default_is_the_previous_sign_out_when_it_is_earlier():
    signed_in = datetime(2026, 11, 26, 14, 55)
    out = datetime(2026, 11, 25, 23, 10)
    window = default_window(signed_in, out, STARTS)
    assert window.start == out and window.why == "your last sign-out"


def test_default_is_the_shift_start_after_a_quick_sign_out_and_in():
    signed_in = datetime(2026, 11, 26, 16, 5)
    window = default_window(signed_in, datetime(2026, 11, 26, 16, 0), STARTS)
    assert window.start == datetime(2026, 11, 26, 15, 0)
    assert window.why == "the start of this shift"


def test_never_signed_out_starts_at_the_shift():
    assert default_window(NOW, None, STARTS).start == datetime(2026, 11, 26, 15, 0)


def test_no_shift_starts_set_means_the_last_24_hours():
    assert default_window(NOW, None, []).start == datetime(2026, 11, 25, 16, 40)


@pytest.mark.parametrize("typed, expected", [
    ("8 hours ago", datetime(2026, 11, 26, 8, 40)),
    ("since 8 hours ago", datetime(2026, 11, 26, 8, 40)),
    ("an hour ago", datetime(2026, 11, 26, 15, 40)),
    ("90 minutes ago", datetime(2026, 11, 26, 15, 10)),
    ("yesterday 15:00", datetime(2026, 11, 25, 15, 0)),
    ("since yesterday 15:00", datetime(2026, 11, 25, 15, 0)),
    ("yesterday", datetime(2026, 11, 25, 0, 0)),
    ("15:00", datetime(2026, 11, 26, 15, 0)),
    ("17:00", datetime(2026, 11, 25, 17, 0)),  # later than now: the day before
    ("monday 07:00", datetime(2026, 11, 23, 7, 0)),
    ("2026-11-20 07:00", datetime(2026, 11, 20, 7, 0)),
    ("shift", datetime(2026, 11, 26, 15, 0)),
])
def test_typed_starts(typed, expected):
    assert parse_since(typed, NOW, starts=STARTS) == expected


@pytest.mark.parametrize("typed", ["", "soon", "tomorrow", "in 3 days", "25:00",
                                   "[b]x[/b]", "8 hours", "\x1b[2J"])
def test_nonsense_and_the_future_are_refused_with_words(typed):
    with pytest.raises(DateInputError) as refused:
        parse_since(typed, NOW, starts=STARTS)
    assert str(refused.value)


def test_clock_setting():
    assert parse_clock("07:00") == time(7)
    with pytest.raises(ValueError):
        parse_clock("7am")
