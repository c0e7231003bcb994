"""Is the database file still the one we opened? Checked before every service call.

On Linux a SQLite file whose folder is deleted (or that is replaced by another file) while
the program runs stays open: every write still "succeeds", into a file nobody can reach any
more, and is lost when the program exits. SQLite does not notice in WAL mode, so we do: the
file's identity (device, inode) is remembered on the open database handle the first time and
compared on every call, for the cost of one ``stat``. Opening the database again (a new
handle) starts afresh.
"""

from __future__ import annotations

import os
from pathlib import Path

from peewee import DatabaseError

from peer_tui.models.db import DatabaseProblem, database, describe_error, is_sqlite


def database_file_problem() -> str | None:
    """None when the open SQLite file is still at its path, else a sentence saying what
    happened and what to do. Always None for a database server."""
    if not is_sqlite():
        return None
    handle = database.obj
    path = Path(handle.database)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return (f"The database file {path} (or its folder) was moved or deleted while "
                "peer-tui was running, so nothing more can be saved. Put it back or restore "
                "it with `peer-tui restore`, then start peer-tui again. What you typed is "
                "still on screen.")
    except OSError as exc:
        return f"The database file {path} cannot be reached ({exc.strerror})."
    identity = (info.st_dev, info.st_ino)
    first = getattr(handle, "_peer_tui_file_identity", None)
    if first is None:
        handle._peer_tui_file_identity = first = identity
    if first != identity:
        return (f"The database file {path} was replaced by another file while peer-tui was "
                "running. Start peer-tui again to use it. What you typed is still on screen.")
    return None


def require_writable(target: str = "The database") -> None:
    """Raise DatabaseProblem (one sentence) unless the open database can take a write.

    For the staff app and the kiosk, which cannot work without writing (even a sign-in is
    audited): better one clear line at start than an error at the first sign-in. The probe
    rewrites the schema cookie it just read, inside a transaction that is rolled back.
    """
    if not is_sqlite():
        return
    problem = database_file_problem()
    if problem:
        raise DatabaseProblem(problem)
    try:
        with database.atomic() as transaction:
            version = database.execute_sql("PRAGMA user_version").fetchone()[0]
            database.execute_sql(f"PRAGMA user_version = {int(version)}")
            transaction.rollback()
    except DatabaseError as exc:
        raise DatabaseProblem(describe_error(exc, target)) from None
