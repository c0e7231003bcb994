"""Page reads run a fixed number of SQL statements, however many residents there are.

Not a timing: the statements SQLite is asked to run are counted (the driver's trace
callback) on a small and a 15x larger generated database. A query per row (N+1) or per
resident would make the two counts differ.
"""

from __future__ import annotations

import pytest
from helpers import statements_run

from peer_tui.bench import adapters
from peer_tui.bench.generate import BUSIEST_KEY, generate
from peer_tui.models.db import close_database, database
from peer_tui.storage import open_and_upgrade

SIZES = {"small": dict(residents=160, events=3_200, staff=8),
         "large": dict(residents=2_400, events=48_000, staff=40)}
COUNTED = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("counts")
    paths = {}
    for name, size in SIZES.items():
        paths[name] = folder / f"{name}.db"
        generate(paths[name], seed=11, **size)
    return paths


class StatementLog:
    """Every statement the current thread's connection runs while active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __enter__(self):
        database.connection().set_trace_callback(self._seen)
        return self

    def __exit__(self, *exc) -> None:
        database.connection().set_trace_callback(None)

    def _seen(self, sql: str) -> None:
        if sql.lstrip().upper().startswith(COUNTED):
            self.statements.append(" ".join(sql.split())[:160])


def count_statements(path, calls_for) -> dict[str, list[str]]:
    """Open PATH, warm each call once, then log the statements of a second run."""
    open_and_upgrade(str(path))
    try:
        busiest = int(database.execute_sql("SELECT value FROM app_meta WHERE key = ?",
                                           (BUSIEST_KEY,)).fetchone()[0])
        out = {}
        for name, call in calls_for(busiest).items():
            call()
            with StatementLog() as log:
                call()
            out[name] = log.statements
        return out
    finally:
        close_database()


def assert_fixed(databases, calls_for, expected_names):
    small = count_statements(databases["small"], calls_for)
    large = count_statements(databases["large"], calls_for)
    assert set(small) == set(large) == set(expected_names)
    for name in expected_names:
        assert 1 <= len(small[name]) <= 8, (name, small[name])
        assert len(small[name]) == len(large[name]), (name, small[name], large[name])


def test_timeline_pages_run_a_fixed_number_of_statements(databases):
    def calls(busiest):
        return adapters.timeline_calls(adapters.bench_actor(), busiest)

    assert_fixed(databases, calls, ["timeline_first_page", "timeline_next_page"])


def test_caseload_pages_and_needs_attention_run_a_fixed_number_of_statements(databases):
    def calls(busiest):
        # Pages of 20: the small database has a short second page, the large a full one.
        return adapters.caseload_calls(adapters.bench_actor(), page_size=20)

    assert_fixed(databases, calls, ["caseload_first_page", "caseload_filtered_page",
                                    "needs_attention", "caseload_next_page"])


def test_the_larger_database_really_is_larger(databases):
    """Guards the two tests above: equal counts mean nothing on equal databases."""
    import sqlite3

    sizes = []
    for name in ("small", "large"):
        conn = sqlite3.connect(databases[name])
        sizes.append(conn.execute("SELECT count(*) FROM resident WHERE status = 'active'"
                                  ).fetchone()[0])
        conn.close()
    assert sizes[1] >= 10 * sizes[0] and sizes[1] > 300  # more than a caseload page


@pytest.mark.parametrize("role,filt", [
    ("admin", dict()),
    ("admin", dict(text="q")),
    ("admin", dict(status="all")),
    ("admin", dict(status="waitlist", descending=True)),
    ("admin", dict(status="all", text="an", sort="room", descending=True)),
    ("peer_specialist", dict(mine=True)),
    ("peer_specialist", dict(text="q", sort="staff")),
], ids=["active", "text", "everyone", "waitlist-down", "everyone-text-room", "mine",
     "house-staff-sort"])
def test_the_caseload_keys_are_read_from_an_index_alone(databases, monkeypatch, role, filt):
    """Picking a block's residents (the filter, the order, the count of matches) reads the
    caseload index, not a resident row per match: on a large organisation those rows are
    megabytes read for every keystroke. Only the rows picked are read from the table."""
    from peer_tui.services.caseload_query import CaseloadFilter, caseload_window
    from peer_tui.services.permissions import Actor

    open_and_upgrade(str(databases["large"]))
    try:
        staff = database.execute_sql(
            "SELECT id, username, display_name, role FROM staff WHERE role = ? ORDER BY id "
            "LIMIT 1", (role,)).fetchone()
        houses = tuple(h for (h,) in database.execute_sql(
            "SELECT house_id FROM staff_house WHERE staff_id = ?", (staff[0],)))
        actor = Actor(*staff, house_ids=houses)
        with statements_run() as seen:
            caseload_window(actor, CaseloadFilter(**filt))
        (sql, params), = seen  # one statement: the block with the count of matches
        plan = [row[1:4:2] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql,
                                                             params)]
    finally:
        close_database()
    resident = [step for _, step in plan if step.split()[1:2] == ["t1"]]
    assert any("COVERING INDEX resident_caseload" in step for step in resident), plan
    assert all("COVERING INDEX resident_caseload" in step or "INTEGER PRIMARY KEY" in step
               for step in resident), plan
    if filt.get("sort", "name") == "name" and not filt.get("text") and \
            filt.get("status", "active") in ("active", "waitlist"):
        # One status, in name order from the index: no sort of every match before the
        # block's 60 (only of the 60 picked, in the outer statement, at the plan's top).
        # Everyone is four runs of the index, merged by a sort of the keys alone.
        assert [p for p, step in plan if "TEMP B-TREE" in step and p != 0] == [], plan
