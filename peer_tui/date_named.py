"""Dates named in words: weekdays, next/last week, ends of months, "the 15th", holidays.

Each reader takes the normalised text and returns ``(date, note)`` when the whole text is its
shape, None when it is not, and raises DateInputError when it is its shape but not a date.
The note says in words which day was meant ("Friday of next week"); the preview shows it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from peer_tui.date_calendar import (
    HOLIDAYS,
    Context,
    DateInputError,
    Found,
    checked,
    coming_weekday,
    directed,
    directed_day_of_month,
    make_date,
    nth_weekday,
    previous_weekday,
    shifted,
    week_monday,
    weekday_title,
)
from peer_tui.date_words import MONTHS, month_number, weekday_number

_NEXT = r"(?:next|coming|following|upcoming)"
_LAST = r"(?:last|previous|past)"
_WHICH = rf"(?:this|current|{_NEXT}|{_LAST})"
_UNIT = r"(?:week|wk|month|mo|year|yr)"
_ORD = r"(?P<day>\d{1,2})(?:st|nd|rd|th)"


def _step(which: str | None) -> int:
    if not which or which in ("this", "current"):
        return 0
    return 1 if re.fullmatch(_NEXT, which) else -1


def _unit(word: str) -> str:
    return {"wk": "week", "mo": "month", "yr": "year"}.get(word, word)


def read_weekday(s: str, ctx: Context) -> Found | None:
    """ "friday", "this friday", "next friday", "last friday", "friday next week"..."""
    m = re.fullmatch(r"(?P<mod>this coming|this past|this|coming|upcoming|next|last|past|"
                     r"previous)?\s?(?P<wd>[a-z]+)", s)
    if m and weekday_number(m["wd"]) is not None:
        return _weekday(weekday_number(m["wd"]), m["mod"], ctx)
    m = (re.fullmatch(rf"(?P<wd>[a-z]+) (?:of |from )?(?:the )?(?P<which>{_WHICH}) week", s)
         or re.fullmatch(rf"(?:the )?(?P<which>{_WHICH}) week'?s? (?P<wd>[a-z]+)", s))
    if m and weekday_number(m["wd"]) is not None:
        weekday = weekday_number(m["wd"])
        step = _step(m["which"])
        value = week_monday(ctx.today) + timedelta(weeks=step, days=weekday)
        week = {0: "this week", 1: "next week", -1: "last week"}[step]
        return value, f"{weekday_title(weekday)} of {week}"
    m = re.fullmatch(r"(?:the )?(?P<wd>[a-z]+) after next", s)
    if m and weekday_number(m["wd"]) is not None:
        name = weekday_title(weekday_number(m["wd"]))
        raise DateInputError(f'"{name} after next" is read two ways; type "{name.lower()} '
                             f'next week" or the date.')
    return None


def _weekday(weekday: int, mod: str | None, ctx: Context) -> Found:
    name, today = weekday_title(weekday), ctx.today
    if mod == "next":
        # The rule kept everywhere: "next Friday" is the Friday of next week (Mon-Sun), so
        # on a Thursday it is 8 days away, never tomorrow ("this Friday" is tomorrow).
        return week_monday(today) + timedelta(weeks=1, days=weekday), f"{name} of next week"
    if mod in ("last", "previous") and weekday < today.weekday():
        # Earlier this week: some read "last Monday" as this week's, others as last week's.
        today_name = weekday_title(today.weekday())
        raise DateInputError(f'On a {today_name} "{mod} {name}" is read two ways: type '
                             f'"{name.lower()} this week" or "{name.lower()} last week".')
    if mod in ("last", "past", "previous", "this past"):
        return (previous_weekday(today, weekday, include_today=False),
                f"the last {name} before today")
    if mod in ("coming", "upcoming", "this coming"):
        return coming_weekday(today, weekday, include_today=False), f"the coming {name}"
    if mod == "this":
        if weekday == today.weekday():
            raise DateInputError(f'Today is {name}: type "today" or "next {name.lower()}".')
        if weekday < today.weekday():
            today_name = weekday_title(today.weekday())
            raise DateInputError(f'On a {today_name} "this {name}" is read two ways: type '
                                 f'"{name.lower()} this week" or "next {name.lower()}".')
        return coming_weekday(today, weekday, include_today=True), f"{name} of this week"
    if weekday == today.weekday():
        raise DateInputError(f'Today is {name}: type "today", "next {name.lower()}" or '
                             f'"last {name.lower()}".')
    if ctx.prefer == "past":
        return previous_weekday(today, weekday, include_today=False), f"the last {name}"
    return coming_weekday(today, weekday, include_today=False), f"the coming {name}"


def read_period(s: str, ctx: Context) -> Found | None:
    """ "next week" (7 days on), "last month", "next year": the same day a unit away."""
    m = re.fullmatch(rf"(?:the )?(?P<which>{_WHICH}) (?P<unit>{_UNIT}|fortnight|decade)", s)
    if not m:
        return None
    unit = _unit(m["unit"])
    if m["which"] in ("this", "current"):
        raise DateInputError(f'"This {unit}" is not one day: type a day, e.g. "end of this '
                             f'{unit}" or "friday".')
    if m["which"] == "past":
        raise DateInputError(f'"The past {unit}" is a span, not a day: type "a {unit} ago" '
                             f'or "last {unit}".')
    step = _step(m["which"])
    amount = {"week": ("days", 7), "fortnight": ("days", 14), "month": ("months", 1),
              "year": ("years", 1), "decade": ("years", 10)}[unit]
    return shifted(ctx.today, **{amount[0]: step * amount[1]}), ""


def read_boundary(s: str, ctx: Context) -> Found | None:
    """ "end of month", "start of next week", "last day of February", "end of 2027"..."""
    s = {"eom": "end of month", "eoy": "end of year", "eow": "end of week",
         "bom": "start of month", "boy": "start of year", "bow": "start of week"}.get(
        re.sub(r"^(?:by |at )?(?:the )?", "", s), s)
    s = re.sub(r"^(?:at |by )?(?:the )?", "", s)
    m = re.fullmatch(r"(?P<edge>end|start|beginning|first day|last day) of (?:the )?"
                     rf"(?:(?P<which>{_WHICH}) )?(?P<unit>{_UNIT})", s)
    if m:
        end = m["edge"] in ("end", "last day")
        unit = _unit(m["unit"])
        base = shifted(ctx.today, **{unit + "s": _step(m["which"])})
        if unit == "week":
            monday = week_monday(base)
            return (monday + timedelta(days=6) if end else monday), ""
        if unit == "month":
            return base + relativedelta(day=31) if end else base.replace(day=1), ""
        return base.replace(month=12, day=31) if end else base.replace(month=1, day=1), ""
    m = re.fullmatch(r"(?P<edge>(?:end|start|beginning)(?= of)|first day|last day)"
                     r" (?:of|in) (?P<month>[a-z]+)(?: (?P<year>\d{4}))?", s)
    if m and month_number(m["month"]):
        month, end = month_number(m["month"]), m["edge"] in ("end", "last day")

        def make(year: int) -> date:
            first = date(year, month, 1)
            return first + relativedelta(day=31) if end else first
        if m["year"]:
            return checked(make(int(m["year"]))), ""
        return directed(make, ctx, f"{m['edge']} of {MONTHS[month - 1].title()}"), ""
    m = re.fullmatch(r"(?P<edge>end|start|beginning|first day|last day) of (?P<year>\d{4})", s)
    if m:
        end = m["edge"] in ("end", "last day")
        return checked(date(int(m["year"]), 12, 31) if end else date(int(m["year"]), 1, 1)), ""
    return None


_NTH = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "last": -1}


def read_nth_weekday(s: str, ctx: Context) -> Found | None:
    """ "the first monday of next month", "last friday in october", "2nd tuesday of the month"."""
    m = re.fullmatch(r"(?:the )?(?P<nth>1st|2nd|3rd|4th|5th|last) (?P<wd>[a-z]+) (?:of|in) "
                     r"(?P<ref>.+)", s)
    if not m or weekday_number(m["wd"]) is None:
        return None
    nth, weekday = _NTH[m["nth"]], weekday_number(m["wd"])
    what = f"{m['nth']} {weekday_title(weekday)}"
    ref = re.fullmatch(rf"(?:the )?(?:(?P<which>{_WHICH}) )?month", m["ref"])
    if ref:
        base = shifted(ctx.today, months=_step(ref["which"]))
        value = nth_weekday(base.year, base.month, weekday, nth)
        if value is None:
            raise DateInputError(f"There is no {what} in {MONTHS[base.month - 1].title()}.")
        return checked(value), ""
    ref = re.fullmatch(r"(?P<month>[a-z]+)(?: (?P<year>\d{4}))?", m["ref"])
    if not ref or not month_number(ref["month"]):
        return None
    month = month_number(ref["month"])
    if ref["year"]:
        value = nth_weekday(int(ref["year"]), month, weekday, nth)
        if value is None:
            raise DateInputError(f"There is no {what} in {MONTHS[month - 1].title()} "
                                 f"{ref['year']}.")
        return checked(value), ""
    return directed(lambda year: nth_weekday(year, month, weekday, nth), ctx,
                    f"{what} of {MONTHS[month - 1].title()}"), ""


def read_day_of_month(s: str, ctx: Context) -> Found | None:
    """ "the 15th" (the next or last 15th, by the field), "the 20th of next month"."""
    m = re.fullmatch(r"(?:the )?(?P<day>\d{1,2})(?:st|nd|rd|th)?(?: day)? of (?:the )?"
                     rf"(?:(?P<which>{_WHICH}) )?month", s)
    if m:
        base = shifted(ctx.today, months=_step(m["which"]))
        value = make_date(base.year, base.month, int(m["day"]))
        if value is None:
            raise DateInputError(f"{MONTHS[base.month - 1].title()} {base.year} has no day "
                                 f"{int(m['day'])}.")
        return checked(value), ""
    m = (re.fullmatch(r"the (?P<day>\d{1,2})(?:st|nd|rd|th)?", s)
         or re.fullmatch(_ORD, s))
    if m:
        return directed_day_of_month(int(m["day"]), ctx), ""
    m = re.fullmatch(r"(?P<wd>[a-z]+) (?P<the>the )?(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)?", s)
    if m and weekday_number(m["wd"]) is not None and (m["the"] or m["suffix"]):
        value = directed_day_of_month(int(m["day"]), ctx)
        return weekday_agrees(value, weekday_number(m["wd"])), ""
    return None


def weekday_agrees(value: date, weekday: int) -> date:
    """VALUE, refused (saying which weekday it is) when it is not on WEEKDAY."""
    if value.weekday() != weekday:
        raise DateInputError(
            f"{value.day} {MONTHS[value.month - 1].title()} {value.year} is a "
            f"{weekday_title(value.weekday())}, not a {weekday_title(weekday)}.")
    return value


def read_holiday(s: str, ctx: Context) -> Found | None:
    """ "christmas", "thanksgiving 2027", "last christmas", "memorial day of next year"."""
    m = re.fullmatch(r"(?:(?P<mod>this|next|last|coming) )?(?P<name>[a-z' ]+?)"
                     r"(?: (?P<year>\d{4})| (?:of )?(?P<which>this|next|last) year)?", s)
    if not m:
        return None
    make = HOLIDAYS.get(m["name"].replace("'", ""))
    if make is None:
        return None
    today, year = ctx.today, ctx.today.year
    if m["year"] or m["which"]:
        if m["mod"]:
            return None
        chosen = int(m["year"]) if m["year"] else year + _step(m["which"])
        return checked(make(chosen)), ""
    if m["mod"] in ("next", "coming"):
        return checked(make(year) if make(year) > today else make(year + 1)), ""
    if m["mod"] == "last":
        return checked(make(year) if make(year) < today else make(year - 1)), ""
    return directed(make, ctx, m["name"]), ""
