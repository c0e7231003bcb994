"""The command line: commands work, and each failure is one line, no traceback, exit != 0."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from helpers import permissions_enforced


def run(*args, stdin: str = "", env: dict | None = None, timeout: float = 60,
        **popen):
    full_env = {**os.environ, "PEER_TUI_DATABASE": "", **(env or {})}
    return subprocess.run([sys.executable, "-m", "peer_tui", *args], input=stdin,
                          capture_output=True, text=True, timeout=timeout, env=full_env,
                          **popen)


def one_line_error(result) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("peer-tui: ")
    return lines[0]


def test_version_and_help():
    assert run("--version").stdout.startswith("peer-tui ")
    helped = run("--help")
    assert helped.returncode == 0 and "kiosk" in helped.stdout and "--db" in helped.stdout


def test_help_does_not_import_the_heavy_stack():
    code = ("import sys; from peer_tui import cli\n"
            "try:\n    cli.build_parser().parse_args(['--help'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('textual','peewee','pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().endswith("[]"), out.stdout


@pytest.mark.parametrize("argv", [
    [], ["--db", "house.db"], ["--db=house.db"], ["--db", ""], ["--db="], ["--db=-x"],
    ["--db", "two words.db"], ["--db", "d\u00e9mo.db"], ["--db", "postgresql://u@h/peer"],
])
def test_the_staff_app_s_arguments_are_read_as_the_parser_reads_them(argv):
    """The staff app's start reads its few forms of arguments without building the parser
    (its cost comes before the sign-in is drawn): to the same result."""
    from peer_tui import cli

    assert cli.staff_app_args(argv) == cli.build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", [
    ["--db", "-x"], ["--db"], ["--d", "house.db"], ["--db", "a.db", "--db", "b.db"], ["demo"],
    ["--db", "house.db", "check"], ["--help"], ["--version"], ["--bd", "house.db"],
])
def test_anything_else_goes_to_the_parser(argv):
    from peer_tui import cli

    assert cli.staff_app_args(argv) is None


def test_init_staff_and_check(tmp_path):
    db = str(tmp_path / "house.db")
    made = run("--db", db, "init", "--username", "jo", "--name", "Jo Banks", "--house",
               "Maple House", stdin="2468\n2468\n")
    assert made.returncode == 0, made.stderr
    again = run("--db", db, "init", "--username", "x", "--name", "X", stdin="2468\n2468\n")
    assert "already has staff" in one_line_error(again)
    added = run("--db", db, "staff", "add", "kim", "--name", "Kim Lo", "--role",
                "peer_specialist", stdin="1357\n1357\n")
    assert added.returncode == 0, added.stderr
    listed = run("staff", "list", "--db", db).stdout
    assert "jo" in listed and "kim" in listed and "peer_specialist" in listed
    assert run("--db", db, "staff", "reset-pin", "kim", stdin="8642\n8642\n").returncode == 0
    assert run("--db", db, "staff", "deactivate", "kim").returncode == 0
    assert "inactive" in run("--db", db, "staff", "list").stdout
    checked = run("--db", db, "check")
    assert checked.returncode == 0 and "integrity: ok" in checked.stdout


@pytest.mark.parametrize("house, words", [
    ("Maple\x1b]0;owned\x07House", "control characters"),
    ("\u202eesuoH elpaM", "U+202E"), ("x" * 101, "Too long"), ("Two\tlines", "one line"),
])
def test_init_refuses_a_house_name_the_forms_would_refuse(tmp_path, house, words):
    db = tmp_path / "house.db"
    refused = run("--db", str(db), "init", "--username", "jo", "--name", "Jo", "--house",
                  house, stdin="")  # refused before the PIN is asked for
    assert words in one_line_error(refused) and "house" in one_line_error(refused)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM house").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 0
    conn.close()


def test_pin_mismatch_and_bad_role_are_one_line(tmp_path):
    db = str(tmp_path / "house.db")
    assert "not the same" in one_line_error(
        run("--db", db, "init", "--username", "jo", "--name", "Jo", stdin="2468\n1357\n"))
    assert "invalid choice" in one_line_error(
        run("--db", db, "staff", "add", "kim", "--name", "K", "--role", "boss"))
    assert "4 to 8 digits" in one_line_error(
        run("--db", db, "init", "--username", "jo", "--name", "Jo", stdin="12\n12\n"))


def test_database_problems_are_one_line(tmp_path):
    assert "does not exist" in one_line_error(run("--db", str(tmp_path / "no/such/x.db"), "check"))
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all" * 100)
    assert "not a peer-tui database" in one_line_error(run("--db", str(garbage), "check"))
    assert "not a peer-tui database" in one_line_error(run("--db", str(garbage)))
    corrupt = tmp_path / "corrupt.db"
    run("--db", str(corrupt), "demo")
    data = bytearray(corrupt.read_bytes())
    data[4096:8192] = os.urandom(4096)
    corrupt.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"corrupt.db{suffix}").unlink(missing_ok=True)
    result = run("--db", str(corrupt), "check")
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_unwritable_folder_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert "Cannot write" in one_line_error(run("--db", str(locked / "x.db"), "demo",
                                                preexec_fn=permissions_enforced))
    assert not list(locked.iterdir())


def test_newer_schema_is_one_line(tmp_path):
    db = tmp_path / "new.db"
    assert run("--db", str(db), "demo").returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, '2030-01-01')")
    conn.commit()
    conn.close()
    assert "newer peer-tui" in one_line_error(run("--db", str(db), "staff", "list"))


def test_locked_past_the_busy_timeout_is_one_line(tmp_path):
    db = tmp_path / "busy.db"
    assert run("--db", str(db), "init", "--username", "jo", "--name", "Jo",
               stdin="2468\n2468\n").returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        result = run("--db", str(db), "staff", "reset-pin", "jo", stdin="1357\n1357\n")
        assert "locked by another program" in one_line_error(result)
    # (That it waits for the busy timeout first is the SQLite setting, checked in
    # test_migrations.py's test_sqlite_settings_are_in_force; no clock is read here.)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_demo_refuses_a_real_database_and_refreshes_a_demo(tmp_path):
    real = str(tmp_path / "real.db")
    run("--db", real, "init", "--username", "jo", "--name", "Jo", stdin="2468\n2468\n")
    assert "holds real data" in one_line_error(run("--db", real, "demo"))
    demo = str(tmp_path / "demo.db")
    assert run("--db", demo, "demo").returncode == 0
    again = run("--db", demo, "demo")
    assert again.returncode == 0 and "43 residents" in again.stdout


def test_backup_makes_a_checked_owner_only_copy(tmp_path):
    db = str(tmp_path / "demo.db")
    run("--db", db, "demo")
    result = run("--db", db, "backup", str(tmp_path / "copy.db"))
    assert result.returncode == 0 and "integrity ok" in result.stdout
    assert (tmp_path / "copy.db").stat().st_mode & 0o777 == 0o600
    assert "already exists" in one_line_error(run("--db", db, "backup", str(tmp_path / "copy.db")))
