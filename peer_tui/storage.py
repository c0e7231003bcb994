"""Opening the database for the program: connect, check, upgrade the schema."""

from __future__ import annotations

import os

from peer_tui.models.db import DatabaseProblem, describe_error, open_database


def resolve_target(cli_value: str | None) -> str | None:
    """--db wins over PEER_TUI_DATABASE; None means the default file."""
    if cli_value is not None and not cli_value.strip():  # `--db ""`: never the default silently
        raise DatabaseProblem("--db needs a database file or URL; it was empty.")
    return cli_value or os.environ.get("PEER_TUI_DATABASE") or None


def open_and_upgrade(target: str | None, *, create: bool = True):
    """Open TARGET and bring its schema up to date. Raises DatabaseProblem (one line)."""
    from peewee import DatabaseError

    from peer_tui.models import migrations

    db = open_database(target, create=create)
    try:
        old, new, backup = migrations.upgrade()
    except DatabaseProblem:
        db.close()
        raise
    except DatabaseError as exc:
        db.close()
        raise DatabaseProblem(describe_error(exc, target or "The database")) from None
    return db, old, new, backup
