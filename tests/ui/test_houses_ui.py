"""Houses in staff mode: the header names the house a session works in, H switches for staff
with more than one house, and is neither offered nor silent for staff with one."""

from __future__ import annotations

import pytest
from helpers import caseload_cells, caseload_headings, make_app, settle, signed_in

from peer_tui.screens.widgets.staff_header import StaffHeader


@pytest.fixture
def org(two_houses):
    return two_houses


def names(app) -> list[str]:
    return [cells[0] for cells in caseload_cells(app)]


def header(app) -> str:
    return str(app.screen.query_one(StaffHeader).query_one("#header-title").render())


def footer_and_help_keys(app) -> set[str]:
    return {b.key for _, b, enabled, _ in app.active_bindings.values() if enabled}


@pytest.mark.actions("CaseloadScreen.switch_house")
async def test_a_two_house_case_manager_switches_house_with_h(org):
    async with signed_in("casey") as pilot:
        app = pilot.app
        assert "Harbor House" in header(app)
        assert names(app) == ["Ana Doe"]
        assert "H" in footer_and_help_keys(app)
        await pilot.press("H")
        await settle(pilot, 2)
        assert "Cedar House" in header(app) and "Harbor" not in header(app)
        assert names(app) == ["Ben Doe"]
        assert app.actor.house_id == org["b"]
        await pilot.press("H")
        await settle(pilot, 2)
        assert names(app) == ["Ana Doe"] and "Harbor House" in header(app)


async def test_one_house_means_no_switch_key_and_a_reason_when_pressed(org):
    async with signed_in("pat", size=(80, 24)) as pilot:
        app = pilot.app
        assert "Harbor House" in header(app)
        assert "H" not in footer_and_help_keys(app)
        await pilot.press("H")
        await settle(pilot)
        said = [(n.title, n.message) for n in app._notifications]
        # About the house, not the role: no "Not for your role" over it.
        assert ("Not available here",
                "You work in one house only: there is no other house to switch to.") in said
        assert app.actor.house_id == org["a"]  # still where it was


@pytest.mark.actions("ResidentScreen.transfer", "TransferScreen.save")
async def test_a_case_manager_moves_a_resident_to_another_house_with_t(org):
    from peer_tui.models.events import Event
    from peer_tui.models.people import Resident
    from peer_tui.screens.caseload import CaseloadScreen
    from peer_tui.screens.transfer_form import TransferScreen

    async with signed_in("casey") as pilot:
        app = pilot.app
        await pilot.press("enter")  # open Ana
        await settle(pilot)
        assert "T" in footer_and_help_keys(app)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, TransferScreen)
        assert app.focused.id == "house"  # the dialog opens on its first field
        await pilot.press("ctrl+s")  # nothing chosen: said at the field, nothing saved
        await settle(pilot)
        assert isinstance(app.screen, TransferScreen)
        await pilot.press(*"ced", "enter")  # find the house by typing, Enter takes it
        await settle(pilot)
        await pilot.press(*"2B", "ctrl+s")  # Enter moved on to the room
        await settle(pilot, 2)
        assert isinstance(app.screen, CaseloadScreen)
        assert names(app) == []  # Ana lives in Cedar House now
        ana = Resident.get_by_id(org["a"])
        assert (ana.house_id, ana.room) == (org["b"], "2B")
        assert Event.select().where(Event.resident == org["a"],
                                    Event.summary.startswith("Transferred")).exists()


async def test_h_is_in_the_caseload_footer_of_a_two_house_case_manager_at_80_columns(org):
    """The footer offers H to staff of several houses (and not to pat, above), and every key
    it names still fits 80 columns."""
    async with signed_in("casey", size=(80, 24)) as pilot:
        app = pilot.app
        await settle(pilot)
        keys = {k.key: k for k in app.screen.query("FooterKey")}
        assert "H" in keys and "House" in str(keys["H"].render())
        spans = sorted((k.region.x, k.region.right) for k in keys.values())
        assert all(width > 0 for width in (k.region.width for k in keys.values())), spans
        assert spans[-1][1] <= 80 and all(r <= l for (_, r), (l, _) in zip(spans, spans[1:]))


@pytest.mark.parametrize("setting,title", [("Cedar House", "Cedar House"), ("", "peer-tui")])
async def test_the_sign_in_names_the_house_of_this_computer_not_the_first(org, setting, title):
    from peer_tui.settings import Settings

    app = make_app(settings=Settings(kiosk_house=setting))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#signin-title").render())
        assert shown.startswith(f"{title} \u00b7 staff sign-in"), shown


@pytest.mark.parametrize("who", ["casey", "frank"])
async def test_t_in_a_one_house_database_is_training_as_everywhere_else(demo_db, who):
    """Move house is not offered with one house, to anyone, so T is the app's training key
    here too, the one the help on this screen names (not a refusal about moving house)."""
    from peer_tui.screens.training import TrainingScreen
    from peer_tui.screens.training_trainee import TraineeScreen

    async with signed_in(who, "enter", "T", size=(80, 24)) as pilot:
        app = pilot.app
        # The roster for the case manager, the front desk's own training record.
        assert isinstance(app.screen, {"casey": TrainingScreen, "frank": TraineeScreen}[who])
        assert not [n for n in app._notifications if n.title == "Not for your role"]


async def test_the_caseload_of_every_house_says_which_house_each_resident_lives_in(org):
    async with signed_in("admin") as pilot:
        app = pilot.app
        assert "All houses" in header(app)
        labels = [label.split()[0] for label in caseload_headings(app).values()]
        assert labels[:2] == ["Name", "House"]
        rows = {cells[0]: cells[1] for cells in caseload_cells(app)}
        assert rows == {"Ana Doe": "Harbor House", "Ben Doe": "Cedar House"}
        await pilot.press("H")  # into one house: the column goes
        await settle(pilot, 2)
        assert app.actor.house_id is not None
        assert "house" not in caseload_headings(app)
        assert "House" not in [label.split()[0] for label in caseload_headings(app).values()]


async def test_a_one_house_caseload_has_no_house_column(org):
    async with signed_in("pat") as pilot:
        app = pilot.app
        assert "House" not in [label.split()[0] for label in caseload_headings(app).values()]


def test_with_room_for_one_of_house_and_room_the_house_stays():
    from peer_tui.screens.caseload_columns import columns_for

    def keys(width, every_house=True):
        return [c.key for c in columns_for(True, False, width, "", every_house)]

    assert keys(100)[:3] == ["name", "house", "room"]
    assert keys(90)[:3] == ["name", "house", "contact"]  # room left out first
    assert "house" not in keys(100, every_house=False)
    # Tied priorities elsewhere still leave out the same columns as before houses.
    assert keys(80, every_house=False) == ["name", "room", "contact", "checkin", "concerns",
                                           "review"]
