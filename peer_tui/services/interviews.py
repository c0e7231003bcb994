"""Follow-up interviews funders require at fixed points of a stay: where each one stands for a
resident, and recording one as done (one transaction: the row, a timeline entry, an audit row).

The points and their windows are settings (``followup_points``): a point is DAYS after the
intake (or the discharge) date, done in time from BEFORE days before that day to AFTER days
after it. The program report counts them (``report_interviews``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peer_tui.models.db import database
from peer_tui.models.events import Event
from peer_tui.models.interviews import FollowUpInterview
from peer_tui.models.people import Resident
from peer_tui.services import audit
from peer_tui.services.auth import Actor
from peer_tui.services.errors import InvalidInput, existing
from peer_tui.services.house_scope import require_resident
from peer_tui.services.permissions import Perm, require_perm
from peer_tui.timeutil import fmt_date, local_to_utc, local_today


@dataclass(frozen=True)
class Window:
    target: date
    start: date
    end: date


def window(point, intake: date | None, discharge: date | None) -> Window | None:
    """When POINT falls due for a stay from INTAKE to DISCHARGE (None: not due, e.g. the
    discharge interview of a resident still in the house)."""
    anchor = intake if point.anchor == "intake" else discharge
    if anchor is None:
        return None
    target = anchor + timedelta(days=point.days)
    return Window(target, target - timedelta(days=point.before),
                  target + timedelta(days=point.after))


@dataclass(frozen=True)
class PointStatus:
    key: str
    label: str
    window: Window | None
    done_on: date | None  # the interview recorded for this point in or after its window


def counted_interviews(resident_ids=None, point: str | None = None):
    """Interviews that count: their timeline entry is not voided."""
    query = (FollowUpInterview.select(FollowUpInterview.resident, FollowUpInterview.point,
                                      FollowUpInterview.done_on)
             .join(Event, on=(FollowUpInterview.event == Event.id))
             .where(Event.voided_at.is_null()))
    if resident_ids is not None:
        query = query.where(FollowUpInterview.resident.in_(resident_ids))
    if point is not None:
        query = query.where(FollowUpInterview.point == point)
    return query


def _resident(resident_id: int, actor: Actor) -> Resident:
    row = existing(Resident, resident_id, "That resident no longer exists.")
    require_resident(actor, resident_id)  # another house's resident: not found
    return row


def where_they_stand(actor: Actor, resident_id: int, points) -> list[PointStatus]:
    """Each of POINTS for RESIDENT_ID: its window in this stay and the day it was done."""
    require_perm(actor, Perm.READ_CLINICAL, "see follow-up interviews")
    r = _resident(resident_id, actor)
    done: dict[str, list[date]] = {}
    for _, key, on in counted_interviews([resident_id]).tuples():
        done.setdefault(key, []).append(_day(on))
    out = []
    for p in points:
        w = window(p, r.intake_date, r.discharge_date)
        after = sorted(d for d in done.get(p.key, []) if w is None or d >= w.start)
        out.append(PointStatus(p.key, p.label, w, after[0] if after else None))
    return out


def record_interview(actor: Actor, resident_id: int, point_key: str, done_on: date | None,
                     points) -> int:
    """Record that the interview for POINT_KEY (one of POINTS) was done on DONE_ON."""
    require_perm(actor, Perm.WRITE_NOTES, "record a follow-up interview")
    point = next((p for p in points if p.key == point_key), None)
    if point is None:
        raise InvalidInput({"point": "Choose one of the follow-up points."})
    if done_on is None:
        raise InvalidInput({"on": "Give the day the interview was done."})
    if done_on > local_today():
        raise InvalidInput({"on": "An interview is recorded once it is done: not a day "
                                  "ahead."})
    with database.atomic():
        r = _resident(resident_id, actor)
        if r.intake_date is None:
            raise InvalidInput({"point": "This resident has no intake date yet."})
        if done_on < r.intake_date:
            raise InvalidInput({"on": f"Before the intake date ({fmt_date(r.intake_date)})."})
        if point.anchor == "discharge" and r.discharge_date is None:
            raise InvalidInput({"point": "This resident has not been discharged."})
        event = Event.create(
            resident=resident_id, occurred_at=local_to_utc(datetime.combine(done_on,
                                                                            time(12, 0))),
            kind="note", staff=actor.id,
            summary=f"Follow-up interview done: {point.label} ({fmt_date(done_on)})"[:300])
        row = FollowUpInterview.create(resident=resident_id, point=point.key, done_on=done_on,
                                       staff=actor.id, event=event.id)
        audit.record(actor, "interview_record", "follow_up_interview", row.id,
                     resident_id=resident_id, detail=point.key)
    return row.id


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
