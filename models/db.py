"""The database handle, how it is opened, and the errors a person can act on.

Every model binds to ``database``, a ``DatabaseProxy`` that is pointed at a real database
once, at start-up (``open_database``). Tests point it at a temporary *file*: an in-memory
SQLite database is a different, empty database in every thread.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable, TypeVar
from urllib.parse import urlparse

from peewee import Database, DatabaseError, DatabaseProxy, SqliteDatabase

from peer_tui.kiosk_i18n import N_
from peer_tui.models.postgres import is_postgres_url, make_postgres

T = TypeVar("T")

database = DatabaseProxy()

BUSY_TIMEOUT_SECONDS = 5

# WAL lets the kiosk write while staff read; NORMAL is durable across application crashes in
# WAL mode; foreign keys are off by default in SQLite and must be switched on per connection.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": BUSY_TIMEOUT_SECONDS * 1000,
}


class DatabaseProblem(Exception):
    """A problem with the database that a person can fix; ``str()`` is a one-line message."""


def new_unique_file(folder: Path, stem: str, suffix: str) -> Path:
    """Create an empty owner-only file FOLDER/STEM+SUFFIX, or STEM-2+SUFFIX, STEM-3... when the
    name is taken, and return it. O_EXCL makes taking a name atomic, so two backups made in
    the same second (two terminals, a retried upgrade) get two files; neither overwrites the
    other."""
    for n in range(1, 1000):
        path = folder / f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
        try:
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise DatabaseProblem(f"Cannot write {path}: {exc.strerror}.") from None
        os.close(fd)
        return path
    raise DatabaseProblem(f"Cannot find a free file name for {stem}{suffix} in {folder}.")


def default_database_path() -> Path:
    """The SQLite file used when neither --db nor PEER_TUI_DATABASE is given (XDG data dir)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "peer-tui" / "peer-tui.db"


def is_url(target: str) -> bool:
    return "://" in target


def sqlite_path(target: str) -> Path:
    """The file path of a SQLite target given as a plain path or a sqlite:/// URL."""
    if target.startswith("sqlite:///"):
        return Path(urlparse(target).path)
    return Path(target).expanduser()


def _prepare_sqlite_file(path: Path, create: bool) -> None:
    """Create the folder (0700) and file (0600) owner-only, or explain why we cannot."""
    folder = path.parent
    if not folder.exists():
        if not create:
            raise DatabaseProblem(f"The folder {folder} does not exist.")
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseProblem(f"Cannot create the folder {folder}: {exc.strerror}.") from None
    if not folder.is_dir():
        raise DatabaseProblem(f"{folder} is not a folder.")
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a database file.")
    if not path.exists():
        if not create:
            raise DatabaseProblem(f"There is no database at {path}.")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise DatabaseProblem(f"Cannot write in the folder {folder} (permission denied).")
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)
    elif not os.access(path, os.R_OK):
        raise DatabaseProblem(f"Cannot read {path} (permission denied).")
    _check_sqlite_header(path)


def _check_sqlite_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite half-opens it."""
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header and header != b"SQLite format 3\x00":
        raise DatabaseProblem(f"{path} is not a peer-tui database (not a SQLite file).")


class _SqliteDatabase(SqliteDatabase):
    """SQLite rolls a transaction back by itself after a full disk or an I/O error. Peewee's
    ROLLBACK then fails with "cannot rollback - no transaction is active" (or, inside a
    nested atomic, "no such savepoint"), and that error, not the disk being full, is what
    the caller would see. Skip both when SQLite says no transaction is open, so the real
    cause is raised. (Savepoints are made by the DatabaseProxy, which reaches the database
    only through execute_sql.)"""

    def rollback(self) -> None:
        if self.is_closed() or self.connection().in_transaction:
            super().rollback()

    def execute_sql(self, sql, *args, **kwargs):
        if sql.startswith("ROLLBACK TO SAVEPOINT") and not self.is_closed() and \
                not self.connection().in_transaction:
            return None
        return super().execute_sql(sql, *args, **kwargs)


def make_sqlite(path: Path | str) -> SqliteDatabase:
    """A SqliteDatabase whose transactions all begin IMMEDIATE.

    With a deferred BEGIN, a read-then-write transaction in WAL mode fails at once with
    "database is locked" when another process wrote in between, whatever the busy timeout.
    BEGIN IMMEDIATE takes the write lock first and waits for it politely instead.
    """
    return _SqliteDatabase(
        str(path),
        pragmas=SQLITE_PRAGMAS,
        timeout=BUSY_TIMEOUT_SECONDS,
        lock_type="IMMEDIATE",
        check_same_thread=False,
    )


def open_database(target: str | os.PathLike | None = None, *, create: bool = True) -> Database:
    """Point ``database`` at TARGET (a path or URL) and check that it can be used.

    Raises DatabaseProblem with a one-line message for every failure a person can act on.
    """
    target = str(target) if target is not None else str(default_database_path())
    if is_url(target) and not target.startswith("sqlite:"):
        db = _open_url(target)
    else:
        path = sqlite_path(target)
        _prepare_sqlite_file(path, create)
        db = make_sqlite(path)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT count(*) FROM sqlite_master" if isinstance(db, SqliteDatabase)
                       else "SELECT 1")
    except Exception as exc:  # noqa: BLE001 - every driver error becomes one sentence
        db.close()
        raise DatabaseProblem(describe_error(exc, target)) from None
    return db


def read_only_uri(path: Path) -> str:
    """A URI that opens the SQLite file at PATH for reading only, never writing to it.

    A WAL database needs a shared-memory file beside it, which SQLite cannot make in a
    read-only folder (a read-only disk, a mounted backup). When nothing waits in the
    write-ahead log there, the file cannot change under us, and it is opened as immutable;
    with a log waiting, reading without it would miss committed work, so we refuse.
    """
    uri = path.resolve().as_uri()
    try:
        probe = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
        return f"{uri}?mode=ro"
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc) or os.access(path.parent, os.W_OK):
            raise
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise DatabaseProblem(f"Cannot read {path}: its folder is read-only and changes are "
                              "waiting in its -wal file. Copy the folder somewhere writable.")
    return f"{uri}?immutable=1"


def open_read_only(target: str | os.PathLike | None = None) -> Database:
    """Point ``database`` at TARGET for reading only (backup, check): a read-only file or
    folder is fine, and nothing is written, not even the WAL setting."""
    target = str(target) if target is not None else str(default_database_path())
    if is_url(target) and not target.startswith("sqlite:"):
        return open_database(target, create=False)
    path = sqlite_path(target)
    _prepare_sqlite_file(path, create=False)
    try:
        db = SqliteDatabase(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS,
                            check_same_thread=False)
        database.initialize(db)
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT count(*) FROM sqlite_master")
    except sqlite3.Error as exc:
        raise DatabaseProblem(describe_error(exc, target)) from None
    except DatabaseError as exc:
        database.obj.close()
        raise DatabaseProblem(describe_error(exc, target)) from None
    return db


def _open_url(url: str) -> Database:
    # Deferred (start-up): db_url loads every backend peewee has; only URL databases need it.
    from playhouse.db_url import connect

    try:
        return make_postgres(url) if is_postgres_url(url) else connect(url)
    except Exception as exc:  # noqa: BLE001
        raise DatabaseProblem(f"Cannot use the database URL: {exc}") from None


def describe_error(exc: Exception, target: str = "the database") -> str:
    """Turn a driver error into one sentence that says what to do."""
    # SQLite rolls back by itself on a full disk or I/O error; the ROLLBACK that follows then
    # fails and hides the real cause, which Python keeps as the exception's context.
    while "no transaction is active" in str(exc) and exc.__context__ is not None:
        exc = exc.__context__
    text = str(exc).lower()
    if "file is not a database" in text or "not a database" in text:
        return f"{target} is not a peer-tui database (not a SQLite file)."
    if "malformed" in text or "corrupt" in text:
        return f"{target} is damaged (corrupt). Restore it from a backup with `peer-tui restore`."
    if "locked" in text or "busy" in text:
        return (f"{target} is locked by another program and stayed locked past "
                f"{BUSY_TIMEOUT_SECONDS} seconds. Try again in a moment.")
    if "readonly" in text or "read-only" in text:
        return f"{target} is read-only; nothing can be saved. Ask an administrator."
    if "disk is full" in text or "database or disk is full" in text:
        return "The disk is full; nothing was saved. Free some space and try again."
    if "disk i/o error" in text:
        return (f"{target} could not be read or written (disk I/O error); nothing was saved. "
                "Check the disk and its free space.")
    if "unable to open" in text:
        return f"Cannot open {target}: the file or its folder is missing or not readable."
    if any(words in text for words in UNREACHABLE):
        return ("The database server cannot be reached (stopped, restarting, or the network "
                "is down); nothing was saved. What you typed is kept: try again in a moment.")
    return "Database error: " + " ".join(str(exc).split())  # drivers add newlines


# What PostgreSQL's driver says when the server is down, restarting or unreachable.
UNREACHABLE = ("could not connect", "connection refused", "server closed the connection",
               "terminating connection", "connection to server", "connection already closed",
               "the database system is shutting down", "the database system is starting up",
               "no route to host", "timeout expired")


def storage_failure(exc: Exception) -> str | None:
    """The storage refused a write (full, read-only, I/O error): the cause in a few words,
    else None. A lock that timed out is not one: it passes, and is reported as it is."""
    text = str(exc).lower()
    if "full" in text:
        return N_("the disk is full")
    if "readonly" in text or "read-only" in text:
        return N_("the database is read-only")
    if "disk i/o error" in text:
        return N_("the disk could not be written (I/O error)")
    return None


def unless_storage_refuses(write: Callable[[], T], instead: Callable[[str, DatabaseError], T]
                           ) -> T:
    """WRITE(); when the storage refuses its writes (``storage_failure`` names the cause),
    INSTEAD(cause, error): what still works without writing. Any other database error (a
    lock that timed out) is raised as it is."""
    try:
        return write()
    except DatabaseError as exc:
        cause = storage_failure(exc)
        if cause is None:
            raise
        return instead(cause, exc)


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


def is_sqlite() -> bool:
    return isinstance(database.obj, SqliteDatabase)


__all__ = [
    "database", "DatabaseProblem", "open_database", "open_read_only", "close_database",
    "describe_error", "storage_failure", "unless_storage_refuses", "read_only_uri",
    "default_database_path", "make_sqlite", "is_sqlite", "sqlite3",
]
