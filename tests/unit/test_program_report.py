"""The program report's figures against hand counts on a small house, October 2026.

Residents (all in one house unless said):
  A  admitted 2026-09-01, active; peer pat, case manager casey; contacts all month
  B  admitted 2026-10-05, discharged 2026-10-20 "left" (in and out in the same month)
  C  admitted 2026-06-01, discharged 2026-10-10 "completed" (131 days); a voided contact
  G  first saved with intake 2026-09-20, corrected to 2026-10-02 (a corrected date)
  D  admitted 2026-11-02 (after the month), E waitlisted, F discharged 2026-09-30: not served
Contacts: A's Nov 2 contact corrected to Oct 31 (counts in October), A's Oct 20 contact
corrected to Nov 3 (counts in neither place in October), C's Oct 8 contact voided.
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers import at, report_house
from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.services import auth, program_report
from peer_tui.services.errors import InvalidInput, PermissionDenied
from peer_tui.services.report_scope import Period, Scope, month_period, shift_month

# Its figures come from SQL written for both databases (a house's conditions especially).
pytestmark = pytest.mark.both_backends

OCTOBER = month_period("2026-10")
TODAY = date(2026, 11, 26)


@pytest.fixture
def house(admin):
    return report_house(admin)


def report(actor, **kw):
    return program_report.program_report(actor, OCTOBER, today=TODAY, **kw)


def test_residents_served_admitted_discharged_and_stays(admin, house):
    s = report(admin).section("residents")
    assert s.value("served") == 4  # A B C G
    assert s.value("admitted") == 2  # B, and G by its corrected intake date
    assert s.value("discharged") == 2
    reasons = {f.breakdown: f.value for f in s.breakdown("discharged_by_reason")}
    assert reasons == {"completed": 1, "other_housing": 0, "left": 1, "asked_to_leave": 0,
                       "higher_care": 0, "not_recorded": 0}
    assert s.value("length_of_stay_mean") == 73.0  # (15 + 131) / 2
    assert s.value("length_of_stay_median") == 73.0
    days = {f.breakdown: f.value for f in s.breakdown("occupancy_by_day")}
    assert len(days) == 31
    assert days["2026-10-01"] == 2  # A C
    assert days["2026-10-02"] == 3  # A C G
    assert days["2026-10-05"] == 4  # A B C G
    assert days["2026-10-10"] == 3  # C left that day: A B G
    assert days["2026-10-20"] == 2  # B left that day: A G


def test_engagement_counts_what_counts(admin, house):
    s = report(admin).section("engagement")
    channels = {f.breakdown: f.value for f in s.breakdown("contacts_by_channel")}
    # A: Oct 3, 10 (phone), 17, 24 (text), 31 (corrected from Nov 2); C: Oct 1 (video).
    # Not: C's voided Oct 8, A's Oct 20 (corrected to Nov 3).
    assert channels == {"in_person": 3, "phone": 1, "video": 1, "text": 1}
    assert s.value("contacts") == 6
    roles = {f.breakdown: f.value for f in s.breakdown("contacts_by_role") if f.value}
    assert roles == {"motivator": 2, "planner": 1, "none": 4}
    assert len(s.breakdown("contacts_by_role")) == 17  # the 16 roles and "none"
    # 30 + 15 + 20 + 45 + 60 minutes of contacts, and the one group's hour once: 230 min.
    assert s.value("peer_support_hours") == 3.8
    assert s.value("peer_support_hours_by_kind", "group") == 1.0
    # B (never contacted, 7 days from intake), C (voided contact does not count), G.
    assert s.value("no_contact_7_days") == 3
    assert (s.value("group_sessions"), s.value("group_attendances"),
            s.value("group_attendees")) == (1, 3, 3)
    assert s.value("kiosk_checkins") == 4  # A 3, G 1 (G's staff-recorded one is not kiosk)
    assert s.value("kiosk_checkin_residents") == 2
    # Whole weeks in the house: A 3 (checked in each), G 3 (one), B 2 (none); C none.
    share = s.get("weekly_checkin_share")
    assert (share.value, share.n) == (0.333, 3)
    assert s.value("meetings_by_pathway", "non_clinical") == 1
    assert s.value("meetings_by_pathway", "clinical") == 1
    assert s.value("meetings") == 2


def test_concerns(admin, house):
    s = report(admin).section("concerns")
    assert s.value("concerns_raised") == 4
    assert s.value("concerns_raised_by_severity", "urgent") == 3
    assert s.value("concerns_resolved") == 2  # A's urgent, and B's raised in September
    assert s.value("concerns_open_at_end") == 3  # G's, C's, and A's high resolved Nov 2
    assert s.value("urgent_ack_median_minutes") == 75.0  # 30 and 120
    assert s.value("urgent_not_acknowledged") == 1


def test_per_staff_for_supervision(admin, house):
    s = report(admin).section("staff")
    assert s.value("staff_caseload", "pat") == 4  # A B C G
    assert s.value("staff_caseload", "casey") == 2  # A G
    assert s.value("staff_contacts", "pat") == 5
    assert s.value("staff_contacts", "casey") == 1
    assert s.value("staff_hours", "pat") == round((30 + 15 + 20 + 45 + 60) / 60, 1)
    assert s.value("staff_hours", "casey") == 1.0
    assert s.value("staff_overdue", "pat") == 1  # A's, due Oct 20; not the Nov 5 one
    assert s.value("staff_overdue", "casey") == 0  # done on time
    assert s.get("staff_caseload", "frank") is None  # the front desk has no caseload


def test_follow_up_interviews(admin, house):
    s = report(admin).section("interviews")
    # Intake: B done Oct 6 (window Oct 5-12), G's voided, so missed (window Oct 2-9).
    # Discharge: C done Oct 27 (window Oct 3-24): late; B's window Oct 13 - Nov 3: open.
    assert (s.value("interviews_due"), s.value("interviews_done_in_window"),
            s.value("interviews_late"), s.value("interviews_missed"),
            s.value("interviews_open")) == (4, 1, 1, 1, 1)
    assert s.value("interviews_due_by_point", "intake") == 2
    assert s.value("interviews_due_by_point", "discharge") == 2
    assert s.value("interviews_due_by_point", "6_months") == 0
    assert s.value("interviews_missed_by_point", "intake") == 1
    assert s.value("interviews_late_by_point", "discharge") == 1
    # Where they stand is as at the period's last day: to November 10, B's discharge window
    # (to Nov 3) has closed without one, so it is missed.
    longer = program_report.program_report(admin, Period(OCTOBER.start, date(2026, 11, 10)),
                                           today=date(2026, 11, 30))
    assert longer.section("interviews").value("interviews_missed_by_point", "discharge") == 1


def test_referrals(admin, house):
    s = report(admin).section("referrals")
    # Made in October: A's (engaged Oct 20), B's to a one-off provider (declined 39 days
    # on), G's (no-show within 30 days), C's (engaged Nov 10: after the month). Not A's of
    # September.
    assert s.value("referrals_made") == 4
    assert s.value("referrals_outcome_30_days") == 2  # A's and G's
    assert s.value("referrals_engaged") == 1  # A's; C's came after the month's end
    by_type = {f.breakdown: f.value for f in s.breakdown("referrals_by_type")}
    assert by_type.pop("other_provider") == 1 and sum(by_type.values()) == 3


def test_recovery_capital(admin, house):
    s = report(admin).section("capital")
    # A 40 -> 50; G 46 (its Oct 3 baseline of 48, corrected after the month) -> 44; C 30 -> 47.
    # B's first has a skipped statement (no total), so B has one; A's Nov 3 is after.
    assert s.value("barc_with_follow_up") == 3
    assert s.value("barc_mean_change") == 8.3  # (10 - 2 + 17) / 3
    assert s.value("barc_strong_at_baseline") == 0.0  # G's 48 was corrected to 46
    assert s.value("barc_strong_at_latest") == 0.667  # A and C


def test_training_section_is_there(admin, house):
    s = report(admin).section("training")
    assert s.value("training_sessions") == 0 and s.value("credentials_expiring") == 0


def test_no_resident_name_in_any_figure(admin, house):
    names = {r.first_name for r in Resident.select()} | {"Test"}
    for section in report(admin).sections:
        for figure in section.figures:
            words = set(f"{figure.label} {figure.breakdown}".replace(":", " ").split())
            assert not words & names, figure


def test_outside_report_has_no_staff_section(admin, house):
    assert report(admin, internal=False).section("staff") is None


@pytest.mark.parametrize("role,allowed", [("admin", True), ("case_manager", True),
                                          ("peer_specialist", False), ("front_desk", False)])
def test_who_may_see_reports(house, role, allowed):
    user = {"admin": "admin", "case_manager": "casey", "peer_specialist": "pat",
            "front_desk": "frank"}[role]
    actor = auth.sign_in(user, "2468").actor
    if allowed:
        assert report(actor).section("residents").value("served") == 4
    else:
        with pytest.raises(PermissionDenied, match="case managers and administrators"):
            report(actor)


def test_progress_is_told_each_section(admin, house):
    seen = []
    report(admin, progress=lambda done, of, what: seen.append((done, of, what)))
    assert seen[0] == (0, 8, "residents") and seen[-1] == (8, 8, "done")
    assert [w for _, _, w in seen] == ["residents", "engagement", "concerns", "referrals",
                                       "capital", "interviews", "staff", "training", "done"]


def test_periods():
    assert (OCTOBER.start, OCTOBER.end, OCTOBER.days) == (date(2026, 10, 1),
                                                          date(2026, 10, 31), 31)
    assert OCTOBER.label == "October 2026"
    assert shift_month(OCTOBER, 3) == month_period("2027-01")
    assert shift_month(OCTOBER, -10) == month_period("2025-12")
    assert month_period("2024-02").end == date(2024, 2, 29)
    assert Period(date(2026, 10, 3), date(2026, 10, 9)).label == "2026-10-03 to 2026-10-09"
    for bad in ("", "2026-13", "2026/10", "october", "[b]", "2026-1-1", "99999-01"):
        with pytest.raises(InvalidInput):
            month_period(bad)
    with pytest.raises(InvalidInput):
        Period(date(2026, 10, 9), date(2026, 10, 3))


def test_a_day_range_and_a_month_with_nothing(admin, house):
    week = program_report.program_report(admin, Period(date(2026, 10, 5), date(2026, 10, 11)),
                                         today=TODAY)
    assert week.section("residents").value("served") == 4
    assert week.section("engagement").value("contacts") == 1  # Oct 10
    empty = program_report.program_report(admin, month_period("2020-01"), today=TODAY)
    r = empty.section("residents")
    assert (r.value("served"), r.value("length_of_stay_mean")) == (0, None)


def test_gap_counts_the_days_before_the_month(admin, house):
    """A resident whose last contact was long before the month is overdue on its first day."""
    scope = Scope(OCTOBER, None, 7, TODAY)
    from peer_tui.services.report_engagement import residents_without_contact
    from peer_tui.services.report_scope import stays

    A = house["A"]
    Event.update(voided_at=at(10, 1)).where(
        Event.resident == A, Event.occurred_at >= at(9, 28), Event.occurred_at < at(10, 9)
    ).execute()
    # A: last Sep 28 voided too; intake Sep 1, next contact Oct 10: overdue from Sep 8.
    assert residents_without_contact(scope, stays(scope)) == 4
    assert residents_without_contact(Scope(OCTOBER, None, 60, TODAY), stays(scope)) == 0


@pytest.fixture
def two_houses(admin, house):
    """T lived in the main house from Sep 1 and moved to Elm House on Oct 15; U lives in Elm
    House all month. T had a contact in each house and a concern raised in the first."""
    from peer_tui.models.audit import AuditLog
    from peer_tui.models.events import Concern
    from peer_tui.models.people import House
    from peer_tui.services import records

    main = House.get().id
    # Both are admitted while there is one house (with several, a new resident joins the
    # house the session works in), then placed in Elm House.
    T = records.add_resident(admin, {"first_name": "T", "last_name": "Mover",
                                     "intake_date": date(2026, 9, 1)})
    U = records.add_resident(admin, {"first_name": "U", "last_name": "Elm",
                                     "intake_date": date(2026, 8, 1)})
    elm = House.create(name="Elm House").id
    Resident.update(house=elm).where(Resident.id.in_([T, U])).execute()
    AuditLog.insert(at=at(10, 15, 9), actor_kind="staff", actor_id=admin.id, action="transfer",
                    table_name="resident", record_id=T, resident_id=T,
                    detail=f"house {main} to {elm}").execute()
    for day in (10, 20):
        Event.create(resident=T, occurred_at=at(10, day), kind="contact", summary="c",
                     channel="phone", duration_minutes=10)
    Concern.create(resident=T, raised_at=at(10, 12), severity="low", severity_rank=1,
                   summary="s")
    return main, elm


def test_a_transfer_splits_the_month_between_houses(admin, two_houses):
    main, elm = two_houses

    def section(house_id, key):
        return program_report.program_report(admin, OCTOBER, house_id,
                                             today=TODAY).section(key)

    first, second = section(main, "residents"), section(elm, "residents")
    assert (first.value("served"), second.value("served")) == (5, 2)  # T in both
    assert section(None, "residents").value("served") == 6  # the organisation: T once
    assert (first.value("transferred_out"), first.value("transferred_in")) == (1, 0)
    assert (second.value("transferred_in"), second.value("admitted")) == (1, 0)
    day = {f.breakdown: f.value for f in first.breakdown("occupancy_by_day")}
    assert (day["2026-10-14"], day["2026-10-15"]) == (4, 3)  # A B G T, then A B G
    day = {f.breakdown: f.value for f in second.breakdown("occupancy_by_day")}
    assert (day["2026-10-14"], day["2026-10-15"]) == (1, 2)  # U, then U T
    assert section(main, "engagement").value("contacts") == 7  # T's Oct 10
    assert section(elm, "engagement").value("contacts") == 1  # T's Oct 20
    assert section(None, "engagement").value("contacts") == 8
    # T: overdue in the first house (nothing since intake until Oct 10), and in the second
    # (Oct 10 to Oct 20, counted from the contact in the first); U never contacted.
    assert section(main, "engagement").value("no_contact_7_days") == 4
    assert section(elm, "engagement").value("no_contact_7_days") == 2
    assert section(main, "concerns").value("concerns_raised") == 5
    assert section(elm, "concerns").value("concerns_raised") == 0
    assert section(None, "residents").get("transferred_in") is None
