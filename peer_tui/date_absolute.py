"""Dates written out: ISO, numbers in the house's order, month names, with or without a year.

Numbers are read in the house's order (``day_first``); when that order gives no month but
the other one does ("15/3" in a month-first house) the only possible reading is taken. A
weekday beside a date must agree with it. Year-less dates go to the year the field's
direction picks. Nothing is filled in from a default: a month with no day, a day with no
month, or a pair like "8.25" is refused, never completed.
"""

from __future__ import annotations

import re
from datetime import date

from peer_tui.date_calendar import (
    Context,
    DateInputError,
    Found,
    checked,
    directed,
    make_date,
    two_digit_year,
)
from peer_tui.date_named import weekday_agrees
from peer_tui.date_words import MONTHS, month_number, weekday_number

_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MON = r"(?P<mon>[a-z]+)"
_YEAR = r"(?P<year>\d{4}|'\d{2}|\d{2})"


def read_absolute(s: str, ctx: Context) -> Found | None:
    words = s.split(" ")
    weekday = None
    if len(words) > 1 and weekday_number(words[0]) is not None:
        weekday, words = weekday_number(words[0]), words[1:]
    elif len(words) > 1 and weekday_number(words[-1]) is not None:
        weekday, words = weekday_number(words[-1]), words[:-1]
    core = " ".join(words)
    value = _numeric(core, ctx)
    if value is None:
        value = _named(core, ctx)
    if value is None:
        return None
    if weekday is not None:
        weekday_agrees(value, weekday)
    return value, ""


def _order(a: int, b: int, ctx: Context, shown: str) -> tuple[int, int]:
    """(month, day) from two numbers in the house's order, or the only possible order."""
    month, day = (b, a) if ctx.day_first else (a, b)
    if 1 <= month <= 12 and 1 <= day <= 31:
        return month, day
    if 1 <= day <= 12 and 1 <= month <= 31:
        return day, month
    order = "day/month" if ctx.day_first else "month/day"
    raise DateInputError(f'"{shown}" is not a day and a month (dates are read {order}).')


def _year(text: str, make, ctx: Context, shown: str) -> date:
    if len(text) == 4:
        value = make(int(text))
        if value is None:
            raise DateInputError(f'"{shown}" is not a real date.')
        return checked(value)
    return two_digit_year(int(text.lstrip("'")), make, ctx, shown)


def _yearless(month: int, day: int, ctx: Context, shown: str) -> date:
    if not 1 <= day <= 31 or make_date(2000, month, day) is None:
        raise DateInputError(f'"{shown}" is not a real date.')
    return directed(lambda year: make_date(year, month, day), ctx,
                    f"{day} {MONTHS[month - 1].title()}")


def _numeric(core: str, ctx: Context) -> date | None:
    m = (re.fullmatch(r"(?P<y>\d{4})(?P<sep>[-/. ])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})", core)
         or re.fullmatch(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", core))
    if m:
        value = make_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if value is None:
            raise DateInputError(f'"{core}" is not a real date (year-month-day).')
        return checked(value)
    m = (re.fullmatch(r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})",
                      core)
         or re.fullmatch(r"(?P<a>\d{1,2})(?P<sep> )(?P<b>\d{1,2}) (?P<y>\d{4})", core))
    if m:
        a, b = int(m["a"]), int(m["b"])
        if m["sep"] == "." and a != b and a <= 12 and b <= 12 and not ctx.day_first:
            # With dots most of the world writes day.month; the house writes month/day.
            raise DateInputError(f'Is "{core}" day.month or month.day? Type it with slashes '
                                 '(the house order) or the month name.')
        if len(m["y"]) == 2 and a > 31 and 1 <= b <= 12:  # "99-01-31": only a year can be 99
            return two_digit_year(a, lambda y: make_date(y, b, int(m["y"])), ctx, core)
        month, day = _order(a, b, ctx, core)
        return _year(m["y"], lambda y: make_date(y, month, day), ctx, core)
    m = re.fullmatch(r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})", core)
    if m:
        if m["sep"] == ".":
            raise DateInputError(f'"{core}" could be a number or a time: type the year too, or '
                                 f'write it as {m["a"]}/{m["b"]}.')
        if int(m["b"]) > 31 or int(m["a"]) > 31:
            raise DateInputError(f'"{core}" is not a day and a month. For a whole date type '
                                 'the year too, e.g. 8/25/2027.')
        month, day = _order(int(m["a"]), int(m["b"]), ctx, core)
        return _yearless(month, day, ctx, core)
    if re.fullmatch(r"\d{1,2}[-/.]\d{4}|\d{4}[-/.]\d{1,2}", core):
        raise DateInputError(f'"{core}" is a month and a year: type the day too.')
    return None


def _named(core: str, ctx: Context) -> date | None:
    m = (re.fullmatch(rf"(?:the )?{_DAY}(?: day of| of)? {_MON}(?: (?:of )?{_YEAR})?", core)
         or re.fullmatch(rf"{_MON} (?:the )?{_DAY}(?: (?:of )?{_YEAR})?", core)
         or re.fullmatch(rf"(?P<year>\d{{4}}) {_MON} {_DAY}", core))
    if m and month_number(m["mon"]):
        month, day = month_number(m["mon"]), int(m["day"])
        if day > 31 and not m["year"]:
            name = MONTHS[month - 1].title()
            raise DateInputError(f'Which day of {name}? Type it, e.g. "{name} 15".')
        if m["year"]:
            if len(m["year"]) == 2 and int(m["year"]) <= 31:
                raise DateInputError(f'"{core}": is {m["year"]} the year? Type it in full.')
            return _year(m["year"], lambda y: make_date(y, month, day), ctx, core)
        return _yearless(month, day, ctx, core)
    m = (re.fullmatch(rf"{_MON}(?: of)? (?P<year>\d{{4}}|'\d{{2}}|\d{{2}})", core)
         or re.fullmatch(rf"(?P<year>\d{{4}}) {_MON}", core) or re.fullmatch(_MON, core))
    if m and month_number(m["mon"]):
        name = MONTHS[month_number(m["mon"]) - 1].title()
        raise DateInputError(f'Which day of {name}? Type it, e.g. "{name} 15".')
    if re.fullmatch(r"(?:in )?\d{4}", core):
        raise DateInputError(f'"{core}" is a year: type the day and month too.')
    return None
