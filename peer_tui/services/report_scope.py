"""What every figure of the program report shares: the period, the house scope, which
residents were in residence, and which timeline entries count.

A period is a range of whole local days, both ends included (a month is its first to its last
day). Timestamps are stored as naive UTC, so a period is compared with stored times through
its UTC bounds: from local midnight of the first day to local midnight after the last.

A stay is a resident's current intake and discharge dates as the record holds them now: a
corrected intake date is the date the report uses, and a readmission starts a new stay (the
record keeps one stay at a time, so an earlier stay before a readmission is not counted).
Waitlisted residents have no stay.

An entry counts when it is neither voided nor corrected: a correction is a new entry that
replaces the one it corrects (with its own date, channel, length and roles), so the
corrected original is left out and the correction counted in its place.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peewee import fn

from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.services.errors import InvalidInput
from peer_tui.timeutil import day_start_utc, local_today, to_local

IN_RESIDENCE = ("active", "discharged", "alumni")  # a waitlisted resident has no stay yet


@dataclass(frozen=True)
class Period:
    """Local days START to END, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput({"end": "The end date is before the start date."})

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def utc_start(self) -> datetime:
        return day_start_utc(self.start)

    @property
    def utc_end(self) -> datetime:
        """Local midnight after the last day (exclusive), as stored UTC."""
        return day_start_utc(self.end + timedelta(days=1))

    def each_day(self):
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)

    @property
    def label(self) -> str:
        last = calendar.monthrange(self.start.year, self.start.month)[1]
        if self.start.day == 1 and self.end == self.start.replace(day=last):
            return self.start.strftime("%B %Y")
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def month_period(text: str) -> Period:
    """'2026-11' as the whole month; anything else is refused in words."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2200:
        raise InvalidInput({"month": "Give the month as YYYY-MM, for example 2026-11."})
    year, month = int(match[1]), int(match[2])
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def shift_month(period: Period, months: int) -> Period:
    """The whole month MONTHS before (negative) or after the month PERIOD starts in."""
    index = period.start.year * 12 + period.start.month - 1 + months
    return month_period(f"{index // 12:04d}-{index % 12 + 1:02d}")


def last_month(today: date | None = None) -> Period:
    return shift_month(month_period((today or local_today()).strftime("%Y-%m")), -1)


@dataclass(frozen=True)
class Scope:
    """A period, and the house it is for (None: the whole organisation)."""

    period: Period
    house_id: int | None = None
    contact_alert_days: int = 7
    """Days without contact that make a resident overdue (the caseload's setting)."""
    today: date | None = None
    """The last day anything can have happened (default: today); a period reaching past it
    is counted up to it (occupancy, gaps in contact)."""

    @property
    def last_day(self) -> date:
        return min(self.period.end, self.today or local_today())

    def residents(self):
        """A subquery of the ids of the residents of the scope's house (all of them for the
        organisation)."""
        query = Resident.select(Resident.id)
        if self.house_id is not None:
            query = query.where(Resident.house == self.house_id)
        return query


@dataclass(frozen=True)
class Stay:
    resident_id: int
    intake: date
    discharge: date | None
    discharge_kind: str
    peer_specialist_id: int | None
    case_manager_id: int | None

    def window(self, scope: Scope) -> tuple[date, date] | None:
        """The days of the period (up to today) this resident lived in the house, or None."""
        first = max(scope.period.start, self.intake)
        last = min(scope.last_day, self.discharge or scope.last_day)
        return (first, last) if first <= last else None


def stays(scope: Scope) -> list[Stay]:
    """Every stay that overlaps the period: intake on or before its last day, and no
    discharge or a discharge on or after its first day."""
    query = (Resident.select(Resident.id, Resident.intake_date, Resident.discharge_date,
                             Resident.discharge_kind, Resident.peer_specialist,
                             Resident.case_manager)
             .where(Resident.status.in_(IN_RESIDENCE), Resident.intake_date.is_null(False),
                    Resident.intake_date <= scope.period.end,
                    Resident.discharge_date.is_null()
                    | (Resident.discharge_date >= scope.period.start)))
    if scope.house_id is not None:
        query = query.where(Resident.house == scope.house_id)
    return [Stay(rid, _day(intake), _day(out), kind or "", peer, cm)
            for rid, intake, out, kind, peer, cm in query.tuples()]


def counted_events(scope: Scope, kinds: tuple[str, ...], *columns, before: bool = False):
    """Entries of KINDS for the scope's residents that count (neither voided nor corrected),
    selecting COLUMNS: those in the period, or (BEFORE) those before it."""
    fix = Event.alias()
    corrected = fn.EXISTS(fix.select(fix.id).where(fix.corrects == Event.id))
    when = (Event.occurred_at < scope.period.utc_start) if before else (
        (Event.occurred_at >= scope.period.utc_start)
        & (Event.occurred_at < scope.period.utc_end))
    query = Event.select(*columns).where(Event.kind.in_(kinds), when,
                                         Event.voided_at.is_null(), ~corrected)
    if scope.house_id is not None:
        query = query.where(Event.resident.in_(scope.residents()))
    return query


def local_day(value) -> date:
    """A stored UTC timestamp (a datetime, or the text SQLite returns) as its local day."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return to_local(value).date()


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def median(values: list[float]) -> float | None:
    from statistics import median as _median

    return _median(values) if values else None


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
