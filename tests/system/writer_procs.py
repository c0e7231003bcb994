"""Writer processes for the concurrency and crash tests, and the checks run afterwards.

Run as a script, this file is one writer: it opens the database the way the program does,
then, for a given number of operations (or until it is killed), does what a staff terminal or the kiosk does (contacts, concerns,
group notes, check-ins) through the services and ``runner.call``, exactly as a screen would.
After each transaction COMMITS it appends one line to its report file and flushes it, so a
line in the report means "this was committed and the user was told it was saved". A refusal a
user would see (StorageError, e.g. "locked by another program") is reported as ``REFUSED``.

    python writer_procs.py DB ROLE OPERATIONS REPORT [SEED] [GO]

OPERATIONS 0 means "until killed". With GO, the writer waits after READY until the file GO
exists, so that several writers start together and really overlap: the tests count
operations, never seconds, so a slow or busy machine changes how long they take, not what
they check.

ROLE is ``staff`` (contacts, concerns, group notes of GROUP_SIZE residents, plan goals), ``kiosk``
(check-ins and crisis concerns), ``reader`` (caseload, timeline and concerns pages, as a
second staff terminal reads them) or ``bulk`` (only large group notes: long transactions,
for the crash test). The parent side reads the reports and checks the database.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

GROUP_SIZE = 3
BULK_GROUP_SIZE = 25
NAME_PREFIX = "Writer test"


# -- the child ---------------------------------------------------------------------------------
def _child(db: str, role: str, operations: int, report_path: str, seed: int,
           go: str | None = None) -> int:
    from datetime import date

    from peer_tui.models.people import Resident
    from peer_tui.services import auth, concerns, contacts, groups, runner
    from peer_tui.services.errors import ServiceError
    from peer_tui.services.house_scope import in_scope
    from peer_tui.storage import open_and_upgrade

    rng = random.Random(seed)
    report = open(report_path, "a", buffering=1, encoding="utf-8")
    open_and_upgrade(db)
    actor = auth.actor_for("pat")  # signed in as pat: pat's house
    residents = [r for (r,) in Resident.select(Resident.id)
                 .where(Resident.status == "active", in_scope(actor))
                 .order_by(Resident.id).tuples()]
    try:
        from peer_tui.services import checkin
    except ImportError:  # the kiosk service has not landed: model-level check-ins instead
        checkin = None
    try:  # plan edits, where the recovery plan service exists
        from peer_tui.services.recovery_plan import domain_choices
        domains = [key for key, _ in domain_choices()]
    except ImportError:
        domains = []
    report.write("READY\n")

    def contact():
        return contacts.log_contact(actor, rng.choice(residents), {
            "on": date.today(), "at": "10:00", "channel": "phone",
            "note": f"{NAME_PREFIX} contact [b]x[/b] \u05e9\u05dc\u05d5\u05dd"})

    def concern():
        return concerns.raise_concern(actor, rng.choice(residents), {
            "severity": rng.choice(["low", "medium", "high"]),
            "summary": f"{NAME_PREFIX} concern"})

    def group(size):
        return groups.log_group(actor, {
            "on": date.today(), "at": "18:00", "name": f"{NAME_PREFIX} group",
            "attendee_ids": rng.sample(residents, size)}).group_id

    def kiosk_checkin():
        resident = rng.choice(residents)
        if checkin is None:
            return _model_checkin(resident)
        return _checkin_id(checkin.submit_checkin(resident, {"mood": rng.randint(1, 5),
                                                             "safety": "no"}), resident)

    def crisis():
        return concerns.raise_concern(None, rng.choice(residents), {
            "severity": "urgent", "summary": f"{NAME_PREFIX} kiosk crisis"}, source="kiosk")

    def plan_goal():
        """A plan edit: a new goal, its revision, timeline entry and audit row."""
        from peer_tui.models.plans import Goal
        from peer_tui.services import recovery_plan

        recovery_plan.save_goal(actor, rng.choice(residents), None, {
            "domain_key": domains[0], "own_words": f"{NAME_PREFIX} goal"})
        # Only this writer adds these goals, so the newest one is the one just committed.
        return Goal.select(Goal.id).where(Goal.own_words == f"{NAME_PREFIX} goal") \
            .order_by(Goal.id.desc()).scalar()

    def read_screens():
        """What a staff terminal reads meanwhile: caseload, a timeline, the concerns queue."""
        from peer_tui.services import caseload_query, timeline

        caseload_query.caseload_page(actor, caseload_query.CaseloadFilter())
        timeline.timeline_page(actor, rng.choice(residents))
        concerns.queue(actor)
        return 0

    ops = {
        "reader": [("read", read_screens)],
        "staff": [("contact", contact), ("concern", concern),
                  ("group", lambda: group(GROUP_SIZE))] + (
                      [("goal", plan_goal)] if domains else []),
        "kiosk": [("checkin", kiosk_checkin), ("checkin", kiosk_checkin), ("crisis", crisis)],
        "bulk": [("bulk", lambda: group(BULK_GROUP_SIZE))],
    }[role]
    if go:
        while not os.path.exists(go):
            time.sleep(0.005)
    done = 0
    while operations <= 0 or done < operations:
        done += 1
        kind, op = rng.choice(ops)
        try:
            new_id = runner.call(op)
        except ServiceError as exc:
            report.write(f"REFUSED {kind} {exc}\n".replace("\n", " ").rstrip() + "\n")
            continue
        report.write(f"{kind} {new_id}\n")
    report.write("DONE\n")
    report.close()
    return 0


def _checkin_id(_thank_you, resident: int) -> int:
    """submit_checkin returns the thank-you, not the id: the newest check-in of RESIDENT is
    ours (check-ins are only written by this one kiosk writer in these tests)."""
    from peer_tui.models.events import CheckIn

    return (CheckIn.select(CheckIn.id).where(CheckIn.resident == resident)
            .order_by(CheckIn.id.desc()).scalar())


def _model_checkin(resident: int) -> int:
    from peer_tui.models.base import utcnow
    from peer_tui.models.db import database
    from peer_tui.models.events import CheckIn, Event
    from peer_tui.models.summary import refresh_resident_summary
    from peer_tui.services import audit

    with database.atomic():
        row = CheckIn.create(resident=resident, submitted_at=utcnow(), source="kiosk", mood=3,
                             answers="{}")
        Event.create(resident=resident, occurred_at=utcnow(), kind="checkin",
                     channel="kiosk", summary="Kiosk check-in", checkin=row.id)
        audit.record(resident, "checkin_submit", "check_in", row.id, resident_id=resident,
                     actor_kind="resident")
        refresh_resident_summary(resident)
    return row.id


# -- the parent --------------------------------------------------------------------------------
def start_writer(db: Path | str, role: str, operations: int, report: Path, seed: int = 1,
                 go: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONSAFEPATH": "1", "PEER_TUI_DATABASE": ""}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), str(db), role, str(operations),
         str(report), str(seed)] + ([str(go)] if go else []),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def in_step(procs: list[subprocess.Popen], steps) -> None:
    """Line child processes up: for each (WORD, ROUNDS) of STEPS, ROUNDS times, wait until
    every process has said WORD on a line of its stdout, then tell each "go" on its stdin, so
    none goes on before all are there, whatever the machine's load (a barrier, not a sleep).
    The processes are started with ``text=True`` and pipes for stdin and stdout."""
    for word, rounds in steps:
        for _ in range(rounds):
            for proc in procs:
                line = proc.stdout.readline()
                assert line.strip() == word, line  # (nothing: the process ended)
            for proc in procs:
                proc.stdin.write("go\n")
                proc.stdin.flush()


def wait_ready(report: Path, proc: subprocess.Popen, limit: float = 60) -> None:
    """Block until the writer has opened the database (its report says READY)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if report.exists() and "READY" in report.read_text(encoding="utf-8"):
            return
        if proc.poll() is not None:
            raise AssertionError(f"writer died before it was ready: {proc.stderr.read()}")
        time.sleep(0.02)
    raise AssertionError("writer did not start")


def wait_first_write(report: Path, proc: subprocess.Popen, limit: float = 60) -> None:
    """Block until the writer has reported at least one committed write."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if read_report(report).count() > 0:
            return
        if proc.poll() is not None:
            raise AssertionError(f"writer died: {proc.stderr.read()}")
        time.sleep(0.01)
    raise AssertionError("writer wrote nothing")


@dataclass
class Report:
    """What one writer said it saved (committed), and what it was refused."""

    saved: dict[str, list[int]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    done: bool = False

    def count(self) -> int:
        return sum(len(ids) for ids in self.saved.values())


def read_report(path: Path) -> Report:
    result = Report()
    if not path.exists():
        return result
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line == "READY":
            continue
        if line == "DONE":
            result.done = True
            continue
        kind, _, rest = line.partition(" ")
        if kind == "REFUSED":
            result.refused.append(rest)
        elif rest.isdigit():
            result.saved.setdefault(kind, []).append(int(rest))
        # else: a torn last line (killed mid-write); the transaction is checked by count
    return result


def sql(db: Path | str, query: str, *args):
    """Run QUERY (``?`` placeholders) on DB, a SQLite file or a PostgreSQL URL, on a
    connection of its own (as an outside observer of what the writers committed)."""
    if "://" not in str(db):
        conn = sqlite3.connect(db, timeout=10)
        try:
            return conn.execute(query, args).fetchall()
        finally:
            conn.close()
    from peer_tui.models.postgres import make_postgres

    conn = make_postgres(str(db))
    try:
        conn.connect()
        # The driver formats every query: a literal % is written %%, a parameter %s.
        return conn.execute_sql(query.replace("%", "%%").replace("?", "%s"), args).fetchall()
    finally:
        conn.close()


def integrity(db: Path | str) -> str:
    """SQLite's integrity check; PostgreSQL keeps its own files sound, so "ok" there."""
    if "://" in str(db):
        return "ok"
    return sql(db, "PRAGMA integrity_check")[0][0]


def missing_ids(db: Path | str, report: Report) -> dict[str, list[int]]:
    """Reported-saved ids that are not in the database (must be empty)."""
    tables = {"contact": "event", "concern": "concern", "crisis": "concern",
              "group": "group_session", "bulk": "group_session", "checkin": "check_in",
              "goal": "goal"}
    missing: dict[str, list[int]] = {}
    for kind, ids in report.saved.items():
        present = {r for (r,) in sql(db, f"SELECT id FROM {tables[kind]}")}
        gone = [i for i in ids if i not in present]
        if gone:
            missing[kind] = gone
    return missing


def high_water(db: Path | str) -> dict[str, int]:
    """The highest id of each table the writers add to, before they start."""
    return {t: sql(db, f"SELECT coalesce(max(id), 0) FROM {t}")[0][0]
            for t in ("concern", "check_in")}


def torn_transactions(db: Path | str, before: dict[str, int]) -> list[str]:
    """Multi-row writes that are only partly there (must be empty): every group session has
    all its attendee events and audit rows, every concern its timeline entry, every check-in
    made since BEFORE (``high_water``) its timeline entry and audit row, every contact its
    audit row."""
    problems = []
    for gid, events, audits in sql(db, f"""
            SELECT g.id,
                   (SELECT count(*) FROM event e WHERE e.group_session_id = g.id),
                   (SELECT count(*) FROM audit_log a WHERE a.action = 'group_log'
                        AND a.detail = 'group ' || g.id)
            FROM group_session g WHERE g.name = '{NAME_PREFIX} group'"""):
        if events not in (GROUP_SIZE, BULK_GROUP_SIZE) or audits != events:
            problems.append(f"group {gid}: {events} events, {audits} audit rows")
    for (cid,) in sql(db, """SELECT c.id FROM concern c WHERE c.id > ? AND NOT EXISTS
            (SELECT 1 FROM event e WHERE e.concern_id = c.id AND e.kind = 'concern_raised')""",
                      before["concern"]):
        problems.append(f"concern {cid} without its timeline entry")
    for (cid,) in sql(db, """SELECT c.id FROM check_in c WHERE c.id > ? AND (NOT EXISTS
            (SELECT 1 FROM event e WHERE e.checkin_id = c.id) OR NOT EXISTS
            (SELECT 1 FROM audit_log a WHERE a.table_name = 'check_in' AND a.record_id = c.id))
            """, before["check_in"]):
        problems.append(f"check-in {cid} without its timeline entry or audit row")
    for (eid,) in sql(db, f"""SELECT e.id FROM event e WHERE e.kind = 'contact'
            AND e.note LIKE '{NAME_PREFIX}%' AND NOT EXISTS (SELECT 1 FROM audit_log a
            WHERE a.action = 'contact_log' AND a.record_id = e.id)"""):
        problems.append(f"contact {eid} without its audit row")
    return problems


def count_written(db: Path | str, kind: str) -> int:
    """How many rows of KIND the writers made (to compare with what they reported)."""
    query = {
        "contact": f"SELECT count(*) FROM event WHERE kind='contact' AND note LIKE "
                   f"'{NAME_PREFIX}%'",
        "concern": f"SELECT count(*) FROM concern WHERE summary = '{NAME_PREFIX} concern'",
        "crisis": f"SELECT count(*) FROM concern WHERE summary = '{NAME_PREFIX} kiosk crisis'",
        "group": f"SELECT count(*) FROM group_session WHERE name = '{NAME_PREFIX} group'",
        "goal": f"SELECT count(*) FROM goal WHERE own_words = '{NAME_PREFIX} goal'",
    }[kind]
    return sql(db, query)[0][0]


if __name__ == "__main__":
    db_arg, role_arg, operations_arg, report_arg, *rest = sys.argv[1:]
    raise SystemExit(_child(db_arg, role_arg, int(operations_arg), report_arg,
                            int(rest[0]) if rest else 1, rest[1] if len(rest) > 1 else None))
