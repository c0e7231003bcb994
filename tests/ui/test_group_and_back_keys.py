"""Pilot: Ctrl+T in the group note picks every resident the search shows (and the note is
saved for exactly those), at 100x30 and 80x24; Esc leaves the shift hand-off and the staff
accounts for the caseload they were opened from."""

from __future__ import annotations

import pytest
from helpers import open_and_type, press_opens, press_settled, run_from_palette, settle, signed_in

from peer_tui.models.events import Event, GroupSession
from peer_tui.screens.caseload import CaseloadScreen
from peer_tui.screens.group_note import GroupNoteScreen
from peer_tui.screens.handoff_view import HandoffScreen
from peer_tui.screens.staff_admin import StaffAdminScreen

SIZES = [(100, 30), (80, 24)]


def _prompts(form) -> list[str]:
    matches = form.query_one("#picker-matches")
    return [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]


@pytest.mark.actions("GroupNoteScreen.tick_all", "GroupNoteScreen.save")
@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_t_picks_everyone_the_search_shows(demo_db, size):
    async with signed_in("pat", size=size) as pilot:
        app = pilot.app
        await open_and_type(pilot, "g", *"SMART group")
        form = app.screen
        assert isinstance(form, GroupNoteScreen) and form.focused is form.query_one("#name")
        assert form.query_one("#name").value == "SMART group"
        form.query_one("#picker-search").focus()
        await pilot.press(*"an")
        shown = _prompts(form)
        assert 1 < len(shown) < len(form.choices)  # the search narrowed the list
        assert not form.picked
        await pilot.press("ctrl+t")
        assert all(p.startswith("[x] ") for p in _prompts(form))
        picked = set(form.picked)
        assert len(picked) == len(shown)
        assert "[ ] " not in "".join(_prompts(form))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        group = GroupSession.get(GroupSession.name == "SMART group")
        attendees = {e.resident_id for e in Event.select().where(Event.group_session == group)}
        assert attendees == picked


@pytest.mark.actions("CaseloadScreen.handoff", "HandoffScreen.back")
async def test_esc_leaves_the_hand_off_for_the_caseload(demo_db):
    async with signed_in("casey") as pilot:
        app = pilot.app
        caseload = app.screen
        await press_opens(pilot, "h", HandoffScreen)
        await press_settled(pilot, "escape")
        assert app.screen is caseload
        assert caseload.focused is caseload.query_one("#caseload-table")


@pytest.mark.actions("StaffAdminScreen.back")
async def test_esc_leaves_the_staff_accounts_opened_from_the_palette(demo_db):
    async with signed_in("admin") as pilot:
        app = pilot.app
        caseload = app.screen
        await run_from_palette(pilot, "Staff accounts")
        assert isinstance(app.screen, StaffAdminScreen)
        assert "pat" in [str(k.value) for k in app.screen.query_one("#staff-table").rows]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is caseload
