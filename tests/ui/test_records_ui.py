"""Resident records by keyboard: add with an error and a duplicate warning, discharge, readmit."""

from __future__ import annotations

import pytest
from helpers import settle, signed_in

from peer_tui.models.people import Resident
from peer_tui.screens.record_forms import DischargeScreen, ReadmitScreen, ResidentFormScreen
from peer_tui.screens.resident import ResidentScreen


def shown_errors(screen) -> list[str]:
    return [str(s.render()) for s in screen.query(".field-error, .duplicates") if s.display]


@pytest.mark.actions("CaseloadScreen.add", "ResidentFormScreen.save")
async def test_add_keeps_typing_on_error_warns_of_duplicate_then_saves(demo_db):
    async with signed_in("casey", "a", size=(80, 24)) as pilot:
        app = pilot.app
        assert isinstance(app.screen, ResidentFormScreen)
        await pilot.press(*"Marcus", "ctrl+s")
        await settle(pilot)
        assert shown_errors(app.screen) == ["Required."]
        assert app.screen.query_one("#first_name").value == "Marcus"  # nothing lost
        await pilot.press("tab", *"Johnson", "ctrl+s")
        await settle(pilot)
        assert "Possible duplicate" in shown_errors(app.screen)[0]
        before = Resident.select().count()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        assert Resident.select().count() == before + 1


@pytest.mark.actions("ResidentScreen.discharge", "DischargeScreen.save",
                     "ReadmitScreen.save")
async def test_discharge_then_readmit_from_the_resident_view(demo_db):
    async with signed_in("casey", "enter", size=(80, 24)) as pilot:
        app = pilot.app
        rid = app.screen.resident_id
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DischargeScreen)
        await pilot.press(*"Moved to own flat", "ctrl+s")
        await settle(pilot)
        # How the stay ended is asked for before anything is saved; the reason is kept.
        assert isinstance(app.screen, DischargeScreen)
        assert "Choose how the stay ended." in shown_errors(app.screen)
        assert app.screen.focused.id == "kind"
        await pilot.press("enter", "down", "enter")  # the first: completed the program
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        assert Resident.get_by_id(rid).status == "discharged"
        assert Resident.get_by_id(rid).discharge_kind == "completed"
        assert Resident.get_by_id(rid).discharge_reason == "Moved to own flat"
        assert "DISCHARGED" in str(app.screen.query_one("#resident-card").render())
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ReadmitScreen)
        await pilot.press(*"4C", "ctrl+s")
        await settle(pilot)
        assert Resident.get_by_id(rid).status == "active"
        assert Resident.get_by_id(rid).room == "4C"
