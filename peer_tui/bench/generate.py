"""Build a realistic scale database (e.g. 10,000 residents, 1,000,000 events) fast.

The schema comes from peer-tui's own migrations; the rows go in through the raw sqlite3
driver (``executemany``) with journaling and syncing off and the event indexes dropped during
the load, then rebuilt, which is several times faster than inserting through the ORM. The
caseload's denormalised ``Resident.summary_*`` columns are filled at the end with set-based
SQL, the same values ``refresh_resident_summary`` would write one resident at a time.
Deterministic: the same seed, sizes and ``today`` give the same database.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from peer_tui.bench import assessments as bench_assessments
from peer_tui.bench import events as ev
from peer_tui.bench import people as pp

BUSIEST_KEY = "bench_busiest_resident"
BULK_TABLES = ("event", "check_in", "concern", "event_role", "event_goal")


@dataclass(frozen=True)
class Generated:
    path: Path
    residents: int
    events: int
    checkins: int
    concerns: int
    staff: int
    busiest_resident: int
    busiest_events: int
    median_events: int
    seconds: float


class Progress:
    """One status line on stderr, rewritten in place on a terminal, every ~10% otherwise."""

    def __init__(self, stream=None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self.start = time.perf_counter()
        self._last = 0.0
        self._last_pct = -10

    def __call__(self, label: str, done: int = 0, total: int = 0) -> None:
        if self.quiet:
            return
        now = time.perf_counter()
        pct = int(100 * done / total) if total else 100
        if self.tty:
            if now - self._last < 0.1 and done < total:
                return
            end = "\n" if done >= total else ""
            self.stream.write(f"\r{label:<28} {done:>11,}/{total:<11,} {pct:3d}% "
                              f"{now - self.start:6.1f} s\x1b[K{end}")
        else:
            if total and pct - self._last_pct < 10 and done < total:
                return
            self._last_pct = pct if done < total else -10
            self.stream.write(f"{label}: {done:,}/{total:,} ({pct}%) "
                              f"{now - self.start:.1f} s\n")
        self._last = now
        self.stream.flush()


def create_schema(path: Path) -> None:
    """An empty peer-tui database at PATH, made by the program's own migrations."""
    from peer_tui.models.db import close_database
    from peer_tui.storage import open_and_upgrade

    open_and_upgrade(str(path))
    close_database()


def generate(path: str | Path, *, residents: int = 10_000, events: int = 1_000_000,
             staff: int = 200, seed: int = 1, today: date | None = None,
             force: bool = False, progress: Progress | None = None) -> Generated:
    path = Path(path)
    progress = progress or Progress(quiet=True)
    if path.exists():
        if not force:
            raise FileExistsError(f"{path} exists; pass --force to replace it.")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    today = today or date.today()
    rng = random.Random(seed)
    create_schema(path)
    progress("schema", 1, 1)

    first = pp.first_day_of(today)
    cal = ev.Calendar(first)
    today_day = (today - first).days
    last_day = today_day - 1  # history ends yesterday: nothing is later than "now"
    now = cal.at(today_day * 1440 + 6 * 60)
    from peer_tui.services.pins import hash_pin

    # One hash per PIN: scrypt is slow by design, and the benchmark signs in as anyone.
    pop = pp.make_staff(staff, hash_pin(pp.BENCH_PIN), now, rng)
    resident_rows = pp.make_residents(pop, residents, 0, last_day, cal,
                                      hash_pin(pp.BENCH_KIOSK_PIN), now, rng)
    pp.event_counts(pop.people, events, rng)

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "foreign_keys=OFF",
                       "cache_size=-262144", "temp_store=MEMORY", "threads=2"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("BEGIN")
        indexes = _drop_indexes(conn)
        _insert_people(conn, pop, resident_rows, cal, today_day, now, rng)
        progress("residents and plans", residents, residents)

        maker = ev.EventMaker(pop.people, cal, today_day, weeks=today_day // 7 + 1, rng=rng)
        conn.executemany(ev.GROUP_SQL, maker.group_sessions(len(pop.houses), pop.peers, now))
        keys, modulus = ev.event_keys(pop.people, rng)
        total_keys = len(keys)
        written = ev.insert_events(conn, maker, keys, modulus,
                                   lambda done: progress("events", done, total_keys))
        del keys
        barc = bench_assessments.insert_assessments(conn, today - timedelta(days=1), rng)
        progress("BARC-10 assessments", barc, barc)
        for number, sql in enumerate(indexes, start=1):
            conn.execute(sql)
            progress("rebuilding indexes", number, len(indexes))
        fill_summaries(conn, today)
        progress("caseload summaries", 1, 1)
        busiest, busiest_n = conn.execute(
            "SELECT resident_id, count(*) FROM event GROUP BY resident_id "
            "ORDER BY count(*) DESC, resident_id LIMIT 1").fetchone() if written else (0, 0)
        for key, value in ((BUSIEST_KEY, str(busiest)), ("bench_seed", str(seed)),
                           ("bench_today", today.isoformat())):
            conn.execute("INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)",
                         (key, value))
        conn.execute("COMMIT")
        # Back to what the program runs with (WAL); the file is now a normal database.
        conn.execute("PRAGMA journal_mode=WAL")
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("event", "check_in", "concern")}
    finally:
        conn.close()
    per_resident = sorted(p.events for p in pop.people if p.status != "waitlist") or [0]
    return Generated(path, residents, counts["event"], counts["check_in"], counts["concern"],
                     staff, busiest, busiest_n, per_resident[len(per_resident) // 2],
                     time.perf_counter() - started)


def _drop_indexes(conn) -> list[str]:
    """Drop the secondary indexes of the bulk tables; returns the SQL to rebuild them."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({','.join('?' * len(BULK_TABLES))})", BULK_TABLES).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def _insert_people(conn, pop, resident_rows, cal, today_day, now, rng) -> None:
    conn.executemany("INSERT INTO staff (id, username, display_name, role, pin_hash, active, "
                     "failed_attempts, created_at) VALUES (?,?,?,?,?,?,?,?)", pop.staff)
    conn.executemany("INSERT INTO house (id, name, created_at) VALUES (?,?,?)", pop.houses)
    conn.executemany(f"INSERT INTO resident ({pp.RESIDENT_COLUMNS}) VALUES "
                     f"({','.join('?' * 25)})", resident_rows)
    domains = dict(conn.execute("SELECT key, id FROM domain"))
    resources = [r for (r,) in conn.execute("SELECT id FROM resource ORDER BY id")] or [None]
    plans = pp.make_plans(pop, domains, resources, cal, today_day, now, rng)
    for table, rows in plans.items():
        conn.executemany(pp.PLAN_SQL[table], rows)


# The same facts refresh_resident_summary computes, for every resident at once.
SUMMARY_SQL = (
    """UPDATE resident SET summary_last_contact_at = s.last FROM (
         SELECT resident_id, max(occurred_at) AS last FROM event
         WHERE kind IN ('contact', 'group') AND voided_at IS NULL GROUP BY resident_id) AS s
       WHERE resident.id = s.resident_id""",
    """UPDATE resident SET summary_last_checkin_at = c.submitted_at,
         summary_last_checkin_mood = c.mood, summary_wants_to_talk = c.wants_to_talk
       FROM (SELECT resident_id, submitted_at, mood, wants_to_talk,
               row_number() OVER (PARTITION BY resident_id
                                  ORDER BY submitted_at DESC, id DESC) AS n
             FROM check_in) AS c
       WHERE resident.id = c.resident_id AND c.n = 1""",
    """UPDATE resident SET summary_open_concerns = c.open, summary_urgent_concerns = c.urgent
       FROM (SELECT resident_id, count(*) AS open,
               sum(severity = 'urgent') AS urgent FROM concern WHERE status = 'open'
             GROUP BY resident_id) AS c
       WHERE resident.id = c.resident_id""",
    """UPDATE resident SET summary_next_follow_up = f.next FROM (
         SELECT resident_id, min(follow_up_on) AS next FROM event
         WHERE follow_up_on IS NOT NULL AND follow_up_done_at IS NULL AND voided_at IS NULL
         GROUP BY resident_id) AS f
       WHERE resident.id = f.resident_id""",
    """UPDATE resident SET summary_next_review = p.next_review_date,
         summary_goals_total = g.total, summary_goals_achieved = g.achieved
       FROM recovery_plan AS p JOIN (
         SELECT plan_id, count(*) AS total, sum(status = 'achieved') AS achieved FROM goal
         WHERE status != 'let_go' GROUP BY plan_id) AS g ON g.plan_id = p.id
       WHERE resident.id = p.resident_id""",
)


def fill_summaries(conn, today: date) -> None:
    for sql in (*SUMMARY_SQL, bench_assessments.SUMMARY_SQL):
        conn.execute(sql)
    # A few kiosk crises overnight, unacknowledged: the header's urgent count is not zero.
    conn.execute(
        """INSERT INTO concern (resident_id, raised_at, raised_by_id, source, severity,
             severity_rank, summary, status, assignee_id, resolution)
           SELECT id, ?, NULL, 'kiosk', 'urgent', 4,
             'Kiosk: resident asked for help', 'open', case_manager_id, ''
           FROM resident WHERE status = 'active' ORDER BY id DESC LIMIT 3""",
        (f"{today.isoformat()} 02:00:00",))
    conn.execute(
        """INSERT INTO event (resident_id, occurred_at, recorded_at, kind, channel, summary,
             note, void_reason, concern_id)
           SELECT resident_id, raised_at, raised_at, 'concern_raised', '',
             'Concern (urgent): ' || summary, '', '', id
           FROM concern WHERE source = 'kiosk'""")
    conn.execute(
        """UPDATE resident SET summary_open_concerns = summary_open_concerns + 1,
             summary_urgent_concerns = summary_urgent_concerns + 1
           WHERE id IN (SELECT resident_id FROM concern WHERE source = 'kiosk')""")
