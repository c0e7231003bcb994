"""The audit log is tamper-evident: a hash chain through its rows, checked by `peer-tui check`
and shown on the admin's audit screen. The triggers keep the log append-only; whoever drops
them (anyone who can write the file can) still cannot change or remove a row unnoticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from peer_tui.models.audit import AuditChain, AuditLog
from peer_tui.models.db import close_database, database, is_sqlite
from peer_tui.services import audit, audit_chain, auth
from peer_tui.storage import open_and_upgrade

import backend_db  # tests/ (conftest puts it on the path)
from writer_procs import in_step  # tests/system/

both_backends = pytest.mark.both_backends


def write_rows(n: int) -> None:
    for i in range(n):
        with database.atomic():
            audit.record(None, "test_write", detail=f"row {i}")


def tamper(sql: str) -> None:
    """What someone with the file (or the server) and a SQL shell can do, behind the
    program's back. DROP stands for dropping the audit log's guards on either backend."""
    if not is_sqlite():
        sql = sql.replace(DROP, "DROP TRIGGER audit_log_append_only ON audit_log;")
    backend_db.behind_the_back(sql)


def check(path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1"}
    return subprocess.run([sys.executable, "-m", "peer_tui", "--db", str(path), "check"],
                          capture_output=True, text=True, timeout=60, env=env)


DROP = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"


@both_backends
def test_every_row_written_is_a_link_and_the_chain_is_intact(db, admin):
    write_rows(5)
    report = audit_chain.verify()
    assert report.intact and report.rows == AuditLog.select().count() == 7  # + sign-in, create
    assert report.describe() == "intact (7 rows)"
    head = AuditChain.get_by_id(1)
    newest = AuditLog.select().order_by(AuditLog.id.desc()).first()
    assert (head.head_id, head.head_hash) == (newest.id, newest.row_hash)


@both_backends
@pytest.mark.parametrize("sql, named, words", [
    (DROP + "DELETE FROM audit_log WHERE id = 4;", 5, "row #4 before it is missing"),
    (DROP + "DELETE FROM audit_log WHERE id IN (3, 4);", 5, "rows #3-#4 before it"),
    (DROP + "UPDATE audit_log SET detail = 'nothing to see' WHERE id = 3;", 3, "changed"),
    (DROP + "UPDATE audit_log SET actor_id = 99 WHERE id = 6;", 6, "changed"),
    ("INSERT INTO audit_log (at, actor_kind, action, table_name, detail) "
     "VALUES ('2026-01-01 00:00:00', 'staff', 'forged', '', '')", 8, "added outside"),
])
def test_changing_removing_or_adding_a_row_names_the_first_broken_row(db, admin, sql, named,
                                                                      words):
    write_rows(5)
    tamper(sql)
    if not is_sqlite() and "before it" in words:  # PostgreSQL's ids have holes anyway
        words = "does not match its hash"
    report = audit_chain.verify()
    assert not report.intact and report.broken_at == named
    assert f"#{named}" in report.problem and words in report.problem


@both_backends
def test_removing_the_newest_rows_is_noticed(db, admin):
    write_rows(5)
    tamper(DROP + "DELETE FROM audit_log WHERE id >= 6;")
    report = audit_chain.verify()
    assert not report.intact and "newest audit rows were removed" in report.problem
    assert "ends at row #5" in report.problem and "chain at row #7" in report.problem


@both_backends
def test_dropping_the_triggers_alone_is_reported(db, admin):
    guard = "audit_log_no_delete" if is_sqlite() else "audit_log_append_only"
    tamper(f"DROP TRIGGER {guard}" + ("" if is_sqlite() else " ON audit_log"))
    report = audit_chain.verify()
    assert not report.intact and guard in report.problem


@both_backends
def test_the_chain_record_is_guarded_and_its_deletion_is_evident(db, admin):
    for sql in ("DELETE FROM audit_chain", "UPDATE audit_chain SET anchor_hash = 'x'",
                "UPDATE audit_chain SET head_id = 0"):
        with pytest.raises(Exception, match="audit chain"):
            tamper(sql)
    tamper(("DROP TRIGGER audit_chain_no_delete;" if is_sqlite() else
            "DROP TRIGGER audit_chain_guard ON audit_chain;") + "DELETE FROM audit_chain;")
    assert "chain record (audit_chain) was deleted" in audit_chain.verify().problem
    write_rows(2)  # the program keeps working, and starts the chain again, visibly
    report = audit_chain.verify()
    assert not report.intact and "started again after row #2" in report.problem


@both_backends
def test_check_names_the_first_broken_row_and_fails(demo_db, backend):
    path = backend_db.current_target()
    write_rows(3)
    middle = AuditLog.select(AuditLog.id).order_by(AuditLog.id).offset(1).scalar()
    after = AuditLog.select(AuditLog.id).where(AuditLog.id > middle).order_by(AuditLog.id) \
        .scalar()
    close_database()
    fine = check(path)
    assert fine.returncode == 0 and "audit chain: intact" in fine.stdout, fine.stdout
    open_and_upgrade(path)
    tamper(DROP + f"DELETE FROM audit_log WHERE id = {middle};")
    close_database()
    broken = check(path)
    assert broken.returncode == 1
    line = next(x for x in broken.stdout.splitlines() if x.startswith("audit chain:"))
    assert "BROKEN" in line and f"#{after}" in line
    if backend == "sqlite":  # ids without holes: the missing one is named too
        assert f"row #{middle} before" in line
    else:  # what was dropped to get at the log is named as well
        assert "integrity: " in broken.stdout and " is missing" in broken.stdout


def test_an_existing_log_is_anchored_by_the_upgrade(tmp_path):
    from peer_tui.models import migrations
    from peer_tui.models.db import open_database

    path = tmp_path / "old.db"
    open_database(str(path))
    migrations.migrate_to(4)  # the last one before the chain
    database.execute_sql("PRAGMA journal_mode=wal")
    for i in range(4):  # rows from before the chain existed: no hashes
        AuditLog.insert(actor_kind="staff", actor_id=1, action="view", detail=f"old {i}"
                        ).execute()
    close_database()
    open_and_upgrade(str(path))
    try:
        head = AuditChain.get_by_id(1)
        assert head.anchor_id == 4 and head.head_id == 4
        write_rows(2)
        assert audit_chain.verify().intact
        tamper(DROP + "UPDATE audit_log SET detail = 'rewritten' WHERE id = 2;")
        report = audit_chain.verify()
        assert not report.intact and "before the chain began (#1-#4)" in report.problem
    finally:
        close_database()


WRITER = """
import sys, time
from peer_tui.services import audit
from peer_tui.storage import open_and_upgrade
path, name, n, in_step = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
open_and_upgrade(path)
print("READY", flush=True)
sys.stdin.readline()  # "go": both have opened the database
for i in range(n):
    audit.record(None, "test_write", detail=f"{name} {i}")  # its own transaction
    if i < in_step:  # the next save waits until the other has saved this round's too
        print("saved", flush=True)
        sys.stdin.readline()
    else:
        time.sleep(0.002)  # a person's pace between saves
print("done")
"""
IN_STEP = 20  # rounds in which each process saves once before either saves again


@both_backends
def test_two_processes_writing_at_once_keep_one_unbroken_chain(demo_db, tmp_path):
    """The staff app and the kiosk append to the same chain; neither links to a stale end.
    In the first rounds they go in step (each saves once, then both go on at once), so the
    chain has their rows mixed whatever the machine's load: free, one process could be
    done before the other began, and prove nothing about the lock."""
    path = backend_db.current_target()
    before = AuditLog.select().count()
    close_database()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "300",
                               str(IN_STEP)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for name in ("staff", "kiosk")]
    # Each process says it is there, then both go on at once.
    in_step(procs, (("READY", 1), ("saved", IN_STEP)))
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "done" in out, err
    open_and_upgrade(str(path))
    details = [d for (d,) in AuditLog.select(AuditLog.detail).where(
        AuditLog.action == "test_write").order_by(AuditLog.id).tuples()]
    assert len(details) == 600 and AuditLog.select().count() == before + 600
    # They really ran side by side (otherwise the test proves nothing about the lock): each
    # round in step has a row of each, so the writer changes at least once a round.
    switches = sum(1 for a, b in zip(details, details[1:]) if a.split()[0] != b.split()[0])
    assert switches >= IN_STEP, switches
    report = audit_chain.verify()
    assert report.intact, report.problem


@both_backends
def test_only_an_administrator_reads_the_chain_status(db, admin):
    from peer_tui.services.errors import PermissionDenied

    auth.create_staff("pat", "Pat", "peer_specialist", "2468", by=admin)
    with pytest.raises(PermissionDenied):
        audit_chain.chain_status(auth.sign_in("pat", "2468").actor)
    assert audit_chain.chain_status(admin).intact
