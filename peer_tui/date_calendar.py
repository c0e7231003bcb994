"""Calendar arithmetic for typed dates: which year, which week, which weekday, holidays.

Everything that depends on the field's direction (``prefer``) is decided here, so the rules
in ``peer_tui.dates``' docstring have one home. Weeks run Monday to Sunday (ISO 8601).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from peer_tui.date_words import MONTHS, WEEKDAYS

FIRST_YEAR, LAST_YEAR = 1900, 2200


class DateInputError(ValueError):
    """The text is not a date we can read without guessing; str() says what to type."""


@dataclass(frozen=True)
class Context:
    today: date
    day_first: bool
    prefer: str | None  # "future", "past" or None


#: What a reader returns when it reads a date: the date and how it was read, in words
#: ("" when the text says it plainly).
Found = tuple[date, str]


def checked(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise DateInputError(f"The year {value.year} is out of range "
                             f"({FIRST_YEAR}-{LAST_YEAR}).")
    return value


def shifted(start: date, **delta: int) -> date:
    """START moved by a relativedelta; refused when it leaves the calendar we keep."""
    try:
        return checked(start + relativedelta(**delta))
    except (ValueError, OverflowError):
        raise DateInputError("That is too far away to be a date we keep "
                             f"({FIRST_YEAR}-{LAST_YEAR}).") from None


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_name(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1].title()} {value.year}"


def directed(make: Callable[[int], date | None], ctx: Context, what: str) -> date:
    """The date MAKE gives for the year the field's direction picks.

    future: this year's if it is still to come, else next year's; past: this year's if it
    is today or earlier, else last year's; no direction: this year's. On its own day it is
    today looking back or with no direction, and refused looking ahead (``not_today``). WHAT
    names the date in messages (29 February in a year without one).
    """
    year = ctx.today.year
    if ctx.prefer == "future":
        years = (year, year + 1)
        fits = lambda d: d >= ctx.today
    elif ctx.prefer == "past":
        years = (year, year - 1)
        fits = lambda d: d <= ctx.today
    else:
        years, fits = (year,), (lambda d: True)
    for candidate_year in years:
        value = make(candidate_year)
        if value is not None and fits(value):
            return checked(not_today(value, ctx, what))
    raise DateInputError(f"There is no {what} in {years[-1]}; type the year too.")


def not_today(value: date, ctx: Context, what: str) -> date:
    """VALUE, refused when it is today in a field that looks ahead.

    Looking back, a date named without a year that falls on today is today: it is the last
    such day, and every reader agrees. Looking ahead readers split: some take today, others
    the next one after today (next year's, next month's), so it is asked for instead.
    """
    if value == ctx.today and ctx.prefer == "future":
        raise DateInputError(f'{what[:1].upper()}{what[1:]} is today: type "today", or add '
                             'the year.')
    return value


def directed_day_of_month(day: int, ctx: Context) -> date:
    """The DAY-th of the month: the next one (future), the last one (past) or this month's.
    On the DAY-th itself, today's except looking ahead (``not_today``)."""
    if not 1 <= day <= 31:
        raise DateInputError(f"No month has a day {day}.")
    step = {"future": 1, "past": -1}.get(ctx.prefer or "", 0)
    first = ctx.today.replace(day=1)
    for months in range(13) if step else (0,):
        month_start = first + relativedelta(months=months * step)
        value = make_date(month_start.year, month_start.month, day)
        if value is None:
            continue
        if step == 0 or (value - ctx.today).days * step >= 0:
            return checked(not_today(value, ctx, f"the {day}{_suffix(day)}"))
    raise DateInputError(f"{MONTHS[ctx.today.month - 1].title()} has no day {day}; "
                         "name the month too.")


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def two_digit_year(two_digits: int, make: Callable[[int], date | None], ctx: Context,
                   shown: str) -> date:
    """A date typed with a two-digit year.

    No direction: the year within 50 years of today (as dateutil). Past: the same, but a
    century earlier when that year is still to come (a birth date "5/3/65" is 1965).
    Future: only 2000-2030 and not before today, where every convention agrees ("3/3/94" is
    never read as 2094, nor "1/1/50" as 1950 or 2050); anything else asks for the full year.
    """
    century = ctx.today.year - ctx.today.year % 100
    window = century + two_digits
    if window >= ctx.today.year + 50:
        window -= 100
    elif window < ctx.today.year - 50:
        window += 100
    candidates = (century - 100 + two_digits, century + two_digits, century + 100 + two_digits)
    dates = {year: make(year) for year in candidates}
    if ctx.prefer == "past":
        # The reading within 50 years, a century earlier when it would be in a later year.
        value = dates.get(window)
        if value is not None and value.year > ctx.today.year:
            value = dates.get(window - 100)
    elif ctx.prefer == "future":
        later = [(year, value) for year, value in dates.items()
                 if value is not None and value >= ctx.today]
        if later and (later[0][0] != window or two_digits > 30 or window < 2000):
            raise DateInputError(f'"{shown}": type the year in full ({window}?).')
        value = later[0][1] if later else None
    else:
        value = dates.get(window)
    if value is None:
        raise DateInputError(f'"{shown}" is not a real date.')
    return checked(value)


def week_monday(value: date) -> date:
    return value - timedelta(days=value.weekday())


def coming_weekday(today: date, weekday: int, *, include_today: bool) -> date:
    days = (weekday - today.weekday()) % 7
    if days == 0 and not include_today:
        days = 7
    return today + timedelta(days=days)


def previous_weekday(today: date, weekday: int, *, include_today: bool) -> date:
    days = (today.weekday() - weekday) % 7
    if days == 0 and not include_today:
        days = 7
    return today - timedelta(days=days)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The NTH (1-5, or -1 for the last) WEEKDAY of the month; None when there is none."""
    if nth == -1:
        last = date(year, month, 1) + relativedelta(day=31)
        return previous_weekday(last, weekday, include_today=True)
    first = coming_weekday(date(year, month, 1), weekday, include_today=True)
    value = first + timedelta(weeks=nth - 1)
    return value if value.month == month else None


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _nth(month: int, weekday: int, nth: int) -> Callable[[int], date | None]:
    return lambda year: nth_weekday(year, month, weekday, nth)


MO, TU, WE, TH, FR, SA, SU = range(7)
# US public holidays and the days a house marks; keys are typed without apostrophes.
HOLIDAYS: dict[str, Callable[[int], date | None]] = {
    "new years day": _fixed(1, 1), "new years": _fixed(1, 1), "new year": _fixed(1, 1),
    "new years eve": _fixed(12, 31),
    "valentines day": _fixed(2, 14), "valentines": _fixed(2, 14),
    "st patricks day": _fixed(3, 17), "saint patricks day": _fixed(3, 17),
    "juneteenth": _fixed(6, 19), "independence day": _fixed(7, 4),
    "halloween": _fixed(10, 31), "veterans day": _fixed(11, 11),
    "christmas eve": _fixed(12, 24), "christmas": _fixed(12, 25),
    "christmas day": _fixed(12, 25), "xmas": _fixed(12, 25), "xmas day": _fixed(12, 25),
    "xmas eve": _fixed(12, 24), "boxing day": _fixed(12, 26),
    "martin luther king day": _nth(1, MO, 3), "martin luther king jr day": _nth(1, MO, 3),
    "mlk day": _nth(1, MO, 3), "presidents day": _nth(2, MO, 3),
    "washingtons birthday": _nth(2, MO, 3), "mothers day": _nth(5, SU, 2),
    "memorial day": _nth(5, MO, -1), "fathers day": _nth(6, SU, 3),
    "labor day": _nth(9, MO, 1), "labour day": _nth(9, MO, 1),
    "columbus day": _nth(10, MO, 2), "indigenous peoples day": _nth(10, MO, 2),
    "thanksgiving": _nth(11, TH, 4), "thanksgiving day": _nth(11, TH, 4),
    "easter": easter, "easter sunday": easter,
}
HOLIDAYS.update({
    "valentine day": HOLIDAYS["valentines day"], "st paddys day": HOLIDAYS["st patricks day"],
    "saint paddys day": HOLIDAYS["st patricks day"], "mlk jr day": HOLIDAYS["mlk day"],
    "martin luther kings day": HOLIDAYS["mlk day"],
    "black friday": lambda year: nth_weekday(year, 11, TH, 4) + timedelta(days=1),
})
for _name, _days in (("good friday", -2), ("easter monday", 1), ("easter mon", 1),
                     ("palm sunday", -7), ("maundy thursday", -3), ("ash wednesday", -46),
                     ("mardi gras", -47), ("shrove tuesday", -47), ("pancake day", -47),
                     ("pentecost", 49), ("whit sunday", 49), ("whit monday", 50)):
    HOLIDAYS[_name] = lambda year, days=_days: easter(year) + timedelta(days=days)


def weekday_title(weekday: int) -> str:
    return WEEKDAYS[weekday].title()
