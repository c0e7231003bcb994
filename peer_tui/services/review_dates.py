"""Review schedules as RFC 5545 RRULEs (python-dateutil), computed on dates.

Plans are reviewed on days, not at instants, so recurrences are computed at local midnight
of naive dates: a daylight-saving change cannot move a review to another day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def rule_for(preset: str, weekday: int = 0, day_of_month: int = 1) -> str:
    if preset == "weekly":
        return f"FREQ=WEEKLY;BYDAY={WEEKDAYS[weekday]}"
    if preset == "fortnightly":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={WEEKDAYS[weekday]}"
    if preset == "monthly_day":
        return f"FREQ=MONTHLY;BYMONTHDAY={day_of_month}"
    return ""


def describe_rule(rule: str) -> str:
    if not rule:
        return "no review schedule"
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    if parts.get("FREQ") == "WEEKLY":
        day = WEEKDAY_NAMES[WEEKDAYS.index(parts.get("BYDAY", "MO")[:2])]
        every = "every 2 weeks" if parts.get("INTERVAL") == "2" else "every week"
        return f"{every} on {day}"
    if parts.get("FREQ") == "MONTHLY":
        return f"monthly on day {parts.get('BYMONTHDAY', '1')}"
    return rule


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
