"""Shift hand-off: what happened during the window, in one glance, nothing left out.

The window starts by default at the earlier of the staff member's previous sign-out and the
start of the shift they signed in during (``peer_tui.shift``); locking and unlocking do not
move it. Entries are read by the time they were recorded (indexed), so the cost depends on
how much happened, not on the size of the database. Every timeline entry recorded in the
window lands in exactly one section (the last one takes every kind the others do not name);
each section is capped, and its count says how many there were in all. The residents who
need attention now come from the same rule as the caseload markers and its `n` view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from peewee import JOIN

from peer_tui.models.base import utcnow
from peer_tui.models.events import CheckIn, Event
from peer_tui.models.people import Resident, Staff
from peer_tui.services import attention, referrals
from peer_tui.services.auth import previous_sign_out
from peer_tui.services.caseload_query import display_name
from peer_tui.services.permissions import Actor, Perm, require_perm
from peer_tui.services.timeline import follow_ups_due
from peer_tui.shift import default_window
from peer_tui.timeutil import fmt_date, fmt_datetime, local_to_utc, local_today, to_local
from peer_tui.services.house_scope import in_scope

SECTION_LIMIT = 50
# (title, kinds); the last section takes every kind not named before it.
EVENT_SECTIONS = (
    ("Concerns raised", ("concern_raised",)),
    ("Concerns resolved", ("concern_resolved",)),
    ("Kiosk check-ins", ("checkin",)),
    ("Contacts and groups", ("contact", "group")),
    ("Admissions, discharges and other status changes", ("status_change",)),
)
OTHER_ENTRIES = "Plans, goals, referrals and other entries"


@dataclass(frozen=True)
class Section:
    title: str
    count: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Handoff:
    since: datetime  # naive UTC, as stored
    why: str  # "your last sign-out", "the start of this shift", "you chose it"
    sections: tuple[Section, ...]


def default_start(actor: Actor, starts: list[time]) -> tuple[datetime, str]:
    """The window's default start (naive UTC) and why it starts there."""
    require_perm(actor, Perm.READ_CLINICAL, "open the shift hand-off")
    signed_in = to_local(actor.signed_in_at or utcnow())
    out = previous_sign_out(actor)
    window = default_window(signed_in, to_local(out) if out else None, starts)
    return local_to_utc(window.start), window.why


def since(actor: Actor, since_at: datetime | None = None,
          thresholds: attention.Thresholds | None = None, *,
          starts: list[time] | None = None) -> Handoff:
    """The hand-off for ACTOR from SINCE_AT (naive UTC; None: the default start)."""
    require_perm(actor, Perm.READ_CLINICAL, "open the shift hand-off")
    if since_at is None:
        start, why = default_start(actor, starts if starts is not None else [])
    else:
        start, why = since_at, "you chose it"

    def entries(*kinds: str, others: bool = False):
        query = (Event.select(Event.recorded_at, Resident.first_name, Resident.last_name,
                              Resident.preferred_name, Event.summary, Staff.display_name,
                              Event.staff, CheckIn.free_text)
                 .join(Resident, on=(Event.resident == Resident.id))
                 .switch(Event).join(Staff, JOIN.LEFT_OUTER, on=(Event.staff == Staff.id))
                 .switch(Event).join(CheckIn, JOIN.LEFT_OUTER,
                                     on=(Event.checkin == CheckIn.id))
                 .where(Event.recorded_at >= start, Event.voided_at.is_null(),
                        in_scope(actor)))
        return query.where(Event.kind.not_in(kinds) if others else Event.kind.in_(kinds))

    named = [kind for _, kinds in EVENT_SECTIONS for kind in kinds]
    sections = [_section(title, entries(*kinds), actor) for title, kinds in EVENT_SECTIONS]
    sections.append(_section(OTHER_ENTRIES, entries(*named, others=True), actor))
    due = follow_ups_due(actor, local_today(), limit=SECTION_LIMIT)
    sections.append(Section("Follow-ups now due", len(due), tuple(
        f"{fmt_date(f.due_on)}  {f.resident_name}: {f.summary}"
        + (f" ({f.staff_name})" if f.staff_name else "") for f in due)))
    checks = referrals.checks_due(actor, local_today(), limit=SECTION_LIMIT)
    sections.append(Section("Referral checks now due", len(checks), tuple(
        f"{fmt_date(v.next_check_on)}  {v.resident_name}: referral to {v.to}, "
        f"{v.stage_label}" for v in checks)))
    sections.append(_attention(thresholds or attention.Thresholds(), actor))
    return Handoff(start, why, tuple(sections))


def _section(title: str, query, actor: Actor) -> Section:
    count = query.count()
    lines = []
    for when, first, last, preferred, summary, staff, staff_id, said in query.order_by(
            Event.recorded_at.desc(), Event.id.desc()).limit(SECTION_LIMIT).tuples():
        by = " (you)" if staff_id == actor.id else (f" ({staff})" if staff else "")
        # A check-in's free text in full: the summary line may have cut it short.
        lines.append(f"{fmt_datetime(when)}  {display_name(first, last, preferred)}: "
                     f"{summary}{by}" + (f'\n    In their words: "{said}"' if said else ""))
    return Section(title, count, tuple(lines))


def _attention(t: attention.Thresholds, actor: Actor) -> Section:
    """Who needs attention now, by the caseload's own rule (attention.py)."""
    today, now = local_today(), utcnow()
    query = Resident.select(Resident, *attention.extra_columns(today)).where(
        attention.condition(t, today, now, True), in_scope(actor))
    count = query.count()
    lines = []
    for r in query.order_by(Resident.last_name, Resident.first_name, Resident.id) \
            .limit(SECTION_LIMIT):
        reasons = attention.signals(r, t, today, now, True).reasons
        lines.append(f"{display_name(r.first_name, r.last_name, r.preferred_name)}"
                     f"{f' ({r.room})' if r.room else ''}: {'; '.join(reasons)}")
    return Section("Needs attention now", count, tuple(lines))


__all__ = ["Handoff", "Section", "default_start", "since", "SECTION_LIMIT"]
