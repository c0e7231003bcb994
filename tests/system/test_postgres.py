"""The same code on PostgreSQL (several houses share one server).

Runs only when PEER_TUI_TEST_POSTGRES names a scratch database URL, e.g.
``postgresql://peer@127.0.0.1:5432/peertui_test`` (its public schema is emptied first), and
the driver is installed (``pip install ".[postgres]"``).
"""

from __future__ import annotations

import os

import pytest



def test_schema_demo_sign_in_and_append_only_audit_on_postgres(postgres_url):
    URL = postgres_url
    from peer_tui import demo
    from peer_tui.models import migrations
    from peer_tui.models.audit import AuditLog
    from peer_tui.models.db import close_database, database
    from peer_tui.services import auth
    from peer_tui.storage import open_and_upgrade

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


PG_WRITER = """
import sys, time
from pathlib import Path
from peer_tui.services import audit
from peer_tui.storage import open_and_upgrade
url, name, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
open_and_upgrade(url)
print("READY", flush=True)
while not go.exists():
    time.sleep(0.001)
for i in range(n):
    audit.record(None, "test_write", detail=f"{name} {i}")
print("done")
"""


def test_the_audit_chain_on_postgres_two_writers_and_tampering(tmp_path, postgres_url):
    """Writers run side by side on PostgreSQL: the chain record's row lock orders them."""
    URL = postgres_url
    import subprocess
    import sys

    from peer_tui.models.audit import AuditLog
    from peer_tui.models.db import close_database, database
    from peer_tui.services import audit_chain
    from peer_tui.storage import open_and_upgrade

    open_and_upgrade(URL)
    close_database()
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", PG_WRITER, URL, name, "150", str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env) for name in ("staff", "kiosk")]
    for proc in procs:  # both connected and waiting: start them together
        assert proc.stdout.readline().strip() == "READY", proc.stderr.read()
    go.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "done" in out, err
    open_and_upgrade(URL)
    try:
        details = [d for (d,) in AuditLog.select(AuditLog.detail).order_by(AuditLog.id)
                   .tuples()]
        assert len(details) == 300
        switches = sum(1 for a, b in zip(details, details[1:]) if a.split()[0] != b.split()[0])
        assert switches > 10, switches  # they really wrote at the same time
        report = audit_chain.verify()
        assert report.intact, report.problem
        middle = AuditLog.select(AuditLog.id).order_by(AuditLog.id).offset(100).scalar()
        database.execute_sql("DROP TRIGGER audit_log_append_only ON audit_log")
        database.execute_sql("DELETE FROM audit_log WHERE id = %s", (middle,))
        report = audit_chain.verify()
        assert not report.intact and report.broken_at is not None
        assert report.broken_at > middle
    finally:
        close_database()
