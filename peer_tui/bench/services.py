"""Service-level measurements: the kiosk check-in commit, page queries, the daily backup.

These run in the benchmark's own process, straight against the services (no UI), so they
show how much of a screen's time is the database and how much is drawing.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from statistics import median
from time import perf_counter

CHECKIN_REPEAT = 20
QUERY_REPEAT = 9


def _open(db: str):
    from peer_tui.storage import open_and_upgrade

    open_and_upgrade(db)


def _close() -> None:
    from peer_tui.models.db import close_database

    close_database()


def describe(db: str) -> dict:
    """Sizes of the database the numbers belong to."""
    from peer_tui.bench.generate import BUSIEST_KEY
    from peer_tui.models.db import database
    from peer_tui.models.meta import get_meta

    _open(db)
    try:
        def count(sql: str, *args) -> int:
            return database.execute_sql(sql, args).fetchone()[0]

        busiest = int(get_meta(BUSIEST_KEY, "0") or 0)
        return {
            "residents": count("SELECT count(*) FROM resident"),
            "active_residents": count("SELECT count(*) FROM resident WHERE status='active'"),
            "events": count("SELECT count(*) FROM event"),
            "busiest_resident": busiest,
            "busiest_events": count("SELECT count(*) FROM event WHERE resident_id = ?",
                                    busiest),
            "db_mb": round(Path(db).stat().st_size / 2**20),
        }
    finally:
        _close()


def _timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = perf_counter()
        fn()
        times.append((perf_counter() - start) * 1000)
    return median(times)


def equivalent_checkin(resident_id: int) -> None:
    """What a kiosk check-in writes, in one transaction: the check-in, its timeline entry,
    the audit row and the caseload summary refresh."""
    from peer_tui.models.base import utcnow
    from peer_tui.models.db import database
    from peer_tui.models.events import CheckIn, Event
    from peer_tui.models.summary import refresh_resident_summary
    from peer_tui.services import audit

    answers = {"mood": 4, "craving": 2, "sleep": "well", "use": "no",
               "wants_to_talk": False, "safety": False}
    with database.atomic():
        row = CheckIn.create(resident=resident_id, submitted_at=utcnow(), source="kiosk",
                             mood=4, craving=2, used_since_last="no", wants_to_talk=False,
                             safety_concern=False, answers=json.dumps(answers))
        Event.create(resident=resident_id, occurred_at=row.submitted_at, kind="checkin",
                     channel="kiosk", summary="Kiosk check-in: mood 4/5, craving 2/10",
                     checkin=row.id)
        audit.record(None, "checkin_submit", "check_in", row.id, resident_id=resident_id,
                     actor_kind="resident")
        refresh_resident_summary(resident_id)


def _checkin_call(resident_id: int):
    from peer_tui.bench import adapters

    real = adapters.real_checkin(resident_id)
    if real is not None:
        return real, "peer_tui.services.checkin"
    return (lambda: equivalent_checkin(resident_id)), "equivalent transaction"


def measure_checkin(busiest: int, typical: int | None) -> dict:
    """The commit for the busiest resident (the worst case: the budget) and a typical one."""
    fn, how = _checkin_call(busiest)
    out = {"checkin_commit_ms": _timed(fn, CHECKIN_REPEAT), "checkin_measured_with": how}
    if typical:
        fn, _ = _checkin_call(typical)
        out["checkin_commit_typical_ms"] = _timed(fn, CHECKIN_REPEAT)
        out["checkin_typical_resident"] = typical
    return out


def typical_active_resident(busiest: int) -> int | None:
    """An active resident with an ordinary history (the busiest are the first ids)."""
    from peer_tui.models.db import database

    row = database.execute_sql(
        "SELECT id FROM resident WHERE status = 'active' AND id > ? AND kiosk_code IS NOT NULL "
        "ORDER BY id DESC LIMIT 1 OFFSET 10", (busiest,)).fetchone()
    return row[0] if row else None


def measure_backup(db: str) -> float:
    """The daily automatic backup (online copy + integrity check) that blocks a first start."""
    from peer_tui.services.backup import backup_to

    folder = Path(tempfile.mkdtemp(prefix="peer-tui-bench-"))
    try:
        start = perf_counter()
        backup_to(folder / "copy.db")
        return (perf_counter() - start) * 1000
    finally:
        shutil.rmtree(folder, ignore_errors=True)


REPORT_REPEAT = 3


def measure_report(say=None) -> dict:
    """The program report for the month before the generated 'today': for the house with the
    most residents, and for the whole organisation (every house), as the Reports screen and
    ``peer-tui report`` work it out (the service, with the per-staff section)."""
    from datetime import date

    from peer_tui.models.db import database
    from peer_tui.models.meta import get_meta
    from peer_tui.models.people import Staff
    from peer_tui.services.auth import Actor
    from peer_tui.services.program_report import program_report
    from peer_tui.services.report_scope import last_month

    today = date.fromisoformat(get_meta("bench_today", "") or date.today().isoformat())
    period = last_month(today)
    row = Staff.select().where(Staff.role == "admin", Staff.active == True).first()  # noqa: E712
    actor = Actor(row.id, row.username, row.display_name, row.role)
    house = database.execute_sql(
        "SELECT house_id FROM resident GROUP BY house_id ORDER BY count(*) DESC, house_id "
        "LIMIT 1").fetchone()
    out: dict = {"report_month": period.label}
    for key, house_id in (("report_house_ms", house[0] if house else None),
                          ("report_organisation_ms", None)):
        if say:
            say(f"program report for {period.label}: "
                f"{'one house' if house_id else 'the whole organisation'}")
        out[key] = _timed(lambda: program_report(actor, period, house_id, today=today),
                          REPORT_REPEAT)
    return out


def measure_services(db: str, say) -> dict:
    from peer_tui.bench import adapters
    from peer_tui.bench.generate import BUSIEST_KEY
    from peer_tui.models.meta import get_meta

    _open(db)
    try:
        busiest = int(get_meta(BUSIEST_KEY, "0") or 0)
        out: dict = {}
        out.update(measure_checkin(busiest, typical_active_resident(busiest)))
        for name, call in adapters.page_calls(busiest).items():
            try:
                out[f"service_{name}_ms"] = _timed(call, QUERY_REPEAT)
            except Exception as exc:  # noqa: BLE001 - a missing or changed service
                out.setdefault("notes", []).append(f"service {name}: {exc}")
        try:
            out.update(measure_report(say))
        except Exception as exc:  # noqa: BLE001 - a report that fails is a note, not a crash
            out.setdefault("notes", []).append(f"program report: {exc}")
        say("daily backup copy of the whole database")
        out["backup_ms"] = measure_backup(db)
        return out
    finally:
        _close()
