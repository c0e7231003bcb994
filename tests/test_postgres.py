"""The same code on PostgreSQL (several houses share one server).

Runs only when PEER_TUI_TEST_POSTGRES names a scratch database URL, e.g.
``postgresql://peer@127.0.0.1:5432/peertui_test`` (its public schema is emptied first), and
the driver is installed (``pip install ".[postgres]"``).
"""

from __future__ import annotations

import os

import pytest

URL = os.environ.get("PEER_TUI_TEST_POSTGRES", "")
pytestmark = pytest.mark.skipif(not URL, reason="set PEER_TUI_TEST_POSTGRES to run")


def test_schema_demo_sign_in_and_append_only_audit_on_postgres():
    pytest.importorskip("psycopg2")
    from peer_tui import demo
    from peer_tui.models import migrations
    from peer_tui.models.audit import AuditLog
    from peer_tui.models.db import close_database, database, open_database
    from peer_tui.services import auth
    from peer_tui.storage import open_and_upgrade

    open_database(URL)
    database.execute_sql("DROP SCHEMA public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    close_database()
    try:
        _, old, new, backup = open_and_upgrade(URL)
        assert (old, new, backup) == (0, migrations.LATEST_VERSION, None)
        assert "40 residents" in demo.populate()
        assert auth.sign_in("admin", "2468").actor is not None
        with pytest.raises(Exception, match="append-only"):
            with database.atomic():
                AuditLog.delete().execute()
    finally:
        close_database()
