"""The schema version of the open database and the one this program makes, without the
migrations: opening a database that is up to date (every start but the first after an
update) reads one row, and loads neither the migration steps nor the models they build
(``migrations``, loaded for an upgrade)."""

from __future__ import annotations

from peer_tui.models.audit import SchemaVersion
from peer_tui.models.db import database

LATEST_VERSION = 18
"""The number of the last step in ``migrations.MIGRATIONS``."""


def current_version() -> int:
    """The schema version of the open database: 0 when empty, -1 when not ours."""
    tables = set(database.get_tables())
    if "schema_version" not in tables:
        return 0 if not tables else -1
    version = SchemaVersion.select(SchemaVersion.version).order_by(
        SchemaVersion.version.desc()).scalar()
    return version or 0


def newer_schema_message(version: int) -> str:
    return (f"This database was made by a newer peer-tui (schema {version}; this program "
            f"knows up to {LATEST_VERSION}). Install the newer peer-tui to open it.")
