"""Reading a resident's timeline in blocks, and correcting, voiding, following up.

The order is newest first on (occurred_at DESC, id DESC), which the index (resident,
occurred_at, id) serves directly; events sharing a timestamp are neither skipped nor
repeated. The screen shows the whole history as one list of ``timeline_window``'s count and
reads it in blocks: by keyset from the block before when it has that block's last key (a
block then costs the same on the first screen and on the 20,000th event), and by position
where it lands with no neighbour (End, the scrollbar, a jump): a walk of the same index within
one resident's rows, about a millisecond at 20,000 events. ``timeline_page`` pages by keyset
alone, for callers that read from the newest entry on.

Nothing here rewrites history: a correction is a new event pointing at the original, a void
sets the void columns (the only update an event ever gets) and completing a follow-up sets
its done time. Each is audited in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from peewee import JOIN, Tuple, fn

from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.event_links import EventGoal, goal_ids_of, roles_of, tag_event
from peer_tui.models.event_schemas import (CHANNEL_LABELS, CorrectionInput, VoidInput,
                                           competency_names)
from peer_tui.models.events import EVENT_KINDS, Concern, Event, GroupSession
from peer_tui.models.people import Resident, Staff
from peer_tui.models.plans import Goal
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit
from peer_tui.services.day_filter import day_span
from peer_tui.services.keyset import Cursor, Page
from peer_tui.services.errors import InvalidInput, existing, validate
from peer_tui.services.permissions import Actor, require
from peer_tui.timeutil import day_end_utc, day_start_utc, local_to_utc
from peer_tui.services.house_scope import in_scope, require_resident, require_row

PAGE_SIZE = 60  # a few screenfuls: layout and paint of the rows is the cost, not the query
BLOCK_SIZE = 100  # rows per block of the scrolling list: a few screens, converted in ~1 ms
KIND_LABELS = {
    "contact": "Contact", "checkin": "Check-in", "group": "Group", "goal_update": "Goal",
    "concern_raised": "Concern", "concern_resolved": "Resolved", "referral": "Referral",
    "plan_change": "Plan", "status_change": "Status", "note": "Note",
    "assessment": "BARC-10",
}
CORRECTABLE_KINDS = ("contact", "group", "note", "referral")
ASSESSMENT_FIX = ("A BARC-10 is corrected with a new one and a reason: B on the resident's "
                  "profile. It stays on the timeline as it was given.")


@dataclass(frozen=True)
class TimelineFilter:
    """What the timeline shows: kinds (empty: all), one staff member, a local date range."""

    kinds: tuple[str, ...] = ()
    staff_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.kinds or self.staff_id or self.date_from or self.date_to)


@dataclass(frozen=True)
class EventRow:
    """One row of the timeline table."""

    id: int
    occurred_at: datetime
    kind: str
    staff_name: str
    summary: str
    voided: bool
    corrects_id: int | None
    corrected_by_id: int | None
    follow_up_on: date | None
    follow_up_done: bool

    @property
    def cursor(self) -> Cursor:
        return (self.occurred_at, self.id)

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up_on is not None and not self.follow_up_done and not self.voided


TimelinePage = Page[EventRow]


@dataclass(frozen=True)
class EventDetail:
    """Everything the detail pane shows about one event."""

    id: int
    resident_id: int
    occurred_at: datetime
    recorded_at: datetime
    kind: str
    staff_name: str
    channel: str
    duration_minutes: int | None
    summary: str
    note: str
    roles: list[str]
    goals: list[str]
    follow_up_on: date | None
    follow_up_done_at: datetime | None
    corrects_id: int | None
    corrected_by: list[int] = field(default_factory=list)
    voided_at: datetime | None = None
    voided_by: str = ""
    void_reason: str = ""
    group_name: str = ""
    concern_id: int | None = None
    concern_status: str = ""

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS.get(self.channel, self.channel)

    @property
    def correctable(self) -> bool:
        return self.kind in CORRECTABLE_KINDS and self.voided_at is None


@dataclass(frozen=True)
class TimelineWindow:
    """How many entries match a filter, and the block of rows starting at START."""

    count: int
    start: int
    rows: list[EventRow]


def cursor_for_date(day: date) -> Cursor:
    """A cursor that makes the next page start with the last event on (local) DAY."""
    return (day_end_utc(day), 0)


def _conditions(resident_id: int, filt: TimelineFilter) -> list:
    conditions = [Event.resident == resident_id]
    if filt.kinds:
        conditions.append(Event.kind.in_(list(filt.kinds)))
    if filt.staff_id is not None:
        conditions.append(Event.staff == filt.staff_id)
    return conditions + day_span(Event.occurred_at, filt.date_from, filt.date_to)


def _filtered(resident_id: int, filt: TimelineFilter):
    return (Event.select(Event.id, Event.occurred_at, Event.kind, Staff.display_name,
                         Event.summary, Event.voided_at, Event.corrects, Event.follow_up_on,
                         Event.follow_up_done_at)
            .join(Staff, JOIN.LEFT_OUTER, on=(Event.staff == Staff.id))
            .where(*_conditions(resident_id, filt)))


def _count(resident_id: int, filt: TimelineFilter, *more) -> int:
    """Matching entries, counted on the index alone (no join, no rows converted)."""
    return (Event.select(fn.COUNT(Event.id))
            .where(*_conditions(resident_id, filt), *more).scalar()) or 0


def _checked(actor: Actor, resident_id: int, filt: TimelineFilter | None) -> TimelineFilter:
    """The caller may read this resident's timeline, and FILT makes sense."""
    require(actor, clinical=True)
    require_resident(actor, resident_id)
    filt = filt or TimelineFilter()
    if filt.date_from and filt.date_to and filt.date_from > filt.date_to:
        raise InvalidInput({"date_to": "The end date is before the start date."})
    return filt


def _newest_first(query):
    return query.order_by(Event.occurred_at.desc(), Event.id.desc())


def _event_rows(fetched: list[tuple]) -> list[EventRow]:
    ids = [r[0] for r in fetched]
    corrected: dict[int, int] = {}
    if ids:
        for fix_id, original in (Event.select(Event.id, Event.corrects)
                                 .where(Event.corrects.in_(ids)).order_by(Event.id).tuples()):
            corrected[original] = fix_id  # the newest correction wins
    return [EventRow(id=r[0], occurred_at=r[1], kind=r[2], staff_name=r[3] or "",
                     summary=r[4], voided=r[5] is not None, corrects_id=r[6],
                     corrected_by_id=corrected.get(r[0]), follow_up_on=r[7],
                     follow_up_done=r[8] is not None) for r in fetched]


def timeline_page(actor: Actor, resident_id: int, filt: TimelineFilter | None = None,
                  before: Cursor | None = None, limit: int = PAGE_SIZE) -> TimelinePage:
    """Up to LIMIT events older than BEFORE (None: the newest), newest first."""
    filt = _checked(actor, resident_id, filt)
    limit = max(1, min(limit, 500))
    query = _filtered(resident_id, filt)
    if before is not None:
        query = query.where(Tuple(Event.occurred_at, Event.id) < Tuple(before[0], before[1]))
    fetched = list(_newest_first(query).limit(limit + 1).tuples())
    has_more = len(fetched) > limit
    rows = _event_rows(fetched[:limit])
    if before is None:
        audit.record_read(actor, "timeline_view", "resident", resident_id,
                          resident_id=resident_id)
    return TimelinePage(rows, has_more)


def _block(resident_id: int, filt: TimelineFilter, start: int, after: Cursor | None,
           limit: int) -> list[EventRow]:
    query = _filtered(resident_id, filt)
    key = Tuple(Event.occurred_at, Event.id)
    if after is not None:
        query = query.where(key < Tuple(after[0], after[1]))
    elif start > 0:
        # Skip START entries on the index alone (no join, nothing converted), then read the
        # block by keyset from the key found there.
        first = (_newest_first(Event.select(Event.occurred_at, Event.id)
                               .where(*_conditions(resident_id, filt)))
                 .limit(1).offset(start).tuples().first())
        if first is None:
            return []
        query = query.where(key <= Tuple(first[0], first[1]))
    return _event_rows(list(_newest_first(query).limit(limit).tuples()))


def timeline_block(actor: Actor, resident_id: int, filt: TimelineFilter | None, start: int,
                   after: Cursor | None = None, limit: int = BLOCK_SIZE) -> list[EventRow]:
    """Rows START .. START+LIMIT-1 of the newest-first list.

    AFTER, the key of row START-1 when the caller has it, reads by keyset; without it the
    rows are found by position (OFFSET on the index). Both give the same rows: the order is
    total.
    """
    filt = _checked(actor, resident_id, filt)
    return _block(resident_id, filt, max(0, start), after, max(1, min(limit, 500)))


def timeline_window(actor: Actor, resident_id: int, filt: TimelineFilter | None = None,
                    start: int = 0, limit: int = BLOCK_SIZE) -> TimelineWindow:
    """The count of entries matching FILT and the block of rows from START: what the
    scrolling list needs to open (the count sizes its scrollbar). Audited as a read."""
    filt = _checked(actor, resident_id, filt)
    limit = max(1, min(limit, 500))
    count = _count(resident_id, filt)
    # Past the end (the list shrank since the caller counted): the last block, still
    # starting at a multiple of LIMIT, as the caller's blocks do.
    last_block = max(0, count - 1) // limit * limit
    start = max(0, min(start, last_block))
    rows = _block(resident_id, filt, start, None, limit) if count else []
    audit.record_read(actor, "timeline_view", "resident", resident_id,
                      resident_id=resident_id)
    return TimelineWindow(count, start, rows)


def timeline_position(actor: Actor, resident_id: int, filt: TimelineFilter | None,
                      cursor: Cursor) -> int:
    """The position in the newest-first list of the first entry at or older than CURSOR:
    the number of matching entries newer than it. ``cursor_for_date`` and
    ``cursor_at_event`` make the cursors for a jump to a day or to one entry."""
    filt = _checked(actor, resident_id, filt)
    return _count(resident_id, filt,
                  Tuple(Event.occurred_at, Event.id) > Tuple(cursor[0], cursor[1]))


def cursor_at_event(actor: Actor, event_id: int) -> Cursor:
    """A cursor whose next page starts with EVENT_ID (to jump to a correction)."""
    require(actor, clinical=True)
    row = existing(Event, event_id, "That entry does not exist.")
    require_row(actor, Event, event_id, "entry")
    return (row.occurred_at, row.id + 1)


def _get_event(event_id: int, actor: Actor) -> Event:
    row = existing(Event, event_id, "That timeline entry does not exist.")
    require_row(actor, Event, event_id, "timeline entry")
    return row


def event_detail(actor: Actor, event_id: int) -> EventDetail:
    require(actor, clinical=True)
    row = _get_event(event_id, actor)
    names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)
             .where(Staff.id.in_([i for i in (row.staff_id, row.voided_by_id) if i]))}
    goals = [words for (words,) in Goal.select(Goal.own_words).join(EventGoal)
             .where(EventGoal.event == row.id).order_by(Goal.id).tuples()]
    fixes = [e.id for e in Event.select(Event.id).where(Event.corrects == row.id)
             .order_by(Event.id)]
    group = GroupSession.get_or_none(GroupSession.id == row.group_session_id) \
        if row.group_session_id else None
    concern = Concern.get_or_none(Concern.id == row.concern_id) if row.concern_id else None
    return EventDetail(
        id=row.id, resident_id=row.resident_id, occurred_at=row.occurred_at,
        recorded_at=row.recorded_at, kind=row.kind, staff_name=names.get(row.staff_id, ""),
        channel=row.channel, duration_minutes=row.duration_minutes, summary=row.summary,
        note=row.note, roles=competency_names(roles_of([row.id]).get(row.id, [])), goals=goals,
        follow_up_on=row.follow_up_on, follow_up_done_at=row.follow_up_done_at,
        corrects_id=row.corrects_id, corrected_by=fixes, voided_at=row.voided_at,
        voided_by=names.get(row.voided_by_id, ""), void_reason=row.void_reason,
        group_name=group.name if group else "", concern_id=row.concern_id,
        concern_status=concern.status if concern else "")


def void_event(actor: Actor, event_id: int, reason: str) -> EventDetail:
    """Mark an entry as void (entered in error). It stays on the timeline, shown as voided."""
    require(actor, clinical=True)
    data = validate(VoidInput, {"reason": reason})
    with database.atomic():
        row = _get_event(event_id, actor)
        if row.voided_at is not None:
            raise InvalidInput({"": "This entry is already voided."})
        if row.kind == "assessment":
            raise InvalidInput({"": ASSESSMENT_FIX})
        if row.kind in ("concern_raised", "concern_resolved"):
            raise InvalidInput({"": "Concern entries follow the concern: resolve the concern "
                                    "instead."})
        (Event.update(voided_at=utcnow(), voided_by=actor.id, void_reason=data.reason)
         .where(Event.id == row.id).execute())
        audit.record(actor, "event_void", "event", row.id, resident_id=row.resident_id)
        refresh_resident_summary(row.resident_id)
    return event_detail(actor, event_id)


def correct_event(actor: Actor, event_id: int, data: dict) -> int:
    """Record a correction: a new entry linked to the original. Returns the new event id.

    The original keeps its text and shows as corrected. An open follow-up moves to the
    correction (the original's is marked done) so it is not chased twice.
    """
    require(actor, clinical=True)
    fix = validate(CorrectionInput, data)
    hour, minute = (int(p) for p in fix.at.split(":"))
    with database.atomic():
        row = _get_event(event_id, actor)
        if row.kind == "assessment":
            raise InvalidInput({"": ASSESSMENT_FIX})
        if row.kind not in CORRECTABLE_KINDS:
            raise InvalidInput({"": f"A {KIND_LABELS.get(row.kind, row.kind).lower()} entry "
                                    "cannot be corrected; void it with a reason instead."})
        if row.voided_at is not None:
            raise InvalidInput({"": "A voided entry cannot be corrected."})
        occurred = local_to_utc(datetime.combine(fix.on, time(hour, minute)))
        note = fix.note + ("\n\n" if fix.note else "") + f"Correction: {fix.reason}"
        moved_follow_up = row.follow_up_on if row.follow_up_done_at is None else None
        new = Event.create(
            resident=row.resident_id, occurred_at=occurred, kind=row.kind, staff=actor.id,
            channel=row.channel, duration_minutes=fix.duration_minutes or row.duration_minutes,
            summary=fix.summary, note=note, follow_up_on=moved_follow_up, corrects=row.id,
            group_session=row.group_session_id)
        tag_event(new.id, roles_of([row.id]).get(row.id, []), goal_ids_of(row.id))
        if moved_follow_up is not None:
            Event.update(follow_up_done_at=utcnow()).where(Event.id == row.id).execute()
        audit.record(actor, "event_correct", "event", new.id, resident_id=row.resident_id,
                     detail=f"corrects event {row.id}")
        refresh_resident_summary(row.resident_id)
    return new.id


def complete_follow_up(actor: Actor, event_id: int) -> None:
    require(actor, clinical=True)
    with database.atomic():
        row = _get_event(event_id, actor)
        if row.follow_up_on is None:
            raise InvalidInput({"": "This entry has no follow-up."})
        if row.follow_up_done_at is not None:
            raise InvalidInput({"": "This follow-up is already done."})
        Event.update(follow_up_done_at=utcnow()).where(Event.id == row.id).execute()
        audit.record(actor, "follow_up_done", "event", row.id, resident_id=row.resident_id)
        refresh_resident_summary(row.resident_id)


@dataclass(frozen=True)
class FollowUp:
    event_id: int
    resident_id: int
    resident_name: str
    due_on: date
    summary: str
    staff_name: str


def follow_ups_due(actor: Actor, on_or_before: date, *, staff_id: int | None = None,
                   limit: int = 200) -> list[FollowUp]:
    """Open follow-ups due by ON_OR_BEFORE (overdue first), for needs-attention and hand-off.

    A follow-up is its staff member's; one the kiosk set (no staff on the entry) is the
    resident's peer specialist's.
    """
    require(actor, clinical=True)
    owner = fn.COALESCE(Event.staff, Resident.peer_specialist)
    query = (Event.select(Event.id, Event.resident, Resident.first_name, Resident.last_name,
                          Resident.preferred_name, Event.follow_up_on, Event.summary,
                          Staff.display_name)
             .join(Resident, on=(Event.resident == Resident.id))
             .switch(Event).join(Staff, JOIN.LEFT_OUTER, on=(owner == Staff.id))
             .where(Event.follow_up_on.is_null(False), Event.follow_up_on <= on_or_before,
                    Event.follow_up_done_at.is_null(), Event.voided_at.is_null(),
                    in_scope(actor)))
    if staff_id is not None:
        query = query.where(owner == staff_id)
    out = []
    for eid, rid, first, last, preferred, due, summary, staff in (
            query.order_by(Event.follow_up_on, Event.id).limit(limit).tuples()):
        out.append(FollowUp(eid, rid, f"{preferred or first} {last}", due, summary, staff or ""))
    return out


def staff_choices() -> list[tuple[int, str]]:
    """(id, name) of every staff member, for filters and pickers."""
    return [(s.id, s.display_name) for s in Staff.select(Staff.id, Staff.display_name)
            .order_by(Staff.display_name)]


__all__ = ["EVENT_KINDS", "KIND_LABELS", "PAGE_SIZE", "BLOCK_SIZE", "TimelineFilter",
           "EventRow", "TimelinePage", "TimelineWindow", "EventDetail", "FollowUp",
           "timeline_page", "timeline_block", "timeline_window", "timeline_position",
           "cursor_for_date",
           "cursor_at_event", "event_detail", "void_event", "correct_event",
           "complete_follow_up", "follow_ups_due", "staff_choices", "day_start_utc"]
