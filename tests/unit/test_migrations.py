"""Schema versions: fresh databases, upgrading an old file, refusing what is not ours."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from peer_tui.models import migrations
from peer_tui.models.db import DatabaseProblem, close_database, database
from peer_tui.storage import open_and_upgrade

V1 = Path(__file__).resolve().parent.parent / "data" / "schema_v1.sqlite3"


def test_fresh_database_is_at_latest_version_with_reference_data(db):
    from peer_tui.models.plans import Domain
    from peer_tui.models.resources import Resource

    assert migrations.current_version() == migrations.LATEST_VERSION
    assert Domain.select().count() == 11
    assert Resource.select().where(Resource.name == "SMART Recovery").exists()


def test_upgrading_a_migration_1_file_keeps_data_and_backs_it_up(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    try:
        _, old, new, backup = open_and_upgrade(str(path))
        assert (old, new) == (1, migrations.LATEST_VERSION)
        assert backup is not None and backup.exists()
        assert oct(backup.stat().st_mode & 0o777) == "0o600"
        from peer_tui.models.people import Resident

        assert [r.first_name for r in Resident.select()] == ["Ana"]
        # Migration 2 made the audit log append-only.
        from peer_tui.models.audit import AuditLog

        AuditLog.insert(actor_kind="system", action="test").execute()
        with pytest.raises(Exception, match="append-only"):
            AuditLog.delete().execute()
    finally:
        close_database()
    # The backup is the untouched version-1 database.
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    conn.close()


def test_second_open_does_not_upgrade_again(tmp_path):
    path = tmp_path / "x.db"
    open_and_upgrade(str(path))
    close_database()
    _, old, new, backup = open_and_upgrade(str(path))
    close_database()
    assert old == new == migrations.LATEST_VERSION and backup is None


def test_database_from_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "new.db"
    open_and_upgrade(str(path))
    database.execute_sql("INSERT INTO schema_version (version, applied_at) VALUES (999, '2030-01-01')")
    close_database()
    with pytest.raises(DatabaseProblem, match="newer peer-tui"):
        open_and_upgrade(str(path))
    close_database()


def test_someone_elses_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY)")
    conn.close()
    with pytest.raises(DatabaseProblem, match="not a peer-tui database"):
        open_and_upgrade(str(path))
    close_database()


def test_sqlite_settings_are_in_force(db):
    pragma = lambda name: database.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 1  # NORMAL
    assert pragma("busy_timeout") == 5000
    assert database.obj._lock_type == "IMMEDIATE"


def test_database_file_and_folder_are_owner_only(tmp_path):
    path = tmp_path / "private" / "peer.db"
    open_and_upgrade(str(path))
    close_database()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_upgrading_gives_plan_revisions_their_session_columns(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    try:
        open_and_upgrade(str(path))
        columns = {c.name for c in database.get_columns("plan_revision")}
        assert {"updated_at", "event_id"} <= columns
    finally:
        close_database()
