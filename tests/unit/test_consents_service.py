"""Consents (42 CFR 2.31, 2.35) and the disclosures they govern (2.24, 2.32, 2.51):
expiry, revocation, the end event, coverage by recipient and purpose, the log, the
accounting, the printed form, and who may do what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import each_raises

from peer_tui.models.audit import AuditLog
from peer_tui.models.disclosures import Disclosure
from peer_tui.models.events import Event
from peer_tui.models.people import Consent, House, Resident
from peer_tui.services import consent_document, consents, disclosures, plan_document
from peer_tui.services.errors import InvalidInput, PermissionDenied
from peer_tui.timeutil import local_today

TODAY = local_today()
OFFICER = "Officer Dana Reyes, County Probation Office"


@pytest.fixture
def rid(db):
    return Resident.create(first_name="Ana", last_name="Silva",
                           house=House.create(name="Test House")).id


def consent_data(**changes) -> dict:
    data = {"recipient": OFFICER, "recipient_kind": "probation",
            "purposes": "Probation compliance\nCourt progress report",
            "information": "Attendance, check-in summaries and the recovery plan",
            "substance_use_info": "Drug-test results and whether I attend treatment",
            "discloser": "Harbor House peer recovery program",
            "expires_on": TODAY + timedelta(days=180),
            "revoke_how": "In writing or by telling any staff member.",
            "criminal_justice": True, "irrevocable_until": "my probation ends"}
    data.update(changes)
    return data


def signed(actor, rid, signed_on=TODAY - timedelta(days=10), **changes):
    view = consents.save_consent(actor, rid, consent_data(**changes))
    return consents.record_signature(actor, view.id, {"signed_on": signed_on,
                                                      "witnessed_by": actor.id})


def ask(actor, rid, consent_id, recipient=OFFICER, purpose="Probation compliance", **more):
    return disclosures.authorize(actor, rid, {"consent_id": consent_id, "recipient": recipient,
                                              "purpose": purpose, **more})


def test_a_draft_has_every_element_permits_nothing_until_signed(admin, rid):
    draft = consents.save_consent(admin, rid, consent_data())
    assert draft.status() == "draft" and not draft.permits()
    assert draft.purposes == ("Probation compliance", "Court progress report")
    with pytest.raises(InvalidInput, match="draft"):
        ask(admin, rid, draft.id)
    done = consents.record_signature(admin, draft.id, {
        "signed_on": TODAY, "witnessed_by": admin.id, "scan_path": "scans/ana-roi.pdf"})
    assert done.permits() and done.signature == (
        f"signed on paper on {TODAY.isoformat()}, witnessed by Ada Admin")
    assert ask(admin, rid, done.id).consent_id == done.id
    with pytest.raises(InvalidInput, match="already recorded"):
        consents.record_signature(admin, done.id, {"signed_on": TODAY, "witnessed_by": 1})
    with pytest.raises(InvalidInput, match="cannot be changed"):
        consents.save_consent(admin, rid, consent_data(), consent_id=done.id)


@pytest.mark.parametrize("changes, field", [
    ({"recipient": ""}, "recipient"),
    ({"purposes": " \n \n"}, "purposes"),
    ({"purposes": "x" * 301}, "purposes"),
    ({"substance_use_info": ""}, "substance_use_info"),
    ({"information": ""}, "information"),
    ({"discloser": ""}, "discloser"),
    ({"revoke_how": ""}, "revoke_how"),
    ({"expires_on": None, "expiry_event": ""}, ""),  # no end at all
    ({"criminal_justice": False}, ""),  # irrevocable, but not criminal justice
    ({"recipient_kind": "family"}, ""),  # criminal justice to a family member
    ({"recipient_kind": "spaceship"}, "recipient_kind"),
    ({"recipient": "[b]x[/b]\x1b[2J"}, "recipient"),
    ({"recipient": "x" * 201}, "recipient"),
])
def test_a_consent_missing_an_element_is_refused_in_words(admin, rid, changes, field):
    with pytest.raises(InvalidInput) as err:
        consents.save_consent(admin, rid, consent_data(**changes))
    assert field in err.value.errors
    assert Consent.select().count() == 0


def test_expiry_by_date(admin, rid):
    c = signed(admin, rid, expires_on=TODAY)
    assert c.permits(TODAY) and not c.permits(TODAY + timedelta(days=1))
    assert c.status(TODAY + timedelta(days=1)) == "expired"
    Consent.update(expires_on=TODAY - timedelta(days=1)).where(Consent.id == c.id).execute()
    with pytest.raises(InvalidInput, match="expired and permits nothing"):
        ask(admin, rid, c.id)


def test_a_signature_after_the_expiry_or_in_the_future_is_refused(admin, rid):
    draft = consents.save_consent(admin, rid, consent_data(expires_on=TODAY))
    with pytest.raises(InvalidInput, match="today or earlier"):
        consents.record_signature(admin, draft.id, {"signed_on": TODAY + timedelta(days=1),
                                                    "witnessed_by": admin.id})
    Consent.update(expires_on=TODAY - timedelta(days=2)).where(Consent.id == draft.id).execute()
    with pytest.raises(InvalidInput, match="already have expired"):
        consents.record_signature(admin, draft.id, {"signed_on": TODAY,
                                                    "witnessed_by": admin.id})


def test_revocation_is_a_dated_event_the_consent_stays_and_permits_nothing(admin, rid):
    c = signed(admin, rid, criminal_justice=False, irrevocable_until="",
               recipient_kind="treatment", recipient="Dr. Okafor")
    revoked = consents.revoke_consent(admin, c.id, {"on": TODAY, "note": "Said so at intake"})
    assert revoked.status() == "revoked" and revoked.revoked_by == "Ada Admin"
    assert [v.id for v in consents.list_consents(admin, rid)] == [c.id]  # still visible
    assert not consents.consents_in_effect(admin, rid)
    with pytest.raises(InvalidInput, match="revoked and permits nothing"):
        ask(admin, rid, c.id, recipient="Dr. Okafor")
    with pytest.raises(InvalidInput, match="already revoked"):
        consents.revoke_consent(admin, c.id, {"on": TODAY})
    assert Event.select().where(Event.summary.contains("revoked on")).exists()


def test_a_revocation_dated_ahead_or_before_signing_is_refused(admin, rid):
    c = signed(admin, rid, criminal_justice=False, irrevocable_until="")
    with pytest.raises(InvalidInput, match="today or earlier"):
        consents.revoke_consent(admin, c.id, {"on": TODAY + timedelta(days=1)})
    with pytest.raises(InvalidInput, match="on or after"):
        consents.revoke_consent(admin, c.id, {"on": TODAY - timedelta(days=30)})


def test_a_criminal_justice_consent_is_irrevocable_until_its_event(admin, rid):
    c = signed(admin, rid)
    with pytest.raises(InvalidInput, match="cannot be revoked until my probation ends"):
        consents.revoke_consent(admin, c.id, {"on": TODAY})
    assert consents.get_consent(admin, c.id).permits()
    done = consents.revoke_consent(admin, c.id, {"on": TODAY, "event_occurred": True,
                                                 "note": "Discharged from probation"})
    assert done.status() == "revoked"


def test_the_end_event_ends_a_consent(admin, rid):
    c = signed(admin, rid, expires_on=None, expiry_event="the end of my probation term")
    assert c.ends == "when the end of my probation term"
    ended = consents.end_consent(admin, c.id, {"on": TODAY})
    assert ended.status() == "ended" and not ended.permits()
    dated = signed(admin, rid, criminal_justice=False, irrevocable_until="")
    with pytest.raises(InvalidInput, match="ends on a date"):
        consents.end_consent(admin, dated.id, {"on": TODAY})


def test_coverage_by_recipient_and_purpose(admin, rid):
    c = signed(admin, rid)
    ok = ask(admin, rid, c.id, recipient="  officer dana REYES,  county probation office ")
    assert ok.consent_id == c.id
    with pytest.raises(InvalidInput) as err:
        ask(admin, rid, c.id, recipient="The Daily News")
    assert "names Officer Dana Reyes" in err.value.errors["recipient"]
    with pytest.raises(InvalidInput) as err:
        ask(admin, rid, c.id, purpose="Employment screening")
    assert "is for Probation compliance; Court progress report" in err.value.errors["purpose"]
    assert ask(admin, rid, c.id, purpose="court progress report").purpose


def test_a_general_designation_covers_a_named_recipient_within_it(admin, rid):
    c = signed(admin, rid, criminal_justice=False, irrevocable_until="",
               recipient_kind="treatment", recipient_general=True,
               recipient="My treating providers at Eastside Health")
    assert ask(admin, rid, c.id, recipient="Dr. Lee, Eastside Health").recipient == \
        "Dr. Lee, Eastside Health"


def test_another_residents_consent_or_none_is_refused(admin, rid):
    other = Resident.create(first_name="B", last_name="C", house=House.get()).id
    c = signed(admin, other)
    with pytest.raises(InvalidInput, match="not this resident"):
        ask(admin, rid, c.id)
    with pytest.raises(InvalidInput, match="Choose the consent"):
        disclosures.authorize(admin, rid, {"recipient": OFFICER, "purpose": "x"})


def test_an_emergency_needs_its_reason_and_is_recorded_as_such(admin, rid):
    with pytest.raises(InvalidInput, match="Describe the medical emergency"):
        disclosures.authorize(admin, rid, {"recipient": "ER, St. Mary's", "purpose": "x",
                                           "emergency": True})
    a = disclosures.authorize(admin, rid, {
        "recipient": "Dr. Kim, St. Mary's ER", "purpose": "x", "emergency": True,
        "emergency_reason": "Unresponsive after an overdose; needs the medication list"})
    assert a.emergency and a.consent_id is None and a.purpose.startswith("medical emergency")


def test_a_plan_export_for_the_officer_is_logged_noticed_and_accounted(admin, rid, tmp_path):
    c = signed(admin, rid)
    path = plan_document.export_plan(admin, rid, "txt", str(tmp_path / "plan.txt"),
                                     disclosure={"consent_id": c.id, "recipient": OFFICER,
                                                 "purpose": "Probation compliance"})
    text = path.read_text()
    assert f"to {OFFICER}, for Probation compliance, under the consent signed" in text
    assert "prohibit you from making any further disclosure" in text
    d = Disclosure.get()
    assert (d.consent_id, d.recipient, d.staff_id) == (c.id, OFFICER, admin.id)
    assert AuditLog.select().where(AuditLog.action == "disclose").count() == 1
    rows = disclosures.accounting(admin, rid)
    assert [(r.recipient, r.consent_id, r.what) for r in rows] == [
        (OFFICER, c.id, "recovery plan (txt)")]
    with pytest.raises(InvalidInput, match="names Officer"):
        plan_document.export_plan(admin, rid, "txt", str(tmp_path / "news.txt"), disclosure={
            "consent_id": c.id, "recipient": "The Daily News", "purpose": "Probation "
                                                                         "compliance"})
    assert not (tmp_path / "news.txt").exists() and Disclosure.select().count() == 1
    consents.revoke_consent(admin, c.id, {"on": TODAY, "event_occurred": True})
    with pytest.raises(InvalidInput, match="revoked"):
        plan_document.export_plan(admin, rid, "html", str(tmp_path / "again.html"),
                                  disclosure={"consent_id": c.id, "recipient": OFFICER,
                                              "purpose": "Probation compliance"})
    accounted = disclosures.accounting_document(admin, rid, "txt", str(tmp_path / "acc.txt"))
    assert "Recovery plan (txt) to Officer Dana Reyes".lower() in \
        accounted.read_text().lower().replace("\n  ", " ")


def test_the_accounting_covers_three_years(admin, rid):
    from datetime import datetime

    c = signed(admin, rid)
    for years_ago, days in ((2, 0), (3, -1), (3, 2)):
        Disclosure.create(resident=rid, consent=c.id, recipient="X", purpose="p", what="w",
                          at=datetime.combine(TODAY.replace(year=TODAY.year - years_ago),
                                              datetime.min.time()) + timedelta(days=days,
                                                                               hours=12))
    assert len(disclosures.accounting(admin, rid)) == 2  # the one older than 3 years is out


def test_the_printed_form_has_every_element(admin, rid, tmp_path):
    draft = consents.save_consent(admin, rid, consent_data(recipient="<script>x</script>"))
    html_path = consent_document.consent_document(admin, draft.id, "html",
                                                  str(tmp_path / "c.html"))
    page = html_path.read_text()
    assert "&lt;script&gt;" in page and "<script>x" not in page
    text = consent_document.consent_document(admin, draft.id, "txt",
                                             str(tmp_path / "c.txt")).read_text()
    for element in ("Ana Silva", "Harbor House peer recovery program", "<script>x</script>",
                    "Attendance, check-in summaries", "Drug-test results",
                    "1. Probation compliance", "2. Court progress report",
                    "In writing or by telling any staff member", "cannot be revoked until my",
                    "Resident's signature: ____", "Witnessed by (staff)",
                    (TODAY + timedelta(days=180)).isoformat()):
        assert element in text, element
    with pytest.raises(InvalidInput, match="already exists"):
        consent_document.consent_document(admin, draft.id, "txt", str(tmp_path / "c.txt"))


def test_front_desk_sees_no_consents_and_discloses_nothing(desk, admin, rid, tmp_path):
    c = signed(admin, rid)
    each_raises(PermissionDenied, [
        lambda: consents.list_consents(desk, rid),
        lambda: consents.get_consent(desk, c.id),
        lambda: consents.save_consent(desk, rid, consent_data()),
        lambda: consents.revoke_consent(desk, c.id, {"on": TODAY}),
        lambda: ask(desk, rid, c.id),
        lambda: disclosures.accounting(desk, rid),
        lambda: consent_document.consent_document(desk, c.id, "txt", str(tmp_path / "x")),
    ])


def test_peer_specialists_manage_consents_and_every_view_is_audited(pat, rid):
    c = signed(pat, rid)
    consents.list_consents(pat, rid)
    consents.get_consent(pat, c.id)
    disclosures.accounting(pat, rid)
    views = AuditLog.select().where(AuditLog.action == "view", AuditLog.actor_id == pat.id)
    assert {a.table_name for a in views} == {"consent", "disclosure"} and views.count() == 3


def _reasons(rid) -> tuple[tuple[str, ...], bool]:
    from peer_tui.models.base import utcnow
    from peer_tui.services import attention

    t, now = attention.Thresholds(), utcnow()
    row = Resident.select(Resident, *attention.extra_columns(TODAY)).where(
        Resident.id == rid).objects().get()
    in_sql = Resident.select().where(Resident.id == rid,
                                     attention.condition(t, TODAY, now, True)).exists()
    reasons = tuple(r for r in attention.signals(row, t, TODAY, now, True).reasons
                    if "consent" in r)
    return reasons, in_sql


@pytest.fixture
def calm(rid):
    """The resident needs nothing else."""
    from peer_tui.models.base import utcnow

    Resident.update(summary_last_contact_at=utcnow(), summary_last_checkin_at=utcnow()) \
        .where(Resident.id == rid).execute()
    return rid


@pytest.mark.parametrize("days, reason", [
    (0, "a consent expires today"), (1, "a consent expires in 1 day"),
    (14, "a consent expires in 14 days"), (15, None), (-1, None)])
def test_a_consent_expiring_in_14_days_needs_attention(admin, calm, days, reason):
    c = signed(admin, calm, expires_on=TODAY + timedelta(days=max(days, 0)))
    if days < 0:  # already expired: it permits nothing, and says nothing here
        Consent.update(expires_on=TODAY + timedelta(days=days)).where(
            Consent.id == c.id).execute()
    reasons, in_sql = _reasons(calm)
    assert reasons == ((reason,) if reason else ()) and in_sql == bool(reason)


def test_a_revoked_consent_expiring_soon_needs_nothing(admin, calm):
    c = signed(admin, calm, expires_on=TODAY + timedelta(days=3), criminal_justice=False,
               irrevocable_until="")
    consents.revoke_consent(admin, c.id, {"on": TODAY})
    assert _reasons(calm) == ((), False)


def test_a_referral_waiting_on_a_missing_consent_needs_attention(admin, calm):
    from peer_tui.models.resources import Resource
    from peer_tui.services import referrals

    referrals.make_referral(admin, calm, {
        "resource_id": Resource.get(Resource.name == "Outpatient counselling").id,
        "domain_key": "substance_use", "method": "warm_handoff", "made_on": TODAY})
    assert _reasons(calm) == (("1 referral waiting on a consent",), True)
    other = signed(admin, calm, recipient="Someone else", criminal_justice=False,
                   irrevocable_until="", recipient_kind="treatment")
    assert _reasons(calm)[0] == ("1 referral waiting on a consent",)
    c = signed(admin, calm, recipient="OUTPATIENT counselling", criminal_justice=False,
               irrevocable_until="", recipient_kind="treatment", expires_on=None,
               expiry_event="treatment ends")
    assert _reasons(calm) == ((), False)
    consents.revoke_consent(admin, c.id, {"on": TODAY})
    assert _reasons(calm) == (("1 referral waiting on a consent",), True)
    del other
