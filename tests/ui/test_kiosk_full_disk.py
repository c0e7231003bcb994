"""A resident signs in at the kiosk on a full disk, like staff do, and is told before the
first question that answers cannot be saved now and to tell staff. Nothing is lost silently:
sending says it was not sent and keeps the answers, and sends once there is room again."""

from __future__ import annotations

from helpers import KIOSK_SIZE as SIZE, workers_done
from helpers import fill_the_disk, free_the_disk, make_kiosk, sign_in_resident

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import CheckIn
from peer_tui.models.people import Resident
from peer_tui.screens.kiosk_question import QuestionScreen
from peer_tui.screens.kiosk_summary import SummaryScreen
from peer_tui.services import audit_pending, kiosk_auth


def test_the_right_code_and_pin_sign_in_on_a_full_disk_and_are_recorded_later(demo_db):
    audit_pending.reserve()
    resident = Resident.get(Resident.kiosk_code == "1001")
    fill_the_disk()
    try:
        signed = kiosk_auth.resident_sign_in("1001", "1357")
        assert signed.resident is not None and signed.resident.id == resident.id
        assert "disk is full" in signed.cannot_save
        wrong = kiosk_auth.resident_sign_in("1001", "0000")  # still refused, not counted
        assert wrong.resident is None and wrong.message == kiosk_auth.REFUSED
        unknown = kiosk_auth.resident_sign_in("9999", "1357")
        assert unknown.resident is None and unknown.message == kiosk_auth.REFUSED
    finally:
        free_the_disk()
    assert audit_pending.flush_now()
    late = AuditLog.get(AuditLog.action == "kiosk_sign_in")
    assert (late.actor_kind, late.actor_id, late.resident_id) == (
        "resident", resident.id, resident.id)
    assert late.detail.startswith("recorded late") and "disk is full" in late.detail


def test_a_normal_sign_in_says_nothing_about_saving(demo_db):
    signed = kiosk_auth.resident_sign_in("1001", "1357")
    assert signed.resident is not None and signed.cannot_save == ""


async def test_the_resident_is_told_before_answering_and_loses_nothing(demo_db):
    audit_pending.reserve()
    app = make_kiosk()
    before = CheckIn.select().count()
    async with app.run_test(size=SIZE) as pilot:
        fill_the_disk()
        try:
            await sign_in_resident(pilot)
            notice = str(app.screen.query_one("#signin-message").render())
            assert not isinstance(app.screen, QuestionScreen)  # told first, before answering
            assert "cannot be saved right now" in notice and "tell staff" in notice
            assert "Traceback" not in notice and "Error" not in notice
            await pilot.press("enter")  # go on anyway
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            assert "cannot be saved" in str(app.screen.query_one("#q-top").render())
            for keys in (["4"], ["7", "backspace", "2", "enter"], ["1"], ["1"],
                         ["1", "enter"], ["1", "2"], ["1", "3", "3", "enter"], ["1"], ["1"]):
                await pilot.press(*keys)  # the answers of test_full_check_in_by_keys
            await pilot.press(*"ok", "enter")
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("enter")
            await workers_done(app)
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)  # answers still on screen
            problem = str(app.screen.query_one("#sum-problem").render())
            assert "Not sent" in problem and "staff" in problem
        finally:
            free_the_disk()
        assert CheckIn.select().count() == before
        await pilot.press("enter")  # room again: the same answers are sent
        await workers_done(app)
        await pilot.pause()
        assert CheckIn.select().count() == before + 1

