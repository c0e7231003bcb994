"""Monthly BARC-10s for every resident who has stayed in a house, as a house that uses the
kiosk would have them: one at admission, then one every 30 days until discharge (or now),
on trajectories that rise, stay flat or drop. Raw inserts like the rest of the generator."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

EVERY_DAYS = 30
INSERT_SQL = ("INSERT INTO assessment (resident_id, instrument, taken_at, recorded_at, source, "
              "staff_id, language, answers, total, correction_reason) "
              "VALUES (?, 'barc10', ?, ?, ?, ?, 'en', ?, ?, '')")

# The resident's latest BARC-10, and how far it fell from the one before: what
# refresh_assessment_summary writes, for every resident at once.
SUMMARY_SQL = """
    UPDATE resident SET summary_barc_total = a.total, summary_barc_at = a.taken_at,
      summary_barc_drop = a.previous - a.total
    FROM (SELECT resident_id, total, taken_at,
            lag(total) OVER (PARTITION BY resident_id ORDER BY taken_at, id) AS previous,
            row_number() OVER (PARTITION BY resident_id ORDER BY taken_at DESC, id DESC) AS n
          FROM assessment WHERE instrument = 'barc10') AS a
    WHERE resident.id = a.resident_id AND a.n = 1"""


def answers_for(total: int, rng: random.Random) -> list[int]:
    answers = [total // 10] * 10
    for n in rng.sample(range(10), total % 10):
        answers[n] += 1
    return answers


def insert_assessments(conn, last_day: date, rng: random.Random) -> int:
    """Insert the BARC-10s of every resident row already written (from their intake date to
    their discharge date or LAST_DAY); returns how many."""
    rows = []
    people = conn.execute("SELECT id, intake_date, discharge_date, peer_specialist_id "
                          "FROM resident WHERE status != 'waitlist' AND intake_date IS NOT NULL "
                          "ORDER BY id").fetchall()
    for rid, intake, discharge, peer in people:
        start = date.fromisoformat(intake)
        end = date.fromisoformat(discharge) if discharge else last_day
        total = rng.randint(24, 44)
        step = rng.choice((-1, 0, 1, 2, 3))
        for n, offset in enumerate(range(0, (end - start).days + 1, EVERY_DAYS)):
            if n:
                total = max(10, min(60, total + step + rng.randint(-2, 2)))
            minute = 600 + rng.randrange(480)
            at = f"{start + timedelta(days=offset)} {minute // 60:02d}:{minute % 60:02d}:00"
            rows.append((rid, at, at, "interview" if n == 0 else "kiosk",
                         peer if n == 0 else None, json.dumps(answers_for(total, rng)), total))
            if len(rows) >= 5000:
                conn.executemany(INSERT_SQL, rows)
                rows.clear()
    conn.executemany(INSERT_SQL, rows)
    return conn.execute("SELECT count(*) FROM assessment").fetchone()[0]
