"""Shifts: where a staff member's hand-off starts, and reading a typed "since when".

The hand-off covers the shift, not the last unlock: by default it starts at the earlier of
the staff member's previous sign-out and the start of the shift they signed in during
(shift starts are a setting, e.g. 07:00, 15:00, 23:00). Locking and unlocking change
neither, so the window never moves under the person reading it.

All times here are naive local time (what people read and type); the service converts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from peer_tui.dates import DateInputError, read_date

_AGO = re.compile(r"^(?:since\s+)?(an?|\d{1,3})\s*(hours?|hrs?|h|minutes?|mins?|m)\s+ago$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
EXAMPLES = '"8 hours ago", "yesterday 15:00", "15:00", "monday 07:00", "shift"'


def parse_clock(value: str) -> time:
    match = _CLOCK.match(value.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"{value!r} is not a time of day like 07:00")
    return time(int(match.group(1)), int(match.group(2)))


def shift_start(at: datetime, starts: list[time]) -> datetime:
    """The start of the shift that AT falls in (the latest start at or before it)."""
    if not starts:
        return at - timedelta(hours=24)
    candidates = [datetime.combine(at.date() - timedelta(days=back), start)
                  for back in (0, 1) for start in starts]
    return max(c for c in candidates if c <= at)


@dataclass(frozen=True)
class Window:
    start: datetime  # local
    why: str  # "your last sign-out", "the start of this shift", "you chose it"


def default_window(signed_in_at: datetime, previous_sign_out: datetime | None,
                   starts: list[time]) -> Window:
    """Since the earlier of the previous sign-out and the start of the signed-in shift."""
    shift = shift_start(signed_in_at, starts)
    if previous_sign_out is not None and previous_sign_out < shift:
        return Window(previous_sign_out, "your last sign-out")
    return Window(shift, "the start of this shift" if starts else "the last 24 hours")


def parse_since(text: str, now: datetime, *, day_first: bool = False,
                starts: list[time] | None = None) -> datetime:
    """Read a typed start for the hand-off, as local time, never in the future.

    Dates go to the project's one date reader (``dates.read_date``, looking back); hours and
    minutes ago are moments, not dates, and are read here."""
    cleaned = " ".join(text.strip().lower().split())
    cleaned = cleaned.removeprefix("since ").strip()
    if not cleaned:
        raise DateInputError(f"Type when the hand-off should start, e.g. {EXAMPLES}.")
    if cleaned in ("shift", "shift start", "this shift"):
        return shift_start(now, starts or [])
    match = _AGO.match(cleaned)
    if match:
        count = 1 if match.group(1) in ("a", "an") else int(match.group(1))
        unit = "minutes" if match.group(2).startswith("m") else "hours"
        return now - timedelta(**{unit: count})
    if _CLOCK.match(cleaned):  # a time alone: the last time the clock said so
        try:
            clock = parse_clock(cleaned)
        except ValueError as exc:
            raise DateInputError(f"{exc}.") from None
        at = datetime.combine(now.date(), clock)
        return at if at <= now else at - timedelta(days=1)
    reading = read_date(cleaned, today=now.date(), day_first=day_first, prefer="past")
    at = datetime.combine(reading.value, reading.time or time(0, 0))
    if at > now:
        raise DateInputError("That is in the future: the hand-off shows what already "
                             "happened.")
    return at
