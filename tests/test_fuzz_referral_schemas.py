"""Referral, directory, consent and disclosure inputs, fuzzed through their services
(hypothesis): accepted, or refused with one-line sentences keyed by real fields (or '' for
the whole form) and nothing written, not even an audit row."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_schemas import DATES, FUZZ, TEXT

from peer_tui.models.consent_schemas import (ConsentInput, DisclosureInput, EndInput,
                                             SignatureInput)
from peer_tui.models.db import database
from peer_tui.models.people import House, Resident
from peer_tui.models.referral_schemas import ReferralInput, ResourceInput, StageInput
from peer_tui.services import consents, directory, disclosures, referrals
from peer_tui.services.errors import InvalidInput

SCHEMAS = {ReferralInput, ResourceInput, StageInput, ConsentInput, SignatureInput, EndInput,
           DisclosureInput}
TABLES = ("referral", "referral_step", "resource", "consent", "disclosure", "audit_log",
          "event")
BOOL = st.one_of(st.booleans(), st.sampled_from(["yes", "", None, 2]))
ID = st.one_of(st.none(), st.integers(-2, 5), st.sampled_from(["1", "x"]))


def _counts() -> dict[str, int]:
    return {t: database.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
            for t in TABLES}


def _check(call, fields: set[str]) -> None:
    before = _counts()
    try:
        call()
    except InvalidInput as exc:
        assert exc.errors and set(exc.errors) <= fields | {""}, exc.errors
        assert all(m and "\n" not in m for m in exc.errors.values()), exc.errors
        assert _counts() == before


@pytest.fixture
def rid(admin):
    return Resident.create(first_name="A", last_name="B", house=House.create(name="H")).id


@FUZZ
@given(data=st.fixed_dictionaries({
    "resource_id": ID, "provider_name": TEXT, "provider_contact": TEXT, "needs_consent": BOOL,
    "goal_id": ID, "domain_key": st.sampled_from(["housing", "", "zzz"]),
    "method": st.sampled_from(["self_refer", "fax", ""]), "made_on": DATES,
    "next_check_on": DATES, "note": TEXT}))
def test_referral_inputs(admin, rid, data):
    _check(lambda: referrals.make_referral(admin, rid, data), set(ReferralInput.model_fields))


@FUZZ
@given(data=st.fixed_dictionaries({
    "stage": st.sampled_from(["contacted", "closed", "engaged", "x", ""]), "on": DATES,
    "note": TEXT, "next_check_on": DATES, "reason": TEXT}))
def test_stage_inputs(admin, rid, data):
    view = referrals.make_referral(admin, rid, {"provider_name": "P", "domain_key": "housing",
                                                "method": "self_refer",
                                                "made_on": date(2020, 1, 1)})
    _check(lambda: referrals.move_referral(admin, view.id, data), set(StageInput.model_fields))


@FUZZ
@given(data=st.fixed_dictionaries({
    "name": TEXT, "category": st.sampled_from(["housing", "zoo", ""]),
    "pathway": st.sampled_from(["clinical", "x"]), "description": TEXT, "address": TEXT,
    "phone": TEXT, "hours": TEXT, "website": TEXT, "needs_consent": BOOL}))
def test_resource_inputs(admin, data):
    _check(lambda: directory.save_resource(admin, None, data), set(ResourceInput.model_fields))


CONSENT = st.fixed_dictionaries({
    "recipient": TEXT, "recipient_general": BOOL,
    "recipient_kind": st.sampled_from(["probation", "family", "x"]), "purposes": TEXT,
    "information": TEXT, "substance_use_info": TEXT, "discloser": TEXT, "expires_on": DATES,
    "expiry_event": TEXT, "revoke_how": TEXT, "criminal_justice": BOOL,
    "irrevocable_until": TEXT})


@FUZZ
@given(data=CONSENT)
def test_consent_inputs(admin, rid, data):
    _check(lambda: consents.save_consent(admin, rid, data), set(ConsentInput.model_fields))


def _draft(admin, rid):
    return consents.save_consent(admin, rid, {
        "recipient": "R", "purposes": "P", "information": "I", "substance_use_info": "S",
        "discloser": "D", "expiry_event": "E", "revoke_how": "H"})


@FUZZ
@given(sign=st.fixed_dictionaries({"signed_on": DATES, "witnessed_by": ID,
                                   "scan_path": TEXT}),
       end=st.fixed_dictionaries({"on": DATES, "note": TEXT, "event_occurred": BOOL}),
       ask=st.fixed_dictionaries({"consent_id": ID, "recipient": TEXT, "purpose": TEXT,
                                  "emergency": BOOL, "emergency_reason": TEXT}))
def test_signature_end_and_disclosure_inputs(admin, rid, sign, end, ask):
    draft = _draft(admin, rid)
    _check(lambda: consents.record_signature(admin, draft.id, sign),
           set(SignatureInput.model_fields))
    _check(lambda: consents.revoke_consent(admin, draft.id, end), set(EndInput.model_fields))
    _check(lambda: disclosures.authorize(admin, rid, ask), set(DisclosureInput.model_fields))
