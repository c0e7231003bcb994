"""Shrink an old demo database to a few residents and fill the tables the demo leaves empty.

Run by ``tests/make_schema_fixtures.py`` with the Python of an *old* peer-tui checkout (the
one whose schema the fixture stands for), so every row here is written by that version's own
models and services; nothing from today's code touches the file. It must therefore work with
every past version: it checks what the old code has before using it.

    python schema_fixture_writes.py DEMO_DB KEEP_RESIDENTS
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date, timedelta


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}


def prune(path: str, keep: int) -> None:
    """Keep the first KEEP residents, plus one for every resident-linked table that would
    otherwise lose all its rows, and everything that refers to them; then drop orphans until
    the foreign-key check is clean."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    keep_ids = {r[0] for r in conn.execute(
        "SELECT id FROM resident ORDER BY id LIMIT ?", (keep,))}
    for table in _tables(conn):
        if table != "resident" and "resident_id" in _columns(conn, table):
            ids = ",".join(map(str, keep_ids))
            kept = conn.execute(
                f'SELECT count(*) FROM "{table}" WHERE resident_id IN ({ids})').fetchone()[0]
            if not kept:
                other = conn.execute(f'SELECT min(resident_id) FROM "{table}"').fetchone()[0]
                if other is not None:
                    keep_ids.add(other)
    ids = ",".join(map(str, keep_ids))
    # Tables that refuse DELETE (from schema 11, assessments are saved once) let the
    # shrinking through: their triggers go for the pruning and come back as they were.
    guards = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                          "AND tbl_name <> 'audit_log' AND sql LIKE '%DELETE%'").fetchall()
    conn.execute("BEGIN")
    for name, _sql in guards:
        conn.execute(f'DROP TRIGGER "{name}"')
    for table in _tables(conn):
        if table == "audit_log":
            continue  # append-only; the demo writes none
        if "resident_id" in _columns(conn, table):
            conn.execute(f'DELETE FROM "{table}" WHERE resident_id IS NOT NULL '
                         f"AND resident_id NOT IN ({ids})")
    conn.execute(f"DELETE FROM resident WHERE id NOT IN ({ids})")
    while True:
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
        if not orphans:
            break
        for table, rowid, _parent, _fk in orphans:
            conn.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
    for _name, sql in guards:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()


def fill(path: str) -> None:
    """Writes through the old version's services where it has them, its models where not."""
    from peer_tui.models.db import database
    from peer_tui.models.events import CheckIn, Concern
    from peer_tui.models.people import Resident, Staff
    from peer_tui.models.plans import Goal, PlanReview, RecoveryPlan
    from peer_tui.services import audit, concerns
    from peer_tui.services.auth import Actor
    from peer_tui.storage import open_and_upgrade

    open_and_upgrade(path, create=False)
    admin = Staff.get(Staff.username == "admin")
    casey = Staff.get(Staff.username == "casey")
    actor = Actor(id=casey.id, username=casey.username, display_name=casey.display_name,
                  role=casey.role)

    concern = Concern.select().order_by(Concern.id).first()
    concerns.add_note(actor, concern.id, "Spoke with the resident; following up Friday.")

    plan = RecoveryPlan.select().order_by(RecoveryPlan.id).first()
    try:
        from peer_tui.services import recovery_plan
        record_review = getattr(recovery_plan, "record_review")
    except (ImportError, AttributeError):
        record_review = None
    if record_review is not None:
        record_review(actor, plan.resident_id,
                      {"on": date.today() - timedelta(days=2), "note": "Reviewed together."})
    else:
        with database.atomic():
            review = PlanReview.create(plan=plan, reviewed_on=date.today() - timedelta(days=2),
                                       staff=casey.id, note="Reviewed together.")
            audit.record(actor, "plan_review", "plan_review", review.id,
                         resident_id=plan.resident_id)

    try:
        from peer_tui.models.checkin_results import GoalUpdateProposal, MeetingAttendance
    except ImportError:
        GoalUpdateProposal = MeetingAttendance = None
    if GoalUpdateProposal is not None:
        checkin = CheckIn.select().join(Resident).where(
            Resident.id == plan.resident_id).order_by(CheckIn.id.desc()).first()
        goal = Goal.select().where(Goal.plan == plan).order_by(Goal.id).first()
        with database.atomic():
            GoalUpdateProposal.create(resident=plan.resident_id, goal=goal, checkin=checkin,
                                      proposed_status="achieved", answer="I reached it")
            MeetingAttendance.create(resident=plan.resident_id, checkin=checkin,
                                     name="Tuesday SMART meeting", pathway="non_clinical")
            audit.record(actor, "checkin_results", "check_in", checkin.id,
                         resident_id=plan.resident_id)
    try:  # from schema 10: a disclosure (the demo makes none)
        from peer_tui.services import disclosures
    except ImportError:
        disclosures = None
    if disclosures is not None:
        allowed = disclosures.authorize(actor, plan.resident_id, {
            "emergency": True, "recipient": "County General emergency department",
            "purpose": "treatment in the emergency department",
            "emergency_reason": "Unresponsive after a suspected overdose"})
        with database.atomic():
            disclosures.log(actor, allowed, "the recovery plan")
    try:  # from schema 12: a contact's linked goal as a row (the shrunk demo may keep none)
        from peer_tui.models.event_links import EventGoal
        from peer_tui.models.events import Event
    except ImportError:
        EventGoal = None
    if EventGoal is not None and not EventGoal.select().exists():
        goal = Goal.select().where(Goal.plan == plan).first()
        event = Event.select().where(Event.resident == plan.resident_id,
                                     Event.kind == "contact").first()
        if goal is not None and event is not None:
            with database.atomic():
                EventGoal.create(event=event.id, goal=goal.id)
    try:  # from schema 13: a follow-up interview (the demo records none)
        from peer_tui.models.interviews import FollowUpInterview
        from peer_tui.services import interviews
        from peer_tui.settings import Settings
    except ImportError:
        FollowUpInterview = None
    if FollowUpInterview is not None and not FollowUpInterview.select().exists():
        resident = Resident.get_by_id(plan.resident_id)
        interviews.record_interview(actor, resident.id, "intake",
                                    resident.intake_date or date.today(),
                                    Settings().followup_points)
    with database.atomic():
        audit.record(admin.id, "sign_in", "staff", admin.id, detail="fixture")
    database.close()


if __name__ == "__main__":
    prune(sys.argv[1], int(sys.argv[2]))
    fill(sys.argv[1])
