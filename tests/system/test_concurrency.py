"""Two processes on one database, as a staff terminal and the kiosk: nothing lost, no lock
error reaches a user, the database stays sound. And why every transaction begins IMMEDIATE on
SQLite and takes the transaction lock on PostgreSQL (models/postgres.py). Every test here runs
on both backends."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import backend_db
import writer_procs as hp

pytestmark = pytest.mark.both_backends

OPERATIONS = 60  # per process; counted, never timed


def test_staff_and_kiosk_writing_at_once_lose_nothing(demo_db, tmp_path):
    """A staff terminal and the kiosk write while a second staff terminal reads."""
    db = backend_db.current_target()
    kinds = ("contact", "concern", "group", "goal")
    before = {kind: hp.count_written(db, kind) for kind in kinds}
    high = hp.high_water(db)
    reports = {role: tmp_path / f"{role}.txt" for role in ("staff", "kiosk", "reader")}
    go = tmp_path / "go"
    procs = {role: hp.start_writer(db, role, OPERATIONS, path, seed=i, go=go)
             for i, (role, path) in enumerate(reports.items())}
    for role, proc in procs.items():  # all three open the file, then start together
        hp.wait_ready(reports[role], proc)
    go.touch()
    for role, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    staff, kiosk, reader = (hp.read_report(reports[r]) for r in ("staff", "kiosk", "reader"))
    assert staff.done and kiosk.done and reader.done
    assert reader.count() == OPERATIONS and reader.refused == []  # reading never fails
    # Every operation of both writers was saved: none was refused or lost to a lock.
    assert staff.count() == OPERATIONS and kiosk.count() == OPERATIONS, (
        staff.count(), kiosk.count())
    # No "database is locked" (nor anything else) ever reached a user.
    assert staff.refused == [] and kiosk.refused == []
    # Every write that reported success is there, and nothing else was written.
    assert hp.missing_ids(db, staff) == {} and hp.missing_ids(db, kiosk) == {}
    for kind in kinds:
        assert hp.count_written(db, kind) - before[kind] == len(staff.saved.get(kind, []))
    assert hp.count_written(db, "crisis") == len(kiosk.saved.get("crisis", []))
    assert hp.torn_transactions(db, high) == []
    assert hp.integrity(db) == "ok"
    # Every write's audit row is a link in one chain, whichever process wrote it.
    from peer_tui.services import audit_chain

    report = audit_chain.verify()
    assert report.intact, report.problem


READ_THEN_WRITE = """
import sys
from peewee import DatabaseError, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import parse
from peer_tui.models.db import SQLITE_PRAGMAS, make_sqlite
from peer_tui.models.postgres import make_postgres
target, mode, n, in_step = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if "://" in target:
    db = make_postgres(target) if mode == "ours" else PostgresqlDatabase(**parse(target))
    update = "UPDATE counter SET value = %s"
else:
    db = make_sqlite(target) if mode == "ours" else SqliteDatabase(
        target, pragmas=SQLITE_PRAGMAS, timeout=5, lock_type="DEFERRED")
    update = "UPDATE counter SET value = ?"
db.connect()
print("ready", flush=True)
sys.stdin.readline()  # "go": both are connected
errors = done = 0
for round in range(n):
    waits = round < in_step  # this round's write waits until the other process has read
    try:
        with db.atomic():
            value = db.execute_sql("SELECT value FROM counter").fetchone()[0]
            if waits:
                waits = False
                print("read", flush=True)
                sys.stdin.readline()  # "write": the other has read too
            db.execute_sql(update, (value + 1,))
        done += 1
    except DatabaseError as exc:
        print(exc, file=sys.stderr)
        errors += 1
    if waits:  # the read itself failed: still meet the other at this round
        print("read", flush=True)
        sys.stdin.readline()
print(done, errors)
"""

IN_STEP = 20  # rounds where both processes have read before either writes


def _read_then_write(tmp_path: Path, mode: str, n: int = 300,
                     in_step: int = 0) -> tuple[int, int, int, str]:
    """Two processes each add 1 to a counter N times, reading it first (as a service reads
    a summary or a count and writes what follows from it). MODE "ours" opens the database
    as the program does; "plain" as the driver does by default. In the first IN_STEP rounds
    neither writes before both have read in their transactions: the two transactions
    overlap by construction, whatever the machine's load (free, one process may finish its
    rounds before the other starts, and show nothing)."""
    import subprocess

    from peer_tui.models.db import database

    database.execute_sql("CREATE TABLE counter (value INTEGER)")
    database.execute_sql("INSERT INTO counter VALUES (0)")
    target = backend_db.current_target()
    procs = [subprocess.Popen([sys.executable, "-c", READ_THEN_WRITE, target, mode, str(n),
                               str(in_step)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    hp.in_step(procs, (("ready", 1), ("read", in_step)))  # both there, then both go on
    done = errors = 0
    complaints = ""
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        d, e = map(int, out.split())
        done, errors, complaints = done + d, errors + e, complaints + err
    final = database.execute_sql("SELECT value FROM counter").fetchone()[0]
    return done, errors, final, complaints


def test_read_then_write_is_safe_across_processes(db, tmp_path):
    """BEGIN IMMEDIATE on SQLite, the transaction lock on PostgreSQL: no error, no lost
    update."""
    done, errors, final, complaints = _read_then_write(tmp_path, "ours")
    assert errors == 0 and done == 600, complaints
    assert final == 600


def test_without_it_read_then_write_fails_or_loses_updates(db, tmp_path, backend):
    """The counter-example. SQLite's default BEGIN gets "locked" at once (in WAL a read
    transaction cannot become a write once another process wrote); PostgreSQL's default
    (READ COMMITTED) raises nothing and silently loses updates: both processes read the same
    value and write the same next one. In each of the rounds in step, both have read, so
    one of the two writes fails (SQLite) or is lost (PostgreSQL), every time."""
    done, errors, final, complaints = _read_then_write(tmp_path, "plain", in_step=IN_STEP)
    if backend == "sqlite":
        assert errors >= IN_STEP and "locked" in complaints
        assert final == done  # what did commit is right; the rest failed where a user would see
    else:
        assert errors == 0 and done == 600
        assert final <= done - IN_STEP, final  # lost updates, and nobody was told
