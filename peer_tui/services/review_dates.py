"""Review schedules as RFC 5545 RRULEs (python-dateutil), computed on dates.

Plans are reviewed on days, not at instants, so recurrences are computed at local midnight
of naive dates: a daylight-saving change cannot move a review to another day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PRESETS = ("weekly", "fortnightly", "monthly_day", "none")
#: Which of the schedule form's fields each preset uses ("keep" keeps a custom rule as it is).
PRESET_FIELDS = {"weekly": ("weekday", "start"), "fortnightly": ("weekday", "start"),
                 "monthly_day": ("day_of_month", "start"), "none": (), "keep": ("start",)}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_FREQ_WORDS = {"DAILY": ("day", "days"), "WEEKLY": ("week", "weeks"),
               "MONTHLY": ("month", "months"), "YEARLY": ("year", "years")}


@dataclass(frozen=True)
class Schedule:
    """A rule read back into the schedule form's terms: the preset and its parameters."""

    preset: str
    weekday: int = 0
    day_of_month: int = 1


def rule_for(preset: str, weekday: int = 0, day_of_month: int = 1) -> str:
    if preset == "weekly":
        return f"FREQ=WEEKLY;BYDAY={WEEKDAYS[weekday]}"
    if preset == "fortnightly":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={WEEKDAYS[weekday]}"
    if preset == "monthly_day":
        return f"FREQ=MONTHLY;BYMONTHDAY={day_of_month}"
    return ""


def _parts(rule: str) -> dict[str, str]:
    parts = {}
    for part in rule.upper().split(";"):
        name, _, value = part.partition("=")
        if name.strip():
            parts[name.strip()] = value.strip()
    return parts


def schedule_of(rule: str) -> Schedule | None:
    """The preset RULE was made from (``rule_for`` in reverse); None for any other rule.

    The form opens on this, so saving without touching it keeps the plan's rule exactly.
    """
    if not rule.strip():
        return Schedule("none")
    parts = _parts(rule)
    freq, interval = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
    if freq == "WEEKLY" and set(parts) == {"BYDAY"} and parts["BYDAY"] in WEEKDAYS:
        preset = {"1": "weekly", "2": "fortnightly"}.get(interval)
        return Schedule(preset, weekday=WEEKDAYS.index(parts["BYDAY"])) if preset else None
    if freq == "MONTHLY" and interval == "1" and set(parts) == {"BYMONTHDAY"} \
            and parts["BYMONTHDAY"].isdigit() and 1 <= int(parts["BYMONTHDAY"]) <= 28:
        return Schedule("monthly_day", day_of_month=int(parts["BYMONTHDAY"]))
    return None


def _day_words(byday: str) -> str:
    words = []
    for item in byday.split(","):
        day, ordinal = item[-2:], item[:-2]
        if day not in WEEKDAYS:
            return ""
        name = WEEKDAY_NAMES[WEEKDAYS.index(day)]
        try:
            number = int(ordinal) if ordinal else 0
        except ValueError:
            return ""
        words.append(f"the {_ORDINALS[number]} {name}" if number in _ORDINALS else name)
    return ", ".join(words)


def describe_rule(rule: str) -> str:
    """A rule in words: the presets as the form names them, other rules as well as we can."""
    if not rule.strip():
        return "no review schedule"
    known = schedule_of(rule)
    if known is not None and known.preset in ("weekly", "fortnightly"):
        every = "every 2 weeks" if known.preset == "fortnightly" else "every week"
        return f"{every} on {WEEKDAY_NAMES[known.weekday]}"
    if known is not None:
        return f"monthly on day {known.day_of_month}"
    parts = _parts(rule)
    unit = _FREQ_WORDS.get(parts.get("FREQ", ""))
    interval = parts.get("INTERVAL", "1")
    if unit is None or not interval.isdigit() or set(parts) - {
            "FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY"}:
        return f"custom rule {rule}"
    words = f"every {unit[0]}" if interval == "1" else f"every {interval} {unit[1]}"
    if "BYDAY" in parts:
        days = _day_words(parts["BYDAY"])
        if not days:
            return f"custom rule {rule}"
        words += f" on {days}"
    if "BYMONTHDAY" in parts:
        words += f" on day {parts['BYMONTHDAY'].replace(',', ', ')}"
    return words


def occurrences(rule: str, start: date, after: date, count: int = 3,
                inclusive: bool = False) -> list[date]:
    """The next COUNT review dates after AFTER (or on it, when INCLUSIVE)."""
    if not rule:
        return []
    recurrence = rrulestr(rule, dtstart=datetime.combine(start, time()))
    out: list[date] = []
    moment = datetime.combine(after - timedelta(days=1) if inclusive else after, time())
    for _ in range(count):
        nxt = recurrence.after(moment)
        if nxt is None:
            break
        out.append(nxt.date())
        moment = nxt
    return out
