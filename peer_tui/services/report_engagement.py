"""Engagement: contacts by channel and by peer role, hours of peer support, residents who went
a week without contact, group sessions and attendance, kiosk check-ins (and who checks in
every week), mutual-aid meetings reported by pathway.

Only entries that count are counted (``report_scope.counted_events``: not voided, not
corrected; a correction counts in place of what it corrects, on its own date).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from peewee import fn

from peer_tui.models.checkin_results import MeetingAttendance
from peer_tui.models.event_schemas import CHANNEL_LABELS, competencies
from peer_tui.models.event_links import EventRole
from peer_tui.models.events import CheckIn, Event
from peer_tui.services.attendance import PATHWAY_ORDER, PATHWAY_WORDS
from peer_tui.services.report_model import COUNT, SHARE, TOTAL, Figure, Section
from peer_tui.services.report_scope import Scope, Stay, counted_events, local_day
from peer_tui.timeutil import day_start_utc

CONTACT_KINDS = ("contact", "group")  # what resets "days since last contact" (the caseload's)
UNTAGGED = "none"


def contacts_by_channel(scope: Scope) -> dict[str, int]:
    """Contacts logged (one-to-one contacts, not groups) in the period, by channel."""
    counts = {key: 0 for key in CHANNEL_LABELS}
    for channel, n in (counted_events(scope, ("contact",), Event.channel, fn.COUNT(Event.id))
                       .group_by(Event.channel).tuples()):
        counts[channel] = counts.get(channel, 0) + n
    return counts


def contacts_by_role(scope: Scope) -> dict[str, int]:
    """Contacts in the period by the peer-support role (of the 16) they were tagged with: a
    contact tagged with three roles counts once under each; untagged contacts under 'none'."""
    counts = {key: 0 for key, _ in competencies()}
    contacts = counted_events(scope, ("contact",), Event.id)
    for role, n in (EventRole.select(EventRole.role, fn.COUNT(EventRole.id))
                    .where(EventRole.event.in_(contacts)).group_by(EventRole.role).tuples()):
        counts[role] = counts.get(role, 0) + n
    counts[UNTAGGED] = counted_events(scope, ("contact",), Event.id).where(
        ~fn.EXISTS(EventRole.select(EventRole.id).where(EventRole.event == Event.id))).count()
    return counts


def peer_support_minutes(scope: Scope) -> tuple[int, int]:
    """Minutes of peer support in the period: (one-to-one contacts, summed over contacts;
    group sessions, each session once at its length, not once per attendee). Entries saved
    without a length add nothing."""
    contact = counted_events(scope, ("contact",), fn.SUM(Event.duration_minutes)).scalar()
    per_session: dict[int, int] = {}
    for session, minutes in counted_events(
            scope, ("group",), Event.group_session, Event.duration_minutes).tuples():
        if session is not None:
            per_session[session] = max(per_session.get(session, 0), minutes or 0)
    return int(contact or 0), sum(per_session.values())


def group_attendance(scope: Scope) -> tuple[int, int, int]:
    """(group sessions held in the period with at least one resident of the scope attending,
    attendances: one per resident per session, distinct residents who attended)."""
    sessions, attendances, people = set(), 0, set()
    for session, resident in counted_events(scope, ("group",), Event.group_session,
                                            Event.resident).tuples():
        sessions.add(session)
        attendances += 1
        people.add(resident)
    return len(sessions - {None}), attendances, len(people)


def residents_without_contact(scope: Scope, all_stays: list[Stay]) -> int:
    """Residents who, on some day of the period while living in the house (up to today),
    had gone ``contact_alert_days`` (7) days or more since their last contact or group: the
    caseload's "overdue". A resident never contacted counts from their intake date."""
    windows = {s.resident_id: (s.window(scope), s.intake) for s in all_stays}
    windows = {rid: w for rid, w in windows.items() if w[0] is not None}
    if not windows:
        return 0
    ids = list(windows)
    # Only the last LIMIT days before the period can matter: a resident whose last contact
    # is older than that is overdue on the period's first day whatever its date was.
    limit = timedelta(days=scope.contact_alert_days)
    lookback = scope.period.start - limit
    long_ago = lookback - timedelta(days=1)
    last_before: dict[int, date] = {}
    for rid, at in (counted_events(scope, CONTACT_KINDS, Event.resident, Event.occurred_at,
                                   before=True, anywhere=True)
                    .where(Event.resident.in_(ids),
                           Event.occurred_at >= day_start_utc(lookback)).tuples()):
        last_before[rid] = max(last_before.get(rid, long_ago), local_day(at))
    during: dict[int, list[date]] = defaultdict(list)
    for rid, at in (counted_events(scope, CONTACT_KINDS, Event.resident, Event.occurred_at,
                                   anywhere=True)
                    .where(Event.resident.in_(ids)).tuples()):
        during[rid].append(local_day(at))
    flagged = 0
    for rid, ((first, last), intake) in windows.items():
        anchor = max(last_before.get(rid, long_ago), intake)
        # Overdue days run from anchor + limit up to the day before the next contact.
        for day in sorted(during.get(rid, [])) + [last + timedelta(days=1)]:
            if max(anchor + limit, first) <= min(day - timedelta(days=1), last):
                flagged += 1
                break
            anchor = max(anchor, day)
    return flagged


def kiosk_checkins(scope: Scope) -> tuple[int, int]:
    """(kiosk check-ins submitted in the period, distinct residents who submitted one)."""
    query = CheckIn.select(fn.COUNT(CheckIn.id), fn.COUNT(CheckIn.resident.distinct())).where(
        CheckIn.source == "kiosk", CheckIn.submitted_at >= scope.period.utc_start,
        CheckIn.submitted_at < scope.period.utc_end)
    query = scope.filtered(query, CheckIn.resident, CheckIn.submitted_at)
    total, people = query.tuples().get()
    return total, people


def weekly_checkers(scope: Scope, all_stays: list[Stay]) -> tuple[int, int]:
    """(residents with a kiosk check-in in every Monday-to-Sunday week of the period that
    they lived in the house all seven days, residents with at least one such week). A
    resident with no whole week in the period is in neither number."""
    weeks: dict[int, list[date]] = {}
    for s in all_stays:
        window = s.window(scope)
        if window is None:
            continue
        monday = window[0] + timedelta(days=(7 - window[0].weekday()) % 7)
        full = []
        while monday + timedelta(days=6) <= window[1]:
            full.append(monday)
            monday += timedelta(days=7)
        if full:
            weeks[s.resident_id] = full
    if not weeks:
        return 0, 0
    seen: dict[int, set[date]] = defaultdict(set)
    for rid, at in (CheckIn.select(CheckIn.resident, CheckIn.submitted_at).where(
            CheckIn.source == "kiosk", CheckIn.submitted_at >= scope.period.utc_start,
            CheckIn.submitted_at < scope.period.utc_end,
            CheckIn.resident.in_(list(weeks))).tuples()):
        day = local_day(at)
        seen[rid].add(day - timedelta(days=day.weekday()))
    every = sum(1 for rid, mondays in weeks.items() if set(mondays) <= seen[rid])
    return every, len(weeks)


def meetings_by_pathway(scope: Scope) -> dict[str, int]:
    """Meetings and groups residents reported attending at kiosk check-ins in the period, by
    recovery pathway ('' for one with no pathway). One per meeting ticked."""
    query = (MeetingAttendance
             .select(MeetingAttendance.pathway, fn.COUNT(MeetingAttendance.id))
             .where(MeetingAttendance.reported_at >= scope.period.utc_start,
                    MeetingAttendance.reported_at < scope.period.utc_end)
             .group_by(MeetingAttendance.pathway))
    query = scope.filtered(query, MeetingAttendance.resident, MeetingAttendance.reported_at)
    found = dict(query.tuples())
    return {key: found.get(key, 0) for key in PATHWAY_ORDER} | found


def engagement_section(scope: Scope, all_stays: list[Stay]) -> Section:
    channels = contacts_by_channel(scope)
    figures = [Figure("contacts", "Contacts (one-to-one)", sum(channels.values()), "contacts")]
    figures += [Figure("contacts_by_channel",
                       f"Contacts by channel: {CHANNEL_LABELS.get(k, k)}", n, "contacts",
                       breakdown=k) for k, n in channels.items()]
    names = dict(competencies())
    figures += [Figure("contacts_by_role",
                       f"Contacts by role: {names.get(k, 'no role given')}", n, "contacts",
                       breakdown=k) for k, n in contacts_by_role(scope).items()]
    contact_min, group_min = peer_support_minutes(scope)
    figures += [
        Figure("peer_support_hours", "Hours of peer support", _hours(contact_min + group_min),
               "hours", kind=TOTAL),
        Figure("peer_support_hours_by_kind", "Hours by kind: one-to-one contacts",
               _hours(contact_min), "hours", breakdown="contact", kind=TOTAL),
        Figure("peer_support_hours_by_kind", "Hours by kind: group sessions",
               _hours(group_min), "hours", breakdown="group", kind=TOTAL),
    ]
    in_residence = sum(1 for s in all_stays if s.window(scope) is not None)
    figures.append(Figure(
        "no_contact_7_days", f"Residents with no contact for {scope.contact_alert_days}+ "
        "days at some point", residents_without_contact(scope, all_stays)))
    sessions, attendances, attendees = group_attendance(scope)
    figures += [Figure("group_sessions", "Group sessions", sessions, "sessions"),
                Figure("group_attendances", "Group attendances", attendances, "attendances"),
                Figure("group_attendees", "Residents who attended a group", attendees)]
    checkins, checkers = kiosk_checkins(scope)
    every, eligible = weekly_checkers(scope, all_stays)
    figures += [
        Figure("kiosk_checkins", "Kiosk check-ins", checkins, "check-ins"),
        Figure("kiosk_checkin_residents", "Residents who checked in at the kiosk", checkers),
        Figure("weekly_checkin_share", "Share checking in every whole week in the house",
               round(every / eligible, 3) if eligible else None, "share", kind=SHARE,
               n=eligible),
    ]
    meetings = meetings_by_pathway(scope)
    figures.append(Figure("meetings", "Mutual-aid and other meetings reported",
                          sum(meetings.values()), "meetings"))
    figures += [Figure("meetings_by_pathway",
                       f"Meetings by pathway: {PATHWAY_WORDS.get(k, k)}", n, "meetings",
                       breakdown=k or "other") for k, n in meetings.items()]
    return Section("engagement", "Engagement", tuple(figures),
                   note=f"{in_residence} residents lived in the house during the period. "
                        "Voided entries are left out; a corrected entry counts once, as "
                        "corrected.")


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


__all__ = ["contacts_by_channel", "contacts_by_role", "peer_support_minutes",
           "group_attendance", "residents_without_contact", "kiosk_checkins",
           "weekly_checkers", "meetings_by_pathway", "engagement_section", "COUNT"]
