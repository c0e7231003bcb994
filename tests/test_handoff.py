"""Shift hand-off: what happened since the previous sign-in, by section."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import make_app, sign_in

from peer_tui.models.base import utcnow
from peer_tui.models.events import Event
from peer_tui.models.people import House, Resident
from peer_tui.services import auth, handoff_report
from peer_tui.services.errors import PermissionDenied


def test_sections_cover_the_shift_and_nothing_before(admin):
    pat = auth.create_staff("pat", "Pat O", "peer_specialist", "2468")
    rid = Resident.create(first_name="[b]Ana", last_name="Silva", house=House.create(name="H")).id
    start = utcnow() - timedelta(hours=8)
    old = start - timedelta(hours=1)
    for kind, staff, when in [("contact", pat.id, utcnow()), ("contact", admin.id, utcnow()),
                              ("checkin", None, utcnow()), ("concern_raised", pat.id, utcnow()),
                              ("status_change", admin.id, utcnow()), ("contact", pat.id, old)]:
        Event.create(resident=rid, occurred_at=when, recorded_at=when, kind=kind, staff=staff,
                     summary=f"{kind} entry")
    Event.create(resident=rid, occurred_at=utcnow(), kind="contact", staff=pat.id,
                 summary="voided", voided_at=utcnow())
    report = handoff_report.since(admin, start)
    counts = {s.title: s.count for s in report.sections}
    assert counts == {
        "Concerns raised": 1, "Concerns resolved": 0, "Kiosk check-ins": 1,
        "Contacts and groups logged by others": 1,  # pat's, not mine, not the old or voided
        "Admissions, discharges and other status changes": 1, "Follow-ups now due": 0}
    others = next(s for s in report.sections if s.title.startswith("Contacts"))
    assert "[b]Ana Silva: contact entry (Pat O)" in others.lines[0]


def test_front_desk_has_no_hand_off(db):
    auth.create_staff("frank", "Frankie", "front_desk", "2468")
    frank = auth.sign_in("frank", "2468").actor
    with pytest.raises(PermissionDenied):
        handoff_report.since(frank)


async def test_hand_off_screen_from_the_caseload(demo_db):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "casey")
        await app.workers.wait_for_complete()
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = str(app.screen.query_one("#handoff-body").render())
        assert "Kiosk check-ins" in body and "Follow-ups now due" in body
