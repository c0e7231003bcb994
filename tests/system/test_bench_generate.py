"""The scale-database generator: deterministic, consistent with the app's own rules, usable."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date

import pytest

from peer_tui.bench.generate import BUSIEST_KEY, generate
from peer_tui.models.db import close_database, database

TODAY = date(2026, 3, 15)
SIZE = dict(residents=120, events=6000, staff=12, seed=3, today=TODAY)
SUMMARY_COLUMNS = (
    "summary_last_contact_at", "summary_last_checkin_at", "summary_last_checkin_mood",
    "summary_wants_to_talk", "summary_open_concerns", "summary_urgent_concerns",
    "summary_next_review", "summary_next_follow_up", "summary_goals_total",
    "summary_goals_achieved", "summary_barc_total", "summary_barc_at", "summary_barc_drop")
# PIN hashes have random salts; everything else must repeat exactly.
COMPARED = {
    "resident": "id, first_name, last_name, status, house_id, room, intake_date, "
                "discharge_date, peer_specialist_id, kiosk_code, " + ", ".join(SUMMARY_COLUMNS),
    "event": "*", "check_in": "*", "concern": "*", "goal": "*", "action_step": "*",
    "recovery_plan": "*", "group_session": "*", "staff": "id, username, role",
    "assessment": "*", "event_role": "*", "event_goal": "*",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "small.db"
    result = generate(path, **SIZE)
    return path, result


def fingerprint(path) -> str:
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    for table, columns in COMPARED.items():
        for row in conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1"):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def test_same_seed_same_database_other_seed_differs(small, tmp_path):
    path, _ = small
    again = tmp_path / "again.db"
    generate(again, **SIZE)
    assert fingerprint(again) == fingerprint(path)
    other = tmp_path / "other.db"
    generate(other, **{**SIZE, "seed": 4})
    assert fingerprint(other) != fingerprint(path)


def test_counts_distribution_and_busiest_resident(small):
    path, result = small
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM resident").fetchone()[0] == 120
    events = conn.execute("SELECT count(*) FROM event").fetchone()[0]
    # Resolutions of concerns are extra rows on top of the requested number.
    assert 6000 <= events <= 6000 * 1.05 and events == result.events
    per = [n for (n,) in conn.execute(
        "SELECT count(*) FROM event GROUP BY resident_id ORDER BY count(*) DESC")]
    busiest = conn.execute("SELECT value FROM app_meta WHERE key = ?",
                           (BUSIEST_KEY,)).fetchone()[0]
    top = conn.execute("SELECT resident_id FROM event GROUP BY resident_id "
                       "ORDER BY count(*) DESC, resident_id LIMIT 1").fetchone()[0]
    assert int(busiest) == top == result.busiest_resident
    assert per[0] >= 10 * per[len(per) // 2]  # a long tail, not a flat spread
    kinds = dict(conn.execute("SELECT kind, count(*) FROM event GROUP BY kind"))
    assert {"contact", "checkin", "group", "concern_raised"} <= set(kinds)
    # Every check-in event has its check-in row, and vice versa.
    assert kinds["checkin"] == conn.execute("SELECT count(*) FROM check_in").fetchone()[0]
    waitlist_events = conn.execute(
        "SELECT count(*) FROM event JOIN resident r ON r.id = resident_id "
        "WHERE r.status = 'waitlist'").fetchone()[0]
    assert waitlist_events == 0
    latest = conn.execute("SELECT max(occurred_at) FROM event WHERE kind != 'concern_raised'"
                          ).fetchone()[0]
    assert latest < TODAY.isoformat()  # nothing in the future
    conn.close()


def test_schema_integrity_and_foreign_keys(small):
    path, _ = small
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {n for (n,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event'")}
    assert "event_resident_id_occurred_at_id" in indexes
    conn.close()


def test_summaries_match_refresh_resident_summary(small):
    """The set-based fill writes exactly what the app's per-resident refresh would."""
    path, _ = small
    from peer_tui.models.summary import refresh_assessment_summary, refresh_resident_summary
    from peer_tui.storage import open_and_upgrade

    _, old, new, _ = open_and_upgrade(str(path))
    assert old == new  # already at the latest schema
    try:
        cols = ", ".join(SUMMARY_COLUMNS)
        before = database.execute_sql(f"SELECT id, {cols} FROM resident ORDER BY id").fetchall()
        with database.atomic() as txn:
            for (rid, *_rest) in before:
                refresh_resident_summary(rid)
                refresh_assessment_summary(rid)
            after = database.execute_sql(
                f"SELECT id, {cols} FROM resident ORDER BY id").fetchall()
            txn.rollback()
    finally:
        close_database()
    assert any(row[1] for row in before)  # contacts exist
    assert any(row[5] for row in before)  # open concerns exist
    assert any(row[11] for row in before)  # BARC-10 totals exist
    assert before == after


def test_monthly_barc10_for_everyone_who_stayed(small):
    """One at admission, then every 30 days of the stay; nobody on the waitlist has one."""
    path, _ = small
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT r.status, julianday(coalesce(r.discharge_date, ?)) - "
            "julianday(r.intake_date), count(a.id), min(a.total), max(a.total) "
            "FROM resident r LEFT JOIN assessment a ON a.resident_id = r.id GROUP BY r.id",
            (TODAY.isoformat(),)).fetchall()
    finally:
        conn.close()
    for status, stay, count, low, high in rows:
        if status == "waitlist":
            assert count == 0
        else:
            assert abs(count - (int(stay) // 30 + 1)) <= 1, (status, stay, count)
            assert 10 <= low <= high <= 60


def test_generated_accounts_sign_in(small):
    path, _ = small
    from peer_tui.services import auth
    from peer_tui.services.pins import verify_pin
    from peer_tui.storage import open_and_upgrade

    open_and_upgrade(str(path))
    try:
        with database.atomic() as txn:
            assert auth.sign_in("bench", "2468").actor.is_admin
            assert auth.sign_in("staff0002", "2468").actor is not None
            txn.rollback()
        row = database.execute_sql(
            "SELECT kiosk_pin_hash FROM resident WHERE kiosk_code = '100001' "
            "AND status = 'active'").fetchone()
        assert verify_pin("1357", row[0])
        name = database.execute_sql("SELECT first_name FROM resident WHERE id = 2").fetchone()
        assert name[0] == "[/]Zed"
    finally:
        close_database()


def test_the_bench_works_out_the_program_report(small):
    """The report step runs on a generated organisation, for one house and for all of them
    (the bench reports its time; nothing here asserts one), and discharges have a kind."""
    path, _ = small
    from peer_tui.bench.services import measure_report
    from peer_tui.storage import open_and_upgrade

    open_and_upgrade(str(path))
    try:
        out = measure_report()
        assert out["report_house_ms"] > 0 and out["report_organisation_ms"] > 0
        kinds = {k for (k,) in database.execute_sql(
            "SELECT DISTINCT discharge_kind FROM resident WHERE status = 'discharged'")}
        assert kinds and "" not in kinds
    finally:
        close_database()


def test_refuses_to_overwrite_without_force(small, tmp_path):
    path = tmp_path / "x.db"
    path.write_bytes(b"")
    with pytest.raises(FileExistsError):
        generate(path, residents=5, events=10, staff=2)
    generate(path, residents=5, events=10, staff=2, force=True)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM resident").fetchone()[0] == 5
    conn.close()


def test_cli_prints_busiest_and_rejects_bad_sizes(tmp_path, capsys):
    from peer_tui.bench.__main__ import main

    assert main(["generate", "--db", str(tmp_path / "c.db"), "--residents", "30",
                 "--events", "900", "--staff", "4", "--today", "2026-01-10"]) == 0
    out = capsys.readouterr()
    assert "busiest resident: id" in out.out
    assert "events" in out.err  # progress goes to stderr
    assert main(["generate", "--db", str(tmp_path / "d.db"), "--residents", "0"]) == 2
