"""Pilot: referrals from the resident view (R), their stages (m), the house's referrals
(R on the caseload) and the resource directory, for every role, at 100x30 and 80x24."""

from __future__ import annotations

import pytest
from helpers import open_and_type, save_refused, settle, signed_in

from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.models.resources import Referral, Resource
from peer_tui.screens.directory_view import DirectoryScreen
from peer_tui.screens.house_referrals import ReferralsScreen
from peer_tui.screens.referral_forms import ReferralForm, ResourceForm, StageForm
from peer_tui.screens.referrals_view import ResidentReferrals
from peer_tui.screens.resident import ResidentScreen

SIZES = [(100, 30), (80, 24)]


def _resident_without_referrals() -> int:
    with_refs = {r.resident_id for r in Referral.select(Referral.resident)}
    return next(r.id for r in Resident.select().where(Resident.status == "active")
                .order_by(Resident.id) if r.id not in with_refs)


def _screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static"))


async def _open_resident(pilot, rid: int, tab: str | None = None) -> None:
    """Open the resident (on TAB), and wait until its referrals are listed: the tab is
    filled after the screen mounts, so on a busy machine that takes a few rounds."""
    pilot.app.push_screen(ResidentScreen(rid, tab=tab))
    for _ in range(20):
        await settle(pilot)
        panes = pilot.app.screen.query(ResidentReferrals)
        if tab != "tab-referrals" or (panes and panes.first().views):
            break


@pytest.mark.actions("ReferralForm.save", "ResidentScreen.refer")
@pytest.mark.parametrize("size", SIZES)
async def test_R_refers_with_letters_typed_at_once_and_keeps_typing_on_errors(demo_db, size):
    rid = _resident_without_referrals()
    async with signed_in("pat", size=size) as pilot:
        app = pilot.app
        await _open_resident(pilot, rid)
        await open_and_type(pilot, "R", "o", "u", "t")
        form = app.screen
        assert isinstance(form, ReferralForm)
        assert form.focused is form.query_one("#resource_id")
        assert form.query_one("#resource_id").value == Resource.get(
            Resource.name == "Outpatient counselling").id
        form.query_one("#note").value = "[b]Intake[/] \u00e9t\u00e9 \u2603 " + "x" * 50
        await pilot.press("ctrl+s")  # no "why" yet
        await settle(pilot)
        assert app.screen is form and "Say why" in str(form.query_one("#err-domain_key").render())
        assert form.query_one("#note").value.startswith("[b]Intake[/]")  # nothing lost
        form.query_one("#made_on").text = "nonsense"
        form.query_one("#why").focus()
        await pilot.press("m", "e", "n", "t", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # the date cannot be read: said under the field
        form.query_one("#made_on").text = "today"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ResidentScreen)
        referral = Referral.get(Referral.resident == rid)
        assert referral.domain_key == "mental_health" and referral.status == "made"
        assert referral.note.startswith("[b]Intake[/] \u00e9t\u00e9")
        pane = app.screen.query_one(ResidentReferrals)
        assert str(referral.id) in pane.views  # the Referrals tab shows it at once
        assert "Outpatient counselling" in _screen_text(app)


@pytest.mark.actions("ReferralForm.save", "ResidentScreen.refer")
async def test_a_one_off_provider_needs_its_name(demo_db):
    rid = _resident_without_referrals()
    async with signed_in("casey") as pilot:
        app = pilot.app
        await _open_resident(pilot, rid)
        await open_and_type(pilot, "R", "o", "n", "e", "-")
        form = app.screen
        assert form.query_one("#resource_id").value == 0  # "One-off provider"
        form.query_one("#why").value = "d:housing"
        await save_refused(pilot, form, "provider_name", "type its name")
        form.query_one("#provider_name").value = "St. J\u00fcrgen Shelter \u4e2d"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Referral.get(Referral.resident == rid).provider_name == \
            "St. J\u00fcrgen Shelter \u4e2d"


@pytest.mark.actions("ReferralList.stage", "StageForm.save")
@pytest.mark.parametrize("size", SIZES)
async def test_m_moves_a_referral_to_engaged_and_the_timeline_says_so(demo_db, size):
    referral = Referral.get(Referral.status == "appointment_set")
    async with signed_in("sam", size=size) as pilot:
        app = pilot.app
        await _open_resident(pilot, referral.resident_id, tab="tab-referrals")
        pane = app.screen.query_one(ResidentReferrals)
        assert pane.selected().id == referral.id
        await open_and_type(pilot, "m", "e", "n", "g")
        form = app.screen
        assert isinstance(form, StageForm) and form.focused is form.query_one("#stage")
        assert form.query_one("#stage").value == "engaged"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert Referral.get_by_id(referral.id).status == "engaged"
        assert Event.select().where(Event.resident == referral.resident_id,
                                    Event.summary.endswith(": engaged")).exists()
        assert "engaged (Sam Delgado)" in str(pane.query_one(".referral-detail").render())


@pytest.mark.actions("ReferralList.stage")
async def test_a_closed_referral_says_so_at_the_key(demo_db):
    referral = Referral.get(Referral.status == "closed")
    async with signed_in("casey") as pilot:
        app = pilot.app
        await _open_resident(pilot, referral.resident_id, tab="tab-referrals")
        await pilot.press("m")
        await pilot.pause()
        assert not isinstance(app.screen, StageForm)
        assert any("does not move on" in str(n.message) for n in app._notifications)


@pytest.mark.actions(
    "CaseloadScreen.referrals",
    "ReferralsScreen.all",
    "ReferralsScreen.open_resident",
    "ReferralsScreen.sort")
@pytest.mark.parametrize("size", SIZES)
async def test_the_house_referrals_sort_by_age_stage_and_check(demo_db, size):
    async with signed_in("casey", "R", size=size) as pilot:
        app = pilot.app
        screen = app.screen
        assert isinstance(screen, ReferralsScreen)
        pane = screen.query_one("HouseReferrals")
        ages = [v.made_on for v in pane.views.values()]
        assert ages == sorted(ages) and len(ages) == 4
        assert "past their check date" in str(pane.query_one(".referral-summary").render())
        await pilot.press("s")
        await settle(pilot)
        stages = [v.stage for v in pane.views.values()]
        assert stages[0] == "made" and stages[-1] == "waitlisted"
        await pilot.press("a")
        await settle(pilot)
        assert len(pane.views) == 8
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)


async def test_front_desk_has_no_referral_keys_and_is_told_why(demo_db):
    rid = _resident_without_referrals()
    async with signed_in("frank") as pilot:
        app = pilot.app
        await pilot.press("R")
        await pilot.pause()
        assert not isinstance(app.screen, ReferralsScreen)
        assert any("cannot open referrals" in str(n.message) for n in app._notifications)
        await _open_resident(pilot, rid)
        assert not app.screen.query("#tab-referrals")
        await pilot.press("R")
        await pilot.pause()
        assert not isinstance(app.screen, ReferralForm)
        assert any("cannot make a referral" in str(n.message) for n in app._notifications)


@pytest.mark.actions("DirectoryScreen.add", "ResourceForm.save")
async def test_the_directory_adds_refuses_bad_input_and_only_an_admin_retires(demo_db):
    async with signed_in("casey", size=(80, 24)) as pilot:
        app = pilot.app
        app.push_screen(DirectoryScreen())
        await settle(pilot)
        await open_and_type(pilot, "a", "[", "b", "]")
        form = app.screen
        assert isinstance(form, ResourceForm) and form.query_one("#name").value == "[b]"
        form.query_one("#phone").value = "9" * 100
        form.query_one("#hours").value = "Mon\x1b[31m"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.query_one("#err-hours").display
        form.query_one("#hours").value = "Mo\u2013Fr 9\u201317"
        form.query_one("#name").value = ""
        await save_refused(pilot, form, "name", "Required")
        form.query_one("#name").value = "[b]Caf\u00e9 Recovery[/b]"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        entry = Resource.get(Resource.name == "[b]Caf\u00e9 Recovery[/b]")
        assert isinstance(app.screen, DirectoryScreen) and entry.hours == "Mo\u2013Fr 9\u201317"
        await pilot.press("x")  # a case manager may not retire
        await pilot.pause()
        assert Resource.get_by_id(entry.id).active
        assert any("cannot retire" in str(n.message) for n in app._notifications)


@pytest.mark.actions("DirectoryScreen.retire", "DirectoryScreen.retired")
async def test_an_admin_retires_and_brings_back_an_entry(demo_db):
    async with signed_in("admin") as pilot:
        app = pilot.app
        app.push_screen(DirectoryScreen())
        await settle(pilot)
        first = app.screen.selected()
        await pilot.press("x")
        await settle(pilot, 2)
        assert not Resource.get_by_id(first.id).active
        assert str(first.id) not in app.screen.views
        await pilot.press("v")
        await settle(pilot)
        assert str(first.id) in app.screen.views
