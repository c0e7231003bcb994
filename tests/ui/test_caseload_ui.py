"""Caseload and resident view driven by keys (Pilot), plus snapshots."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import caseload_cells, discharged_ana, make_app, settle, signed_in, signing_in

from peer_tui.models.base import utcnow
from peer_tui.models.people import House, Resident, Staff
from peer_tui.services import auth
from peer_tui.screens.caseload import CaseloadScreen
from peer_tui.screens.resident import ResidentScreen


def names(app) -> list[str]:
    return [cells[0] for cells in caseload_cells(app)]


@pytest.mark.actions(
    "CaseloadScreen.attention",
    "CaseloadScreen.clear_filter",
    "CaseloadScreen.filter",
    "CaseloadScreen.mine",
    "CaseloadScreen.sort",
    "CaseloadScreen.status",
    "ResidentScreen.back",
    "ResidentScreen.tab")
async def test_filter_sort_toggles_and_open(demo_db):
    async with signed_in("pat") as pilot:
        app = pilot.app
        assert isinstance(app.screen, CaseloadScreen)
        assert len(names(app)) == 17  # a peer specialist starts on their own caseload
        await pilot.press("m")
        await settle(pilot)
        everyone = names(app)
        assert len(everyone) == 33
        await pilot.press("slash", *"okafor")
        await settle(pilot)
        assert 0 < len(names(app)) < 33
        await pilot.press("escape")
        await settle(pilot)
        assert names(app) == everyone
        await pilot.press("s")  # room
        await settle(pilot)
        rooms = [cells[1] for cells in caseload_cells(app)]
        assert rooms == sorted(rooms)
        await pilot.press("m")
        await settle(pilot)
        assert len(names(app)) == 17  # pat's residents
        await pilot.press("m", "f")
        await settle(pilot)
        assert len(names(app)) == 3  # waitlist
        await pilot.press("f", "f", "f", "n")
        await settle(pilot)
        why = [cells[2] for cells in caseload_cells(app)]
        assert why and all(why)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        await pilot.press("3")
        await settle(pilot)
        assert app.screen.query_one("TabbedContent").active == "tab-timeline"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)


async def test_front_desk_gets_profile_only(demo_db):
    async with signed_in("frank", "enter") as pilot:
        app = pilot.app
        panes = [p.id for p in app.screen.query("TabPane")]
        assert panes == ["tab-profile"]


@pytest.mark.actions("CaseloadScreen.filter", "CaseloadScreen.open")
async def test_markup_name_shows_literally(demo_db):
    house = House.get()
    Resident.create(first_name="[/]Zed", last_name="[@click=app.quit]", house=house,
                    room="[b]9")
    async with signed_in("admin") as pilot:
        app = pilot.app
        await pilot.press("slash", *"Zed")
        await settle(pilot)
        assert names(app) == ["[/]Zed [@click=app.quit]"]
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        card = app.screen.query_one("#resident-card").render()
        assert "[/]Zed [@click=app.quit]" in str(card)
        await pilot.click("#resident-card")
        assert app.is_running


@pytest.fixture
def snapshot_house(db, local_zone):
    """A small house whose dates are all relative to now, so snapshots read the same daily."""
    local_zone("UTC")
    auth.create_staff("casey", "Casey Nguyen", "case_manager", "2468")
    pat = Staff.get_by_id(auth.create_staff("pat", "Pat Okafor", "peer_specialist", "2468").id)
    house = House.create(name="Harbor House")
    now, today = utcnow(), date.today()
    people = [
        ("Marcus", "Johnson", "", "1A", 1, 2, 4, 0, 6, None),
        ("José", "Martínez", "Pepe", "1B", 4, 1, 3, 1, -3, 0),
        ("Zoë", "Ødegaard", "", "1C", 9, 5, 2, 0, 13, None),
        ("[/]Zed", "[@click=app.quit]", "", "[b]2", 0, 0, 5, 2, 2, None),
        ("Keisha", "Brown", "", "2B", 2, None, None, 0, None, -1),
    ]
    for first, last, pref, room, contact, checkin, mood, urgent, review, follow in people:
        Resident.create(
            first_name=first, last_name=last, preferred_name=pref, room=room, house=house,
            peer_specialist=pat, intake_date=date(2026, 1, 5), discharge_date=None,
            summary_last_contact_at=now - timedelta(days=contact),
            summary_last_checkin_at=None if checkin is None else now - timedelta(days=checkin),
            summary_last_checkin_mood=mood, summary_open_concerns=urgent,
            summary_urgent_concerns=urgent,
            summary_next_review=None if review is None else today + timedelta(days=review),
            summary_next_follow_up=None if follow is None else today + timedelta(days=follow),
            summary_goals_total=3, summary_goals_achieved=1)
    # Discharged, so days in residence are between two fixed dates.
    discharged_ana(house, pat)


def test_caseload_snapshot(snapshot_house, snap_compare):
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=signing_in("casey"))


@pytest.mark.actions("CaseloadScreen.attention")
def test_needs_attention_snapshot(snapshot_house, snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=signing_in("casey", "n"))


@pytest.mark.actions("CaseloadScreen.status")
def test_resident_profile_snapshot(snapshot_house, snap_compare):
    # f twice filters to the discharged residents; Enter opens the first
    run_before = signing_in("casey", ("f", "f"), "enter")
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run_before)



async def test_the_legend_follows_the_cursor_as_it_moves(demo_db):
    """The legend is redrawn as the cursor moves, in the frame that draws the rows (it
    waited for the Highlighted message, which comes after that frame): the highlighted
    resident's reasons, else what the markers mean."""
    from peer_tui.screens import caseload_columns as cols

    async with signed_in("casey") as pilot:
        screen = pilot.app.screen
        rows = screen.rows_list
        legend = screen.query_one("#caseload-legend")
        needing = rows.index_of(lambda row: bool(row.reasons))
        fine = rows.index_of(lambda row: not row.reasons)
        assert needing is not None and fine is not None
        rows.move_to(needing)  # and no await: nothing else has run yet
        assert str(legend.render()).startswith("Needs attention: ")
        assert "; ".join(rows.current.reasons) in str(legend.render())
        rows.move_to(fine)
        assert str(legend.render()) == cols.LEGEND
