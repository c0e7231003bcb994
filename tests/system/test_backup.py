"""Backups: the command, the automatic daily rotating copy, and a restore that checks first
and keeps what it replaces. Owner-only files, one line for every failure."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import permissions_enforced

from peer_tui.models.db import DatabaseProblem, close_database, database
from peer_tui.services import backup


def cli(*args, stdin: str = ""):
    env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1"}
    return subprocess.run([sys.executable, "-m", "peer_tui", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, env=env)


def one_line_error(result) -> str:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("peer-tui: "), result.stderr
    return lines[0]


def residents(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM resident").fetchone()[0]
    finally:
        conn.close()


def test_backup_is_a_checked_self_contained_owner_only_copy_and_audited(demo_db, tmp_path):
    from peer_tui.services import audit

    result = backup.backup_to(tmp_path)  # a folder: a dated file inside it
    assert result.integrity == "ok" and result.path.parent == tmp_path
    assert result.path.stat().st_mode & 0o777 == 0o600
    assert not Path(f"{result.path}-wal").exists()
    assert residents(result.path) == 43  # the demo's residents
    assert audit.recent(1)[0].action == "backup"
    with pytest.raises(DatabaseProblem, match="already exists"):
        backup.backup_to(result.path)
    with pytest.raises(DatabaseProblem, match="does not exist"):
        backup.backup_to(tmp_path / "nowhere" / "x.db")


BACKUP_INTO = """
import sys
from peer_tui.models.db import DatabaseProblem
from peer_tui.services import backup
from peer_tui.storage import open_and_upgrade
open_and_upgrade(sys.argv[1])
try:
    backup.backup_to(sys.argv[2])
except DatabaseProblem as exc:
    print(exc)
"""


def test_backup_into_a_folder_without_rights_is_one_sentence(demo_db, tmp_path):
    path = database.obj.database
    close_database()
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1"}
    done = subprocess.run([sys.executable, "-c", BACKUP_INTO, path, str(locked / "x.db")],
                          capture_output=True, text=True, timeout=60, env=env,
                          preexec_fn=permissions_enforced)
    assert done.returncode == 0, done.stderr
    assert "Cannot write" in done.stdout and len(done.stdout.splitlines()) == 1
    assert not list(locked.iterdir())


def test_automatic_backup_once_a_day_keeping_the_last_n(demo_db, tmp_path):
    folder = backup.backup_folder()
    folder.mkdir(mode=0o755)
    # Older daily copies, as earlier days would have left them.
    for day in range(1, 6):
        made = backup.backup_to(folder / f"demo-auto-2026010{day}-080000.db").path
        assert made.exists()
    first = backup.automatic_backup(keep=3)
    assert first is not None and backup.integrity_of(first) == "ok"
    assert backup.automatic_backup(keep=3) is None  # once a day
    left = sorted(p.name for p in folder.glob("demo-auto-*.db"))
    assert len(left) == 3 and left[-1] == first.name
    assert left[:2] == ["demo-auto-20260104-080000.db", "demo-auto-20260105-080000.db"]
    assert folder.stat().st_mode & 0o777 == 0o700
    assert first.stat().st_mode & 0o777 == 0o600


def test_a_failing_automatic_backup_never_stops_the_start(demo_db, capsys):
    folder = backup.backup_folder()
    folder.write_text("a file where the backup folder should be")
    backup.automatic_backup_quietly(keep=3)
    assert "daily backup was not made" in capsys.readouterr().err


def test_restore_checks_replaces_and_keeps_the_old_database(demo_db, tmp_path):
    saved = backup.backup_to(tmp_path / "saved.db").path
    live = Path(database.obj.database)
    with database.atomic():
        database.execute_sql("DELETE FROM consent")
        database.execute_sql("UPDATE resident SET first_name = 'Changed'")
    close_database()
    kept = backup.restore_from(saved, str(live))
    assert kept != live and kept.exists() and kept.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(kept)
    assert conn.execute("SELECT count(*) FROM resident WHERE first_name='Changed'"
                        ).fetchone()[0] == 43
    conn.close()
    conn = sqlite3.connect(live)
    assert conn.execute("SELECT count(*) FROM resident WHERE first_name='Changed'"
                        ).fetchone()[0] == 0
    conn.close()
    assert backup.integrity_of(live) == "ok" and live.stat().st_mode & 0o777 == 0o600
    # The program opens the restored file as usual.
    assert cli("--db", str(live), "check").returncode == 0


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:12288] = os.urandom(8192)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("problem, words", [
    ("missing", "no backup file"),
    ("garbage", "not a SQLite file"),
    ("corrupt", "damaged"),
    ("foreign", "not a peer-tui database"),
    ("newer", "newer peer-tui"),
])
def test_a_bad_backup_is_refused_and_nothing_changes(demo_db, tmp_path, problem, words):
    bad = tmp_path / "bad.db"
    if problem == "garbage":
        bad.write_bytes(b"PK\x03\x04 not a database" * 500)
    elif problem == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE photos (id INTEGER)")
        conn.commit()
        conn.close()
    elif problem in ("corrupt", "newer"):
        backup.backup_to(bad)
        if problem == "corrupt":
            _damage(bad)
        else:
            conn = sqlite3.connect(bad)
            conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, '')")
            conn.commit()
            conn.close()
    live = Path(database.obj.database)
    close_database()
    before = live.read_bytes()
    siblings = sorted(p.name for p in live.parent.iterdir())
    message = one_line_error(cli("--db", str(live), "restore", str(bad)))
    assert words in message
    assert live.read_bytes() == before
    assert sorted(p.name for p in live.parent.iterdir()) == siblings  # no stray copy either


def test_restore_over_a_damaged_database_keeps_it_byte_for_byte(demo_db, tmp_path):
    saved = backup.backup_to(tmp_path / "saved.db").path
    live = Path(database.obj.database)
    close_database()
    live.write_bytes(b"this file was overwritten by accident" * 200)
    damaged = live.read_bytes()
    done = cli("--db", str(live), "restore", str(saved))
    assert done.returncode == 0, done.stderr
    kept = Path(done.stdout.split("kept as ")[1].strip().rstrip("."))
    assert kept.read_bytes() == damaged
    assert residents(live) == 43 and backup.integrity_of(live) == "ok"


def test_restore_of_an_older_schema_is_upgraded_when_opened(tmp_path):
    from peer_tui.models import migrations
    from peer_tui.models.db import open_database

    old = tmp_path / "old.db"
    open_database(str(old))
    migrations.migrate_to(1)
    database.execute_sql("PRAGMA journal_mode=DELETE")
    close_database()
    live = tmp_path / "live.db"
    restored = cli("--db", str(live), "restore", str(old))
    assert restored.returncode == 0 and "no database there before" in restored.stdout
    checked = cli("--db", str(live), "staff", "list")
    assert checked.returncode == 0, checked.stderr
    assert cli("--db", str(live), "check").returncode == 0


def test_backup_command_and_owner_only_files_through_the_cli(tmp_path):
    db = tmp_path / "house" / "demo.db"
    assert cli("--db", str(db), "demo").returncode == 0
    assert db.stat().st_mode & 0o777 == 0o600
    assert db.parent.stat().st_mode & 0o777 == 0o700
    made = cli("--db", str(db), "backup", str(tmp_path))
    assert made.returncode == 0 and "integrity ok" in made.stdout
    copies = list(tmp_path.glob("peer-tui-*.db"))
    assert len(copies) == 1 and copies[0].stat().st_mode & 0o777 == 0o600
    assert "no database at" in one_line_error(
        cli("--db", str(tmp_path / "nope.db"), "backup", str(tmp_path / "x.db")))


class _FrozenClock:
    """datetime with now() stuck on one second, so backups collide on the name."""

    from datetime import datetime as _real

    @classmethod
    def now(cls, tz=None):
        return cls._real(2026, 11, 26, 10, 15, 0)


def test_two_backups_in_the_same_second_are_two_files(db, tmp_path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from peer_tui.services import auth

    auth.create_staff("admin", "Ada Admin", "admin", "2468")
    monkeypatch.setattr(backup, "datetime", _FrozenClock)
    folder = tmp_path / "backups"
    folder.mkdir()
    first = backup.backup_to(folder).path
    before = first.read_bytes()

    def one(_):
        with database.connection_context():
            return backup.backup_to(folder).path

    with ThreadPoolExecutor(max_workers=3) as pool:  # three more at once, same second
        others = list(pool.map(one, range(3)))
    made = sorted(p.name for p in folder.iterdir())
    assert made == ["peer-tui-20261126-101500-2.db", "peer-tui-20261126-101500-3.db",
                    "peer-tui-20261126-101500-4.db", "peer-tui-20261126-101500.db"]
    assert first.read_bytes() == before  # never overwritten
    for path in [first, *others]:
        assert backup.integrity_of(path) == "ok"
        assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_daily_backups_made_in_the_same_second_are_kept_oldest_first():
    names = ["h-auto-20261126-101500-2.db", "h-auto-20261125-230000.db",
             "h-auto-20261126-101500.db", "h-auto-20261126-101500-10.db"]
    ordered = sorted((Path(n) for n in names), key=backup._oldest_first)
    assert [p.name for p in ordered] == [
        "h-auto-20261125-230000.db", "h-auto-20261126-101500.db",
        "h-auto-20261126-101500-2.db", "h-auto-20261126-101500-10.db"]


def test_upgrade_backups_in_the_same_second_do_not_overwrite_each_other(tmp_path, monkeypatch):
    import shutil

    from peer_tui.models import migrations
    from peer_tui.storage import open_and_upgrade

    monkeypatch.setattr(migrations, "datetime", _FrozenClock)
    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).resolve().parent.parent / "data" / "schema_v6.sqlite3", path)
    open_and_upgrade(str(path))
    try:
        stale = migrations.backup_before_upgrade(6)  # e.g. an upgrade retried at once
    finally:
        close_database()
    first = tmp_path / "old.db.v6-20261126-101500.bak"
    assert stale == tmp_path / "old.db.v6-20261126-101500-2.bak"
    conn = sqlite3.connect(first)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 6
    conn.close()
