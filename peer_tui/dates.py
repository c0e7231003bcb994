"""The one reader of typed dates: what people type at the desk, read without guessing.

``parse_date(text, *, today, day_first, prefer)`` returns a ``date`` or raises
``DateInputError`` whose text says what was understood or what to type instead.
``read_date`` returns the same date with a note on which day was meant and any time typed.

What it reads (all case-insensitive):
- today, now, tonight, tomorrow, yesterday, last night, (the) day after tomorrow, (the) day
  before yesterday; "this morning", "tomorrow afternoon", "friday night", "eod friday".
- Counts of days, weeks, fortnights, months, years or decades in digits or words ("3",
  "three", "twenty one", "a", "an", "a couple of"): "in 3 days", "in a week's time",
  "a week from now", "7 days from today", "2 days later", "after 4 days", "six days ago",
  "2 weeks and 3 days ago", "3 days before", "+2 weeks", "today - 1 month". From another
  date: "a week from friday", "2 days after next friday", "3 days before christmas",
  "the day after 3/15". Hours only in whole days ("in 48 hours"). "3 fridays from now".
- Weekdays (full or three letters and more): "friday" / "on friday" is the coming Friday in a
  field that looks ahead (or has no direction) and the last one in a field that looks back.
  "this friday" is the Friday of this week while it is still to come. "next friday" is the
  Friday of NEXT WEEK (weeks run Monday to Sunday): on a Thursday it is 8 days away, not
  tomorrow; on a Saturday 6 days. "last friday" / "past friday" is the last Friday before
  today. "friday next week", "wednesday of this week", "monday of last week" name the week.
  "friday the 13th" is the 13th the field's direction picks, refused unless it is a Friday.
  "3 fridays from now", "2 mondays ago" count Fridays or Mondays.
- next/last week, month, year (the same day one unit away: "next week" is 7 days on);
  end/start/beginning/first day/last day of the week (Monday-Sunday), month or year, this,
  next or last one, or of a named month ("end of february", "last day of october 2027") or
  year ("end of 2027"); "eom", "eoy"; "the first monday of next month", "last friday in
  october"; "the 15th", "on the 20th of next month"; "within 2 weeks" (its last day).
- US holidays: christmas, thanksgiving, memorial day, labor day, easter...; "christmas 2027",
  "last thanksgiving", "memorial day of next year".
- Written dates: ISO 2026-03-15 (also 2026/3/15, 20260315); numbers in the house's order
  (``day_first``) with a 2- or 4-digit year or none: 3/15, 3/15/2027, 3-15-27 (and 15/3,
  which has only one reading); month names and abbreviations: "March 15", "15 Mar", "the 5th
  of March", "22nd August 2027", "Sept 1, '27", "15-Mar-2027", "2027 March 5". A weekday
  beside a date must agree with it ("Tuesday Jul 22, 2027" is refused: that is a Thursday).
- A time of day with the date ("tomorrow at 5pm", "2026-03-15T10:00Z", "3pm friday") is
  allowed and not kept; the preview says so. "midnight", "24:00", two times, a time inside
  the date, or a time zone that moves the moment to another day are refused.
- A time of day alone ("3pm", "15:00", "at 5:30pm", "noon", "by 5pm") is a day, and its time
  is not kept either. When ``today`` is a plain date (no clock), or the field has no
  direction, it is today. When ``today`` is a moment (a datetime), a field that looks ahead
  takes the next such time: today while it is still to come or is now, tomorrow once it has
  passed; a field that looks back takes the last one: today once it has come, yesterday while
  it is still to come. A time equal to now (to the second) is today either way.
  00:00, 0:00 and 12am are the start of a day, 12pm is noon. A 12-hour time without am/pm
  ("5:30", "at 5", "12:15") is read only when both its readings fall on the same day; a time
  alone with a time zone is refused (which day is it here?).

Direction (``prefer``): "future" for due, review, follow-up and target dates; "past" for
contact, discharge, admission dates and jump-to-date; None reads year-less dates in this year.
A year-less date goes to the next such day after today (future) or the last one up to today
(past). One falling on today ("Nov 26", "26/11", "the 26th", "thanksgiving" typed on that day)
is today in a field that looks back or has no direction: it is the last such day, and every
reader agrees. A two-digit year is the year within 50 years of today; in a field that looks
ahead only 2000-2030 and not in the past is taken (where every convention agrees), in one that
looks back a year still to come goes back a century (a birth date "5/3/65" is 1965).

Refused, with a message saying what was understood or what to type, because people (and date
libraries) read them differently: a weekday or "this <weekday>" naming today ("thursday" on a
Thursday is read as today by some, a week on by others, and a week back by others looking back;
some move it a week on only after noon); a year-less date falling on today in a field that
looks ahead (today to some, next year's or next month's to others: type "today"); "last monday"
while this week's Monday is past (this week's or last week's?); "friday after next"; a dotted
date whose two numbers could both be the month ("10.09.2027": write it with slashes, in the
house order) unless the house writes the day first; a dotted pair without a year ("8.25",
"24.12"); a pair that is no day and month ("08/35", "1/99"); a month without a day; a year
alone; a bare number; a bare count ("3 days": in or ago?); ranges and lists; minutes and hours
that do not make whole days (the day would depend on the clock); "this week" (which day?); "a
year from christmas" (which christmas?); anything else not listed. dateutil's guessing parser
is never used (it fills missing parts from a default); relativedelta does the arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from peer_tui.date_absolute import read_absolute
from peer_tui.date_calendar import Context, DateInputError
from peer_tui.date_clock import ClockError, read_time_alone, split_clock
from peer_tui.date_named import (
    read_boundary,
    read_day_of_month,
    read_holiday,
    read_nth_weekday,
    read_period,
    read_weekday,
)
from peer_tui.date_relative import (
    read_anchored,
    read_part_of_day,
    read_relative,
    read_simple,
)
from peer_tui.date_words import (
    month_number,
    normalise,
    ordinals_to_digits,
    printable,
    weekday_number,
)

__all__ = [
    "EXAMPLES",
    "DateInputError",
    "Reading",
    "describe",
    "direction_problem",
    "parse_date",
    "read_date",
]

EXAMPLES = 'today, yesterday, "in 3 days", "2 weeks ago", friday, 3/15, 2026-03-15'
PREFERENCES = ("future", "past", None)
MAX_LENGTH = 80
_ALLOWED = re.compile(r"[a-z0-9 ./:,'+\-@]*")
_PART_OF_TODAY = ("tonight", "this morning", "this afternoon", "this evening")


@dataclass(frozen=True)
class Reading:
    """What a typed date was read as: the day, which day it meant, and the time typed."""

    value: date
    note: str = ""             # e.g. "Friday of next week"; shown in the preview
    time: time | None = None   # the time typed with it, when it names one time of day
    had_time: bool = False     # a time was typed (and is not kept by a date field)


class _NoShape(DateInputError):
    """No reader knows this shape; the caller words the message for the whole text."""


def parse_date(text: str, *, today: date | None = None, day_first: bool = False,
               prefer: str | None = None) -> date:
    """Read TEXT as a date, relative to TODAY (a date, or a datetime whose clock places a time
    typed alone). Raises DateInputError with a clear message."""
    return read_date(text, today=today, day_first=day_first, prefer=prefer).value


def read_date(text: str, *, today: date | None = None, day_first: bool = False,
              prefer: str | None = None) -> Reading:
    """Read TEXT as ``parse_date`` does, keeping the note and the time typed.

    TODAY may be a date or a moment (a datetime: its clock places a time typed alone);
    None is now, on this computer's clock."""
    if prefer not in PREFERENCES:
        raise ValueError(f"prefer must be 'future', 'past' or None, not {prefer!r}")
    # A moment given for "today" is its calendar day, and its clock places a time typed alone.
    now = today if isinstance(today, datetime) else datetime.now() if today is None else None
    ctx = Context(now.date() if now else today, bool(day_first), prefer)
    cleaned = normalise(text if isinstance(text, str) else "")
    if not cleaned:
        raise DateInputError(f"Type a date, for example {EXAMPLES}.")
    if len(cleaned) > MAX_LENGTH:
        raise DateInputError("That is too long to be a date.")
    if not _ALLOWED.fullmatch(cleaned):
        raise DateInputError(_cannot(text, ""))
    try:
        rest, clock = split_clock(cleaned)
    except ClockError as exc:
        raise DateInputError(str(exc)) from None
    rest = _tidy(rest)
    if clock and not rest:
        value, note = read_time_alone(clock, now, ctx)
        return Reading(value, note, clock.at, True)
    if clock and rest in _PART_OF_TODAY:
        raise DateInputError(f'With a time, type the day: "today {clock.text}" (a date field '
                             'keeps the day only).')
    try:
        value, note = _read(rest, ctx)
    except _NoShape:
        raise DateInputError(_cannot(text, rest)) from None
    return Reading(value, note, clock.at if clock else None, clock is not None)


def _tidy(s: str) -> str:
    """One spelling for the readers: no commas, words apart from numbers, ordinals as 5th."""
    s = re.sub(r"\b(\d{1,2})([-/.])([a-z]{3,9})\2(\d{2})\b", r"\1 \3 '\4", s)  # 31-oct-74
    s = s.replace(",", " ")
    s = re.sub(r"(?<=[a-z])\.(?=\s|$|\d|[/-])", " ", s)            # "aug." "dec.21"
    s = re.sub(r"(?<=[a-z])[/.-](?=\d)|(?<=\d)[/.-](?=[a-z])", " ", s)  # "31-oct-74"
    s = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", s)                     # "twenty-first"
    s = re.sub(r"(?<=[a-z])(?=\d)", " ", s)                         # "feb13"
    s = re.sub(r"(?<=\d)(?=[a-z])(?!(?:st|nd|rd|th)\b)", " ", s)     # "14april", "3days"
    s = re.sub(r"(?<=\d) */ *(?=\d)", "/", s)                       # "2 / 15"
    if any(month_number(word) for word in re.findall(r"[a-z]+", s)):
        s = re.sub(r"(?<=\d)[-/](?=\d{4}\b)", " ", s)                 # "jan-1-2027"
    s = re.sub(r"(?<=\d{4}) (?:ad|a\.d|ce)\b\.?", "", s)              # "1952 AD"
    s = ordinals_to_digits(" ".join(s.split()))
    s = re.sub(r"^(?:(?:on|by|due|for|at)(?:\s+|$))+", "", s)
    return s


def _read(s: str, ctx: Context) -> tuple[date, str]:
    """Every reader in turn; the first that knows the shape of S answers."""
    if not s:
        raise _NoShape
    found = (read_simple(s, ctx) or read_relative(s, ctx) or read_anchored(s, ctx, _read)
             or read_part_of_day(s, ctx, _read) or read_weekday(s, ctx)
             or read_period(s, ctx) or read_boundary(s, ctx) or read_nth_weekday(s, ctx)
             or read_day_of_month(s, ctx) or read_holiday(s, ctx) or read_absolute(s, ctx))
    if found is None:
        raise _NoShape
    return found


def _cannot(original: str, tidy: str) -> str:
    shown = _short(printable(original))
    if re.search(r"\b(?:to|until|till|thru|through|between|and|or)\b| - |\d-\d+/|"
                 r"[a-z] \d{1,2}-\d|^\d{1,2}-\d{1,2} [a-z]", tidy):
        return f'Cannot read "{shown}" as one date: type a single day, not a range or a list.'
    day = re.fullmatch(r"(?P<wd>[a-z]+) (?P<n>\d{1,2})", tidy)
    if day and weekday_number(day["wd"]) is not None:
        return (f'Cannot read "{shown}" as a date: for a day of the month type '
                f'"{day["wd"]} the {int(day["n"])}{_suffix(int(day["n"]))}".')
    if re.fullmatch(r"\d{1,2}", tidy):
        return (f'Cannot read "{shown}" as a date: type "the {int(tidy)}{_suffix(int(tidy))}" '
                f'or a month too.')
    if any(month_number(word) for word in tidy.split()):
        return (f'Cannot read "{shown}" as a date: type the day and the month, e.g. '
                f'"March 15" or "15 March 2027".')
    return f'Cannot read "{shown}" as a date. Try {EXAMPLES}.'


def _suffix(n: int) -> str:
    """The ordinal suffix of N, a day typed as one or two digits (0 to 99): 1st, 11th, 21st."""
    return "th" if n in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 30 else text[:27] + "..."


def direction_problem(value: date, *, today: date, prefer: str | None) -> str:
    """'' when VALUE suits a field looking that way; else "in the past" / "in the future"."""
    if prefer == "future" and value < today:
        return "in the past"
    if prefer == "past" and value > today:
        return "in the future"
    return ""


def describe(value: date, today: date | None = None) -> str:
    """'Fri 27 Nov 2026, in 2 days': the understood date with its weekday and distance."""
    today = today or date.today()
    return f"{value:%a} {value.day} {value:%b %Y}, {_distance(value, today)}"


def _distance(value: date, today: date) -> str:
    days = (value - today).days
    if days in (0, 1, -1):
        return {0: "today", 1: "tomorrow", -1: "yesterday"}[days]
    if abs(days) < 60:
        amount = f"{abs(days)} days"
    else:
        gap = relativedelta(max(value, today), min(value, today))
        parts = [f"{gap.years} year{'s' * (gap.years != 1)}"] if gap.years else []
        if gap.months:
            parts.append(f"{gap.months} month{'s' * (gap.months != 1)}")
        amount = ("about " if gap.days else "") + " ".join(parts)
    return f"in {amount}" if days > 0 else f"{amount} ago"
