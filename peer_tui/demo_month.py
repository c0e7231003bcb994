"""Last month in the demo house, as a program report counts it: stays that ended (one
admitted and discharged in the same month), concerns raised, acknowledged and resolved,
meetings residents reported at their check-ins, and follow-up interviews done.

The main demo (demo.populate) draws its history from one seeded random sequence; what is
added here has a sequence of its own, so the rest of the demo stays as it was.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from peer_tui.models.checkin_results import MeetingAttendance
from peer_tui.models.event_links import EventRole
from peer_tui.models.events import SEVERITY_RANK, CheckIn, Concern, Event
from peer_tui.models.people import House, Resident, Staff
from peer_tui.models.plans import PlanSupport, RecoveryPlan
from peer_tui.services import interviews, records
from peer_tui.services.permissions import Actor
from peer_tui.settings import FollowUpPoint
from peer_tui.timeutil import local_to_utc

#: People whose stay ended last month: (first, last, pronouns, days of the stay before the
#: month began (negative: admitted during it), day of the month discharged, how it ended,
#: the discharge note, alumni now).
ENDED_STAYS = [
    ("Dana", "Whitfield", "she/her", 150, 11, "completed",
     "Completed the program; moving in with her sister", True),
    ("Omar", "Haddad", "he/him", 58, 19, "asked_to_leave",
     "Asked to leave after a second violent incident", False),
    ("Kai", "Moana", "they/them", -3, 16, "left", "Left after two weeks; said it was too soon",
     False),
]

#: Concerns of last month on residents of the main demo (by index): severity, what, the
#: day raised, minutes to acknowledge, days to resolve (all resolved by now; the last one
#: was still open when the month ended).
MONTH_CONCERNS = [
    (25, "urgent", "Kiosk check-in: said they feel unsafe right now", 6, 25, 1),
    (28, "medium", "Behind on the weekly house fee", 13, 240, 4),
    (30, "high", "Relapse reported by a roommate", 27, 90, 6),
]

CLINICAL_MEETING = "Outpatient group"


def last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return local_to_utc(datetime.combine(day, time(hour, minute)))


def add_last_month(residents: list[Resident], staff: dict[str, Staff], house: House,
                   today: date, role_keys: list[str], points: list[FollowUpPoint]) -> None:
    """Add last month's stays, concerns, meetings and interviews. Discharges and interviews
    go through the services, as the case manager would record them."""
    rng = random.Random(11)
    start, end = last_month(today)
    casey = _actor(staff["casey"])
    ended = [_ended_stay(rng, spec, start, house, staff, role_keys, casey)
             for spec in ENDED_STAYS]
    for spec in MONTH_CONCERNS:
        _concern(spec, residents, staff, start)
    _meetings(rng, start, end)
    _interviews(residents + ended, casey, start, end, points)


def _actor(row: Staff) -> Actor:
    return Actor(row.id, row.username, row.display_name, row.role)


def _ended_stay(rng: random.Random, spec, start: date, house: House, staff: dict[str, Staff],
                role_keys: list[str], casey: Actor) -> Resident:
    first, last, pronouns, before, day, kind, note, alumni = spec
    intake, discharge = start - timedelta(days=before), start + timedelta(days=day - 1)
    peer = staff["sam"]
    res = Resident.create(first_name=first, last_name=last, pronouns=pronouns,
                          date_of_birth=date(rng.randint(1970, 2000), rng.randint(1, 12),
                                             rng.randint(1, 28)),
                          house=house, status="active", intake_date=intake,
                          peer_specialist=peer, case_manager=staff["casey"])
    day = max(intake, start - timedelta(days=30))
    while day <= discharge:
        when = _at(day, rng.randint(9, 19), rng.choice([0, 30]))
        event = Event.create(resident=res, occurred_at=when, recorded_at=when, kind="contact",
                             staff=peer, channel=rng.choice(["in_person", "phone"]),
                             duration_minutes=rng.choice([15, 20, 30]),
                             summary="Check-in chat about the week")
        EventRole.create(event=event, role=rng.choice(role_keys))
        day += timedelta(days=rng.randint(2, 5))
    records.discharge(casey, res.id, discharge, note, alumni=alumni, kind=kind)
    return Resident.get_by_id(res.id)


def _concern(spec, residents: list[Resident], staff: dict[str, Staff], start: date) -> None:
    index, severity, summary, day, ack_minutes, resolve_days = spec
    res = residents[index]
    from_kiosk = severity == "urgent"
    raised = _at(start + timedelta(days=day - 1), 21 if from_kiosk else 10)
    resolved = raised + timedelta(days=resolve_days)
    concern = Concern.create(
        resident=res, raised_at=raised, raised_by=None if from_kiosk else res.peer_specialist,
        source="kiosk" if from_kiosk else "staff", severity=severity,
        severity_rank=SEVERITY_RANK[severity], summary=summary, status="resolved",
        assignee=staff["casey"], assigned_at=raised,
        acknowledged_at=raised + timedelta(minutes=ack_minutes),
        acknowledged_by=staff["casey"], resolved_at=resolved, resolved_by=staff["casey"],
        resolution="Talked it through; a plan is in place.")
    Event.create(resident=res, occurred_at=raised, recorded_at=raised, kind="concern_raised",
                 staff=concern.raised_by, summary=f"Concern ({severity}): {summary}",
                 concern=concern)
    Event.create(resident=res, occurred_at=resolved, recorded_at=resolved,
                 kind="concern_resolved", staff=staff["casey"],
                 summary=f"Concern resolved: {concern.resolution}", concern=concern)


def _meetings(rng: random.Random, start: date, end: date) -> None:
    """About a third of last month's kiosk check-ins report a meeting since the last one:
    mostly the mutual-aid group on the resident's plan, sometimes a clinical group."""
    checkins = (CheckIn.select(CheckIn.id, CheckIn.resident, CheckIn.submitted_at)
                .where(CheckIn.submitted_at >= _at(start, 0),
                       CheckIn.submitted_at < _at(end + timedelta(days=1), 0))
                .order_by(CheckIn.id))
    for checkin in checkins:
        if rng.random() >= 0.35:
            continue
        plan_group = _plan_group(checkin.resident_id)
        clinical = plan_group is None or rng.random() < 0.2
        MeetingAttendance.create(resident=checkin.resident_id, checkin=checkin.id,
                                 reported_at=checkin.submitted_at,
                                 name=CLINICAL_MEETING if clinical else plan_group,
                                 pathway="clinical" if clinical else "non_clinical")


def _plan_group(resident_id: int) -> str | None:
    return (PlanSupport.select(PlanSupport.name).join(RecoveryPlan)
            .where(RecoveryPlan.resident == resident_id, PlanSupport.kind == "resource")
            .scalar())


def _interviews(residents: list[Resident], casey: Actor, start: date, end: date,
                points: list[FollowUpPoint]) -> None:
    """The intake interview of most of those admitted last month (the first a few days late),
    and the discharge interview of the stay that was completed."""
    admitted = sorted((r for r in residents if r.intake_date and start <= r.intake_date <= end),
                      key=lambda r: (r.intake_date, r.id))
    for n, res in enumerate(admitted[:-1]):  # the last one was missed
        done = min(res.intake_date + timedelta(days=10 if n == 0 else 2), end)
        interviews.record_interview(casey, res.id, "intake", done, points)
    for res in residents:
        if res.discharge_kind == "completed" and res.discharge_date and \
                start <= res.discharge_date <= end:
            interviews.record_interview(casey, res.id, "discharge", res.discharge_date, points)
