"""Pilot: the Consents tab (draw up, print, sign, revoke), a plan export through a consent
(allowed for the named officer, refused for anyone else, refused once revoked), the
accounting of disclosures, and the front desk seeing none of it; at 100x30 and 80x24."""

from __future__ import annotations

import pytest
from helpers import open_and_type, settle, sign_in, signed_in

from peer_tui.models.disclosures import Disclosure
from peer_tui.models.people import Consent, Resident
from peer_tui.screens.consent_forms import ConsentForm, EndForm, SignatureForm
from peer_tui.screens.consents_view import AccountingScreen, ConsentsPane
from peer_tui.screens.plan_forms import ExportForm
from peer_tui.screens.resident import ResidentScreen

OFFICER = "Officer Dana Reyes, County Probation Office"


def _probation_resident() -> tuple[int, int]:
    c = Consent.get(Consent.criminal_justice == True)  # noqa: E712 - the demo's 2.35 one
    return c.resident_id, c.id


def _without_consents() -> int:
    with_consents = {c.resident_id for c in Consent.select(Consent.resident)}
    return next(r.id for r in Resident.select().where(Resident.status == "active")
                .order_by(Resident.id) if r.id not in with_consents)


async def _open(pilot, rid: int, tab: str = "tab-consents") -> None:
    pilot.app.push_screen(ResidentScreen(rid, tab=tab))
    await settle(pilot, 2)


def _said(app, words: str) -> bool:
    return any(words in str(n.message) for n in app._notifications)


@pytest.mark.actions(
    "ConsentForm.save",
    "ConsentsPane.new",
    "ConsentsPane.print",
    "ConsentsPane.sign",
    "PrintConsentForm.save",
    "SignatureForm.save")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_draw_up_keeps_typing_on_errors_then_sign_and_print(demo_db, size, tmp_path):
    rid = _without_consents()
    async with signed_in("pat", size=size) as pilot:
        app = pilot.app
        await _open(pilot, rid)
        await open_and_type(pilot, "c", "[", "b", "]", "\u00c5")
        form = app.screen
        assert isinstance(form, ConsentForm) and form.focused is form.query_one("#recipient")
        assert form.query_one("#recipient").value == "[b]\u00c5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "Required" in str(form.query_one("#err-purposes").render())
        assert form.query_one("#recipient").value == "[b]\u00c5"  # nothing lost
        form.query_one("#purposes").text = "Care coordination\n\nRefill \u2603 check"
        form.query_one("#information").value = "Plan goals"
        form.query_one("#substance_use_info").text = "Whether in treatment"
        form.query_one("#expires_on").text = "in 2 weeks"
        form.query_one("#revoke_how").value = "x" * 1001  # huge: said, and kept
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "Too long" in str(form.query_one("#err-revoke_how").render())
        assert form.query_one("#purposes").text.startswith("Care coordination")
        form.query_one("#revoke_how").value = "Tell any staff member."
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ResidentScreen)
        consent = Consent.get(Consent.resident == rid)
        assert consent.recipient == "[b]\u00c5" and not consent.signed
        assert consent.purpose == "Care coordination\nRefill \u2603 check"
        pane = app.screen.query_one(ConsentsPane)
        assert pane.selected().id == consent.id and pane.selected().status() == "draft"
        await open_and_type(pilot, "s")
        assert isinstance(app.screen, SignatureForm)
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert Consent.get_by_id(consent.id).signed
        assert pane.selected().status() == "in effect"
        await open_and_type(pilot, "p")
        app.screen.query_one("#path").value = str(tmp_path / "consent.txt")
        app.screen.query_one("#fmt").value = "txt"
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = (tmp_path / "consent.txt").read_text()
        assert "[b]\u00c5" in text and "Signed on paper on" in text


async def test_a_plan_export_goes_to_the_named_officer_only_and_stops_when_revoked(
        demo_db, tmp_path):
    rid, consent_id = _probation_resident()
    async with signed_in("casey") as pilot:
        app = pilot.app
        await _open(pilot, rid, tab="tab-plan")

        async def export(recipient: str, name: str) -> ExportForm:
            await open_and_type(pilot, "x", "s", "o", "m", "e")
            form = app.screen
            assert isinstance(form, ExportForm) and form.focused is form.query_one("#for_whom")
            assert form.query_one("#for_whom").value == "consent"
            if consent_id in form._consents:  # only the consents in effect are offered
                form.query_one("#consent_id").value = consent_id
                await pilot.pause()
                assert form.query_one("#recipient").value == OFFICER  # from the consent
            form.query_one("#recipient").value = recipient
            form.query_one("#path").value = str(tmp_path / name)
            await pilot.press("ctrl+s")
            await settle(pilot)
            return form

        await export(OFFICER, "officer.html")
        assert (tmp_path / "officer.html").exists() and not isinstance(app.screen, ExportForm)
        assert Disclosure.select().where(Disclosure.consent == consent_id).count() == 1
        refused = await export("The Daily News", "news.html")
        assert app.screen is refused and not (tmp_path / "news.html").exists()
        assert "Refused: the consent names" in str(refused.query_one("#err-recipient").render())
        refused.dismiss(None)
        await settle(pilot)
        Consent.update(revoked_on=Consent.signed_on).where(Consent.id == consent_id).execute()
        again = await export(OFFICER, "again.html")  # the revoked consent is not offered
        assert app.screen is again and not (tmp_path / "again.html").exists()
        assert again.query_one("#err-purpose").display  # nothing names what it is for
        assert Disclosure.select().count() == 1


@pytest.mark.actions("ConsentsPane.accounting")
async def test_the_accounting_lists_the_disclosure(demo_db, tmp_path):
    rid, consent_id = _probation_resident()
    from peer_tui.services import auth, plan_document

    actor = auth.sign_in("casey", "2468").actor
    plan_document.export_plan(actor, rid, "txt", str(tmp_path / "p.txt"), disclosure={
        "consent_id": consent_id, "recipient": OFFICER, "purpose": "Probation compliance"})
    async with signed_in("sam", size=(80, 24)) as pilot:
        app = pilot.app
        await _open(pilot, rid)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, AccountingScreen)
        table = app.screen.query_one("#accounting-table")
        assert table.row_count == 1 and "Officer Dana Reyes" in str(table.get_row_at(0)[2])


@pytest.mark.actions("ConsentsPane.revoke", "EndForm.save")
async def test_revoking_a_2_35_consent_asks_that_its_event_happened(demo_db):
    rid, consent_id = _probation_resident()
    async with signed_in("casey") as pilot:
        app = pilot.app
        await _open(pilot, rid)
        await open_and_type(pilot, "r")
        form = app.screen
        assert isinstance(form, EndForm)
        assert form.query_one("#on") in form.focused.ancestors  # the date field's input
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "cannot be revoked until" in str(
            form.query_one("#err-event_occurred").render())
        form.query_one("#event_occurred").value = True
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert Consent.get_by_id(consent_id).revoked_on is not None
        pane = app.screen.query_one(ConsentsPane)
        assert str(consent_id) in pane.views  # still listed; permits nothing
        await pilot.press("r")
        await pilot.pause()
        assert _said(app, "is revoked: there is nothing to revoke")


async def test_front_desk_has_no_consents_tab_or_keys(demo_db):
    rid, _ = _probation_resident()
    async with signed_in("frank") as pilot:
        app = pilot.app
        await _open(pilot, rid)
        assert not app.screen.query("#tab-consents") and not app.screen.query(ConsentsPane)
        card = str(app.screen.query_one("#resident-card").render())
        assert "Consents" not in card and "Probation" not in card
        await pilot.press("5")
        await pilot.pause()
        assert _said(app, "cannot open plans, the timeline, referrals or consents")
