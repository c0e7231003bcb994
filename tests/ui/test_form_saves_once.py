"""A form saves once: Ctrl+S (or a Save button) pressed again while its save is still running
does nothing (no second write), and the form closes when that one save is done."""

from __future__ import annotations

from helpers import held, settle, signed_in
from textual.widgets import Button

from peer_tui.models.people import Resident
from peer_tui.screens.record_forms import KioskCredentialsScreen, ResidentFormScreen
from peer_tui.services import records


async def test_ctrl_s_again_while_saving_saves_nothing_more(demo_db, monkeypatch):
    calls, release = held(monkeypatch, records, "set_kiosk_credentials")
    async with signed_in("casey", "enter", "k") as pilot:
        app = pilot.app
        assert isinstance(app.screen, KioskCredentialsScreen)
        rid = app.screen.resident_id
        await pilot.press(*"4321", "tab", *"8642", "tab", *"8642")
        await pilot.press("ctrl+s", "ctrl+s", "ctrl+s")
        release.set()
        await settle(pilot)
        assert len(calls) == 1
        assert not isinstance(app.screen, KioskCredentialsScreen)
        assert Resident.get_by_id(rid).kiosk_code == "4321"


async def test_the_save_button_again_while_saving_saves_nothing_more(demo_db, monkeypatch):
    """The profile form's Save button is Ctrl+S by another way: pressed again while the save
    is still running, it does nothing either."""
    calls, release = held(monkeypatch, records, "update_profile")
    async with signed_in("casey", "enter", "e") as pilot:
        form = pilot.app.screen
        assert isinstance(form, ResidentFormScreen)
        for _ in range(3):
            form.query_one("#save", Button).press()
            await pilot.pause()
        release.set()
        await settle(pilot)
        assert len(calls) == 1
        assert not isinstance(pilot.app.screen, ResidentFormScreen)
