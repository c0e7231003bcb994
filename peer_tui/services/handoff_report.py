"""Shift hand-off: what happened since you last signed in, in one glance.

Read from the timeline by the time entries were recorded (indexed), so the cost depends on
how much happened during the shift, not on the size of the database. Each section is capped;
its count says how many there were in all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import JOIN

from peer_tui.models.base import utcnow
from peer_tui.models.events import CheckIn, Event
from peer_tui.models.people import Resident, Staff
from peer_tui.services.auth import Actor, require
from peer_tui.services.timeline import follow_ups_due
from peer_tui.timeutil import fmt_date, fmt_datetime, local_today

SECTION_LIMIT = 50


@dataclass(frozen=True)
class Section:
    title: str
    count: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Handoff:
    since: datetime
    sections: tuple[Section, ...]


def _section(title: str, query, actor_id: int | None = None) -> Section:
    count = query.count()
    lines = []
    for when, first, last, preferred, summary, staff, said in query.order_by(
            Event.recorded_at.desc(), Event.id.desc()).limit(SECTION_LIMIT).tuples():
        who = f"{preferred or first} {last}"
        by = f" ({staff})" if staff else ""
        # A check-in's free text in full: the summary line may have cut it short.
        lines.append(f"{fmt_datetime(when)}  {who}: {summary}{by}"
                     + (f'\n    In their words: "{said}"' if said else ""))
    return Section(title, count, tuple(lines))


def since(actor: Actor, since_at: datetime | None = None) -> Handoff:
    """The hand-off for ACTOR: since their previous sign-in (or the last 24 hours)."""
    require(actor, clinical=True)
    start = since_at or actor.previous_sign_in_at or utcnow() - timedelta(hours=24)

    def entries(*kinds: str):
        return (Event.select(Event.recorded_at, Resident.first_name, Resident.last_name,
                             Resident.preferred_name, Event.summary, Staff.display_name,
                             CheckIn.free_text)
                .join(Resident, on=(Event.resident == Resident.id))
                .switch(Event).join(Staff, JOIN.LEFT_OUTER, on=(Event.staff == Staff.id))
                .switch(Event).join(CheckIn, JOIN.LEFT_OUTER, on=(Event.checkin == CheckIn.id))
                .where(Event.recorded_at >= start, Event.kind.in_(kinds),
                       Event.voided_at.is_null()))

    others = entries("contact", "group").where((Event.staff != actor.id)
                                               | Event.staff.is_null())
    due = follow_ups_due(actor, local_today(), limit=SECTION_LIMIT)
    sections = (
        _section("Concerns raised", entries("concern_raised")),
        _section("Concerns resolved", entries("concern_resolved")),
        _section("Kiosk check-ins", entries("checkin")),
        _section("Contacts and groups logged by others", others),
        _section("Admissions, discharges and other status changes", entries("status_change")),
        Section("Follow-ups now due", len(due), tuple(
            f"{fmt_date(f.due_on)}  {f.resident_name}: {f.summary}"
            + (f" ({f.staff_name})" if f.staff_name else "") for f in due)),
    )
    return Handoff(start, sections)
