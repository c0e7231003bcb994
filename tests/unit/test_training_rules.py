"""Training arithmetic: credit for attendance, topic and course completion, renewals."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from peer_tui.models.training_schemas import CourseDef, fmt_hours, minutes_of
from peer_tui.models.training_seed import packaged_course
from peer_tui.services import training_rules as rules

D = date(2026, 3, 2)


def small_course() -> CourseDef:
    return CourseDef(key="c", name="Small", total_hours="6", topics=[
        {"key": "a", "name": "Alpha", "hours": 4, "checks": ["quiz"]},
        {"key": "b", "name": "Beta", "hours": 2, "checks": ["role_play", "observed_practice"]},
    ])


def test_the_packaged_course_is_72_hours_of_the_issue_topics():
    course = packaged_course()
    assert course.total_hours == 72 * 60
    assert sum(t.hours for t in course.topics) == 72 * 60
    names = " | ".join(t.name.lower() for t in course.topics)
    for words in ("history of the peer movement", "lived experience", "peer-to-peer",
                  "recovery principles", "motivational interviewing", "strengths-based",
                  "ethical", "multidisciplinary", "trauma-informed", "crisis", "boundaries",
                  "16 roles"):
        assert words in names
    assert all(t.checks for t in course.topics)


@pytest.mark.parametrize("typed, minutes", [
    ("1.5", 90), ("1,5", 90), ("1:30", 90), ("0.25", 15), ("72", 4320), (2, 120), (0.75, 45),
    (" 3 ", 180), ("0:45", 45)])
def test_hours_are_read_as_whole_minutes(typed, minutes):
    assert minutes_of(typed) == minutes


@pytest.mark.parametrize("typed, says", [
    ("", "Required"), ("abc", "like 1.5"), ("-1", "like 1.5"), ("0", "more than 0"),
    ("1.33", "quarter hours"), ("0.1", "quarter hours"), ("99999", "2000"), ("[b]", "like 1.5"),
    ("\u0661\u0662", "like 1.5"), ("1e3", "like 1.5"), ("1:75", "like 1.5"), (True, "like")])
def test_hours_refuse_what_is_not_a_quarter_hour(typed, says):
    with pytest.raises(ValueError, match=says):
        minutes_of(typed)


def test_course_topics_must_add_up_to_the_total():
    with pytest.raises(ValidationError, match="add up to 5h; the course total is 6h"):
        CourseDef(key="c", name="x", total_hours=6, topics=[
            {"key": "a", "name": "A", "hours": 5}])
    with pytest.raises(ValidationError, match="same name"):
        CourseDef(key="c", name="x", total_hours=2, topics=[
            {"key": "a", "name": "A", "hours": 1}, {"key": "b", "name": "a", "hours": 1}])
    with pytest.raises(ValidationError, match="listed twice"):
        CourseDef(key="c", name="x", total_hours=1, topics=[
            {"key": "a", "name": "A", "hours": 1, "checks": ["quiz", "quiz"]}])


def test_full_attendance_credits_every_topic_exactly():
    assert rules.credit({"a": 120, "b": 60}, 180) == {"a": 120, "b": 60}
    assert rules.credit({"a": 120, "b": 60}, 500) == {"a": 120, "b": 60}


def test_partial_attendance_is_credited_in_proportion_never_more_than_attended():
    got = rules.credit({"a": 120, "b": 60}, 90)
    assert got == {"a": 60, "b": 30}
    odd = rules.credit({"a": 100, "b": 35}, 70)
    assert sum(odd.values()) <= 70 and odd == {"a": 51, "b": 18}
    assert rules.credit({"a": 60}, 0) == {"a": 0}


def test_a_topic_needs_its_hours_and_every_check_passed():
    course = small_course()
    sessions = [rules.Attended({"a": 240, "b": 120}, 360)]
    fail = rules.CheckAttempt("a", "quiz", False, D)
    prog = rules.progress(course, sessions, [fail])
    assert [t.hours_met for t in prog.topics] == [True, True]
    assert not prog.complete and prog.checks_outstanding == 3
    assert prog.missing() == ["Alpha: quiz check",
                              "Beta: role-play check, observed practice check"]
    retry = rules.CheckAttempt("a", "quiz", True, D)
    checks = [fail, retry, rules.CheckAttempt("b", "role_play", True, D),
              rules.CheckAttempt("b", "observed_practice", True, D)]
    assert rules.progress(course, sessions, checks).complete


def test_hours_short_by_a_quarter_hour_keep_the_course_open():
    course = small_course()
    checks = [rules.CheckAttempt("a", "quiz", True, D),
              rules.CheckAttempt("b", "role_play", True, D),
              rules.CheckAttempt("b", "observed_practice", True, D)]
    prog = rules.progress(course, [rules.Attended({"a": 240, "b": 105}, 345)], checks)
    assert not prog.complete
    assert prog.missing() == ["Beta: 0.25h more"]
    assert prog.counted == 345 and prog.required == 360


def test_extra_hours_in_one_topic_do_not_make_up_for_another():
    course = small_course()
    prog = rules.progress(course, [rules.Attended({"a": 360}, 360)], [])
    assert prog.counted == 240
    assert prog.topics[1].missing()[0] == "2h more"


def test_checks_and_hours_for_topics_no_longer_in_the_course_are_ignored():
    course = small_course()
    prog = rules.progress(course, [rules.Attended({"gone": 600}, 600)],
                          [rules.CheckAttempt("gone", "quiz", True, D)])
    assert prog.counted == 0 and prog.checks_passed == 0


def test_completed_on_is_the_day_the_last_requirement_was_met():
    course = small_course()
    sessions = [(date(2026, 1, 5), rules.Attended({"a": 240}, 240)),
                (date(2026, 1, 12), rules.Attended({"b": 120}, 120))]
    checks = [rules.CheckAttempt("a", "quiz", True, date(2026, 1, 6)),
              rules.CheckAttempt("b", "role_play", True, date(2026, 1, 12)),
              rules.CheckAttempt("b", "observed_practice", True, date(2026, 1, 20))]
    assert rules.completed_on(course, sessions, checks) == date(2026, 1, 20)
    assert rules.completed_on(course, sessions, checks[:2]) is None


def test_bars_and_hours_text():
    assert rules.bar(3, 6, 10) == "\u2588" * 5 + "\u2591" * 5
    assert rules.bar(9, 6, 4) == "\u2588" * 4
    assert rules.bar(0, 0, 4) == ""
    assert fmt_hours(90) == "1.5h" and fmt_hours(4320) == "72h" and fmt_hours(45) == "0.75h"


def test_renewal_within_the_window_says_what_is_still_short():
    req = rules.Requirements(supervision_minutes=600, ce_minutes=1200, practice_minutes=60,
                             attention_days=60)
    status = rules.RenewalStatus(date(2024, 6, 1), date(2026, 4, 1), 600, 480, 60, req)
    assert rules.renewal_reasons(status, date(2026, 1, 30)) == []  # 61 days ahead
    assert rules.renewal_reasons(status, date(2026, 1, 31))[0].startswith("renewal due in 60")
    assert rules.renewal_reasons(status, date(2026, 2, 1)) == [
        "renewal due in 59 days", "still short: continuing education 8h of 20h"]
    assert rules.renewal_reasons(status, date(2026, 4, 1)) == [
        "credential expires today", "still short: continuing education 8h of 20h"]
    assert rules.renewal_reasons(status, date(2026, 4, 3))[0].startswith(
        "credential expired 2 days ago")


def test_supervision_gap():
    req = rules.Requirements(supervision_gap_days=45)
    since = date(2026, 1, 1)
    assert rules.supervision_reason(date(2026, 2, 1), since, date(2026, 3, 18), req) is None
    assert rules.supervision_reason(date(2026, 2, 1), since, date(2026, 3, 19), req) == \
        "no supervision for 46 days"
    assert "since certified" in rules.supervision_reason(None, since, date(2026, 3, 1), req)
