"""BARC-10 assessments: due dates, saved once, corrections as new ones with a reason, every
save and view audited (ids only), the summary columns the caseload reads."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from peewee import IntegrityError, DatabaseError

from peer_tui.models.assessments import Assessment
from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.services import assessments, auth, records, timeline
from peer_tui.services.errors import InvalidInput, PermissionDenied

TODAY = date.today()


@pytest.fixture
def rid(admin):
    return records.add_resident(admin, dict(first_name="Ana", last_name="Silva",
                                            intake_date=TODAY, room="2A"))


def audit_rows(action):
    return list(AuditLog.select().where(AuditLog.action == action))


@pytest.mark.parametrize("last, intake, today, due", [
    (None, None, date(2026, 11, 1), False),  # no admission date to count from
    (None, date(2026, 10, 1), date(2026, 11, 1), True),
    (date(2026, 10, 2), date(2026, 10, 1), date(2026, 10, 31), False),  # 29 days
    (date(2026, 10, 2), date(2026, 10, 1), date(2026, 11, 1), True),  # 30 days
    (date(2026, 9, 1), date(2026, 10, 1), date(2026, 10, 2), True),  # before a readmission
])
def test_due_at_admission_then_every_30_days(last, intake, today, due):
    assert assessments.is_due(last, intake, today, 30) is due


def test_kiosk_save_totals_and_compares_with_the_one_before(rid):
    assert assessments.kiosk_barc_status(rid) == assessments.KioskBarc(True, None)
    first = assessments.save_kiosk_barc(rid, [4] * 10)
    assert (first.total, first.previous) == (40, None)
    second = assessments.save_kiosk_barc(rid, [5] * 8 + [4, 4])
    assert second.total == 48 and second.previous == assessments.Previous(40, TODAY)
    status = assessments.kiosk_barc_status(rid)
    assert status == assessments.KioskBarc(False, assessments.Previous(48, TODAY))
    r = Resident.get_by_id(rid)
    assert (r.summary_barc_total, r.summary_barc_drop) == (48, -8)
    entry = Event.get(Event.kind == "assessment", Event.id == Assessment.get_by_id(
        second.assessment_id).event_id)
    assert entry.summary.startswith("BARC-10 (at the kiosk): total 48, +8 since")
    assert "Vilsaint" in entry.note and "PhenX" in entry.note
    rows = audit_rows("assessment_submit")
    assert len(rows) == 2 and rows[0].actor_kind == "resident"
    assert all("48" not in (row.detail or "") for row in rows)  # ids, never the answers


def test_a_skipped_statement_is_saved_without_a_total(rid):
    result = assessments.save_kiosk_barc(rid, [6] * 9 + [None])
    assert result.total is None
    row = Assessment.get_by_id(result.assessment_id)
    assert row.total is None and row.answers.endswith("null]")
    r = Resident.get_by_id(rid)
    assert r.summary_barc_total is None and r.summary_barc_at is not None  # taken, no total
    assert "9 of 10 statements answered, no total" in Event.get_by_id(row.event_id).summary


@pytest.mark.parametrize("answers", [[7] * 10, [0] * 10, [5] * 9, ["5"] * 10, [True] * 10])
def test_bad_answers_save_nothing(rid, answers):
    with pytest.raises(InvalidInput):
        assessments.save_kiosk_barc(rid, answers)
    assert Assessment.select().count() == 0
    assert not Event.select().where(Event.kind == "assessment").exists()


def test_no_validated_translation_no_assessment(rid):
    with pytest.raises(InvalidInput, match="not available in this language"):
        assessments.save_kiosk_barc(rid, [5] * 10, language="xx")


def test_saved_once_the_database_refuses_changes(rid):
    result = assessments.save_kiosk_barc(rid, [3] * 10)
    with pytest.raises((IntegrityError, DatabaseError), match="saved once"):
        Assessment.update(total=60).where(Assessment.id == result.assessment_id).execute()
    with pytest.raises((IntegrityError, DatabaseError), match="saved once"):
        Assessment.delete().where(Assessment.id == result.assessment_id).execute()
    assert Assessment.get_by_id(result.assessment_id).total == 30


def test_a_correction_is_a_new_assessment_with_a_reason(admin, rid):
    first = assessments.record_barc(admin, rid, [4] * 10)
    wrong = assessments.record_barc(admin, rid, [2] * 10)
    with pytest.raises(InvalidInput, match="Say why"):
        assessments.record_barc(admin, rid, [5] * 10, corrects_id=wrong.assessment_id)
    with pytest.raises(InvalidInput, match="Reason"):
        assessments.record_barc(admin, rid, [5] * 10, corrects_id=wrong.assessment_id,
                                reason="x" * 301)
    fixed = assessments.record_barc(admin, rid, [5] * 10, corrects_id=wrong.assessment_id,
                                    reason="answers typed against the wrong scale")
    assert fixed.previous == assessments.Previous(40, TODAY)  # not the corrected one
    assert Assessment.select().count() == 3  # the wrong one is kept
    history = assessments.barc_history(admin, rid)
    assert [t for _, t in history.totals] == [40, 50]
    assert history.latest_total == 50 and history.change_since_admission == 10
    r = Resident.get_by_id(rid)
    assert (r.summary_barc_total, r.summary_barc_drop) == (50, -10)
    new_event = Event.get_by_id(Assessment.get_by_id(fixed.assessment_id).event_id)
    assert new_event.corrects_id == Assessment.get_by_id(wrong.assessment_id).event_id
    assert "wrong scale" in new_event.note
    with pytest.raises(InvalidInput, match="corrected already"):
        assessments.record_barc(admin, rid, [5] * 10, corrects_id=wrong.assessment_id,
                                reason="again")
    assert audit_rows("assessment_correct")[0].detail == \
        f"corrects assessment {wrong.assessment_id}"
    assert len(audit_rows("assessment_record")) == 2
    assert first.previous is None


def test_views_are_audited_and_the_latest_answers_feed_the_plan(admin, rid):
    assessments.record_barc(admin, rid, [6, 6, 6, 6, 2, 6, 6, 6, 6, 6])
    before = len(audit_rows("view"))
    history = assessments.barc_history(admin, rid)
    views = audit_rows("view")
    assert len(views) == before + 1 and views[-1].table_name == "assessment"
    assert views[-1].resident_id == rid
    friends = history.items[4]
    assert (friends.staff_label, friends.value, friends.label) == (
        "support from friends", 2, "disagree")
    prompts = assessments.domain_prompts(history)
    assert friends in prompts["family"] and friends in prompts["community"]


def test_the_timeline_entry_cannot_be_voided_or_edited(admin, rid):
    result = assessments.record_barc(admin, rid, [4] * 10)
    event_id = Assessment.get_by_id(result.assessment_id).event_id
    with pytest.raises(InvalidInput, match="corrected with a new one"):
        timeline.void_event(admin, event_id, "mistake")
    with pytest.raises(InvalidInput, match="corrected with a new one"):
        timeline.correct_event(admin, event_id, {"on": TODAY, "at": "10:00",
                                                 "summary": "x", "reason": "y"})


@pytest.mark.parametrize("role, may_record", [("case_manager", True),
                                              ("peer_specialist", True),
                                              ("front_desk", False)])
def test_roles(admin, rid, role, may_record):
    auth.create_staff("who", "Who Ever", role, "2468")
    who = auth.sign_in("who", "2468").actor
    if may_record:
        assessments.record_barc(who, rid, [3] * 10)
        assert assessments.barc_history(who, rid).latest_total == 30
    else:
        with pytest.raises(PermissionDenied, match="Front-desk accounts cannot record"):
            assessments.record_barc(who, rid, [3] * 10)
        with pytest.raises(PermissionDenied, match="cannot see assessments"):
            assessments.barc_history(who, rid)
        assert Assessment.select().count() == 0


def test_sparkline_uses_the_whole_scale():
    assert assessments.sparkline([10, 60]) == "▁█"
    assert len(set(assessments.sparkline([43, 44, 45]))) == 1  # a wobble stays flat
    assert assessments.sparkline([]) == ""


def test_history_counts_from_admission(admin, rid):
    old = Resident.get_by_id(rid)
    assert old.intake_date == TODAY
    for answers in ([3] * 10, [4] * 10, [5] * 10):
        assessments.record_barc(admin, rid, answers)
    history = assessments.barc_history(admin, rid)
    assert history.change_since_admission == 20 and history.count == 3
    assert history.latest_on == TODAY - timedelta(days=0)


def test_the_printed_plan_carries_the_totals_and_the_source_but_no_cut_off(admin, rid,
                                                                            tmp_path):
    from peer_tui.services import plan_document

    for answers in ([3] * 10, [5] * 10):
        assessments.record_barc(admin, rid, answers)
    for fmt in plan_document.FORMATS:
        path = plan_document.export_plan(admin, rid, fmt, str(tmp_path / f"plan.{fmt}"))
        text = path.read_text(encoding="utf-8")
        assert "BARC-10" in text and f"{TODAY}: 30, {TODAY}: 50" in text
        assert "Change since admission: +20" in text
        assert "Vilsaint" in text and "Drug and Alcohol Dependence 177 (2017) 71-76" in text
        assert "PhenX Toolkit" in text
        # Neither the cut-off nor its score (the date and the time printed may hold "47").
        undated = re.sub(r"\b\d{1,2}:\d{2}\b", "", text.replace(str(TODAY), ""))
        assert "remission" not in text and "47" not in undated
