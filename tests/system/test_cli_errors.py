"""Nonsense on the command line gets one line on stderr, never a traceback or a usage dump,
and a non-zero exit; nothing is created or changed by a refused command."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest


def run(*args, stdin: str = "", env: dict | None = None, cwd=None):
    full_env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "peer_tui", *args], input=stdin, cwd=cwd,
                          capture_output=True, text=True, timeout=60, env=full_env)


def one_line(result, *words: str) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("peer-tui: ")
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def house(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    db = folder / "house.db"
    assert run("--db", str(db), "demo").returncode == 0
    (folder / "afile").write_text("not a folder")
    (folder / "adir").mkdir()
    return folder, str(db)


@pytest.mark.parametrize("args, words", [
    (["--db"], ["expected one argument"]),
    (["--bogus"], ["unrecognized arguments"]),
    (["frobnicate"], ["invalid choice"]),
    (["kiosk", "--bogus"], ["unrecognized"]),
    (["staff"], ["required"]),
    (["staff", "add", "kim", "--role", "boss", "--name", "K"], ["invalid choice"]),
    (["backup"], ["required"]),
])
def test_usage_errors(args, words):
    result = run(*args)
    one_line(result, *words)
    assert result.returncode == 2


@pytest.mark.parametrize("db, words", [
    ("", ["--db needs"]),
    ("   ", ["--db needs"]),
    ("{folder}/afile/x.db", ["not a folder"]),
    ("{folder}/adir", ["is a folder"]),
    ("ftp://example.org/x", ["unsupported scheme"]),
    ("postgresql://nobody@nohost.invalid:1/x", ["Database error"]),
])
def test_nonsense_database_targets(house, db, words):
    folder, _ = house
    one_line(run("--db", db.format(folder=folder), "staff", "list"), *words)


@pytest.mark.parametrize("args, stdin, words", [
    (["staff", "add", "[b]", "--name", "X", "--role", "admin"], "2468\n2468\n", ["username"]),
    (["staff", "add", "zed", "--name", "", "--role", "admin"], "2468\n2468\n",
     ["display_name", "Required"]),
    (["staff", "add", "zed", "--name", "Zed", "--role", "admin"], "", ["4 to 8 digits"]),
    (["staff", "add", "zed", "--name", "Zed", "--role", "admin"], "abcd\nabcd\n",
     ["4 to 8 digits"]),
    (["staff", "add", "zed", "--name", "Z" * 500, "--role", "admin"], "2468\n2468\n",
     ["Too long"]),
    (["staff", "add", "zed", "--name", "\x1b[31mZed", "--role", "admin"], "2468\n2468\n",
     ["control characters"]),
    (["staff", "add", "zed", "--name", "Zed", "--role", "admin"], "2468\n1357\n",
     ["not the same"]),
    (["staff", "add", "admin", "--name", "Again", "--role", "admin"], "2468\n2468\n",
     ["taken"]),
    (["staff", "deactivate", "nobody"], "", ["No staff account"]),
    (["staff", "reset-pin", "nobody"], "2468\n2468\n", ["No staff account"]),
    # Refused before a PIN is asked for (no PIN on stdin): nothing typed is wasted.
    (["staff", "reset-pin", "nobody"], "", ["No staff account"]),
    (["staff", "add", "zed", "--name", "Zed\u202eevil", "--role", "admin"], "",
     ["display_name", "U+202E"]),
    (["staff", "add", "admin", "--name", "Again", "--role", "admin"], "", ["taken"]),
    (["restore", "{folder}/adir"], "", ["no backup file"]),
    (["restore", "{folder}/afile"], "", ["not a SQLite file"]),
    (["backup", "{folder}/afile/x.db"], "", ["afile"]),
])
def test_bad_values_change_nothing(house, args, stdin, words):
    folder, db = house
    before = staff_and_soundness(db)
    one_line(run("--db", db, *[a.format(folder=folder) for a in args], stdin=stdin), *words)
    assert staff_and_soundness(db) == before  # the same staff, PINs and roles; a sound file
    assert before[1] == "ok"


def staff_and_soundness(db: str) -> tuple[list, str]:
    """Each refusal is checked on its own (tests run in any order, on any worker)."""
    conn = sqlite3.connect(db)
    try:
        staff = conn.execute("SELECT username, display_name, role, pin_hash, active "
                             "FROM staff ORDER BY username").fetchall()
        return staff, conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("content, words", [
    ('{"idle_lock_minutes": -1}', ["idle_lock_minutes"]),
    ('{"idle_lock_minutes": 5, "colour": "red"}', ["colour"]),
    ("nonsense{", ["not valid"]),
    ("[1, 2]", ["not valid"]),
    ('{"crisis_lines": [{"name": "\\u001b]0;x\\u0007988", "how": "Call"}]}',
     ["crisis_lines.0.name", "control characters"]),
])
def test_a_bad_settings_file_is_one_line(house, tmp_path, content, words):
    _, db = house
    settings = tmp_path / "settings.json"
    settings.write_text(content)
    one_line(run("--db", db, "staff", "list", env={"PEER_TUI_SETTINGS": str(settings)}),
             *words)
