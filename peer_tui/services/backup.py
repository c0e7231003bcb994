"""Backups with SQLite's online backup API: consistent while the app is in use (a
PostgreSQL database is backed up with pg_dump instead: services/pg_backup.py).

Every backup and copy is owner-only (file 0600, folder 0700), one self-contained file (no
-wal beside it), and checked after it is written. A restore checks the backup first (SQLite
header, integrity, schema version) and keeps a copy of the database it replaces, so a restore
can itself be undone. Every failure is a DatabaseProblem with one sentence.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
import sys
import threading

from peewee import DatabaseError

from peer_tui.models.db import (DatabaseProblem, database, default_database_path, is_sqlite,
                                new_unique_file, sqlite_path)
from peer_tui.models.postgres import is_postgres_url
from peer_tui.services import audit, pg_backup
from peer_tui.services.backup_file import read_head, restorable_version

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int
    integrity: str


def integrity_problems(conn) -> list[str]:
    """SQLite's integrity check of the open connection CONN (sqlite3 or peewee), one entry per
    problem; empty when the file is sound. A damaged file can fail the check itself."""
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall() if isinstance(
            conn, sqlite3.Connection) else conn.execute_sql("PRAGMA integrity_check").fetchall()
    except Exception as exc:  # noqa: BLE001 - sqlite3 or peewee: the complaint is the answer
        return [" ".join(str(exc).split())]
    problems = [line.strip() for (text,) in rows for line in str(text).splitlines()
                if line.strip() and not line.startswith("*** in database")]
    return [] if problems == ["ok"] else problems


def summary(problems: list[str], first: int = 3) -> str:
    """'ok', or the count and the first few problems, on one line (the full list can run to
    a hundred lines of page numbers that help nobody at a terminal)."""
    if not problems:
        return "ok"
    head = "; ".join(p.rstrip(".") for p in problems[:first])
    if len(problems) <= first:
        return f"{len(problems)} problem{'s' if len(problems) > 1 else ''}: {head}"
    count = f"{len(problems)} or more" if len(problems) >= 100 else str(len(problems))
    return f"{count} problems (SQLite stops counting at 100), the first {first}: {head}" \
        if len(problems) >= 100 else f"{count} problems, the first {first}: {head}"


def integrity_of(path: Path) -> str:
    """'ok' or a one-line summary of what SQLite finds wrong with the file at PATH."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        return summary(integrity_problems(conn))
    finally:
        conn.close()


def _new_private_file(dest: Path) -> None:
    """Create DEST empty and owner-only, refusing to overwrite anything."""
    if dest.exists():
        raise DatabaseProblem(f"{dest} already exists; choose a new file name.")
    if not dest.parent.is_dir():
        raise DatabaseProblem(f"The folder {dest.parent} does not exist.")
    try:
        fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    except OSError as exc:
        raise DatabaseProblem(f"Cannot write {dest}: {exc.strerror}.") from None
    os.close(fd)


def _copy_into(source: sqlite3.Connection, dest: Path) -> None:
    """Online-backup SOURCE into the new file DEST as one self-contained, owner-only file.
    A copy that fails (or is interrupted) leaves no file behind."""
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
        # The copy inherits WAL mode; switch it back so the backup is one file.
        target.execute("PRAGMA journal_mode=DELETE")
    except BaseException as exc:
        target.close()
        _remove(dest)
        if isinstance(exc, sqlite3.Error):
            raise DatabaseProblem(f"Backup failed, no copy was kept: {exc}.") from None
        raise
    target.close()
    dest.chmod(0o600)


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def backup_to(dest: str | os.PathLike) -> BackupResult:
    """Copy the open SQLite database to DEST (a file, or a folder to put a dated file in),
    owner-only, then check the copy's integrity. The backup is an export of every record, so
    it is written to the audit log (the file name only)."""
    if not is_sqlite():
        pg_backup.client("pg_dump")  # before any file is made
    named_folder = str(dest).endswith(("/", os.sep))
    dest = Path(dest).expanduser()
    if dest.is_dir():
        stem, suffix = f"peer-tui-{datetime.now():%Y%m%d-%H%M%S}", ".db"
        if not is_sqlite():  # a pg_dump file, named after the database it holds
            stem, suffix = f"peer-tui-{database.obj.database}-{datetime.now():%Y%m%d-%H%M%S}", \
                ".dump"
        dest = new_unique_file(dest, stem, suffix)
    elif named_folder:  # "backups/new/": a folder was meant, not a file called "new"
        raise DatabaseProblem(f"The folder {dest} does not exist; create it first, or give "
                              "a file name.")
    else:
        _new_private_file(dest)
    if not is_sqlite():
        pg_backup.dump_checked(dest)
        _audit_backup(dest)
        return BackupResult(dest, dest.stat().st_size, "ok")
    return _fill(dest)


def _fill(dest: Path) -> BackupResult:
    """Copy the open database into DEST (just created, empty), check it, audit it."""
    _copy_into(database.connection(), dest)
    integrity = integrity_of(dest)
    if integrity != "ok":  # a damaged copy beside good backups would be trusted one day
        _remove(dest)
        raise DatabaseProblem(f"The database is damaged ({integrity}); no backup was written. "
                              "Restore the last good backup with `peer-tui restore`.")
    _audit_backup(dest)
    return BackupResult(dest, dest.stat().st_size, integrity)


def _audit_backup(dest: Path) -> None:
    try:
        with database.atomic():
            audit.record(None, "backup", "", None, detail=dest.name)
    except (DatabaseError, sqlite3.Error):
        # A read-only or full database can still be backed up; that is when it matters most.
        pass


def backup_folder() -> Path:
    return Path(database.obj.database).parent / "backups"


def automatic_backup(keep: int) -> Path | None:
    """Once a day, on first start: a dated copy in backups/ beside the database; keep KEEP."""
    if not is_sqlite():
        return None
    keep = max(1, keep)
    folder = backup_folder()
    folder.mkdir(mode=0o700, exist_ok=True)
    folder.chmod(0o700)  # it may have been made by hand with looser rights
    name = Path(database.obj.database).stem
    today = datetime.now().strftime("%Y%m%d")
    existing = sorted(folder.glob(f"{name}-auto-*.db"), key=_oldest_first)
    made = None
    if not any(p.name.startswith(f"{name}-auto-{today}") for p in existing):
        made = _fill(new_unique_file(folder, f"{name}-auto-{today}-{datetime.now():%H%M%S}",
                                     ".db")).path
        existing = sorted(folder.glob(f"{name}-auto-*.db"), key=_oldest_first)
    # Only after a good new copy exists are old ones removed (never fewer than KEEP good ones).
    for old in existing[:-keep]:
        old.unlink(missing_ok=True)
    return made


def _oldest_first(path: Path) -> tuple[str, int]:
    """'x-auto-20261126-101500.db' before 'x-auto-20261126-101500-2.db' (same second)."""
    stem, _, n = path.stem.rpartition("-")
    if stem and n.isdigit() and len(n) < 4:  # a same-second suffix, not the time itself
        return stem, int(n)
    return path.stem, 1


def automatic_backup_quietly(keep: int) -> None:
    """The daily backup must never stop the program starting; a failure is only reported."""
    try:
        automatic_backup(keep)
    except (OSError, sqlite3.Error, DatabaseProblem) as exc:
        print(f"peer-tui: the daily backup was not made: {exc}", file=sys.stderr)


class BackgroundBackup:
    """The daily backup, made in a thread while the app starts: on a large database it takes
    seconds, and staff should not wait for it. The thread is not a daemon, so a quit waits
    for the copy to finish rather than leaving half a file. ``join()`` returns the problem,
    if any, to be reported once the screen is given back to the terminal."""

    def __init__(self, keep: int) -> None:
        self.problem = ""
        self._thread = threading.Thread(target=self._run, args=(keep,), name="daily-backup")
        self._thread.start()

    def _run(self, keep: int) -> None:
        try:
            with database.connection_context():
                automatic_backup(keep)
        except (OSError, sqlite3.Error, DatabaseProblem) as exc:
            self.problem = f"the daily backup was not made: {exc}"

    def join(self) -> str:
        self._thread.join()
        return self.problem


def check_backup(backup_file: Path) -> int:
    """Refuse a file that is not a sound peer-tui database; return its schema version."""
    if read_head(backup_file) != SQLITE_HEADER:
        raise DatabaseProblem(f"{backup_file} is not a peer-tui backup (not a SQLite file); "
                              "nothing was changed.")
    return restorable_version(backup_file, integrity_of(backup_file), "is damaged",
                              _schema_version_of)


def restore_from(backup_file: Path, target: str | None) -> Path | None:
    """Replace the database at TARGET with BACKUP_FILE after checking it; keep the old one.

    Returns where the replaced database was kept (None when there was none). The
    checked backup is copied into place with the online backup API, so a program that has
    the database open sees the whole restore or none of it. A live file too damaged for that
    is kept byte for byte and replaced.
    """
    backup_file = Path(backup_file).expanduser()
    if target and is_postgres_url(target):
        return pg_backup.restore_from(backup_file, target)
    check_backup(backup_file)
    live = sqlite_path(target) if target else default_database_path()
    if live.resolve() == backup_file.resolve():
        raise DatabaseProblem("The backup is the database itself; nothing was changed.")
    try:
        live.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseProblem(f"Cannot create the folder {live.parent}: {exc.strerror}.") \
            from None
    if not live.exists():
        source = _open_ro(backup_file)
        try:
            _copy_into(source, live)
        finally:
            source.close()
        return None
    kept = live.with_name(f"{live.name}.replaced-{datetime.now():%Y%m%d-%H%M%S}")
    n = 1
    while kept.exists():
        n += 1
        kept = live.with_name(f"{live.name}.replaced-{datetime.now():%Y%m%d-%H%M%S}-{n}")
    sound = _keep_copy(live, kept)
    source = _open_ro(backup_file)
    try:
        if sound:
            dest = sqlite3.connect(live, timeout=5)
            try:
                source.backup(dest)
            except sqlite3.Error as exc:
                raise DatabaseProblem(f"Restore failed, nothing was changed: {exc}.") from None
            finally:
                dest.close()
        else:
            # Not a database SQLite can write into: replace the file (and its stale journal,
            # which SQLite would otherwise apply to the restored copy).
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{live}{suffix}").unlink(missing_ok=True)
            fresh = live.with_name(f"{live.name}.restoring")
            fresh.unlink(missing_ok=True)
            _new_private_file(fresh)
            _copy_into(source, fresh)
            os.replace(fresh, live)
    finally:
        source.close()
    live.chmod(0o600)
    return kept


def _open_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _keep_copy(live: Path, kept: Path) -> bool:
    """Keep the database about to be replaced at KEPT. True when it was a sound database
    (copied online, consistent even if in use), False when it had to be copied as bytes."""
    _new_private_file(kept)
    try:
        current = sqlite3.connect(live, timeout=5)
        try:
            if current.execute("PRAGMA quick_check").fetchone()[0] == "ok":
                _copy_into(current, kept)
                return True
        finally:
            current.close()
    except sqlite3.DatabaseError:
        pass
    except DatabaseProblem:
        _new_private_file(kept)
    try:
        shutil.copyfile(live, kept)
        wal = Path(f"{live}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{kept}-wal"))
    except OSError as exc:
        raise DatabaseProblem(f"Cannot keep a copy of {live} ({exc.strerror}); nothing was "
                              "changed.") from None
    return False


def _schema_version_of(path: Path) -> int | None:
    conn = _open_ro(path)
    try:
        return conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
