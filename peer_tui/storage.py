"""Opening the database for the program: connect, check, upgrade the schema."""

from __future__ import annotations

import os

from peewee import DatabaseError

from peer_tui.models.db import (DatabaseProblem, default_database_path, describe_error, is_url,
                                open_database, sqlite_path)
from peer_tui.models.schema_version import LATEST_VERSION, current_version


def resolve_target(cli_value: str | None) -> str | None:
    """--db wins over PEER_TUI_DATABASE; None means the default file."""
    if cli_value is not None and not cli_value.strip():  # `--db ""`: never the default silently
        raise DatabaseProblem("--db needs a database file or URL; it was empty.")
    return cli_value or os.environ.get("PEER_TUI_DATABASE") or None


def open_and_upgrade(target: str | None, *, create: bool = True, empty_ok: bool = True):
    """Open TARGET and bring its schema up to date. Raises DatabaseProblem (one line).

    With EMPTY_OK false, a database with no peer-tui tables yet is refused rather than built
    (the kiosk never creates a database).
    """
    where = target or str(default_database_path())
    if not empty_ok and not (is_url(where) and not where.startswith("sqlite:")):
        path = sqlite_path(where)
        if path.is_file() and path.stat().st_size == 0:  # opening it would make it SQLite
            raise DatabaseProblem("The database is empty.")
    db = open_database(target, create=create)
    try:
        version = current_version()
        if not empty_ok and version == 0:
            raise DatabaseProblem("The database is empty.")
        if version == LATEST_VERSION:
            return db, version, version, None
        # Deferred (start-up): the migration steps, and every model they build, load only
        # for an upgrade (or to refuse a database that is not ours or is newer).
        import peer_tui.models.migrations as migrations

        old, new, backup = migrations.upgrade()
    except DatabaseProblem:
        db.close()
        raise
    except DatabaseError as exc:
        db.close()
        raise DatabaseProblem(describe_error(exc, target or "The database")) from None
    return db, old, new, backup
