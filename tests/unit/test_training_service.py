"""Training services on a real database: sessions, checks, progress, permissions, audit,
the course editor's rules, renewals and the report numbers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from peer_tui.models.audit import AuditLog
from peer_tui.services import auth
from peer_tui.services import training as tr
from peer_tui.services import training_after as after
from peer_tui.services import training_progress as tp
from peer_tui.services import training_rules as rules
from peer_tui.services.errors import InvalidInput, PermissionDenied
from peer_tui.timeutil import local_today


@pytest.fixture
def people(admin):
    for username, name, role in (("casey", "Casey N", "case_manager"),
                                 ("pat", "Pat O", "peer_specialist"),
                                 ("frank", "Frankie L", "front_desk")):
        auth.create_staff(username, name, role, "2468")
    actors = {u: auth.sign_in(u, "2468").actor for u in ("casey", "pat", "frank")}
    actors["admin"] = admin
    return actors


@pytest.fixture
def cohort(people):
    casey = people["casey"]
    cid = tr.create_cohort(casey, {"name": "Spring [b]2026[/]", "starts_on": None})
    pat = tr.create_trainee(casey, {"name": "Pat O", "cohort_id": cid,
                                    "staff_id": people["pat"].id})
    rob = tr.create_trainee(casey, {"name": "Robin K\u00f6nig", "cohort_id": cid})
    return cid, pat, rob


def today():
    return local_today()


def session(cid, attendance, topics=None, held_on=None):
    return {"cohort_id": cid, "held_on": held_on or today() - timedelta(days=1),
            "trainer": "Casey N",
            "topic_minutes": {"ethics": "2", "boundaries": "1"} if topics is None else topics,
            "attendance": attendance}


def test_a_three_hour_session_for_the_cohort_with_partial_attendance(people, cohort):
    cid, pat, rob = cohort
    sid = tr.record_session(people["casey"], session(cid, {pat: None, rob: "1.5"}))
    view = tp.trainee_view(people["casey"], pat)
    by_key = {t.key: t for t in view.progress.topics}
    assert (by_key["ethics"].done, by_key["boundaries"].done) == (120, 60)
    assert view.sessions[0].minutes == 180 and view.sessions[0].attended == 180
    partial = {t.key: t.done for t in tp.trainee_view(people["casey"], rob).progress.topics}
    assert (partial["ethics"], partial["boundaries"]) == (60, 30)
    roster = {r.id: r for r in tp.roster(people["casey"])}
    assert roster[pat].counted == 180 and roster[pat].required == 72 * 60
    assert roster[rob].behind == 0 and roster[pat].behind == 0  # two people: median is rob
    assert roster[pat].checks_outstanding == 12
    assert AuditLog.select().where(AuditLog.action == "training_session_record",
                                   AuditLog.record_id == sid).count() == 1


def test_session_input_is_checked_and_nothing_half_saved(people, cohort):
    cid, pat, rob = cohort
    casey = people["casey"]
    cases = [
        (session(cid, {pat: "4"}), "more hours than the session"),
        (session(cid, {pat: None}, topics={}), "topic_minutes"),
        (session(cid, {pat: None}, topics={"nope": "1"}), "not in this course"),
        (session(cid, {pat: None}, topics={"ethics": "abc"}), "like 1.5"),
        (session(cid, {999: None}), "not in this cohort"),
        (session(cid, {pat: None}, held_on=today() + timedelta(days=3)), "in the future"),
        ({**session(cid, {pat: None}), "trainer": ""}, "Required"),
        ({**session(cid, {pat: None}), "trainer": "x" * 101}, "Too long"),
        ({**session(cid, {pat: None}), "trainer": "a\x1b[31m"}, "control"),
    ]
    from peer_tui.models.training import Attendance, TrainingSession

    for data, says in cases:
        with pytest.raises(InvalidInput) as err:
            tr.record_session(casey, data)
        assert says.lower() in str(err.value.errors).lower(), (data, err.value.errors)
    assert TrainingSession.select().count() == 0 and Attendance.select().count() == 0


def test_a_planned_session_is_the_next_session_and_is_filled_in_on_the_day(people, cohort):
    cid, pat, rob = cohort
    casey = people["casey"]
    ahead = today() + timedelta(days=7)
    planned = tr.record_session(casey, session(cid, {}, held_on=ahead))
    assert {r.next_session for r in tp.roster(casey)} == {ahead}
    # On the day (simulated by recording the same date as held, with a clock moved on).
    from peer_tui.models.training import TrainingSession

    TrainingSession.update(held_on=today()).where(TrainingSession.id == planned).execute()
    filled = tr.record_session(casey, session(cid, {pat: None}, held_on=today()))
    assert filled == planned and TrainingSession.select().count() == 1


def test_checks_keep_every_attempt_and_a_pass_counts(people, cohort):
    cid, pat, _ = cohort
    casey = people["casey"]
    base = {"trainee_id": pat, "topic_key": "ethics", "kind": "quiz",
            "checked_on": today(), "assessor": "Casey N", "note": "[@click=app.quit]x"}
    tr.record_check(casey, {**base, "passed": False})
    tr.record_check(casey, {**base, "passed": True})
    view = tp.trainee_view(casey, pat)
    assert [c.passed for c in view.checks] == [False, True]
    assert view.checks[0].note == "[@click=app.quit]x"
    ethics = next(t for t in view.progress.topics if t.key == "ethics")
    assert ethics.checks_passed == ("quiz",)
    with pytest.raises(InvalidInput, match="Pick a topic"):
        tr.record_check(casey, {**base, "passed": True, "topic_key": "cooking"})
    with pytest.raises(InvalidInput, match="once it has happened"):
        tr.record_check(casey, {**base, "passed": True,
                                "checked_on": today() + timedelta(days=1)})
    with pytest.raises(InvalidInput):
        tr.record_check(casey, {**base, "passed": True, "kind": "essay"})


def test_the_course_is_complete_when_every_topic_is_met(people, cohort):
    cid, pat, _ = cohort
    casey = people["casey"]
    course = tr.default_course().course
    for topic in course.topics:
        tr.record_session(casey, session(cid, {pat: None}, topics={
            topic.key: str(topic.hours / 60)}))
    view = tp.trainee_view(casey, pat)
    assert view.progress.counted == 72 * 60 and not view.progress.complete
    for topic in course.topics:
        for kind in topic.checks:
            tr.record_check(casey, {"trainee_id": pat, "topic_key": topic.key, "kind": kind,
                                    "passed": True, "checked_on": today(),
                                    "assessor": "Casey N"})
    view = tp.trainee_view(casey, pat)
    assert view.progress.complete and view.completed_on == today()
    assert view.progress.missing() == []


def test_who_may_do_what(people, cohort):
    cid, pat, rob = cohort
    pat_actor, frank = people["pat"], people["frank"]
    # A peer specialist sees their own record, not another's, and changes nothing.
    assert tr.my_trainee_id(pat_actor) == pat
    assert tp.trainee_view(pat_actor, pat).name == "Pat O"
    with pytest.raises(PermissionDenied, match="case managers and administrators"):
        tp.trainee_view(pat_actor, rob)
    for call in (lambda a: tp.roster(a), lambda a: tr.record_session(a, session(cid, {})),
                 lambda a: tr.create_cohort(a, {"name": "x"}),
                 lambda a: after.log_hours(a, {}), lambda a: after.add_credential(a, {})):
        for who in (pat_actor, frank):
            with pytest.raises(PermissionDenied):
                call(who)
    # The front desk may read their own transcript, and has none.
    assert tr.my_trainee_id(frank) is None
    with pytest.raises(PermissionDenied):
        tr.update_course(people["casey"], 1, {})
    with pytest.raises(PermissionDenied):
        after.needs_attention(people["casey"])


def test_the_trainee_record_never_reads_the_resident_record(people, db):
    from peer_tui.models.people import House, Resident

    house = House.create(name="H")
    res = Resident.create(first_name="Ana", last_name="B", house=house)
    casey = people["casey"]
    assert tr.resident_choices(casey) == [(res.id, "Ana B")]
    tid = tr.create_trainee(casey, {"name": "Ana B", "resident_id": res.id})
    view = tp.trainee_view(casey, tid)
    assert not any("resident" in name for name in vars(view))
    rows = list(AuditLog.select().where(AuditLog.action.startswith("training")))
    assert rows and all(r.resident_id is None for r in rows)


def test_course_edit_is_validated_whole_and_keeps_topics_with_training(people, cohort):
    cid, pat, _ = cohort
    admin = people["admin"]
    view = tr.default_course()
    data = view.course.as_file()
    data["topics"][0]["hours"] = 5
    with pytest.raises(InvalidInput, match="add up to 73h; the course total is 72h"):
        tr.update_course(admin, view.id, data)
    data["total_hours"] = 73
    data["topics"][0]["name"] = "Peer movement history"
    assert tr.update_course(admin, view.id, data).course.topics[0].name == \
        "Peer movement history"
    tr.record_check(people["casey"], {"trainee_id": pat, "topic_key": "ethics", "kind": "quiz",
                                      "passed": True, "checked_on": today(),
                                      "assessor": "C"})
    data["topics"] = [t for t in data["topics"] if t["key"] != "ethics"]
    data["total_hours"] = 65
    with pytest.raises(InvalidInput, match="Ethical practice: it can be renamed"):
        tr.update_course(admin, view.id, data)
    assert AuditLog.select().where(AuditLog.action == "training_course_edit").count() == 1


def test_renewals_and_missing_supervision_need_attention(people, cohort):
    cid, pat, rob = cohort
    casey, admin = people["casey"], people["admin"]
    now = today()
    after.add_credential(casey, {"trainee_id": pat, "issuing_body": "State board",
                                 "number": "PS-1", "issued_on": now - timedelta(days=700),
                                 "expires_on": now + timedelta(days=30)})
    after.add_credential(casey, {"trainee_id": rob, "issuing_body": "State board",
                                 "number": "PS-2", "issued_on": now - timedelta(days=100),
                                 "expires_on": now + timedelta(days=630)})
    after.log_hours(casey, {"trainee_id": rob, "kind": "supervision", "minutes": "1",
                            "done_on": now - timedelta(days=10), "who": "Casey N",
                            "detail": "individual"})
    after.log_hours(casey, {"trainee_id": pat, "kind": "continuing_education",
                            "minutes": "20", "done_on": now - timedelta(days=200),
                            "detail": "Ethics refresher"})
    req = rules.Requirements(supervision_minutes=600, ce_minutes=1200, practice_minutes=0)
    rows = after.needs_attention(admin, req)
    assert [r.trainee_id for r in rows] == [pat]
    assert rows[0].reasons[:2] == ("renewal due in 30 days", "still short: supervision 0h of 10h")
    assert "no supervision logged since certified" in rows[0].reasons[2]
    with pytest.raises(InvalidInput, match="after the day it was issued"):
        after.add_credential(casey, {"trainee_id": pat, "issuing_body": "B", "number": "1",
                                     "issued_on": now, "expires_on": now})
    with pytest.raises(InvalidInput, match="Name the supervisor"):
        after.log_hours(casey, {"trainee_id": pat, "kind": "supervision", "minutes": "1",
                                "done_on": now, "who": ""})


def test_report_numbers(people, cohort):
    cid, pat, rob = cohort
    casey = people["casey"]
    day = today() - timedelta(days=3)
    tr.record_session(casey, session(cid, {pat: None, rob: "1"}, held_on=day))
    tr.record_session(casey, session(cid, {}, held_on=today() + timedelta(days=2)))
    got = after.training_hours_delivered(casey, day, today() + timedelta(days=5))
    assert (got.sessions, got.session_minutes, got.attended_minutes, got.trainees) == \
        (1, 180, 240, 2)
    assert after.training_hours_delivered(casey, day + timedelta(days=1), today()).sessions == 0
    after.add_credential(casey, {"trainee_id": pat, "issuing_body": "B", "number": "1",
                                 "issued_on": day, "expires_on": day + timedelta(days=40)})
    assert [e.trainee_id for e in after.credentials_expiring(
        casey, today(), today() + timedelta(days=60))] == [pat]
    with pytest.raises(InvalidInput, match="before the start"):
        after.credentials_expiring(casey, today(), day)


def test_migration_8_adds_training_to_an_older_database(tmp_path):
    """A database as schema 7 left it (tests/data/schema_v7.sqlite3, made by that version)
    gains the training tables and the packaged 72-hour course."""
    import shutil
    from pathlib import Path

    from peer_tui.models import migrations
    from peer_tui.models.db import close_database, database
    from peer_tui.models.training import Course
    from peer_tui.storage import open_and_upgrade

    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).resolve().parent.parent / "data" / "schema_v7.sqlite3", path)
    try:
        _, old, new, _ = open_and_upgrade(str(path))
        assert (old, new) == (7, migrations.LATEST_VERSION)
        assert "course" in database.get_tables()
        assert Course.select().count() == 1
        assert tr.default_course().course.total_hours == 72 * 60
    finally:
        close_database()
