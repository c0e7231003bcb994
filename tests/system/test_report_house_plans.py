"""A house's program report reads that house's rows, found by its residents, never a month of
the whole organisation's; and its figures are the house's: an entry counts for the house the
resident lived in when it happened, whoever lives where now.

On a generated organisation of a dozen houses, as it is (nobody moved) and after well over a
hundred transfers into and out of one house, the month before the generated 'today'. The
plans are read with EXPLAIN QUERY PLAN; the figures are checked against a count made here
from the raw rows and the transfers, and against the organisation's (each entry is in one
house).
"""

from __future__ import annotations

import random
import shutil
from datetime import date, datetime, timedelta

import pytest
from helpers import statements_run

from peer_tui.bench.generate import generate
from peer_tui.models.db import close_database, database
from peer_tui.storage import open_and_upgrade

TODAY = date(2026, 11, 20)
# The records of residents a house's report counts. Training is the organisation's, staff
# are named by id, and the transfers are read from the audit log for everyone.
HOUSE_TABLES = ("resident", "event", "event_role", "check_in", "concern", "referral",
                "meeting_attendance", "assessment", "follow_up_interview", "referral_step")
RESIDENT_PATHS = ("resident_caseload (status=? AND house_id=?)", "resident_house_id",
                  "INTEGER PRIMARY KEY", "resident_status (status=? AND rowid=?)")


@pytest.fixture(scope="module")
def organisation(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "org.db"
    generate(path, residents=2_400, events=48_000, staff=40, seed=11, today=TODAY)
    return path


@pytest.fixture(params=["as generated", "after transfers"])
def opened(request, organisation, tmp_path):
    path = tmp_path / "org.db"
    shutil.copy(organisation, path)
    open_and_upgrade(str(path))
    try:
        house = database.execute_sql(
            "SELECT house_id FROM resident GROUP BY house_id ORDER BY count(*) DESC, house_id "
            "LIMIT 1").fetchone()[0]
        if request.param == "after transfers":
            _move_through(house)
        yield house
    finally:
        close_database()


def _move_through(house: int) -> None:
    """Well over a hundred stretches in HOUSE: residents who lived in the month moved in or
    out of it, some twice, before and during the month, as a transfer leaves them (the
    current house, and an audit row naming both houses)."""
    from peer_tui.models.audit import AuditLog
    from peer_tui.models.people import House, Resident, Staff

    rng = random.Random(15)
    houses = [h for (h,) in House.select(House.id).tuples()]
    admin = Staff.select(Staff.id).where(Staff.role == "admin").scalar()
    lived = list(Resident.select(Resident.id, Resident.house).where(
        Resident.status.in_(("active", "discharged", "alumni")),
        Resident.intake_date <= date(2026, 9, 1),
        Resident.discharge_date.is_null() | (Resident.discharge_date >= date(2026, 11, 1)))
        .order_by(Resident.id).tuples())
    ours = [row for row in lived if row[1] == house][:60]
    theirs = [row for row in lived if row[1] != house][:90]
    for rid, here in ours + theirs:
        moments = sorted(datetime(2026, 9, 1) + timedelta(minutes=rng.randrange(87_000))
                         for _ in range(rng.choice((1, 2))))
        for moment in moments:
            there = house if here != house else rng.choice([h for h in houses if h != house])
            AuditLog.insert(at=moment, actor_kind="staff", actor_id=admin, action="transfer",
                            table_name="resident", record_id=rid, resident_id=rid,
                            detail=f"house {here} to {there}").execute()
            here = there
        Resident.update(house=here).where(Resident.id == rid).execute()


def _report_statements(house):
    from peer_tui.services.auth import Actor
    from peer_tui.services.program_report import program_report
    from peer_tui.services.report_scope import last_month

    row = database.execute_sql("SELECT id, username, display_name, role FROM staff "
                               "WHERE role = 'admin' ORDER BY id LIMIT 1").fetchone()
    with statements_run() as seen:
        report = program_report(Actor(*row), last_month(TODAY), house, today=TODAY)
    return report, [(sql, params) for sql, params in seen if sql.startswith("SELECT")]


def test_a_house_report_reads_its_residents_rows_only(opened):
    """Every read of a resident's records goes through the house's residents: no table read
    whole, no month of every resident's entries read to keep the house's, no resident row
    of the organisation looked at to find the house's (by status alone, or a scan of the
    house index); the house's follow-ups are read from their own index, not the table."""
    _, statements = _report_statements(opened)
    follow_ups = 0
    for sql, params in statements:
        plan = [row[3] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]
        for step in plan:
            words = step.split()
            if len(words) < 2 or words[0] not in ("SCAN", "SEARCH"):
                continue
            table = _table(sql, words[1])
            if table not in HOUSE_TABLES:
                continue
            assert words[0] == "SEARCH", (step, sql[:300])
            assert "event_kind_occurred_at" not in step, (step, sql[:300])
            if table == "resident":
                assert any(path in step for path in RESIDENT_PATHS), (step, sql[:300])
        if "follow_up_on" in sql:
            follow_ups += 1
            assert any("COVERING INDEX event_follow_up_by_resident" in step
                       for step in plan), plan
    assert follow_ups == 1


def test_a_house_report_reads_the_transfers_from_their_own_index(opened):
    """The transfers between houses (every house's report reads them all) come from the
    audit log's partial index of transfers: never a read of the whole log, which gains a row
    with every view, sign-in and report."""
    _, statements = _report_statements(opened)
    reads = [(sql, params) for sql, params in statements if '"audit_log"' in sql]
    assert len(reads) == 1, [sql[:200] for sql, _ in reads]
    sql, params = reads[0]
    plan = [row[3] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]
    assert len(plan) == 1 and "INDEX audit_log_transfer" in plan[0], plan
    assert "TEMP B-TREE" not in " ".join(plan), plan


def _table(sql: str, alias: str) -> str:
    """The table an alias of peewee's SQL (t1, t2...) stands for."""
    marker = f'AS "{alias}"'
    before = sql[:sql.index(marker)].rstrip() if marker in sql else f'"{alias}"'
    return before.rsplit(" ", 1)[-1].strip('"')


def test_a_house_counts_what_happened_while_its_residents_lived_there(opened):
    """Contacts and concerns raised in the month, counted here from every row and every
    transfer: the house's report counts the same; and the houses' reports add up to the
    organisation's."""
    from peer_tui.services.report_scope import house_moves, last_month

    report, _ = _report_statements(opened)
    period = last_month(TODAY)
    moves = house_moves()
    now = dict(database.execute_sql("SELECT id, house_id FROM resident").fetchall())

    def house_at(rid, when):
        house = now[rid]
        for move in reversed(moves.get(rid, ())):
            if when < move.at:
                house = move.from_house
        return house

    def ours(sql):
        rows = database.execute_sql(sql, (period.utc_start, period.utc_end)).fetchall()
        return sum(1 for rid, when in rows
                   if house_at(rid, datetime.fromisoformat(str(when))) == opened)

    contacts = ours("SELECT resident_id, occurred_at FROM event e WHERE kind = 'contact' "
                    "AND occurred_at >= ? AND occurred_at < ? AND voided_at IS NULL AND NOT "
                    "EXISTS (SELECT 1 FROM event c WHERE c.corrects_id = e.id)")
    raised = ours("SELECT resident_id, raised_at FROM concern WHERE raised_at >= ? "
                  "AND raised_at < ?")
    assert contacts > 0 and raised > 0
    assert report.section("engagement").value("contacts") == contacts
    assert report.section("concerns").value("concerns_raised") == raised
    if moves:
        assert sum(len(m) for m in moves.values()) > 100
        moved_in = report.section("residents").value("transferred_in")
        assert moved_in > 0

    from peer_tui.services.auth import Actor
    from peer_tui.services.program_report import program_report

    row = database.execute_sql("SELECT id, username, display_name, role FROM staff "
                               "WHERE role = 'admin' ORDER BY id LIMIT 1").fetchone()
    admin = Actor(*row)
    keys = (("engagement", "contacts"), ("engagement", "kiosk_checkins"),
            ("engagement", "group_attendances"), ("concerns", "concerns_raised"),
            ("referrals", "referrals_made"))
    whole = program_report(admin, period, None, today=TODAY)
    houses = [h for (h,) in database.execute_sql("SELECT id FROM house ORDER BY id")]
    reports = [program_report(admin, period, h, today=TODAY) for h in houses]
    for section, key in keys:
        assert sum(r.section(section).value(key) for r in reports) == \
            whole.section(section).value(key), key
