"""The demo's last month gives every section of the program report something to count, so a
newcomer sees a real report (and the checks in the report's own tests still hold)."""

from __future__ import annotations

from datetime import date

import pytest

from peer_tui import demo
from peer_tui.models.people import Resident
from peer_tui.services import auth, program_report
from peer_tui.services.report_scope import month_period

TODAY = date(2026, 11, 26)


@pytest.fixture
def october(db):
    demo.populate(today=TODAY)
    casey = auth.sign_in("casey", "2468").actor
    report = program_report.program_report(casey, month_period("2026-10"), today=TODAY,
                                           internal=True)
    return {(s.key, f.measure, f.breakdown): f.value for s in report.sections
            for f in s.figures}


def test_stays_ended_last_month_in_three_ways(october):
    assert october[("residents", "discharged", "")] == 3
    for kind in ("completed", "left", "asked_to_leave"):
        assert october[("residents", "discharged_by_reason", kind)] == 1, kind
    kai = Resident.get(Resident.first_name == "Kai")  # admitted and discharged in October
    assert kai.intake_date.month == kai.discharge_date.month == 10
    assert october[("residents", "length_of_stay_mean", "")] is not None


def test_concerns_meetings_and_interviews_of_last_month(october):
    assert october[("concerns", "concerns_raised", "")] == 3
    assert october[("concerns", "concerns_open_at_end", "")] == 1
    assert october[("concerns", "urgent_ack_median_minutes", "")] == 25
    assert october[("engagement", "meetings", "")] > 0
    assert october[("engagement", "meetings_by_pathway", "clinical")] > 0
    for outcome in ("done_in_window", "late", "missed"):
        assert october[("interviews", f"interviews_{outcome}", "")] >= 1, outcome


def test_the_demo_summary_counts_every_resident(db):
    line = demo.populate(today=TODAY)
    assert f"{Resident.select().count()} residents" in line
