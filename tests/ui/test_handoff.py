"""Shift hand-off: what happened since the previous sign-in, by section."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import sign_in, signed_in, workers_done

from peer_tui.models.base import utcnow
from peer_tui.models.events import Event
from peer_tui.models.people import House, Resident
from peer_tui.services import auth, handoff_report
from peer_tui.services.errors import PermissionDenied


@pytest.mark.both_backends
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
    for kind in ("plan_change", "referral", "goal_update", "note"):
        Event.create(resident=rid, occurred_at=utcnow(), kind=kind, staff=pat.id,
                     summary=f"{kind} entry")
    report = handoff_report.since(admin, start)
    counts = {s.title: s.count for s in report.sections}
    assert counts == {
        "Concerns raised": 1, "Concerns resolved": 0, "Kiosk check-ins": 1,
        "Contacts and groups": 2,  # pat's and mine; not the old one or the voided one
        "Admissions, discharges and other status changes": 1,
        "Plans, goals, referrals and other entries": 4,
        "Follow-ups now due": 0, "Referral checks now due": 0, "Needs attention now": 1}
    contacts = next(s for s in report.sections if s.title.startswith("Contacts"))
    assert any("[b]Ana Silva: contact entry (Pat O)" in line for line in contacts.lines)
    assert any(line.endswith("contact entry (you)") for line in contacts.lines)
    assert report.why == "you chose it"


@pytest.mark.both_backends
def test_nothing_recorded_in_the_window_is_left_out(demo_db):
    """Every timeline entry recorded since the start is counted in exactly one section."""
    casey = auth.sign_in("casey", "2468").actor
    start = utcnow() - timedelta(days=3)
    report = handoff_report.since(casey, start)
    events = {s.title: s.count for s in report.sections
              if s.title not in ("Follow-ups now due", "Referral checks now due",
                                 "Needs attention now")}
    recorded = Event.select().where(Event.recorded_at >= start,
                                    Event.voided_at.is_null()).count()
    assert recorded > 0 and sum(events.values()) == recorded


@pytest.mark.both_backends
def test_the_hand_off_and_the_n_view_list_the_same_residents(demo_db):
    from peer_tui.services import caseload_query as cq

    casey = auth.sign_in("casey", "2468").actor
    report = handoff_report.since(casey, utcnow())
    section = next(s for s in report.sections if s.title == "Needs attention now")
    page = cq.caseload_page(casey, cq.CaseloadFilter(needs_attention=True), limit=500)
    assert section.count == len(page.rows)
    names = sorted(line.split(" (")[0].split(":")[0] for line in section.lines)
    assert names == sorted(r.name for r in page.rows)


@pytest.mark.both_backends
def test_unlocking_does_not_move_the_window(demo_db):
    from peer_tui.settings import Settings

    starts = Settings().shift_times()
    first = auth.sign_in("casey", "2468", now=utcnow() - timedelta(hours=2)).actor
    auth.sign_out(first)
    casey = auth.sign_in("casey", "2468", now=utcnow() - timedelta(hours=1)).actor
    before = handoff_report.default_start(casey, starts)
    unlocked = auth.sign_in("casey", "2468", resuming="casey").actor
    assert unlocked.signed_in_at == casey.signed_in_at
    assert handoff_report.default_start(unlocked, starts) == before
    from peer_tui.models.audit import AuditLog
    assert AuditLog.select().where(AuditLog.action == "unlock").count() == 1


@pytest.mark.both_backends
def test_front_desk_has_no_hand_off(db):
    auth.create_staff("frank", "Frankie", "front_desk", "2468")
    frank = auth.sign_in("frank", "2468").actor
    with pytest.raises(PermissionDenied):
        handoff_report.since(frank)


@pytest.mark.actions("CaseloadScreen.handoff", "HandoffScreen.reload")
async def test_hand_off_screen_from_the_caseload(demo_db):
    async with signed_in("casey") as pilot:
        app = pilot.app
        await workers_done(app)
        await pilot.press("h")
        await workers_done(app)
        await pilot.pause()
        body = app.screen.shown_text
        assert "Kiosk check-ins" in body and "Follow-ups now due" in body
        assert "Needs attention now" in body and "Em Chen" in body


@pytest.mark.actions(
    "CaseloadScreen.handoff",
    "HandoffScreen.reload",
    "HandoffScreen.since",
    "HandoffSinceScreen.save",
    "PeerTuiApp.lock")
async def test_hand_off_window_survives_a_lock_and_w_chooses_another_start(demo_db):
    from helpers import open_and_type, settle

    async with signed_in("casey") as pilot:
        app = pilot.app
        # Signed in nine hours ago, in an earlier shift (shifts are eight hours): an unlock
        # now must not move the window to this shift's start.
        from dataclasses import replace

        app.actor = replace(app.actor, signed_in_at=app.actor.signed_in_at
                            - timedelta(hours=9))
        await pilot.press("h")
        await settle(pilot)
        first_line = app.screen.shown_text.splitlines()[0]
        await open_and_type(pilot, "ctrl+l", *"2468", "enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.shown_text.splitlines()[0] == \
            first_line
        await open_and_type(pilot, "w", *"yesterday 15:00")
        assert "15:00" in str(app.screen.query_one("#since-preview").render())
        await pilot.press("enter")
        await settle(pilot)
        body = app.screen.shown_text
        assert " 15:00 (you chose it)" in body.splitlines()[0]


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
@pytest.mark.actions("HandoffScreen.since", "HandoffSinceScreen.save")
async def test_w_says_what_it_cannot_read_and_empty_goes_back_to_the_default(demo_db, size):
    from helpers import open_and_type, settle

    from peer_tui.screens.handoff_since import HandoffSinceScreen

    async with signed_in("casey", "h", size=size) as pilot:
        app = pilot.app
        default_line = app.screen.shown_text.splitlines()[0]
        await open_and_type(pilot, "w", *"yesterday 15:00", "enter")
        await settle(pilot)
        assert "(you chose it)" in app.screen.shown_text.splitlines()[0]
        await open_and_type(pilot, "w", *"[b]soon")
        dialog = app.screen
        preview = dialog.query_one("#since-preview")
        assert preview.has_class("-error") and "soon" in str(preview.render())
        await pilot.press("enter")  # not readable: the dialog stays, with what was typed
        await settle(pilot)
        assert app.screen is dialog and dialog.query_one("#since").value == "[b]soon"
        assert app.focused is dialog.query_one("#since")
        await pilot.press(*["backspace"] * 7)
        assert not preview.has_class("-error")
        assert "default start" in str(preview.render())
        await pilot.press("ctrl+s")  # empty: the start it had before anyone chose one
        await settle(pilot)
        assert not isinstance(app.screen, HandoffSinceScreen)
        assert app.screen.shown_text.splitlines()[0] == default_line
