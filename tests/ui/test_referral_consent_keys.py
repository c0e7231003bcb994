"""Pilot: the referral and consent keys the other files do not press. The house referrals'
directory (d), changing an entry (e) and Esc back out of both; a referral's packet for the
provider (x) and the consent it needs (c); changing a draft consent (e), a consent's end
event (E), printing the accounting of disclosures (p) and Esc back from it. Each dialog at
100x30 and 80x24, opening on its first field."""

from __future__ import annotations

import pytest
from helpers import (open_and_type, press_opens, screenshot_text, settle, sign_in,
                     signed_in)

from peer_tui.models.audit import AuditLog
from peer_tui.models.disclosures import Disclosure
from peer_tui.models.events import Event
from peer_tui.models.people import Consent
from peer_tui.models.resources import Referral, Resource
from peer_tui.screens.caseload import CaseloadScreen
from peer_tui.screens.consent_forms import ConsentForm, EndForm
from peer_tui.screens.consents_view import AccountingScreen, ConsentsPane, PrintAccountingForm
from peer_tui.screens.directory_view import DirectoryScreen
from peer_tui.screens.house_referrals import ReferralsScreen
from peer_tui.screens.referral_forms import PacketForm, ResourceForm
from peer_tui.screens.referrals_view import ResidentReferrals
from peer_tui.screens.resident import ResidentScreen
from peer_tui.services import auth, consents, plan_document
from peer_tui.timeutil import local_today

SIZES = [(100, 30), (80, 24)]
OFFICER = "Officer Dana Reyes, County Probation Office"


def _said(app, words: str) -> bool:
    return any(words in str(n.message) for n in app._notifications)


def _referral_to(name: str) -> Referral:
    return Referral.get(Referral.resource == Resource.get(Resource.name == name).id)


async def _open(pilot, rid: int, tab: str) -> None:
    """Open the resident on TAB and wait until that tab's list has loaded."""
    pilot.app.push_screen(ResidentScreen(rid, tab=tab))
    pane_type = ResidentReferrals if tab == "tab-referrals" else ConsentsPane
    for _ in range(20):
        await settle(pilot)
        panes = pilot.app.screen.query(pane_type)
        if panes and panes.first().views:
            break


@pytest.mark.actions("ReferralsScreen.directory", "DirectoryScreen.edit",
                     "DirectoryScreen.back", "ReferralsScreen.back")
@pytest.mark.parametrize("size", SIZES)
async def test_d_opens_the_directory_e_changes_an_entry_and_esc_walks_back(demo_db, size):
    async with signed_in("casey", "R", size=size) as pilot:
        app = pilot.app
        assert isinstance(app.screen, ReferralsScreen)
        directory = await press_opens(pilot, "d", DirectoryScreen)
        entry = directory.selected()
        await open_and_type(pilot, "e")
        form = app.screen
        assert isinstance(form, ResourceForm) and form.focused is form.query_one("#name")
        assert form.query_one("#name").value == entry.name  # the entry's own values
        form.query_one("#phone").focus()
        await pilot.press(*"555-0199")
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.screen is directory
        assert Resource.get_by_id(entry.id).phone == "555-0199"
        assert Resource.select().where(Resource.name == entry.name).count() == 1  # changed
        assert directory.selected().id == entry.id and directory.selected().phone == "555-0199"
        assert "Phone: 555-0199" in str(directory.query_one("#directory-detail").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReferralsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)


@pytest.mark.actions("ReferralList.packet", "PacketForm.save")
@pytest.mark.parametrize("size", SIZES)
async def test_x_writes_a_referral_packet_under_the_consent_and_logs_it(demo_db, size,
                                                                         tmp_path):
    referral = _referral_to("Outpatient counselling")
    consent = Consent.get(Consent.resident == referral.resident_id,
                          Consent.recipient == "Outpatient counselling")
    async with signed_in("casey", size=size) as pilot:
        app = pilot.app
        await _open(pilot, referral.resident_id, "tab-referrals")
        assert app.screen.query_one(ResidentReferrals).selected().id == referral.id
        await open_and_type(pilot, "x")
        form = app.screen
        assert isinstance(form, PacketForm) and form.focused is form.query_one("#for_whom")
        form.query_one("#path").value = str(tmp_path / "packet.txt")
        form.query_one("#fmt").value = "txt"
        await pilot.press("ctrl+s")  # no consent chosen: refused, nothing written
        await settle(pilot)
        assert app.screen is form and not (tmp_path / "packet.txt").exists()
        assert Disclosure.select().count() == 0
        form.query_one("#consent_id").value = consent.id
        await settle(pilot)  # choosing the consent fills in its recipient and purpose
        assert form.query_one("#recipient").value == "Outpatient counselling"
        assert form.query_one("#purpose").value == "Referral to treatment"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ResidentScreen)
        text = (tmp_path / "packet.txt").read_text()
        assert "Outpatient counselling" in text and "redisclos" in text.lower()
        logged = Disclosure.get(Disclosure.resident == referral.resident_id)
        assert logged.consent_id == consent.id and logged.what == "referral packet (txt)"
        assert _said(app, "the disclosure is logged")


@pytest.mark.actions("ReferralList.consent", "ConsentForm.save")
@pytest.mark.parametrize("size", SIZES)
async def test_c_draws_up_the_consent_a_referral_needs(demo_db, size):
    referral = _referral_to("Intensive outpatient program (IOP)")
    rid, iop = referral.resident_id, "Intensive outpatient program (IOP)"
    assert not Consent.select().where(Consent.resident == rid, Consent.recipient == iop).exists()
    async with signed_in("sam", size=size) as pilot:
        app = pilot.app
        await _open(pilot, rid, "tab-referrals")
        await open_and_type(pilot, "c")
        form = app.screen
        assert isinstance(form, ConsentForm) and form.focused is form.query_one("#recipient")
        assert form.query_one("#recipient").value == iop
        assert form.query_one("#purposes").text == f"Referral to {iop}"
        form.query_one("#information").value = "Name, contact details and the plan"
        form.query_one("#substance_use_info").text = "Whether in treatment"
        form.query_one("#expires_on").text = "in 90 days"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ResidentScreen)
        drawn = Consent.get(Consent.resident == rid, Consent.recipient == iop)
        assert not drawn.signed and drawn.recipient_kind == "treatment"
        assert drawn.purpose == f"Referral to {iop}"
        assert drawn.information == "Name, contact details and the plan"
        await pilot.press("5")  # the Consents tab lists the draft
        await settle(pilot, 2)
        assert app.screen.query_one(ConsentsPane).views[str(drawn.id)].status() == "draft"


@pytest.mark.parametrize("size", SIZES)
async def test_esc_closes_the_filled_in_consent_at_once_and_asks_in_sight_after_typing(
        demo_db, size):
    """What the referral filled in is not typing: one Esc closes the untouched form. After a
    word is typed Esc asks first, in words on the screen, even on a form taller than it."""
    referral = _referral_to("Intensive outpatient program (IOP)")
    async with signed_in("sam", size=size) as pilot:
        app = pilot.app
        await _open(pilot, referral.resident_id, "tab-referrals")
        await open_and_type(pilot, "c")
        assert isinstance(app.screen, ConsentForm)
        # Focusing the first field does not scroll the form past its title and hint.
        assert "Draw up a consent" in screenshot_text(app)
        assert "Esc cancels" in screenshot_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        await open_and_type(pilot, "c")
        form = app.screen
        await pilot.press(*"now")
        assert "now" in form.query_one("#recipient").value
        await pilot.press("escape")
        await settle(pilot, 2)
        assert app.screen is form
        assert "Press Esc again to discard" in screenshot_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        assert not Consent.select().where(Consent.resident == referral.resident_id,
                                          Consent.recipient.contains("IOP")).exists()


@pytest.mark.actions("ConsentsPane.edit", "ConsentForm.save")
@pytest.mark.parametrize("size", SIZES)
async def test_e_changes_a_draft_consent_and_refuses_a_signed_one(demo_db, size):
    signed = Consent.get(Consent.recipient == "Outpatient counselling")
    casey = auth.sign_in("casey", "2468").actor
    draft = consents.save_consent(casey, signed.resident_id, {
        "recipient": "Eastside Family Clinic", "recipient_kind": "treatment",
        "purposes": "Coordinating care", "information": "Plan goals",
        "substance_use_info": "Whether in treatment", "discloser": "Harbor House",
        "revoke_how": "Tell any staff member.", "expires_on": None,
        "expiry_event": "discharge"})
    async with signed_in("casey", size=size) as pilot:
        app = pilot.app
        await _open(pilot, signed.resident_id, "tab-consents")
        pane = app.screen.query_one(ConsentsPane)
        assert pane.selected().id == signed.id
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ResidentScreen)
        assert _said(app, "A signed consent cannot be changed")
        await pilot.press("down")
        assert pane.selected().id == draft.id
        await open_and_type(pilot, "e")
        form = app.screen
        assert isinstance(form, ConsentForm) and form.focused is form.query_one("#recipient")
        assert form.query_one("#information").value == "Plan goals"
        form.query_one("#information").value = "Plan goals and check-in summaries"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ResidentScreen)
        assert Consent.get_by_id(draft.id).information == "Plan goals and check-in summaries"
        assert Consent.select().where(Consent.resident == signed.resident_id).count() == 2
        assert pane.selected().id == draft.id
        assert "check-in summaries" in str(pane.query_one("#consent-detail").render())


@pytest.mark.actions("ConsentsPane.end", "EndForm.save")
@pytest.mark.parametrize("size", SIZES)
async def test_E_records_that_probation_ended_and_the_consent_permits_nothing(demo_db, size):
    consent = Consent.get(Consent.criminal_justice == True)  # noqa: E712 - the demo's 2.35
    async with signed_in("casey", size=size) as pilot:
        app = pilot.app
        await _open(pilot, consent.resident_id, "tab-consents")
        pane = app.screen.query_one(ConsentsPane)
        assert pane.selected().id == consent.id
        await open_and_type(pilot, "E")
        form = app.screen
        assert isinstance(form, EndForm) and form.end
        assert form.query_one("#on") in form.focused.ancestors  # the date field's input
        assert "Ends when the end of the probation term" in "\n".join(
            str(s.render()) for s in form.query(".form-hint"))
        form.query_one("#note").value = "Probation completed"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ResidentScreen)
        row = Consent.get_by_id(consent.id)
        assert row.ended_on == local_today() and row.ended_note == "Probation completed"
        assert row.revoked_on is None
        assert Event.select().where(Event.resident == consent.resident_id,
                                    Event.summary.contains("ended on")).exists()
        assert pane.selected().status() == "ended"
        await pilot.press("E")  # once ended, the key says so instead of opening the form
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        assert _said(app, "This consent is ended: there is no end event to record")


@pytest.mark.actions("AccountingScreen.print", "PrintAccountingForm.save",
                     "AccountingScreen.back")
@pytest.mark.parametrize("size", SIZES)
async def test_p_prints_the_accounting_and_esc_goes_back_to_the_consents(demo_db, size,
                                                                          tmp_path):
    consent = Consent.get(Consent.criminal_justice == True)  # noqa: E712
    rid = consent.resident_id
    casey = auth.sign_in("casey", "2468").actor
    plan_document.export_plan(casey, rid, "txt", str(tmp_path / "plan.txt"), disclosure={
        "consent_id": consent.id, "recipient": OFFICER, "purpose": "Probation compliance"})
    async with signed_in("casey", size=size) as pilot:
        app = pilot.app
        await _open(pilot, rid, "tab-consents")
        accounting = await press_opens(pilot, "A", AccountingScreen)
        await open_and_type(pilot, "p")
        form = app.screen
        assert isinstance(form, PrintAccountingForm)
        assert form.focused is form.query_one("#fmt")
        form.query_one("#fmt").value = "txt"
        form.query_one("#path").value = str(tmp_path / "accounting.txt")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is accounting
        text = (tmp_path / "accounting.txt").read_text()
        assert text.startswith("ACCOUNTING OF DISCLOSURES: ")
        assert "to Officer Dana Reyes" in text and "for Probation compliance" in text
        assert _said(app, "Written to")
        assert AuditLog.get(AuditLog.action == "export", AuditLog.table_name == "disclosure",
                            AuditLog.resident_id == rid).detail == "accounting txt"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        assert app.screen.query_one(ConsentsPane).selected().id == consent.id
