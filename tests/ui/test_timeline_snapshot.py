"""Visual regression of the timeline pane: kinds, follow-ups, voided, corrected, markup."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from helpers import make_app, sign_in, workers_done
from helpers import TimelineHost

from peer_tui.models.event_links import tag_event
from peer_tui.models.events import Event
from peer_tui.models.people import House, Resident
from peer_tui.services import auth


@pytest.fixture
def utc_clock(local_zone):
    """Local time is UTC, so the snapshot reads the same on every machine."""
    local_zone("UTC")


@pytest.fixture
def timeline_db(db, utc_clock):
    auth.create_staff("casey", "Casey Nguyen", "case_manager", "2468")
    staff = auth.sign_in("casey", "2468").actor.id
    house = House.create(name="Harbor House")
    rid = Resident.create(first_name="Rae", last_name="Doe", house=house).id
    base = datetime(2026, 3, 10, 18, 0)
    stamp = datetime(2026, 3, 10, 20, 0)
    for i in range(40):
        entry = Event.create(
            resident=rid, occurred_at=base - timedelta(hours=7 * i), recorded_at=stamp,
            kind=("contact", "checkin", "group")[i % 3], staff=staff if i % 3 != 1 else None,
            channel="phone" if i % 3 == 0 else "", duration_minutes=20,
            summary=f"Entry {i}: talked about the week",
            follow_up_on=date(2026, 3, 12) if i == 3 else None)
        tag_event(entry.id, ["motivator", "planner"], [])
    top = Event.create(resident=rid, occurred_at=base + timedelta(hours=1), recorded_at=stamp,
                       kind="contact", staff=staff, channel="in_person", duration_minutes=15,
                       summary="[/]Zed [@click=app.quit]x[/] [b]not bold",
                       note="[/]Zed [@click=app.quit]x[/]\nSecond line of the note.",
                       follow_up_on=date(2026, 3, 13))
    tag_event(top.id, ["ally_confidant"], [])
    Event.update(voided_at=stamp, voided_by=staff, void_reason="Wrong resident").where(
        Event.summary.startswith("Entry 1:")).execute()
    wrong = Event.select().where(Event.summary.startswith("Entry 0:")).get()
    Event.create(resident=rid, occurred_at=wrong.occurred_at, recorded_at=stamp,
                 kind="contact", staff=staff, summary="Entry 0, corrected", corrects=wrong)
    return rid, top.id


def test_timeline_pane(timeline_db, snap_compare):
    rid, _ = timeline_db

    async def open_timeline(pilot):
        await sign_in(pilot, "casey", "2468")
        await pilot.app.push_screen(TimelineHost(rid))
        await workers_done(pilot.app)
        await pilot.pause()
        await workers_done(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=open_timeline)
