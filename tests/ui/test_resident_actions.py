"""Pilot: the resident view's edit (e) and kiosk code (k) dialogs, at 100x30 and 80x24, checked
on the screen and in the database."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from helpers import make_app, press_opens, settle, sign_in

from peer_tui.models.people import Resident
from peer_tui.screens.record_forms import KioskCredentialsScreen, ResidentFormScreen
from peer_tui.screens.resident import ResidentScreen
from peer_tui.services import kiosk_auth

SIZES = [(100, 30), (80, 24)]


@asynccontextmanager
async def resident_dialog(size, key: str, dialog: type, first: str):
    """The case manager on the first resident's view at SIZE, with KEY's DIALOG open (its
    field FIRST focused); yields the pilot, the resident's id and the dialog."""
    async with make_app().run_test(size=size) as pilot:
        await sign_in(pilot, "casey")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ResidentScreen)
        rid = pilot.app.screen.resident_id
        yield pilot, rid, await press_opens(pilot, key, dialog, first)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.actions("ResidentScreen.edit", "ResidentFormScreen.save")
async def test_e_edits_the_profile(demo_db, size):
    async with resident_dialog(size, "e", ResidentFormScreen, "#first_name") as (pilot, rid, form):
        app = pilot.app
        assert form.query_one("#last_name").value == Resident.get_by_id(rid).last_name
        form.query_one("#room").value = "[b]7Z"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ResidentScreen)
        assert Resident.get_by_id(rid).room == "[b]7Z"
        assert "[b]7Z" in str(app.screen.query_one("#resident-card").render())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.actions("ResidentScreen.kiosk", "KioskCredentialsScreen.save")
async def test_k_sets_the_kiosk_code_and_pin(demo_db, size):
    async with resident_dialog(size, "k", KioskCredentialsScreen, "#code") as (pilot, rid, form):
        app = pilot.app
        await pilot.press(*"4321x")  # digits only: the letter is not taken
        form.query_one("#pin").value = "2580"
        form.query_one("#pin2").value = "2508"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # the PINs differ: said under the field, nothing saved
        assert "not the same" in str(form.query_one("#err-pin2").render())
        assert form.query_one("#code").value == "4321"
        assert Resident.get_by_id(rid).kiosk_code != "4321"
        form.query_one("#pin2").value = "2580"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ResidentScreen)
    assert Resident.get_by_id(rid).kiosk_code == "4321"
    assert kiosk_auth.resident_sign_in("4321", "2580").resident.id == rid
