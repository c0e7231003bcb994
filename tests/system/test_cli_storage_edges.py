"""The command line at the edges of storage: a read-only disk or file, a database from a newer
peer-tui, a damaged database, a folder that does not exist. Each is one line on stderr, a
non-zero exit, and nothing lost or left behind."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import permissions_enforced

from peer_tui import cli
from peer_tui.models.db import close_database, database


def run(*args, stdin: str = "", **popen):
    env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1"}
    return subprocess.run([sys.executable, "-m", "peer_tui", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, env=env, **popen)


def one_line_error(result) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("peer-tui: "), result.stderr
    return lines[0]


@pytest.fixture
def demo_file(demo_db, tmp_path) -> Path:
    """The demo database as a closed file (commands open it themselves)."""
    path = Path(database.obj.database)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    return path


def damage_index_pages(path: Path) -> None:
    """Break the cell layout of some timeline index pages: the file opens and reads, but the
    integrity check lists a hundred problems (what a failing disk does)."""
    conn = sqlite3.connect(path)
    pages = [p for (p,) in conn.execute(
        "SELECT pageno FROM dbstat WHERE name LIKE 'event_%' AND pagetype = 'leaf' LIMIT 30")]
    conn.close()
    assert pages
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * 4096
        data[start + 8:start + 40] = b"\x0f" * 32
    path.write_bytes(bytes(data))


def test_demo_on_a_read_only_disk_is_one_line(demo_file, monkeypatch, capsys):
    def read_only(self, missing_ok=False):
        raise OSError(errno.EROFS, "Read-only file system")

    before = demo_file.read_bytes()
    monkeypatch.setattr(Path, "unlink", read_only)
    assert cli.main(["--db", str(demo_file), "demo"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Read-only file system" in err[0], err
    assert demo_file.read_bytes() == before


def test_demo_refuses_a_database_made_by_a_newer_peer_tui(demo_file):
    conn = sqlite3.connect(demo_file)
    conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, '')")
    conn.commit()
    conn.close()
    before = demo_file.read_bytes()
    assert "newer peer-tui" in one_line_error(run("--db", str(demo_file), "demo"))
    assert demo_file.read_bytes() == before


def test_backup_into_a_folder_that_does_not_exist(demo_file, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    message = one_line_error(run("--db", str(demo_file), "backup", f"{folder}/new/"))
    assert "does not exist" in message
    assert list(folder.iterdir()) == []  # no file called "new"


def test_a_damaged_database_leaves_no_backup_and_check_says_so_briefly(demo_file, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    good = run("--db", str(demo_file), "backup", str(folder))
    assert good.returncode == 0, good.stderr
    kept = sorted(folder.iterdir())
    damage_index_pages(demo_file)
    message = one_line_error(run("--db", str(demo_file), "backup", str(folder)))
    assert "damaged" in message and "no backup was written" in message
    assert sorted(folder.iterdir()) == kept  # the good backup alone, no damaged copy
    checked = run("--db", str(demo_file), "check")
    assert checked.returncode == 1
    lines = checked.stdout.strip().splitlines()
    integrity = next(line for line in lines if line.startswith("integrity:"))
    assert "100 or more problems" in integrity and "the first 3" in integrity
    assert len(checked.stdout) < 1000  # a summary, not SQLite's hundred-line dump


def test_a_database_that_cannot_be_opened_for_writing_is_still_backed_up(demo_file,
                                                                        tmp_path, monkeypatch,
                                                                        capsys):
    """What a read-only file or disk does to a normal open; reading it is all a backup needs."""
    from peer_tui import commands
    from peer_tui.models.db import DatabaseProblem

    def refuse(target, *, create=True):
        raise DatabaseProblem(f"{target} is read-only; nothing can be saved. Ask an "
                              "administrator.")

    monkeypatch.setattr(commands, "open_upgraded", refuse)
    assert cli.main(["--db", str(demo_file), "backup", str(tmp_path / "copy.db")]) == 0
    assert "integrity ok" in capsys.readouterr().out
    conn = sqlite3.connect(tmp_path / "copy.db")
    assert conn.execute("SELECT count(*) FROM resident").fetchone()[0] == 43
    conn.close()


def test_a_read_only_file_is_backed_up_and_checked(demo_file, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(demo_file, folder / "house.db")
    (folder / "house.db").chmod(0o400)
    # The file really is read-only to the program's process, even when the tests run as root:
    write = subprocess.run(["sh", "-c", 'echo x >> "$0"', str(folder / "house.db")],
                           capture_output=True, preexec_fn=permissions_enforced)
    assert write.returncode != 0
    made = run("--db", str(folder / "house.db"), "backup", str(tmp_path / "copy.db"),
               preexec_fn=permissions_enforced)
    assert made.returncode == 0 and "integrity ok" in made.stdout, made.stderr
    checked = run("--db", str(folder / "house.db"), "check", preexec_fn=permissions_enforced)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_check_never_writes(demo_file):
    before = demo_file.read_bytes()
    assert run("--db", str(demo_file), "check").returncode == 0
    assert demo_file.read_bytes() == before
    assert not Path(f"{demo_file}-wal").exists() or Path(f"{demo_file}-wal").stat().st_size == 0
