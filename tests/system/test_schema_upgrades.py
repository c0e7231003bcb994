"""Opening a database that an older peer-tui made: every past schema version upgrades, keeps
every row, stays consistent, and today's services read it.

The files in tests/data were made by the old versions themselves (tests/make_schema_fixtures.py
says which commit made which), with data in every table.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from peer_tui.models import migrations
from peer_tui.models.db import close_database, database
from peer_tui.storage import open_and_upgrade

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = sorted(DATA.glob("schema_v*.sqlite3"),
                  key=lambda p: int(p.stem.removeprefix("schema_v")))


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def test_there_is_a_fixture_for_every_past_schema_version():
    versions = [int(p.stem.removeprefix("schema_v")) for p in FIXTURES]
    assert versions == list(range(1, migrations.LATEST_VERSION))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_an_old_database_upgrades_keeping_every_row(fixture, tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(fixture, path)
    before = _counts(path)
    old_version = int(fixture.stem.removeprefix("schema_v"))
    if old_version > 1:  # schema 1 is older than this test's rule: one table was empty then
        assert all(before.values()), f"every table of {fixture.name} should hold data"
    try:
        _, old, new, backup = open_and_upgrade(str(path))
        assert (old, new) == (old_version, migrations.LATEST_VERSION)
        assert backup is not None and backup.exists()

        assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        assert database.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1

        from peer_tui.services import audit_chain

        report = audit_chain.verify()
        assert report.intact, report.problem
        assert report.rows == before.get("audit_log", 0)
    finally:
        close_database()

    after = _counts(path)
    grown = after["schema_version"] - before["schema_version"]
    assert grown == migrations.LATEST_VERSION - old_version
    for table, count in before.items():
        if table != "schema_version":
            assert after[table] == count, f"{table}: {count} rows before, {after[table]} after"
    # The backup is the file as the old version left it.
    assert _counts(backup) == before


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_todays_services_read_an_upgraded_database(fixture, tmp_path):
    from peer_tui.models.people import Resident, Staff
    from peer_tui.services.auth import Actor
    from peer_tui.services.caseload_query import CaseloadFilter, caseload_page
    from peer_tui.services.recovery_plan import get_plan
    from peer_tui.services.timeline import timeline_page

    path = tmp_path / "old.db"
    shutil.copy(fixture, path)
    try:
        open_and_upgrade(str(path))
        staff = Staff.select().where(Staff.role == "admin").first()
        actor = Actor(id=staff.id, username=staff.username, display_name=staff.display_name,
                      role=staff.role)
        residents = list(Resident.select().order_by(Resident.id))
        page = caseload_page(actor, CaseloadFilter(status="all"))
        assert sorted(row.id for row in page.rows) == [r.id for r in residents]
        for resident in residents:
            timeline_page(actor, resident.id)
            get_plan(actor, resident.id)
        if len(residents) > 1:  # the demo-made fixtures: a plan with goals, a timeline
            busiest = max(residents, key=lambda r: len(timeline_page(actor, r.id).rows))
            assert timeline_page(actor, busiest.id).rows
            assert any(get_plan(actor, r.id).goals for r in residents)
    finally:
        close_database()


def test_an_upgrade_that_would_break_a_reference_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema_v6.sqlite3", path)
    before = _counts(path)
    latest = migrations.LATEST_VERSION
    real_latest = migrations.MIGRATIONS[latest]

    def orphan_goal(migrator):
        real_latest(migrator)
        database.execute_sql("UPDATE goal SET plan_id = 999999 WHERE id = "
                             "(SELECT min(id) FROM goal)")

    monkeypatch.setitem(migrations.MIGRATIONS, latest, orphan_goal)
    from peer_tui.models.db import DatabaseProblem

    with pytest.raises(DatabaseProblem, match="pointing at missing ones"):
        open_and_upgrade(str(path))
    close_database()
    assert _counts(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 6
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_a_not_null_column_without_a_database_default_is_refused(db):
    from peewee import TextField
    from peer_tui.models.migrations import _migrator, add_column_if_missing

    with pytest.raises(ValueError, match="database default"):
        add_column_if_missing(_migrator(), "check_in", "extra", TextField(default=""))


def test_check_on_a_file_from_before_the_hash_chain_says_not_yet_rather_than_broken(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema_v4.sqlite3", path)
    out = subprocess.run([sys.executable, "-m", "peer_tui", "--db", str(path), "check"],
                         capture_output=True, text=True, timeout=120)
    assert "audit chain: not yet: this database has no hash chain yet" in out.stdout
    assert "BROKEN" not in out.stdout
    assert out.returncode == 1  # the schema is older than this program's
