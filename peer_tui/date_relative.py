"""Dates counted from today or from another date: "in 3 days", "a week from friday", "+2 weeks".

Readers return ``(date, note)`` for their shape, None for another shape, and raise
DateInputError for their shape with something wrong. Those that contain another date ("a week
from friday") read it with READ, the whole reader of ``peer_tui.dates``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from peer_tui.date_calendar import (
    Context,
    DateInputError,
    Found,
    coming_weekday,
    previous_weekday,
    shifted,
    weekday_title,
)
from peer_tui.date_words import COUNT_PATTERN, UNIT_PATTERN, UNITS, count_value, weekday_number

Reader = Callable[[str, Context], Found]

_TERM = rf"{COUNT_PATTERN} {UNIT_PATTERN}"
DURATION = rf"{_TERM}(?:(?: and)? {_TERM})*"
_FUTURE = r"(?:from (?:right )?now|from today|hence|later|after|ahead)"
_PAST = r"(?:ago|back|before|earlier|before now|before today|prior)"

SIMPLE = {
    "today": 0, "now": 0, "right now": 0, "just now": 0, "tonight": 0, "this morning": 0,
    "this afternoon": 0, "this evening": 0, "eod": 0, "end of day": 0, "end of the day": 0,
    "end of today": 0, "close of business": 0, "cob": 0, "tomorrow": 1, "tmr": 1, "tmrw": 1,
    "tmw": 1, "day after tomorrow": 2, "the day after tomorrow": 2, "overmorrow": 2,
    "yesterday": -1, "last night": -1, "day before yesterday": -2,
    "the day before yesterday": -2,
}
_PART = (r"(?:in the |at |this )?(?:early |late )?(?:morning|afternoon|evening|night|"
         r"lunchtime|eod|end of (?:the )?day)")


def read_simple(s: str, ctx: Context) -> Found | None:
    if s in SIMPLE:
        return shifted(ctx.today, days=SIMPLE[s]), ""
    return None


def read_part_of_day(s: str, ctx: Context, read: Reader) -> Found | None:
    """ "tomorrow morning", "friday night", "eod tomorrow": the day, the part let go."""
    if re.fullmatch(_PART, s):
        raise DateInputError("That is a time of day: type the day too, e.g. \"tomorrow\".")
    m = (re.fullmatch(rf"(?P<day>.+?) {_PART}", s)
         or re.fullmatch(rf"{_PART}(?: of| on)? (?P<day>.+)", s))
    if m:
        return read(m["day"], ctx)
    return None


def duration(text: str) -> dict[str, int]:
    """relativedelta keywords for TEXT ("2 weeks and 3 days"); refuses hours that do not make
    whole days, and minutes or seconds."""
    totals = {"days": 0, "months": 0, "years": 0, "hours": 0}
    for m in re.finditer(rf"(?P<n>{COUNT_PATTERN}) (?P<unit>{UNIT_PATTERN})(?= |$)", text):
        meaning = UNITS[m["unit"]]
        if meaning is None:
            raise DateInputError("A date can't be minutes or seconds away: type the day, "
                                 "e.g. \"today\".")
        totals[meaning[0]] += count_value(m["n"]) * meaning[1]
    hours = totals.pop("hours")
    if hours % 24:
        raise DateInputError("Hours from now may fall on either day: type the day, e.g. "
                             "\"tomorrow\".")
    totals["days"] += hours // 24
    return totals


def _moved(start: date, text: str, sign: int) -> date:
    return shifted(start, **{k: sign * v for k, v in duration(text).items()})


def read_relative(s: str, ctx: Context) -> Found | None:
    """ "in 3 days", "a week from now", "2 days later", "six days ago", "3 fridays from now"."""
    m = re.fullmatch(rf"(?P<n>{COUNT_PATTERN}) (?P<wd>[a-z]+)s (?P<dir>{_FUTURE}|{_PAST})", s)
    if m and weekday_number(m["wd"]) is not None:
        return _weekdays_away(count_value(m["n"]), weekday_number(m["wd"]),
                              1 if re.fullmatch(_FUTURE, m["dir"]) else -1, ctx)
    m = re.fullmatch(rf"in (?P<dur>{DURATION})(?:(?:'s|')? time)?", s)
    if m:
        return _moved(ctx.today, m["dur"], 1), ""
    m = re.fullmatch(rf"within (?P<dur>{DURATION})", s)
    if m:
        return _moved(ctx.today, m["dur"], 1), "the last day of that time"
    m = (re.fullmatch(rf"(?P<dur>{DURATION}) {_FUTURE}", s)
         or re.fullmatch(rf"after (?P<dur>{DURATION})", s))
    if m:
        return _moved(ctx.today, m["dur"], 1), ""
    m = re.fullmatch(rf"(?P<dur>{DURATION}) {_PAST}", s)
    if m:
        return _moved(ctx.today, m["dur"], -1), ""
    m = re.fullmatch(rf"in (?P<dur>{DURATION}) {_PAST}", s)
    if m:
        raise DateInputError(f'"{s}" says both "in" and "{s.split()[-1]}"; pick one.')
    m = re.fullmatch(rf"(?:for|during) (?P<dur>{DURATION})", s)
    if m or re.fullmatch(rf"(?:the )?(?:next|last|past|coming|previous) (?P<dur>{DURATION})", s):
        raise DateInputError(f'"{s}" is a span of days; type one day, e.g. "in 3 days".')
    m = re.fullmatch(rf"(?P<dur>{DURATION})", s)
    if m:
        duration(s)  # minutes and hours get their own message
        raise DateInputError(f'Say "in {s}" or "{s} ago".')
    return None


def _weekdays_away(count: int, weekday: int, sign: int, ctx: Context) -> Found:
    if count < 1:
        raise DateInputError("Count at least one.")
    name = weekday_title(weekday)
    if sign > 0:
        value = coming_weekday(ctx.today, weekday, include_today=False)
    else:
        value = previous_weekday(ctx.today, weekday, include_today=False)
    return shifted(value, days=7 * sign * (count - 1)), f"the {_nth(count)} {name} " + (
        "from today" if sign > 0 else "before today")


def _nth(count: int) -> str:
    suffix = "th" if 10 <= count % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(count % 10,
                                                                                   "th")
    return f"{count}{suffix}"


def _depends_on_direction(anchor: str, ctx: Context, read: Reader) -> bool:
    """True when ANCHOR ("christmas", "friday") means another day looking back or ahead."""
    try:
        ahead = read(anchor, Context(ctx.today, ctx.day_first, "future"))[0]
        back = read(anchor, Context(ctx.today, ctx.day_first, "past"))[0]
    except DateInputError:
        return True
    return ahead != back


def read_anchored(s: str, ctx: Context, read: Reader) -> Found | None:
    """ "a week from friday", "3 days after christmas", "the day before 3/15", "today + 2 weeks"."""
    m = (re.fullmatch(rf"(?P<dur>{DURATION}) (?P<dir>from|after|before) (?P<anchor>.+)", s)
         or re.fullmatch(r"(?:the )?(?P<dur>day|week|month|year) (?P<dir>after|before) "
                         r"(?P<anchor>.+)", s))
    if m and m["anchor"] not in ("now", "today"):
        dur = m["dur"] if " " in m["dur"] else f"1 {m['dur']}"
        anchor, _ = read(m["anchor"], ctx)
        if duration(dur)["years"] and _depends_on_direction(m["anchor"], ctx, read):
            raise DateInputError(f'Which "{m["anchor"]}" is that counted from? Type its year '
                                 f'too, e.g. "{dur} {m["dir"]} {m["anchor"]} {anchor.year}".')
        return _moved(anchor, dur, -1 if m["dir"] == "before" else 1), ""
    m = re.fullmatch(r"(?P<anchor>[^+-]*?) ?(?P<terms>[+-].*)", s)
    if m:
        chunks = re.findall(r"([+-]) ?([^+-]+?) ?(?=[+-]|$)", m["terms"])
        if not chunks or not all(re.fullmatch(DURATION, text) for _, text in chunks):
            return None
        anchor = ctx.today if m["anchor"] in ("", "now", "today") else read(m["anchor"], ctx)[0]
        for sign, text in chunks:
            anchor = _moved(anchor, text, -1 if sign == "-" else 1)
        return anchor, ""
    return None
