"""The one date-input helper: what people type at the desk, read strictly.

Accepts "today", "tomorrow", "yesterday", "in 3 days", "2 weeks ago", "friday" (the coming
one, today included), "next friday" (strictly after today), "last friday", "3/15", "3/15/2026",
"2026-03-15", "15 March 2026", "March 15". Relative words are handled here with relativedelta;
absolute dates go to dateutil's strict parser only after their shape was checked, never fuzzy
(fuzzy parsing reads "in 3 days" as the 3rd of the month). Callers show the understood date
back to the person before saving.
"""

from __future__ import annotations

import re
from datetime import date

from dateutil import parser as date_parser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

WEEKDAYS = {
    "monday": MO, "mon": MO, "tuesday": TU, "tue": TU, "tues": TU, "wednesday": WE, "wed": WE,
    "thursday": TH, "thu": TH, "thurs": TH, "friday": FR, "fri": FR, "saturday": SA, "sat": SA,
    "sunday": SU, "sun": SU,
}
UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}
EXAMPLES = 'today, yesterday, "in 3 days", "2 weeks ago", friday, 3/15, 2026-03-15'

_RELATIVE = re.compile(r"^(?:in\s+)?(\d{1,3})\s+(day|week|month|year)s?(\s+ago)?$")
_NUMERIC = re.compile(r"^\d{1,4}([/.-])\d{1,2}(?:\1\d{2,4})?$")
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_WORDY = re.compile(r"^(\d{1,2}\s+[a-z]{3,9}\.?|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?)"
                    r",?(\s+\d{4})?$")

_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
           "dec"}


class DateInputError(ValueError):
    """The text is not a date we can read without guessing; str() says what to type."""


def parse_date(text: str, *, today: date | None = None, day_first: bool = False) -> date:
    """Read TEXT as a date, relative to TODAY. Raises DateInputError with a clear message."""
    today = today or date.today()
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DateInputError(f"Type a date, for example {EXAMPLES}.")
    if len(cleaned) > 40:
        raise DateInputError("That is too long to be a date.")
    simple = {"today": 0, "now": 0, "tomorrow": 1, "yesterday": -1}
    if cleaned in simple:
        return today + relativedelta(days=simple[cleaned])

    match = _RELATIVE.match(cleaned)
    if match:
        count, unit, ago = int(match.group(1)), match.group(2), match.group(3)
        if cleaned.startswith("in ") and ago:
            raise DateInputError(f'"{text.strip()}" says both "in" and "ago"; pick one.')
        if not cleaned.startswith("in ") and not ago:
            raise DateInputError(f'Say "in {count} {unit}s" or "{count} {unit}s ago".')
        sign = -1 if ago else 1
        return today + relativedelta(**{UNITS[unit]: sign * count})

    words = cleaned.split(" ")
    if len(words) <= 2 and words[-1] in WEEKDAYS:
        weekday = WEEKDAYS[words[-1]]
        prefix = words[0] if len(words) == 2 else ""
        if prefix in ("", "this"):
            return today + relativedelta(weekday=weekday(+1))
        if prefix == "next":
            return today + relativedelta(days=1, weekday=weekday(+1))
        if prefix == "last":
            return today + relativedelta(days=-1, weekday=weekday(-1))
        raise DateInputError(f'Say "{words[-1]}", "next {words[-1]}" or "last {words[-1]}".')

    if _ISO.match(cleaned):
        return _strict(cleaned, text, today, day_first=False, year_first=True)
    if _NUMERIC.match(cleaned):
        return _strict(cleaned, text, today, day_first=day_first, year_first=False)
    # Only a month name may stand beside the day: "friday 13" would otherwise be read
    # as the 13th of January (dateutil fills the missing month from its default).
    if _WORDY.match(cleaned) and re.sub(r"[^a-z]", " ", cleaned).split()[0][:3] in _MONTHS:
        return _strict(cleaned, text, today, day_first=day_first, year_first=False)
    raise DateInputError(f'Cannot read "{_short(text)}" as a date. Try {EXAMPLES}.')


def _strict(cleaned: str, original: str, today: date, *, day_first: bool,
            year_first: bool) -> date:
    default = date_parser.parse("2000-01-01").replace(year=today.year)
    try:
        parsed = date_parser.parse(cleaned, dayfirst=day_first, yearfirst=year_first,
                                   default=default)
    except (ValueError, OverflowError):
        order = "day/month" if day_first else "month/day"
        raise DateInputError(
            f'"{_short(original)}" is not a real date (dates are read {order}).') from None
    if not 1900 <= parsed.year <= 2200:
        raise DateInputError(f"The year {parsed.year} is out of range.")
    return parsed.date()


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 30 else text[:27] + "..."


def describe(value: date, today: date | None = None) -> str:
    """'2026-03-15 (Sun, in 3 days)': the understood date shown back before saving."""
    today = today or date.today()
    delta = (value - today).days
    if delta == 0:
        rel = "today"
    elif delta == 1:
        rel = "tomorrow"
    elif delta == -1:
        rel = "yesterday"
    elif delta > 0:
        rel = f"in {delta} days"
    else:
        rel = f"{-delta} days ago"
    return f"{value.isoformat()} ({value.strftime('%a')}, {rel})"
