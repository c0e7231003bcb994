"""On PostgreSQL, `peer-tui backup` drives pg_dump and `restore` pg_restore (keeping a dump of
what it replaces, all in one transaction), and `check` says whether the server answers, its
schema version and what is wrong with the database."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from backend_db import behind_the_back, current_target

from peer_tui.models.audit import AuditLog
from peer_tui.models.db import close_database, database
from peer_tui.models.people import House
from peer_tui.models.postgres import make_postgres

pytestmark = pytest.mark.postgres_only


def cli(*args):
    env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1"}
    return subprocess.run([sys.executable, "-m", "peer_tui", *args], capture_output=True,
                          text=True, timeout=300, env=env)


def count(url: str, sql: str) -> int:
    db = make_postgres(url)
    try:
        return db.execute_sql(sql).fetchone()[0]
    finally:
        db.close()


def test_backup_and_restore_with_pg_dump_keep_what_they_replace(demo_db, tmp_path):
    url = current_target()
    made = cli("--db", url, "backup", str(tmp_path))
    assert made.returncode == 0, made.stderr
    assert "integrity ok" in made.stdout
    (dump,) = tmp_path.glob("peer-tui-*.dump")
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert dump.read_bytes().startswith(b"PGDMP")
    assert AuditLog.select().where(AuditLog.action == "backup").count() == 1
    houses = House.select().count()
    House.create(name="Added after the backup")
    close_database()

    done = cli("--db", url, "restore", str(dump))
    assert done.returncode == 0, done.stderr
    (kept,) = tmp_path.glob("*.replaced-*.dump")
    assert str(kept) in done.stdout
    assert count(url, "SELECT count(*) FROM house") == houses
    # The restored database still refuses to rewrite its audit log.
    with pytest.raises(Exception, match="append-only"):
        count(url, "TRUNCATE audit_log; SELECT 1")
    # The kept dump holds the database as it was just before: restoring it brings the house
    # added after the backup back.
    again = cli("--db", url, "restore", str(kept))
    assert again.returncode == 0, again.stderr
    assert count(url, "SELECT count(*) FROM house") == houses + 1


@pytest.mark.parametrize("content, words", [
    (b"SQLite format 3\x00" + b"\x00" * 100, "is a SQLite backup"),
    (b"hello", "not a peer-tui backup"),
    (b"PGDMP" + b"\x00" * 50, "cannot be restored"),
])
def test_a_restore_from_a_wrong_file_changes_nothing(demo_db, tmp_path, content, words):
    url = current_target()
    before = count(url, "SELECT count(*) FROM resident")
    wrong = tmp_path / "wrong.dump"
    wrong.write_bytes(content)
    close_database()
    result = cli("--db", url, "restore", str(wrong))
    assert result.returncode != 0
    line = result.stderr.strip()
    assert words in line and "nothing was changed" in line and "\n" not in line
    assert count(url, "SELECT count(*) FROM resident") == before
    assert not list(tmp_path.glob("*.replaced-*"))


def test_check_says_the_server_answers_and_what_is_wrong(demo_db):
    url = current_target()
    fine = cli("--db", url, "check")
    assert fine.returncode == 0, fine.stdout + fine.stderr
    assert "server: reachable, PostgreSQL " in fine.stdout
    assert "integrity: ok" in fine.stdout and "schema version: " in fine.stdout
    behind_the_back("DROP TRIGGER audit_log_no_truncate ON audit_log")
    broken = cli("--db", url, "check")
    assert broken.returncode == 1
    assert "integrity: 1 problem: trigger audit_log_no_truncate is missing" in broken.stdout
    gone = cli("--db", url.replace("/peertui", "/peertui_no_such_database", 1), "check")
    assert gone.returncode != 0


def test_check_on_a_server_that_does_not_answer(tmp_path):
    nowhere = f"postgresql://peer@/peertui?host={tmp_path}"  # no server has a socket here
    result = cli("--db", nowhere, "check")
    assert result.returncode == 1
    assert result.stdout.strip() == ("server: cannot be reached (stopped, restarting, or the "
                                     "network is down)")
