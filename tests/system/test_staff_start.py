"""The command line starts the staff app with its checks in a child process: the app's own
process reaches the sign-in without pydantic or peewee, and knows what the sign-in shows."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import permissions_enforced


def test_the_sign_in_starts_before_the_database_layer_loads(tmp_path):
    db = tmp_path / "house.db"
    env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1"}
    made = subprocess.run([sys.executable, "-m", "peer_tui", "--db", str(db), "demo"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert made.returncode == 0, made.stderr
    code = (
        "import gc, json, sys\n"
        "import peer_tui.app\n"
        "def run(self, **kwargs):\n"  # where the app would take the terminal
        "    print(json.dumps([sorted(m for m in ('pydantic', 'peewee') if m in sys.modules),\n"
        "                      self.house_name, self.is_demo, self.first_run,\n"
        "                      gc.isenabled()]))\n"
        "peer_tui.app.PeerTuiApp.run = run\n"
        "from peer_tui import cli\n"
        f"code = cli.main(['--db', {str(db)!r}])\n"
        "print(json.dumps(gc.isenabled()))\n"
        "sys.exit(code)\n")
    started = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, timeout=120)
    assert started.returncode == 0, started.stderr
    at_run, after = started.stdout.splitlines()
    # No collector passes while the app starts (its first screen releases them); a start
    # that ends without drawing releases them too.
    assert json.loads(at_run) == [[], "Harbor House", True, False, False]
    assert json.loads(after) is True
    # The child made the daily backup, and the command line waited for it.
    assert list((tmp_path / "backups").glob("house-auto-*.db"))


# -- each check of the start, in one line, before the terminal is taken ------------------------
STARTED = "the app took the terminal"
START = (
    "import sys\n"
    "import peer_tui.app\n"
    "def run(self, **kwargs):\n"  # where the app would take the terminal
    f"    print({STARTED!r})\n"
    "peer_tui.app.PeerTuiApp.run = run\n"
    "from peer_tui import cli\n"
    "sys.exit(cli.main(sys.argv[1:]))\n")


def start(*argv: str, settings: str | None = None, tmp_path, code: str = START, **popen):
    """The staff app started as `peer-tui ARGV` (or CODE run with ARGV), with SETTINGS as its
    settings file (none without)."""
    path = tmp_path / "settings.json"
    path.unlink(missing_ok=True)
    if settings is not None:
        path.write_text(settings)
    env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1",
           "PEER_TUI_SETTINGS": str(path)}
    return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                          text=True, env=env, timeout=120, **popen)


@pytest.fixture
def house_file(db) -> Path:
    """An up-to-date database of two houses with staff, as a closed file (the command line
    opens it)."""
    from peer_tui.models.db import close_database, database
    from peer_tui.services import auth, house

    house.ensure_house("Harbor House")
    house.add_house("Cedar House")
    auth.create_staff("admin", "Ada Admin", "admin", "2468")
    path = Path(database.obj.database)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    return path


@pytest.mark.parametrize("case, words", [
    ("a setting out of range", ["settings.json is not valid", "idle_lock_minutes"]),
    ("an unknown setting", ["settings.json is not valid", "colour"]),
    ("a settings file that is not JSON", ["settings.json is not valid"]),
    ("--db empty", ["--db needs"]),
    ("a folder", ["is a folder"]),
    ("not a database", ["not a peer-tui database"]),
    ("from a newer peer-tui", ["newer peer-tui"]),
    ("unreadable", ["Cannot read", "permission denied"]),
    ("read-only", ["read-only"]),
])
def test_each_problem_the_checks_find_is_one_line_before_the_terminal(house_file, tmp_path,
                                                                      case, words):
    db, settings = str(house_file), None
    if case == "a setting out of range":
        settings = '{"idle_lock_minutes": -1}'
    elif case == "an unknown setting":
        settings = '{"idle_lock_minutes": 5, "colour": "red"}'
    elif case == "a settings file that is not JSON":
        settings = "nonsense{"
    elif case == "--db empty":
        db = ""
    elif case == "a folder":
        db = str(tmp_path)
    elif case == "not a database":
        house_file.write_bytes(b"not a database at all " * 100)
    elif case == "from a newer peer-tui":
        conn = sqlite3.connect(house_file)
        conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, '2030')")
        conn.commit()
        conn.close()
    elif case == "unreadable":
        house_file.chmod(0o000)
    elif case == "read-only":
        house_file.chmod(0o400)
    result = start("--db", db, settings=settings, tmp_path=tmp_path,
                   preexec_fn=permissions_enforced)
    assert STARTED not in result.stdout
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("peer-tui: "), result.stderr
    assert all(word in lines[0] for word in words), lines[0]


def test_the_start_s_checks_load_pydantic_only_for_a_settings_file(house_file, tmp_path):
    """The checks run beside Textual's import and the app waits for their verdict: they load
    neither pydantic (the settings are the defaults when there is no file) nor the migration
    steps (the database is up to date). A settings file is checked, with pydantic."""
    code = ("import json, sys\n"
            "from peer_tui.checks import staff_app_checks\n"
            "facts = staff_app_checks(sys.argv[1])\n"
            "print(json.dumps([facts, sorted(m for m in ('pydantic', 'peer_tui.settings',\n"
            "    'peer_tui.models.migrations', 'peer_tui.models.schemas') if m in sys.modules)]))\n")
    plain = start(str(house_file), tmp_path=tmp_path, code=code)
    assert plain.returncode == 0, plain.stderr
    # Two houses and no setting naming one: the sign-in names none.
    assert json.loads(plain.stdout) == [
        {"house_name": "", "is_demo": False, "first_run": False}, []]
    named = start(str(house_file), tmp_path=tmp_path, code=code,
                  settings='{"kiosk_house": "cedar HOUSE"}')
    assert named.returncode == 0, named.stderr
    assert json.loads(named.stdout) == [
        {"house_name": "Cedar House", "is_demo": False, "first_run": False},
        ["peer_tui.models.schemas", "peer_tui.settings", "pydantic"]]


def test_the_start_knows_the_last_migration_without_loading_the_migrations():
    from peer_tui.models import migrations, schema_version

    assert max(migrations.MIGRATIONS) == schema_version.LATEST_VERSION
    assert migrations.LATEST_VERSION == schema_version.LATEST_VERSION


def test_typing_is_held_from_the_start_and_put_back_when_the_app_ends(house_file):
    """On a terminal: from before the checks until the app ends, what is typed is not echoed
    (a PIN typed at once stayed readable above the prompt) and Enter stays Enter; then the
    terminal is as it was."""
    import pty

    code = ("import sys, termios\n"
            "import peer_tui.app\n"
            "def flags():\n"
            "    attrs = termios.tcgetattr(0)\n"
            "    return [bool(attrs[3] & termios.ECHO), bool(attrs[0] & termios.ICRNL)]\n"
            "def run(self, **kwargs):\n"  # where the app takes the terminal
            "    print('at the start', flags())\n"
            "peer_tui.app.PeerTuiApp.run = run\n"
            "from peer_tui import cli\n"
            "print('before', flags())\n"
            "code = cli.main(sys.argv[1:])\n"
            "print('after', flags())\n"
            "sys.exit(code)\n")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command line on a terminal of its own
        os.environ.update(PEER_TUI_DATABASE="", PYTHONSAFEPATH="1",
                          PEER_TUI_SETTINGS=str(house_file.parent / "none.json"))
        os.execv(sys.executable, [sys.executable, "-c", code, "--db", str(house_file)])
    said = b""
    try:
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the terminal closed: the command has ended
                break
            if not chunk:
                break
            said += chunk
    finally:
        os.waitpid(pid, 0)
        os.close(fd)
    lines = said.decode(errors="replace").splitlines()
    assert "before [True, True]" in lines, lines
    assert "at the start [False, False]" in lines, lines
    assert "after [True, True]" in lines, lines
