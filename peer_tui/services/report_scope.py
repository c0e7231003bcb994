"""What every figure of the program report shares: the period, the house scope, which
residents were in residence, and which timeline entries count.

A period is a range of whole local days, both ends included (a month is its first to its last
day). Timestamps are stored as naive UTC, so a period is compared with stored times through
its UTC bounds: from local midnight of the first day to local midnight after the last.

A stay is a resident's current intake and discharge dates as the record holds them now: a
corrected intake date is the date the report uses, and a readmission starts a new stay (the
record keeps one stay at a time, so an earlier stay before a readmission is not counted).
Waitlisted residents have no stay.

A house's report follows residents who moved between houses: a transfer (its audit row says
"house A to B", with the moment) splits the stay, the days from the transfer's day on belong
to the new house, and each entry (contact, check-in, concern...) to the house the resident
lived in when it happened. The organisation's report counts everyone once.

An entry counts when it is neither voided nor corrected: a correction is a new entry that
replaces the one it corrects (with its own date, channel, length and roles), so the
corrected original is left out and the correction counted in its place.
"""

from __future__ import annotations

import calendar
import re
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from peewee import fn

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.services.errors import InvalidInput
from peer_tui.timeutil import day_end_utc, day_start_utc, local_today, to_local

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
        return day_end_utc(self.end)

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
class Move:
    """A resident's transfer from one house to another, at a moment (stored UTC)."""

    resident_id: int
    at: datetime
    from_house: int
    to_house: int

    @property
    def day(self) -> date:
        """The first day in the new house (the local day of the transfer)."""
        return local_day(self.at)


_MOVE_DETAIL = re.compile(r"house (\d+) to (\d+)")


def house_moves() -> dict[int, tuple[Move, ...]]:
    """Every transfer between houses, per resident, oldest first (from the audit log: the
    transfer's row names both houses by id). Read from the log's index of transfers
    (migration 18): the log itself grows with every view and sign-in."""
    found: dict[int, list[Move]] = {}
    for rid, at, detail in (AuditLog.select(AuditLog.record_id, AuditLog.at, AuditLog.detail)
                            .where(AuditLog.action == "transfer",
                                   AuditLog.table_name == "resident")
                            .order_by(AuditLog.at, AuditLog.id).tuples()):
        match = _MOVE_DETAIL.search(detail or "")
        if match and rid is not None:
            when = datetime.fromisoformat(at) if isinstance(at, str) else at
            found.setdefault(rid, []).append(Move(rid, when, int(match[1]), int(match[2])))
    return {rid: tuple(moves) for rid, moves in found.items()}


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
    moves: dict = field(default_factory=dict, compare=False, hash=False)
    """Transfers between houses (``house_moves``), for a house's report."""

    @property
    def last_day(self) -> date:
        return min(self.period.end, self.today or local_today())

    def residents(self):
        """A subquery of the ids of the residents of the scope's house now (all of them for
        the organisation), and of those who lived there before a transfer."""
        query = Resident.select(Resident.id)
        if self.house_id is not None:
            here = Resident.house == self.house_id
            moved = self._moved_through()
            # Without moves, no OR: an empty list is written "0 = 1", and beside it SQLite
            # reads the house index of every resident of the organisation, not one house's.
            query = query.where(here | Resident.id.in_(moved) if moved else here)
        return query

    def housed(self):
        """A condition on a resident row, for a house: they live there now, or lived there
        before a transfer. Without transfers it is the house itself, so a status and the
        house are found together in one index. With them it is the ids of ``residents``: the
        same OR in the row's own query makes SQLite read every resident of the statuses
        asked for once a dozen residents have moved."""
        if not self._moved_through():
            return Resident.house == self.house_id
        return Resident.id.in_(self.residents())

    def _moved_through(self) -> list[int]:
        return [rid for rid, moves in self.moves.items()
                if any(self.house_id in (m.from_house, m.to_house) for m in moves)]

    def member(self, resident_field, time_field):
        """A condition on a row (RESIDENT_FIELD, TIME_FIELD stored UTC): the resident lived
        in the scope's house when it happened. None for the organisation (no condition)."""
        if self.house_id is None:
            return None
        moved = list(self.moves)
        stayed = Resident.select(Resident.id).where(Resident.house == self.house_id)
        if moved:
            stayed = stayed.where(Resident.id.not_in(moved))
        parts = []
        for rid, moves in self.moves.items():
            for start, end, house in _segments(moves):
                if house != self.house_id:
                    continue
                part = resident_field == rid
                if start is not None:
                    part &= time_field >= start.at
                if end is not None:
                    part &= time_field < end.at
                parts.append(part)
        condition = resident_field.in_(stayed)
        if not parts:
            return condition
        # The house's residents first, as one condition the database can look up by
        # resident: faced with the OR alone it may read the whole organisation's rows of the
        # period and test each against every stretch.
        return resident_field.in_(self.residents()) & _any([condition, *parts])

    def filtered(self, query, resident_field, time_field):
        condition = self.member(resident_field, time_field)
        return query if condition is None else query.where(condition)


def _any(conditions: list):
    """CONDITIONS joined by OR, nested by halves: joined one after another, each OR is one
    more level of brackets, and SQLite refuses a statement about a hundred levels deep (a
    house with a hundred stretches of residents who moved in or out)."""
    if len(conditions) == 1:
        return conditions[0]
    half = len(conditions) // 2
    return _any(conditions[:half]) | _any(conditions[half:])


def _segments(moves: tuple[Move, ...]):
    """(from move or None, until move or None, house) for each stretch between transfers."""
    out = [(None, moves[0], moves[0].from_house)]
    for before, after in zip(moves, moves[1:] + (None,)):
        out.append((before, after, before.to_house))
    return out


@dataclass(frozen=True)
class Stay:
    resident_id: int
    intake: date
    discharge: date | None
    discharge_kind: str
    peer_specialist_id: int | None
    case_manager_id: int | None
    house_id: int | None = None  # the house they live in now (or left from)
    moves: tuple[Move, ...] = ()

    def house_on(self, day: date) -> int | None:
        """The house this resident lived in on DAY (as far as transfers tell)."""
        house = self.moves[0].from_house if self.moves else self.house_id
        for move in self.moves:
            if move.day <= day:
                house = move.to_house
        return house

    def here_on(self, scope: Scope, day: date) -> bool:
        return scope.house_id is None or self.house_on(day) == scope.house_id

    def window(self, scope: Scope) -> tuple[date, date] | None:
        """The days of the period (up to today) this resident lived in the house, or None.
        (A resident who moved out and back has one window, from the first day to the last.)"""
        first = max(scope.period.start, self.intake)
        last = min(scope.last_day, self.discharge or scope.last_day)
        if first > last:
            return None
        if scope.house_id is None or not self.moves:
            return (first, last) if scope.house_id is None or \
                self.house_id == scope.house_id else None
        days = [d for d in (first + timedelta(days=i) for i in range((last - first).days + 1))
                if self.house_on(d) == scope.house_id]
        return (days[0], days[-1]) if days else None


def stays(scope: Scope) -> list[Stay]:
    """Every stay that overlaps the period: intake on or before its last day, and no
    discharge or a discharge on or after its first day (for a house: with a day in it)."""
    query = (Resident.select(Resident.id, Resident.intake_date, Resident.discharge_date,
                             Resident.discharge_kind, Resident.peer_specialist,
                             Resident.case_manager, Resident.house)
             .where(Resident.status.in_(IN_RESIDENCE), Resident.intake_date.is_null(False),
                    Resident.intake_date <= scope.period.end,
                    Resident.discharge_date.is_null()
                    | (Resident.discharge_date >= scope.period.start)))
    if scope.house_id is not None:
        query = query.where(scope.housed())
    found = [Stay(rid, _day(intake), _day(out), kind or "", peer, cm, house,
                  scope.moves.get(rid, ()))
             for rid, intake, out, kind, peer, cm, house in query.tuples()]
    if scope.house_id is None:
        return found
    return [s for s in found if s.window(scope) is not None]


def counted_events(scope: Scope, kinds: tuple[str, ...], *columns, before: bool = False,
                   anywhere: bool = False):
    """Entries of KINDS for the scope's residents that count (neither voided nor corrected),
    selecting COLUMNS: those in the period, or (BEFORE) those before it. ANYWHERE: also
    those from before or after a transfer (the caller filters by resident)."""
    fix = Event.alias()
    corrected = fn.EXISTS(fix.select(fix.id).where(fix.corrects == Event.id))
    when = (Event.occurred_at < scope.period.utc_start) if before else (
        (Event.occurred_at >= scope.period.utc_start)
        & (Event.occurred_at < scope.period.utc_end))
    query = Event.select(*columns).where(Event.kind.in_(kinds), when,
                                         Event.voided_at.is_null(), ~corrected)
    return query if anywhere else scope.filtered(query, Event.resident, Event.occurred_at)


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
    return statistics.median(values) if values else None


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
