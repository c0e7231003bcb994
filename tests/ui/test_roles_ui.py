"""Roles, shown and enforced on screen: a key a role may not use is absent from its footer
and help, and pressed anyway says why at once (no form opens)."""

from __future__ import annotations

import pytest
from helpers import open_and_type, press_refused, settle, signed_in

from peer_tui.models.events import Concern
from peer_tui.screens.caseload import CaseloadScreen
from peer_tui.screens.help import binding_rows
from peer_tui.screens.message_form import MessageForStaffScreen
from peer_tui.screens.resident import ResidentScreen


def footer_keys(app) -> set[str]:
    return {a.binding.key for a in app.screen.active_bindings.values()
            if a.binding.show and a.enabled}


def help_keys(app) -> set[str]:
    own, everywhere, _ = binding_rows(app.screen)
    return {key for key, _ in own + everywhere}


async def test_front_desk_caseload_has_no_note_keys_and_each_says_why(demo_db):
    async with signed_in("frank") as pilot:
        app = pilot.app
        assert isinstance(app.screen, CaseloadScreen)
        assert {"l", "n", "h"}.isdisjoint(footer_keys(app)) and "M" in footer_keys(app)
        assert {"l", "n", "h", "a", "g", "u"}.isdisjoint(help_keys(app))
        await press_refused(pilot, "l", "Front-desk accounts cannot log a contact")
        await press_refused(pilot, "a", "cannot add a resident: that is for case managers")
        await press_refused(pilot, "n", "cannot see who needs attention")
        await press_refused(pilot, "h", "cannot open the shift hand-off")
        await press_refused(pilot, "g", "cannot write a group note")
        await press_refused(pilot, "u", "cannot open the concerns queue")
        assert app.screen.query_one("#caseload-header").keys == [
            "name", "room", "status", "staff", "checkin", "urgent"]


@pytest.mark.actions("MessageForStaffScreen.save", "ResidentScreen.message_staff")
async def test_front_desk_resident_view_refuses_at_the_key_and_can_message_staff(demo_db):
    async with signed_in("frank", "enter") as pilot:
        app = pilot.app
        assert isinstance(app.screen, ResidentScreen)
        rid = app.screen.resident_id
        assert {"e", "d", "k", "l"}.isdisjoint(help_keys(app) | footer_keys(app))
        await press_refused(pilot, "e", "Front-desk accounts cannot edit a resident's profile")
        await press_refused(pilot, "d", "cannot discharge or readmit")
        await press_refused(pilot, "k", "cannot set kiosk codes")
        await press_refused(pilot, "l", "M leaves a message for staff instead")
        await press_refused(pilot, "3", "cannot open plans, the timeline, referrals or consents")
        before = Concern.select().count()
        await open_and_type(pilot, "M", *"Asked for a call back")
        assert isinstance(app.screen, MessageForStaffScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        concern = Concern.select().order_by(Concern.id.desc()).first()
        assert Concern.select().count() == before + 1
        assert (concern.resident_id, concern.severity, concern.source, concern.summary) == (
            rid, "low", "desk", "Asked for a call back")


@pytest.mark.actions("ResidentScreen.log_contact")
async def test_peer_specialist_manages_notes_but_not_resident_records(demo_db):
    async with signed_in("pat") as pilot:
        app = pilot.app
        assert "a" not in help_keys(app) and "l" in footer_keys(app)
        await press_refused(pilot, "a", "Peer-specialist accounts cannot add a resident")
        await pilot.press("enter")
        await settle(pilot)
        for key, doing in (("e", "edit a resident's profile"), ("k", "set kiosk codes"),
                           ("d", "discharge or readmit a resident")):
            await press_refused(pilot, key, f"Peer-specialist accounts cannot {doing}")
        assert "M" not in footer_keys(app) | help_keys(app)
        await pilot.press("l")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactFormScreen"


@pytest.mark.parametrize("user", ["admin", "casey"])
async def test_case_managers_and_admins_get_the_record_keys(demo_db, user):
    async with signed_in(user, "enter") as pilot:
        app = pilot.app
        assert {"e", "d", "k", "l"} <= help_keys(app)
        await pilot.press("e")
        await settle(pilot)
        assert type(app.screen).__name__ == "ResidentFormScreen"


async def test_palette_offers_only_what_the_role_may_do(demo_db):
    async with signed_in("frank") as pilot:
        app = pilot.app
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Log a contact", "Group note", "Concerns queue", "Add a resident",
                "Shift hand-off", "Needs attention"}.isdisjoint(titles)
        assert "Lock" in titles


async def test_front_desk_is_not_offered_my_caseload(demo_db):
    """Nobody is ever assigned to the front desk, so m would always show nobody."""
    async with signed_in("frank") as pilot:
        app = pilot.app
        assert "m" not in footer_keys(app) and "m" not in help_keys(app)
        await press_refused(pilot, "m", "Front-desk accounts cannot show only the residents "
                                        "assigned to you")
        assert not app.screen.filt.mine
        assert app.screen.query_one("#caseload-table").row_count > 0
    async with signed_in("casey") as pilot:
        app = pilot.app
        assert "m" in footer_keys(app) and "m" in help_keys(app)
