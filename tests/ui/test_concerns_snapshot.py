"""Visual regression of the concerns queue (urgent first, acknowledged or not)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from helpers import make_app, sign_in, workers_done

from peer_tui.models.base import utcnow
from peer_tui.models.events import SEVERITY_RANK, Concern
from peer_tui.models.people import House, Resident
from peer_tui.services import auth
from peer_tui.timeutil import local_to_utc, local_today


def test_concerns_queue(db, snap_compare):
    auth.create_staff("casey", "Casey Nguyen", "case_manager", "2468")
    casey = auth.sign_in("casey", "2468").actor.id
    house = House.create(name="Harbor House")
    specs = [("Rae", "low", "Needs a ride to the dentist", 9),
             ("[b]Sam[/b]", "urgent", "Kiosk: said they feel unsafe right now", 1),
             ("Lee", "high", "Talked about using after court news", 4),
             ("Ana", "medium", "[/]Missed two house meetings [@click=app.quit]", 12),
             ("Bo", "urgent", "Found pills in the shared bathroom", 2)]
    now = utcnow()
    # Raised at noon, AGE days back: the age in days is the same whatever the time of the run
    # (an hour before now would be one more calendar day in the hour after midnight).
    noon = datetime.combine(local_today(), time(12))
    for first, severity, summary, age in specs:
        rid = Resident.create(first_name=first, last_name="Doe", house=house).id
        Concern.create(resident=rid, raised_at=local_to_utc(noon - timedelta(days=age)),
                       severity=severity, severity_rank=SEVERITY_RANK[severity],
                       summary=summary, assignee=casey if age % 2 else None,
                       acknowledged_at=now if age == 2 else None,
                       acknowledged_by=casey if age == 2 else None)

    async def open_queue(pilot):
        await sign_in(pilot, "casey", "2468")
        await pilot.press("u")
        await workers_done(pilot.app)
        await pilot.pause()
        await workers_done(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=open_queue)
