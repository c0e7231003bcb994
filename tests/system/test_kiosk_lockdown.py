"""Kiosk lockdown: no way to probe or lock staff accounts from the kiosk, leaving works on a
full disk, signals are ignored from launch, and the kiosk never creates a database.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled
from helpers import (KIOSK_SIZE as SIZE, fill_the_disk, free_the_disk, make_kiosk,
                     workers_done)

from peer_tui.models.audit import AuditLog
from peer_tui.models.db import database
from peer_tui.models.people import Staff
from peer_tui.screens.kiosk_unlock import StaffUnlockScreen
from peer_tui.services import audit_pending, auth, kiosk_auth


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def staff_row(username: str) -> tuple:
    row = Staff.get(Staff.username == username)
    return row.failed_attempts, row.locked_until, row.last_sign_in_at


# -- the service ---------------------------------------------------------------------------------
def test_every_wrong_username_or_pin_reads_the_same_and_no_account_changes(demo_db):
    before = {name: staff_row(name) for name in ("pat", "casey")}
    auth.deactivate_staff("sam")
    guard = kiosk_auth.ExitGuard(attempts=100)
    answers = {kiosk_auth.staff_exit(user, pin, guard).message for user, pin in (
        ("nobody", "2468"), ("pat", "1111"), ("PAT ", "0000"), ("sam", "2468"),
        ("", "2468"), ("x" * 300, "1"), ("[b]pat", "2468"))}
    assert answers == {kiosk_auth.EXIT_REFUSED}
    for _ in range(10):
        kiosk_auth.staff_exit("pat", "9999", guard)
    assert {name: staff_row(name) for name in ("pat", "casey")} == before
    assert auth.sign_in("pat", "2468").actor is not None  # the account is not locked
    failed = AuditLog.select().where(AuditLog.action == "kiosk_exit_failed")
    assert failed.count() == 17
    pat = Staff.get(Staff.username == "pat").id
    assert failed.where(AuditLog.record_id == pat).count() == 12  # the admin can see whose


def test_failures_pause_only_the_exit_with_a_growing_pause(demo_db):
    clock = Clock()
    guard = kiosk_auth.ExitGuard(attempts=3, pause_seconds=30, clock=clock)
    for _ in range(2):
        assert kiosk_auth.staff_exit("pat", "0000", guard).message == kiosk_auth.EXIT_REFUSED
    third = kiosk_auth.staff_exit("nobody", "0000", guard)
    assert third.message == kiosk_auth.exit_paused_message(30) and guard.wait() == 30
    clock.now += 10
    paused = kiosk_auth.staff_exit("pat", "2468", guard)  # the right PIN waits too
    assert paused.staff_id is None and paused.message == kiosk_auth.exit_paused_message(20)
    clock.now += 21
    assert kiosk_auth.staff_exit("pat", "2468", guard).staff_id is not None
    pauses = []
    for _ in range(6):
        for _ in range(3):
            guard.failed()
        pauses.append(guard.wait())
        clock.now += guard.wait()
    assert pauses == [60, 120, 240, 480, 900, 900]
    clock.now += kiosk_auth.EXIT_FORGET_SECONDS + 1
    assert [guard.failed() for _ in range(3)] == [0, 0, 30]  # an hour later: afresh
    actions = [a for (a,) in AuditLog.select(AuditLog.action).where(
        AuditLog.action.startswith("kiosk_")).order_by(AuditLog.id).tuples()]
    assert actions == ["kiosk_exit_failed"] * 3 + ["kiosk_exit_paused", "kiosk_exit_refused",
                                                   "kiosk_unlock"]
    assert staff_row("pat")[0] == 0


def test_leaving_works_on_a_full_disk_and_the_next_audit_records_it(demo_db):
    pat = Staff.get(Staff.username == "pat").id
    audit_pending.reserve()
    fill_the_disk()
    try:
        left = kiosk_auth.staff_exit("pat", "2468", kiosk_auth.ExitGuard())
        assert left.staff_id == pat and "disk is full" in left.audit_problem
        refused = kiosk_auth.staff_exit("pat", "0000", kiosk_auth.ExitGuard())
        assert refused.message == kiosk_auth.EXIT_REFUSED
        assert not AuditLog.select().where(AuditLog.action == "kiosk_unlock").exists()
        assert audit_pending.pending_path().stat().st_size == audit_pending.RESERVED_BYTES
    finally:
        free_the_disk()
    assert audit_pending.flush_now()
    late = AuditLog.get(AuditLog.action == "kiosk_unlock")
    assert (late.actor_kind, late.actor_id) == ("staff", pat)
    assert late.detail.startswith("recorded late: it happened at ")
    assert "disk is full" in late.detail
    assert AuditLog.select().where(AuditLog.action == "kiosk_exit_failed").count() == 1
    assert audit_pending.flush_now()  # nothing twice
    assert AuditLog.select().where(AuditLog.action == "kiosk_unlock").count() == 1


def test_kept_rows_ride_along_with_the_next_exit(demo_db):
    assert audit_pending.remember("kiosk_unlock", 3, "staff", 3, "The disk is full.")
    kiosk_auth.staff_exit("casey", "2468", kiosk_auth.ExitGuard())
    rows = list(AuditLog.select().where(AuditLog.action == "kiosk_unlock")
                .order_by(AuditLog.id))
    assert [r.actor_id for r in rows] == [Staff.get(Staff.username == "casey").id, 3]
    assert "recorded late" in rows[1].detail


# -- in the kiosk ---------------------------------------------------------------------------------
async def unlock(pilot, username: str, pin: str) -> str:
    app = pilot.app
    if not isinstance(app.screen, StaffUnlockScreen):
        await pilot.press("f12")
    app.screen.query_one("#username").value = username
    app.screen.query_one("#pin").value = pin
    app.screen.query_one("#pin").focus()
    await pilot.press("enter")
    try:
        await workers_done(app)
    except WorkerCancelled:  # accepted: the kiosk closed while its worker was finishing
        pass
    await pilot.pause()
    if not app.is_running:
        return ""
    return str(app.screen.query_one("#unlock-message").render())


async def test_f12_says_the_same_for_unknown_and_known_usernames(demo_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        assert app.screen.query_one("#username").has_focus
        unknown = await unlock(pilot, "nosuchperson", "2468")
        known = await unlock(pilot, "pat", "1111")
        assert unknown == known == kiosk_auth.EXIT_REFUSED
        third = await unlock(pilot, "casey", "1111")
        assert "paused" in third and "Staff accounts are not affected" in third
        await pilot.press("escape")
        assert not isinstance(app.screen, StaffUnlockScreen) and app.is_running
    assert staff_row("pat")[1] is None and staff_row("casey")[1] is None


async def test_f12_with_the_right_pin_leaves_even_on_a_full_disk(demo_db):
    audit_pending.reserve()
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        fill_the_disk()
        try:
            assert await unlock(pilot, "pat", "2468") == ""
        finally:
            free_the_disk()
    assert app.unlocked and app.return_code == 0
    [problem] = app.exit_problems
    assert "audit log could not be written" in problem and "disk is full" in problem


def test_exit_problems_go_to_stderr_after_the_kiosk_closes(demo_db, monkeypatch, capsys):
    from peer_tui import cli
    from peer_tui.kiosk_app import KioskApp

    def run(self):
        self.exit_problems.append("staff left the kiosk but the audit log could not be "
                                  "written: The disk is full.")

    monkeypatch.setattr(KioskApp, "run", run)
    path = database.obj.database
    database.close()
    before = signal.getsignal(signal.SIGINT)
    assert cli.main(["--db", path, "kiosk"]) == 0
    assert signal.getsignal(signal.SIGINT) is before  # this process gets its Ctrl+C back
    assert capsys.readouterr().err == ("peer-tui: staff left the kiosk but the audit log could "
                                       "not be written: The disk is full.\n")


# -- the command line -----------------------------------------------------------------------------
def peer_tui(*args: str, **env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1", **env}
    return subprocess.run([sys.executable, "-m", "peer_tui", *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_the_kiosk_never_creates_a_database(tmp_path):
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    result = peer_tui("kiosk", "--db", str(missing))
    assert result.returncode == 1 and not (tmp_path / "no").exists()
    [line] = result.stderr.splitlines()
    assert f"no peer-tui database at {missing}" in line and "never creates one" in line
    assert f"peer-tui --db {missing} init --username" in line
    empty = tmp_path / "empty.db"
    empty.touch()
    result = peer_tui("--db", str(empty), "kiosk")
    assert result.returncode == 1 and empty.stat().st_size == 0
    assert "no peer-tui database" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_a_broken_house_questionnaire_stops_the_kiosk_in_one_line(tmp_path):
    (tmp_path / "q.json").write_text('{"questions": [{"id": "mood"}]}')
    (tmp_path / "settings.json").write_text('{"questionnaire": "q.json"}')
    result = peer_tui("--db", str(tmp_path / "none.db"), "kiosk",
                      PEER_TUI_SETTINGS=str(tmp_path / "settings.json"))
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"peer-tui: Questionnaire file {tmp_path / 'q.json'} is not valid: "
                           "question mood, short: Required.")


def test_signals_are_ignored_before_textual_is_imported():
    code = (
        "import signal, sys\n"
        # Start from the defaults whatever the suite runs under: a job started in the
        # background of a shell has Ctrl+C and Ctrl+\\ ignored already, and children inherit it.
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "signal.signal(signal.SIGQUIT, signal.SIG_DFL)\n"
        "signal.signal(signal.SIGTSTP, signal.SIG_DFL)\n"
        "from peer_tui import checks, cli, commands\n"
        "def probe(args, target):\n"
        "    print([signal.getsignal(getattr(signal, s)) == signal.SIG_IGN\n"
        "           for s in ('SIGINT', 'SIGQUIT', 'SIGTSTP')], 'textual' in sys.modules)\n"
        "    return 0\n"
        "commands.COMMANDS['kiosk'] = probe\n"
        "checks.staff_app_checks = lambda db: probe(None, db)\n"
        "cli.main(sys.argv[1:])\n")
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    kiosk = subprocess.run([sys.executable, "-c", code, "kiosk"], capture_output=True,
                           text=True, env=env, timeout=60)
    assert kiosk.stdout.strip() == "[True, True, True] False", kiosk.stderr
    staff = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, timeout=60)
    assert staff.stdout.strip() == "[False, False, False] False", staff.stderr


def _ignored_mask(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return int(line.split()[1], 16)
    return 0


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_escape_keys_and_signals_at_launch_leave_the_kiosk_running(demo_db):
    """Ctrl+C, Ctrl+\\ and Ctrl+Z typed, and the signals sent, from the moment the process
    ignores them through Textual's start-up, do not end or stop the kiosk."""
    path = database.obj.database
    database.close()
    wanted = (1 << (signal.SIGINT - 1)) | (1 << (signal.SIGQUIT - 1)) | \
        (1 << (signal.SIGTSTP - 1))
    pid, fd = pty.fork()
    if pid == 0:  # the child: the kiosk on a terminal of its own
        os.environ.update(PEER_TUI_DATABASE="", PYTHONSAFEPATH="1", TERM="xterm-256color")
        os.execv(sys.executable, [sys.executable, "-m", "peer_tui", "--db", path, "kiosk"])
    screen = b""
    try:
        deadline = time.monotonic() + 30
        while _ignored_mask(pid) & wanted != wanted:  # the very first moment it can be tried
            assert time.monotonic() < deadline, "the kiosk never ignored the signals"
            time.sleep(0.002)
        keys = (b"\x03", b"\x1c", b"\x1a")  # Ctrl+C, Ctrl+\, Ctrl+Z
        sent = 0
        while b"check in" not in screen:
            assert time.monotonic() < deadline, "the welcome screen never appeared"
            os.kill(pid, (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP)[sent % 3])
            os.write(fd, keys[sent % 3])
            sent += 1
            if select.select([fd], [], [], 0.01)[0]:
                try:
                    screen += os.read(fd, 65536)
                except OSError:  # the terminal closed: the kiosk is gone
                    _, status = os.waitpid(pid, 0)
                    pytest.fail(f"the kiosk ended during start-up (status {status}, after "
                                f"{sent} signals): {screen[-800:].decode(errors='replace')}")
        for key in keys * 3 + (b"\x11",):  # and once running, Ctrl+Q too
            os.write(fd, key)
            os.kill(pid, signal.SIGTSTP)
            time.sleep(0.05)
        time.sleep(0.5)
        assert os.waitpid(pid, os.WNOHANG) == (0, 0), "the kiosk ended"
        assert _state(pid) not in ("T", "t"), "the kiosk was stopped"
        assert sent > 3
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass  # already gone (and reaped above)
        os.close(fd)
