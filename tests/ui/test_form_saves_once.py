"""A form saves once: Ctrl+S pressed again while its save is still running does nothing (no
second write), and the form closes when that one save is done."""

from __future__ import annotations

import threading

from helpers import settle, signed_in

from peer_tui.models.people import Resident
from peer_tui.screens.record_forms import KioskCredentialsScreen
from peer_tui.services import records


async def test_ctrl_s_again_while_saving_saves_nothing_more(demo_db, monkeypatch):
    release = threading.Event()
    calls = []
    real = records.set_kiosk_credentials

    def slow_save(*args):
        calls.append(args)
        release.wait(10)  # the save is still running while the keys below arrive
        return real(*args)

    monkeypatch.setattr(records, "set_kiosk_credentials", slow_save)
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
