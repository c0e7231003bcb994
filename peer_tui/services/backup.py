"""Backups with SQLite's online backup API: consistent while the app is in use."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from peer_tui.models.db import DatabaseProblem, database, is_sqlite


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int
    integrity: str


def integrity_of(path: Path) -> str:
    """'ok' or SQLite's first complaint about the file at PATH."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def backup_to(dest: str | os.PathLike) -> BackupResult:
    """Copy the open SQLite database to DEST (a file, or a folder to put a dated file in),
    owner-only, then check the copy's integrity."""
    if not is_sqlite():
        raise DatabaseProblem("Backups of a PostgreSQL database are made with pg_dump.")
    dest = Path(dest).expanduser()
    if dest.is_dir():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = dest / f"peer-tui-{stamp}.db"
    if dest.exists():
        raise DatabaseProblem(f"{dest} already exists; choose a new file name.")
    if not dest.parent.is_dir():
        raise DatabaseProblem(f"The folder {dest.parent} does not exist.")
    fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    target = sqlite3.connect(dest)
    try:
        database.connection().backup(target)
    except sqlite3.Error as exc:
        target.close()
        dest.unlink(missing_ok=True)
        raise DatabaseProblem(f"Backup failed: {exc}") from None
    # The copy inherits WAL mode; switch it back so the backup is one self-contained file.
    target.execute("PRAGMA journal_mode=DELETE")
    target.close()
    return BackupResult(dest, dest.stat().st_size, integrity_of(dest))


def backup_folder() -> Path:
    return Path(database.obj.database).parent / "backups"


def automatic_backup(keep: int) -> Path | None:
    """Once a day, on first start: a dated copy in backups/ beside the database; keep KEEP."""
    if not is_sqlite():
        return None
    folder = backup_folder()
    folder.mkdir(mode=0o700, exist_ok=True)
    name = Path(database.obj.database).stem
    today = datetime.now().strftime("%Y%m%d")
    existing = sorted(folder.glob(f"{name}-auto-*.db"))
    made = None
    if not any(p.name.startswith(f"{name}-auto-{today}") for p in existing):
        made = backup_to(folder / f"{name}-auto-{today}-{datetime.now():%H%M%S}.db").path
        existing = sorted(folder.glob(f"{name}-auto-*.db"))
    for old in existing[:-keep]:
        old.unlink(missing_ok=True)
    return made


def automatic_backup_quietly(keep: int) -> None:
    """The daily backup must never stop the program starting; a failure is only reported."""
    import sys

    try:
        automatic_backup(keep)
    except (OSError, sqlite3.Error, DatabaseProblem) as exc:
        print(f"peer-tui: the daily backup was not made: {exc}", file=sys.stderr)


def restore_from(backup_file: Path, target: str | None) -> Path:
    """Replace the database at TARGET with BACKUP_FILE after checking it; keep the old one.

    Returns where the replaced database was kept. The checked backup is copied with the
    online backup API into place, so a half-finished restore cannot leave a torn file.
    """
    from peer_tui.models.db import default_database_path, sqlite_path

    backup_file = Path(backup_file).expanduser()
    if not backup_file.is_file():
        raise DatabaseProblem(f"There is no backup file at {backup_file}.")
    with open(backup_file, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise DatabaseProblem(f"{backup_file} is not a peer-tui backup (not a SQLite file).")
    status = integrity_of(backup_file)
    if status != "ok":
        raise DatabaseProblem(f"{backup_file} is damaged ({status}); nothing was changed.")
    version = _schema_version_of(backup_file)
    from peer_tui.models.migrations import LATEST_VERSION

    if version is None:
        raise DatabaseProblem(f"{backup_file} is not a peer-tui database; nothing was changed.")
    if version > LATEST_VERSION:
        raise DatabaseProblem(f"{backup_file} was made by a newer peer-tui (schema {version}).")
    live = sqlite_path(target) if target else default_database_path()
    live.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    kept = live.with_name(f"{live.name}.replaced-{datetime.now():%Y%m%d-%H%M%S}")
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        if live.exists():
            current = sqlite3.connect(live)
            keeper = sqlite3.connect(kept)
            current.backup(keeper)
            keeper.close()
            kept.chmod(0o600)
        else:
            kept = live
        dest = sqlite3.connect(live, timeout=5)
        source.backup(dest)
        dest.close()
        if live.exists():
            live.chmod(0o600)
    finally:
        source.close()
    return kept


def _schema_version_of(path: Path) -> int | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
