"""A writer killed with SIGKILL mid-work, again and again: what it reported committed is
there, nothing half-written appears, and the program opens the file cleanly afterwards."""

from __future__ import annotations

import random
import signal
import sys
import time

import writer_procs as hp

ROUNDS = 5


async def test_kill_9_in_the_middle_of_writes_loses_nothing_committed(demo_db, tmp_path):
    from peer_tui.models.db import close_database

    close_database()  # only the writers touch the file while they run
    db = tmp_path / "demo.db"
    high = hp.high_water(db)
    rng = random.Random(8)
    reports = []
    for round_no in range(ROUNDS):
        # Alternate small mixed writes with large all-or-nothing group notes (25 residents:
        # long transactions, so some kills land inside one).
        role = "staff" if round_no % 2 == 0 else "bulk"
        report = tmp_path / f"report-{round_no}.txt"
        proc = hp.start_writer(db, role, 0, report, seed=round_no)  # until killed
        hp.wait_ready(report, proc)
        hp.wait_first_write(report, proc)  # so every round kills a process that is writing
        time.sleep(rng.uniform(0.0, 0.7))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        result = hp.read_report(report)
        assert not result.done and result.refused == []
        assert result.count() > 0, f"round {round_no}: killed before any write"
        reports.append(result)
        # Every write the killed process reported as saved survived it.
        assert hp.missing_ids(db, result) == {}, f"round {round_no}"
        assert hp.torn_transactions(db, high) == [], f"round {round_no}"
    # At most one unreported commit per kill (committed, killed before it could say so).
    saved_groups = sum(len(r.saved.get("group", [])) + len(r.saved.get("bulk", []))
                       for r in reports)
    assert 0 <= hp.count_written(db, "group") - saved_groups <= ROUNDS
    assert hp.integrity(db) == "ok"
    # The program opens the file as usual afterwards (and can write to it).
    import subprocess

    checked = subprocess.run([sys.executable, "-m", "peer_tui", "--db", str(db), "check"],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and "integrity: ok" in checked.stdout, checked.stderr
    after = tmp_path / "after.txt"
    proc = hp.start_writer(db, "staff", 10, after, seed=99)
    proc.communicate(timeout=60)
    tail = hp.read_report(after)
    assert proc.returncode == 0 and tail.done and tail.count() == 10
    assert hp.missing_ids(db, tail) == {}
    # And the staff app opens on it and signs in as usual.
    from helpers import make_app, sign_in
    from peer_tui.screens.signin import SignInScreen
    from peer_tui.storage import open_and_upgrade

    open_and_upgrade(str(db))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "pat", "2468")
        assert not isinstance(app.screen, SignInScreen) and app.actor.username == "pat"
