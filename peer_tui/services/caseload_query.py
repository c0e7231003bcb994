"""The caseload: one row per resident, read a page at a time, and the 'needs attention' view.

Every column comes from the resident row itself (the denormalised ``summary_*`` columns kept
true by ``refresh_resident_summary``) plus one join for the peer specialist's name, so a page
is ONE query whatever the number of residents or events. Pages are keyset-paged on
(sort value, id): no OFFSET, no gaps, no repeats.

A page is read in two steps inside that one statement: the residents matching the filter are
picked by their sort value and id alone (``_keys``: the filter, the order and the limit), and
only the rows picked are read in full with their attention columns (``_rows``), which are
correlated subqueries: worked out for every match before the sort, they cost more than the
filter itself with everyone and all statuses. The caseload's first block also carries the
count of matches (``_count_of``), so a filter keystroke is one statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from peewee import JOIN, SQL, fn

from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.people import Consent, House, Resident, Staff
from peer_tui.services import audit
from peer_tui.services.attention import Thresholds, condition, signals
from peer_tui.services.attention import extra_columns as attention_columns
from peer_tui.services.consent_rule import in_effect_sql
from peer_tui.services.house_scope import in_scope, require_resident
from peer_tui.services.errors import NotFound, existing
from peer_tui.services.permissions import Actor, Perm, allowed, require, require_perm
from peer_tui.timeutil import fmt_date, local_today, to_local

PAGE_SIZE = 60  # a few screenfuls: layout and paint of the rows is the cost, not the query
STATUS_FILTERS = {
    "active": ("active",),
    "waitlist": ("waitlist",),
    "discharged": ("discharged", "alumni"),
    "all": ("waitlist", "active", "discharged", "alumni"),
}
PeerSpecialist = Staff.alias("peer")

# sort key -> (column, the value standing in for NULL so keyset comparisons work)
_OLD = datetime(1900, 1, 1)
_FAR = date(2200, 1, 1)
SORTS: dict[str, tuple[Any, Any]] = {
    # Last name then first name, as one value so keyset paging stays exact. Written with
    # literals, not parameters: SQLite reads it in order from the index on this very
    # expression (migration 16) only when the two are the same text.
    "name": (Resident.last_name.concat(SQL("' '")).concat(Resident.first_name), SQL("''")),
    "room": (Resident.room, ""),
    "staff": (PeerSpecialist.display_name, ""),
    "contact": (Resident.summary_last_contact_at, _OLD),
    "checkin": (Resident.summary_last_checkin_at, _OLD),
    "concerns": (Resident.summary_urgent_concerns * 1000 + Resident.summary_open_concerns, 0),
    "review": (Resident.summary_next_review, _FAR),
    "progress": (Resident.summary_goals_achieved, 0),
    "barc": (Resident.summary_barc_total, 0),
}
PUBLIC_SORTS = ("name", "room", "staff")  # the columns every role sees
SORT_LABELS = {
    "name": "name", "room": "room", "staff": "peer specialist", "contact": "last contact",
    "checkin": "last check-in", "concerns": "open concerns", "review": "next review",
    "progress": "goals achieved", "barc": "latest BARC-10",
}


@dataclass(frozen=True)
class CaseloadFilter:
    text: str = ""
    status: str = "active"
    mine: bool = False
    needs_attention: bool = False
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class CaseloadRow:
    id: int
    name: str
    room: str
    status: str
    peer_specialist: str
    days_since_contact: int | None
    contact_level: str  # ok, due, overdue, never; "" when not tracked or not shown
    last_checkin: str  # "2d ago 4/5" (mood), "today", or "none"
    checkin_late: bool
    open_concerns: int
    urgent_concerns: int
    next_review: date | None
    review_overdue: bool
    goals_achieved: int
    goals_total: int
    barc_total: int | None = None  # the latest BARC-10 total (clinical roles only)
    barc_drop: int | None = None  # points below the one before (negative: it rose)
    reasons: tuple[str, ...] = ()
    urgent: bool = False  # an open urgent concern: the one flag every role sees
    house: str = ""  # where they live (the caseload of every house shows it)
    # The value the list is sorted on: with the id, the key the next block is read after.
    # Not part of what the row shows (a one-row refresh has none and compares equal).
    sort_value: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class CaseloadPage:
    rows: list[CaseloadRow]
    next_cursor: tuple[Any, int] | None


def display_name(first: str, last: str, preferred: str) -> str:
    return f"{preferred or first} {last}".strip()


# What a caseload row reads of the resident (not the whole row: no PIN hash, no audit times).
ROW_COLUMNS = (
    Resident.id, Resident.first_name, Resident.last_name, Resident.preferred_name,
    Resident.room, Resident.status, Resident.intake_date, Resident.summary_last_contact_at,
    Resident.summary_last_checkin_at, Resident.summary_last_checkin_mood,
    Resident.summary_wants_to_talk, Resident.summary_open_concerns,
    Resident.summary_urgent_concerns, Resident.summary_next_review,
    Resident.summary_next_follow_up, Resident.summary_goals_total,
    Resident.summary_goals_achieved, Resident.summary_barc_total, Resident.summary_barc_at,
    Resident.summary_barc_drop,
)


def _keys(actor: Actor, filt: CaseloadFilter, thresholds: Thresholds, today: date,
          now: datetime):
    """The residents matching FILT as their id and sort value (``sort_value``), unordered,
    with the sort expression; and the filter as it applies to ACTOR (a role without clinical
    access sorts by name at most)."""
    require(actor)
    if filt.needs_attention:
        require_perm(actor, Perm.READ_CLINICAL, "see who needs attention")
    # An unknown sort, or one by a column the role does not see, is by name.
    sort = filt.sort if filt.sort in SORTS and (
        filt.sort in PUBLIC_SORTS or allowed(actor, Perm.READ_CLINICAL)) else "name"
    filt = replace(filt, sort=sort)
    column, null_value = SORTS[sort]
    sort_expr = fn.COALESCE(column, null_value)
    # No join to the house: every resident has one (a required foreign key); the rows read
    # in full join it for its name.
    query = Resident.select(Resident.id, sort_expr.alias("sort_value"))
    text = " ".join(filt.text.split())[:100]
    if sort == "staff":
        # Only then: the keys and their count read the index alone, not a staff row per match.
        query = query.join(PeerSpecialist, JOIN.LEFT_OUTER,
                           on=(Resident.peer_specialist == PeerSpecialist.id))
    query = query.where(
        Resident.status.in_(STATUS_FILTERS.get(filt.status, STATUS_FILTERS["active"])),
        in_scope(actor))
    if text:
        # "first last" holds the first name and the last name: no test of each on its own.
        full_name = Resident.first_name.concat(" ").concat(Resident.last_name)
        query = query.where(
            full_name.contains(text) | Resident.preferred_name.contains(text)
            | Resident.room.contains(text) | Resident.peer_specialist.in_(
                Staff.select(Staff.id).where(Staff.display_name.contains(text)))
        )
    if filt.mine:
        query = query.where((Resident.peer_specialist == actor.id)
                            | (Resident.case_manager == actor.id))
    if filt.needs_attention:
        query = query.where(condition(thresholds, today, now, actor.can_read_clinical))
    return query, sort_expr, filt


def _after(query, sort_expr, filt: CaseloadFilter, after: tuple[Any, int]):
    """The keys after AFTER (a sort value and an id) in FILT's order."""
    value, last_id = after
    if filt.descending:
        return query.where((sort_expr < value) | ((sort_expr == value) & (Resident.id < last_id)))
    return query.where((sort_expr > value) | ((sort_expr == value) & (Resident.id > last_id)))


def _ordered(query, sort_expr, filt: CaseloadFilter):
    order = [sort_expr.desc(), Resident.id.desc()] if filt.descending else [sort_expr,
                                                                              Resident.id]
    return query.order_by(*order)


def _rows(keys, filt: CaseloadFilter, today: date, counted: bool = False) -> list[Resident]:
    """The residents KEYS picks (a keys query, ordered and limited), read in full with their
    attention columns, in FILT's order; COUNTED: KEYS also has the count of matches (``total``)."""
    picked = keys.alias("picked")
    extra = [picked.c.total] if counted else []
    query = (
        Resident.select(*ROW_COLUMNS, PeerSpecialist.display_name.alias("peer_name"),
                        House.name.alias("house_name"), picked.c.sort_value, *extra,
                        *attention_columns(today))
        .join(picked, on=(Resident.id == picked.c.id))
        .join_from(Resident, PeerSpecialist, JOIN.LEFT_OUTER,
                   on=(Resident.peer_specialist == PeerSpecialist.id))
        .join_from(Resident, House, on=(Resident.house == House.id))
    )
    if filt.descending:
        query = query.order_by(picked.c.sort_value.desc(), Resident.id.desc())
    else:
        query = query.order_by(picked.c.sort_value, Resident.id)
    return list(query.objects())


def _start(actor: Actor, filt: CaseloadFilter, thresholds: Thresholds | None,
           today: date | None, after: tuple[Any, int] | None):
    """What a page and a block both begin with: FILT's keys in its order (from AFTER on, when
    given), the filter as the actor may use it, the day, and ROW(r), which draws one resident
    with the thresholds, day and moment the attention columns were worked out for."""
    thresholds = thresholds or Thresholds()
    today = today or local_today()
    now = utcnow()
    keys, sort_expr, filt = _keys(actor, filt, thresholds, today, now)
    if after is not None:
        keys = _after(keys, sort_expr, filt, after)
    return (_ordered(keys, sort_expr, filt), filt, today,
            lambda r: _row(r, thresholds, today, actor, now))


def caseload_page(actor: Actor, filt: CaseloadFilter, thresholds: Thresholds | None = None,
                  after: tuple[Any, int] | None = None, limit: int = PAGE_SIZE,
                  today: date | None = None) -> CaseloadPage:
    """One page of the caseload. AFTER is the previous page's ``next_cursor``.

    Roles without clinical access (the front desk) get names, rooms, status, staff, whether
    the resident checked in today and an urgent flag: no contact ages, moods, concern counts,
    review dates or goals, no sorting by them and no needs-attention view."""
    keys, filt, today, row = _start(actor, filt, thresholds, today, after)
    rows = _rows(keys.limit(limit + 1), filt, today)
    more = len(rows) > limit
    rows = rows[:limit]
    result = [row(r) for r in rows]
    next_cursor = (rows[-1].sort_value, rows[-1].id) if more and rows else None
    return CaseloadPage(result, next_cursor)


@dataclass(frozen=True)
class CaseloadWindow:
    """How many residents match a filter, and the block of rows starting at START."""

    count: int
    start: int
    rows: list[CaseloadRow]


def caseload_block(actor: Actor, filt: CaseloadFilter, thresholds: Thresholds | None,
                   start: int, after: tuple[Any, int] | None = None, limit: int = PAGE_SIZE,
                   today: date | None = None) -> list[CaseloadRow]:
    """Rows START .. START+LIMIT-1 of the caseload in FILT's order: by keyset from AFTER
    (the sort value and id of row START-1) when the caller has it, else by position (an
    OFFSET over the keys alone, so no attention column is worked out for a row skipped)."""
    keys, filt, today, row = _start(actor, filt, thresholds, today, after)
    keys = keys.limit(max(1, min(limit, 500)))
    if after is None and start > 0:
        keys = keys.offset(start)
    return [row(r) for r in _rows(keys, filt, today)]


def caseload_window(actor: Actor, filt: CaseloadFilter, thresholds: Thresholds | None = None,
                    start: int = 0, limit: int = PAGE_SIZE,
                    today: date | None = None) -> CaseloadWindow:
    """The count of residents matching FILT and the block from START (a multiple of LIMIT,
    brought back to the last block if the list shrank): what the caseload list opens with.
    One statement (the block carries the count) unless the list shrank below START."""
    limit = max(1, min(limit, 500))
    keys, filt, today, row = _start(actor, filt, thresholds, today, None)
    counted = keys.select_extend(_count_of(keys, filt).alias("total")).limit(limit)
    rows = _rows(counted.offset(start) if start > 0 else counted, filt, today, counted=True)
    if rows:
        return CaseloadWindow(rows[0].total, start, [row(r) for r in rows])
    if start == 0:
        return CaseloadWindow(0, 0, [])
    count = keys.order_by().count()  # fewer than START match now: the last block instead
    start = max(0, min(start, max(0, count - 1) // limit * limit))
    rows = _rows(keys.limit(limit).offset(start), filt, today) if count else []
    return CaseloadWindow(count, start, [row(r) for r in rows])


def _count_of(keys, filt: CaseloadFilter):
    """The count of matches, as a column of the block's keys. Without words to look for, a
    subquery of its own: the block is then read in order from an index and stops at its
    last row, where a window count would read and sort every match first (15,000 active
    residents in a large organisation). With words, the matches are few and a window count
    over them costs less than looking for the words twice."""
    if " ".join(filt.text.split()):
        return fn.COUNT(SQL("*")).over()
    return keys.order_by().select(fn.COUNT(SQL("*")))


def _row(r: Resident, t: Thresholds, today: date, actor: Actor,
         now: datetime | None = None) -> CaseloadRow:
    clinical = actor.can_read_clinical
    sig = signals(r, t, today, now or utcnow(), clinical)
    checkin_days = sig.checkin_days
    if r.summary_last_checkin_at is None:
        last_checkin = "none"
    elif not clinical:
        last_checkin = "today" if checkin_days == 0 else "not today"
    else:
        when = "today" if checkin_days == 0 else f"{checkin_days}d ago"
        mood = r.summary_last_checkin_mood
        last_checkin = f"{when} {mood}/5" if mood else when
    return CaseloadRow(
        id=r.id, name=display_name(r.first_name, r.last_name, r.preferred_name), room=r.room,
        sort_value=getattr(r, "sort_value", None),
        status=r.status, peer_specialist=getattr(r, "peer_name", None) or "",
        days_since_contact=sig.days_since_contact if clinical else None,
        contact_level=sig.contact_level if clinical else "",
        last_checkin=last_checkin, checkin_late=sig.checkin_late if clinical else False,
        open_concerns=r.summary_open_concerns if clinical else 0,
        urgent_concerns=sig.urgent,
        next_review=r.summary_next_review if clinical else None,
        review_overdue=bool(sig.review_late_days) if clinical else False,
        goals_achieved=r.summary_goals_achieved if clinical else 0,
        goals_total=r.summary_goals_total if clinical else 0,
        barc_total=r.summary_barc_total if clinical else None,
        barc_drop=r.summary_barc_drop if clinical else None,
        reasons=sig.reasons if clinical else (), urgent=r.summary_urgent_concerns > 0,
        house=r.house_name,
    )


def assigned_count(actor: Actor, status: str = "active") -> int:
    """How many residents (of STATUS) have ACTOR as peer specialist or case manager."""
    require(actor)
    return (Resident.select()
            .where(Resident.status.in_(STATUS_FILTERS.get(status, STATUS_FILTERS["active"])),
                   (Resident.peer_specialist == actor.id) | (Resident.case_manager == actor.id),
                   in_scope(actor))
            .count())


def caseload_row(actor: Actor, resident_id: int, thresholds: Thresholds | None = None
                 ) -> CaseloadRow:
    """One resident's caseload row (to refresh a row after a save)."""
    require(actor)
    require_resident(actor, resident_id)
    r = (Resident.select(Resident, PeerSpecialist.display_name.alias("peer_name"),
                         House.name.alias("house_name"), *attention_columns(local_today()))
         .join(PeerSpecialist, JOIN.LEFT_OUTER, on=(Resident.peer_specialist == PeerSpecialist.id))
         .join_from(Resident, House, on=(Resident.house == House.id))
         .where(Resident.id == resident_id).objects().first())
    if r is None:
        raise NotFound("That resident no longer exists.")
    return _row(r, thresholds or Thresholds(), local_today(), actor)


@dataclass(frozen=True)
class ResidentCard:
    """The header card and profile of one resident, as staff see it."""

    id: int
    name: str
    full_name: str
    pronouns: str
    room: str
    status: str
    date_of_birth: date | None
    intake_date: date | None
    days_in_residence: int | None
    discharge_date: date | None
    discharge_reason: str
    peer_specialist: str
    case_manager: str
    kiosk_code: str
    consents: tuple[str, ...]
    barc_total: int | None = None  # the latest BARC-10 total; clinical roles only


def resident_card(actor: Actor, resident_id: int) -> ResidentCard:
    """Open a resident record: the card, then its 'view' audit row (``audit.record_read``)."""
    require(actor)
    require_resident(actor, resident_id)
    with database.atomic():
        r = existing(Resident, resident_id, "That resident no longer exists.")
        staff = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name).where(
            Staff.id.in_([i for i in (r.peer_specialist_id, r.case_manager_id) if i]))}
        today = local_today()
        # The consents in effect (the one rule in consent_rule), for those who may see them.
        consents = tuple(
            f"{c.recipient} ({'; '.join(c.purpose.splitlines())}; until "
            f"{fmt_date(c.expires_on) if c.expires_on else c.expiry_event or '-'})"
            for c in Consent.select().where(Consent.resident == r.id, in_effect_sql(today))
            .order_by(Consent.signed_on.desc())) if allowed(actor, Perm.CONSENTS) else ()
        end = r.discharge_date or today
    audit.record_read(actor, "view", "resident", r.id, resident_id=r.id)
    return ResidentCard(
        id=r.id, name=display_name(r.first_name, r.last_name, r.preferred_name),
        full_name=f"{r.first_name} {r.last_name}", pronouns=r.pronouns, room=r.room,
        status=r.status, date_of_birth=r.date_of_birth if actor.can_read_clinical else None,
        intake_date=r.intake_date,
        days_in_residence=(end - r.intake_date).days if r.intake_date else None,
        discharge_date=r.discharge_date, discharge_reason=r.discharge_reason,
        peer_specialist=staff.get(r.peer_specialist_id, "not assigned"),
        case_manager=staff.get(r.case_manager_id, "not assigned"),
        kiosk_code=r.kiosk_code or "", consents=consents,
        barc_total=r.summary_barc_total if actor.can_read_clinical else None,
    )


def last_seen_local(value: datetime | None) -> str:
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else "-"
