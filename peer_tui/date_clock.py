"""The time of day inside a typed date ("tomorrow at 5pm", "2026-03-15T10:00:00Z").

A date field keeps the day and lets the time go (the preview says so); ``split_clock``
takes the one time out of the text and checks it is a real time. It refuses what would make
the day uncertain: two times (a range), "midnight" (the start or the end of the day?), and a
time zone that puts the moment on another day than the one written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from peer_tui.date_words import MONTHS, ZONES


class ClockError(ValueError):
    """A time in the text that cannot be read; str() says why."""


@dataclass(frozen=True)
class Clock:
    """The time found: ``at`` is None when the hour alone was given without am/pm."""

    at: time | None
    text: str


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
    return " ".join(rest.split()), Clock(_read(match), match.group(0).strip())


def _read(match: re.Match) -> time | None:
    g = match.group
    if g("midnight"):
        raise ClockError('"Midnight" could be the start or the end of a day: type the day '
                         'alone, e.g. "tomorrow".')
    if g("noon"):
        return _zoned(time(12, 0), match)
    hour_text = g("h1") or g("h2") or g("h3") or g("h4") or g("h5") or g("h6")
    hour = int(hour_text)
    minute = int(g("m1") or g("m2") or g("m4") or g("m6") or 0)
    second = int(g("s1") or 0)
    ampm = g("ap1") or g("ap1b") or g("ap2") or g("ap3") or g("ap5")
    if minute > 59 or second > 59:
        raise ClockError(f'"{match.group(0).strip()}" is not a time of day.')
    if ampm:
        if not 1 <= hour <= 12:
            raise ClockError(f'"{match.group(0).strip()}" is not a time of day.')
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    elif hour > 23:
        raise ClockError(f'"{match.group(0).strip()}" is not a time of day.')
    bare = not ampm and not (g("h1") or g("h4")) and not (g("m6"))
    value = _zoned(time(hour, minute, second), match)
    return None if bare else value


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
    return Clock(value, "t" + digits + zone)
