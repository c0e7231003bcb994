"""The time of day inside a typed date ("tomorrow at 5pm", "2026-03-15T10:00:00Z").

A date field keeps the day and lets the time go (the preview says so); ``split_clock``
takes the one time out of the text and checks it is a real time. It refuses what would make
the day uncertain: two times (a range), "midnight" and "24:00" (the start or the end of the
day?), and a time zone that puts the moment on another day than the one written. A 12-hour
time without am/pm ("5:30", "at 5") keeps both its readings: typed alone, the day can
depend on which one was meant (``peer_tui.dates`` decides).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from peer_tui.date_calendar import Context, DateInputError, shifted
from peer_tui.date_words import MONTHS, ZONES


class ClockError(ValueError):
    """A time in the text that cannot be read; str() says why."""


@dataclass(frozen=True)
class Clock:
    """The time found. ``choices`` holds every time it can be: one, or two for a 12-hour
    time typed without am/pm ("at 5", "5:30": morning or evening; "12:15": after noon or
    after midnight). ``at`` is the time when there is only one. ``zoned``: a zone was typed."""

    choices: tuple[time, ...]
    text: str
    zoned: bool = False

    @property
    def at(self) -> time | None:
        return self.choices[0] if len(self.choices) == 1 else None


_AMPM = r"(?:a\.?\s?m\.?|p\.?\s?m\.?)"
_ZONE_NAMES = "|".join(sorted((z for z in ZONES if z != "z"), key=len, reverse=True))
_OFFSET = r"[+-]\d{2}(?::?\d{2})?(?!\s*[a-z0-9])"
_ZONE = (rf"(?:(?<=\d)z\b|\s*\b(?P<zname>{_ZONE_NAMES})\b(?:\s*(?P<zoff>[+-]\d{{1,2}}"
         rf"(?::?\d{{2}})?))?|\s?(?P<off>{_OFFSET}))")
_LEAD = r"(?:(?:at|@|by)\s*)"
_MONTH_STARTS = "|".join(m[:3] for m in MONTHS)
_CLOCK = re.compile(
    rf"(?:(?<=[\s,])|^){_LEAD}?(?:"
    rf"(?P<h1>\d{{1,2}}):(?P<m1>\d{{2}})(?::(?P<s1>\d{{2}})(?:[.,]\d{{1,9}})?)?"
    rf"(?:\s?(?P<ap1>{_AMPM})(?![a-z])|(?P<ap1b>a|p)(?![a-z.]))?"
    rf"|(?P<h2>\d{{1,2}})(?:\.(?P<m2>\d{{2}}))?\s?(?P<ap2>{_AMPM})(?![a-z])"
    rf"|(?P<h3>\d{{1,2}})(?P<ap3>a|p)(?![a-z.])"
    rf"|(?P<h4>\d{{1,2}})h(?P<m4>\d{{2}})"
    rf"|(?P<h5>\d{{1,2}})\s?o\s?'?\s?clock(?:\s(?P<ap5>{_AMPM}))?"
    rf"|(?P<noon>(?:12\s)?noon|midday|mid\sday)"
    rf"|(?P<midnight>midnight)"
    rf")(?P<zone>{_ZONE})?(?=$|[\s,])"
    rf"|(?:(?<=[\s,])|^)(?:at|@)\s*(?P<h6>\d{{1,2}})(?:[.h](?P<m6>\d{{2}}))?"
    rf"(?=$|[\s,])(?!\s+(?:{_MONTH_STARTS})[a-z]*\b)"
)
# After an ISO date, "T10", "T1049" or "T10:49:41" is a time too.
_ISO_T = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}|\d{8})t(\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?)"
                    r"(z|[+-]\d{2}(?::?\d{2})?)?$")


def split_clock(text: str) -> tuple[str, Clock | None]:
    """(TEXT without its time, the time or None). Raises ClockError for a bad time."""
    iso = _ISO_T.match(text)
    if iso:
        return iso.group(1), _iso_clock(iso.group(2), iso.group(3) or "", text)
    text = re.sub(r"(?<=\d{4}):(?=\d{1,2}:\d{2})", " ", text)  # "06/nov/2023:06:36:02"
    found = list(_CLOCK.finditer(text))
    if not found:
        return text, None
    if len(found) > 1:
        raise ClockError("That has two times in it; type one date (a date field keeps no "
                         "time).")
    match = found[0]
    before, after = text[:match.start()].strip(" ,"), text[match.end():].strip(" ,")
    if before and after and not re.fullmatch(r"\d{4}", after):
        # Only a ctime-like "thu sep 25 10:36:28 2003" has its time inside the date.
        raise ClockError("Put the time before or after the date, not inside it.")
    rest = f"{before} {after}"
    zoned = bool((match.group("zone") or "").strip())
    return " ".join(rest.split()), Clock(_read(match), match.group(0).strip(), zoned)


def _read(match: re.Match) -> tuple[time, ...]:
    g = match.group
    shown = match.group(0).strip()
    if g("midnight"):
        raise ClockError('"Midnight" could be the start or the end of a day: type the day '
                         'alone, e.g. "tomorrow".')
    if g("noon"):
        return (_zoned(time(12, 0), match),)
    hour_text = g("h1") or g("h2") or g("h3") or g("h4") or g("h5") or g("h6")
    hour = int(hour_text)
    minute = int(g("m1") or g("m2") or g("m4") or g("m6") or 0)
    second = int(g("s1") or 0)
    ampm = g("ap1") or g("ap1b") or g("ap2") or g("ap3") or g("ap5")
    if minute > 59 or second > 59:
        raise ClockError(f'"{shown}" is not a time of day.')
    if ampm:
        if not 1 <= hour <= 12:
            raise ClockError(f'"{shown}" is not a time of day.')
        hours = (hour % 12 + (12 if ampm.startswith("p") else 0),)
    elif hour == 24 and minute == second == 0:
        raise ClockError(f'"{shown}" is midnight at the end of a day: type the day alone, '
                         'e.g. "tomorrow".')
    elif hour > 23:
        raise ClockError(f'"{shown}" is not a time of day.')
    elif 1 <= hour <= 12 and not hour_text.startswith("0") and not (g("h4") or g("s1")):
        # "5:30" or "at 5" with no am/pm: a 24-hour time to some, the evening to others.
        # "05:30", "17:30", "15h30" and "10:00:00" are 24-hour times, read as written.
        hours = (hour, hour + 12) if hour < 12 else (12, 0)
    else:
        hours = (hour,)
    # The zone is checked on the time as written (the reading every library takes).
    return (_zoned(time(hours[0], minute, second), match),
            *(time(h, minute, second) for h in hours[1:]))


def _zoned(value: time, match: re.Match) -> time:
    """VALUE; refused when its zone puts the moment on another day than the one typed."""
    zone = match.group("zone")
    if not zone or not zone.strip():
        return value
    offset = 0
    name = match.group("zname")
    if name:
        offset = ZONES[name] * 60
        if match.group("zoff"):
            offset += _offset_minutes(match.group("zoff"))
    elif match.group("off"):
        offset = _offset_minutes(match.group("off"))
    _check_same_day(value, offset)
    return value


def _offset_minutes(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    if int(hours) > 14 or int(minutes) > 59:
        raise ClockError(f'"{text}" is not a time zone offset.')
    return sign * (int(hours) * 60 + int(minutes))


def _check_same_day(value: time, offset_minutes: int) -> None:
    utc_minutes = value.hour * 60 + value.minute - offset_minutes
    if not 0 <= utc_minutes < 24 * 60:
        raise ClockError("With that time zone the moment falls on another day; type the "
                         "date alone.")


def _iso_clock(digits: str, zone: str, original: str) -> Clock:
    plain = digits.replace(":", "")
    hour, minute = int(plain[:2]), int(plain[2:4] or 0)
    second = int(plain[4:6] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ClockError(f'"{original}" has no such time of day.')
    value = time(hour, minute, second)
    if zone and zone != "z":
        _check_same_day(value, _offset_minutes(zone))
    return Clock((value,), "t" + digits + zone, bool(zone))


def read_time_alone(clock: Clock, now: datetime | None, ctx: Context) -> tuple[date, str]:
    """(the day, a note) for a time typed without a day ("3pm", "at 15:00", "noon").

    Today when NOW is unknown (a plain date was given) or the field has no direction. With a
    clock: a field that looks ahead takes the next such time (today while it is still to
    come or is now, else tomorrow); one that looks back takes the last (today once it has
    come, else yesterday); a time equal to now is today either way (to the second, as date
    libraries compare). A time without am/pm is read only when both its readings give the
    same day.
    """
    if clock.zoned:
        raise DateInputError('A time with a zone names no day on its own: type the day too, '
                             'e.g. "today 3pm utc".')
    shown = re.sub(rf"^{_LEAD}", "", clock.text)
    steps = {_days_to(choice, now, ctx.prefer) for choice in clock.choices}
    if len(steps) > 1:
        first, second = (_twelve_hour(choice) for choice in clock.choices)
        raise DateInputError(f'"{shown}" could be {first} or {second}, and the day depends on '
                             f'which: type "{first}" or "{second}".')
    step = steps.pop()
    note = {0: "", 1: f"the next {shown}: today's has passed",
            -1: f"the last {shown}: today's is still to come"}[step]
    return shifted(ctx.today, days=step), note


def _days_to(at: time, now: datetime | None, prefer: str | None) -> int:
    """0 (today), 1 (tomorrow) or -1 (yesterday) for the time AT, seen from NOW."""
    if now is None or prefer is None:
        return 0
    current = now.time().replace(microsecond=0, tzinfo=None)
    if prefer == "future":
        return 0 if at >= current else 1
    return 0 if at <= current else -1


def _twelve_hour(value: time) -> str:
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"
