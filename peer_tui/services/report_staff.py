"""Per staff member, for supervision: caseload size, contacts, hours, overdue follow-ups.

For the program's own eyes only: an export meant for outside the program leaves this
section out. Staff appear by name; residents never do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from peewee import fn

from peer_tui.models.events import Event
from peer_tui.models.people import Staff
from peer_tui.services.report_model import TOTAL, Figure, Section
from peer_tui.services.report_scope import Scope, Stay, counted_events
from peer_tui.timeutil import day_end_utc


@dataclass(frozen=True)
class StaffLine:
    staff_id: int
    username: str
    name: str
    caseload: int
    contacts: int
    minutes: int
    overdue: int


def caseloads(all_stays: list[Stay]) -> Counter:
    """Residents who lived in the house during the period, per staff member assigned to them
    now as peer specialist or case manager (one resident counts once per staff member)."""
    counts: Counter = Counter()
    for s in all_stays:
        for staff_id in {s.peer_specialist_id, s.case_manager_id} - {None}:
            counts[staff_id] += 1
    return counts


def contacts_and_minutes(scope: Scope) -> tuple[Counter, Counter]:
    """Per staff member who logged them: (one-to-one contacts in the period, minutes of
    peer support: their contacts' lengths plus each group session they led, once)."""
    contacts, minutes = Counter(), Counter()
    # Summed here rather than GROUP BY staff in SQL: grouping makes SQLite walk the staff
    # index over the whole event table instead of the month's rows.
    for staff_id, length in counted_events(scope, ("contact",), Event.staff,
                                           Event.duration_minutes).tuples():
        contacts[staff_id] += 1
        minutes[staff_id] += length or 0
    sessions: dict[int, tuple[int, int]] = {}
    for staff_id, session, length in counted_events(
            scope, ("group",), Event.staff, Event.group_session, Event.duration_minutes).tuples():
        if session is not None:
            _, longest = sessions.get(session, (staff_id, 0))
            sessions[session] = (staff_id, max(longest, length or 0))
    for staff_id, length in sessions.values():
        minutes[staff_id] += length
    return contacts, minutes


def overdue_follow_ups(scope: Scope) -> Counter:
    """Per staff member who set them: follow-ups due on or before the period's last day (up
    to today) and not done by the end of that day, on entries that count."""
    last = scope.last_day
    fix = Event.alias()
    query = (Event.select(Event.staff)
             .where(Event.follow_up_on.is_null(False), Event.follow_up_on <= last,
                    Event.voided_at.is_null(),
                    ~fn.EXISTS(fix.select(fix.id).where(fix.corrects == Event.id)),
                    Event.follow_up_done_at.is_null()
                    | (Event.follow_up_done_at >= _utc_after(last))))
    query = scope.filtered(query, Event.resident, Event.occurred_at)
    return Counter(staff_id for (staff_id,) in query.tuples())


def staff_lines(scope: Scope, all_stays: list[Stay]) -> list[StaffLine]:
    """One line per staff member with a caseload, a contact, hours or an overdue item in the
    scope, or who is an active peer specialist or case manager; by name."""
    load = caseloads(all_stays)
    contacts, minutes = contacts_and_minutes(scope)
    overdue = overdue_follow_ups(scope)
    busy = set(load) | set(contacts) | set(minutes) | set(overdue)
    people = Staff.select(Staff.id, Staff.username, Staff.display_name).where(
        Staff.id.in_(list(busy)) | ((Staff.active == True)  # noqa: E712
                                    & Staff.role.in_(("peer_specialist", "case_manager"))))
    return sorted((StaffLine(sid, user, name, load[sid], contacts[sid], minutes[sid],
                             overdue[sid]) for sid, user, name in people.tuples()),
                  key=lambda line: (line.name.casefold(), line.username))


def staff_section(scope: Scope, all_stays: list[Stay]) -> Section:
    figures = []
    for line in staff_lines(scope, all_stays):
        key = line.username
        figures += [
            Figure("staff_caseload", f"{line.name}: caseload", line.caseload, breakdown=key),
            Figure("staff_contacts", f"{line.name}: contacts", line.contacts, "contacts",
                   breakdown=key),
            Figure("staff_hours", f"{line.name}: hours", round(line.minutes / 60, 1),
                   "hours", breakdown=key, kind=TOTAL),
            Figure("staff_overdue", f"{line.name}: overdue follow-ups", line.overdue,
                   "follow-ups", breakdown=key),
        ]
    return Section("staff", "Per staff member (supervision)", tuple(figures),
                   note="Caseload: residents in the house during the period assigned to "
                        "them now. Overdue: follow-ups they set, due by the period's "
                        "last day and not done by its end.")


def _utc_after(day):
    return day_end_utc(day)
