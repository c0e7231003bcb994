"""Storage that fails under the program: a read-only database, its folder deleted while the
program runs, a full disk. Each gets one clear sentence, nothing is half-saved, the app stays
up with what the user typed still in the form, and a retry works once the problem is fixed.

Read-only and full are simulated per connection (``query_only``, ``max_page_count``), which
works for any user, root included; the chmod variant takes root's power to ignore permissions away.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers import permissions_enforced, workers_done

from peer_tui.models.db import DatabaseProblem, SQLITE_PRAGMAS, database
from peer_tui.models.events import Event, GroupSession
from peer_tui.services import auth, concerns, contacts, groups, runner, storage_health
from peer_tui.services.runner import StorageError


def set_pragma(name: str, value) -> None:
    """Apply a pragma to every connection from now on (each worker thread has its own)."""
    handle = database.obj
    handle._pragmas = [(k, v) for k, v in handle._pragmas if k != name] + [(name, value)]
    handle.close()  # connections are re-made, with the pragma, on next use


def clear_pragma(name: str) -> None:
    handle = database.obj
    handle._pragmas = [(k, v) for k, v in handle._pragmas if k != name]
    handle.close()


@pytest.fixture
def pat(demo_db):
    return auth.sign_in("pat", "2468").actor


def a_resident() -> int:
    from peer_tui.models.people import Resident

    return Resident.select(Resident.id).where(Resident.status == "active").scalar()


def test_a_read_only_database_refuses_writes_in_one_sentence(pat):
    rid = a_resident()
    before = Event.select().count()
    set_pragma("query_only", 1)
    with pytest.raises(StorageError) as refused:
        runner.call(contacts.log_contact, pat, rid, {"on": date.today(), "note": "Walked"})
    assert "read-only" in str(refused.value) and "\n" not in str(refused.value)
    with pytest.raises(DatabaseProblem, match="read-only"):
        storage_health.require_writable()
    clear_pragma("query_only")
    assert Event.select().count() == before
    runner.call(contacts.log_contact, pat, rid, {"on": date.today(), "note": "Walked"})
    assert Event.select().count() == before + 1


def test_starting_the_app_on_a_read_only_database_is_one_line(demo_db, monkeypatch, capsys):
    from peer_tui import cli

    path = database.obj.database
    database.close()
    monkeypatch.setitem(SQLITE_PRAGMAS, "query_only", 1)
    for argv in (["--db", path], ["--db", path, "kiosk"]):
        assert cli.main(argv) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "read-only" in err[0], err


def test_a_read_only_file_is_one_line_at_start(tmp_path):
    db = tmp_path / "ro.db"
    env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1"}
    peer = [sys.executable, "-m", "peer_tui", "--db", str(db)]
    assert subprocess.run(peer + ["demo"], capture_output=True, env=env).returncode == 0
    db.chmod(0o400)
    result = subprocess.run(peer + ["kiosk"], capture_output=True, text=True, env=env,
                            timeout=60, preexec_fn=permissions_enforced)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "read-only" in result.stderr


def test_a_full_disk_saves_nothing_and_a_retry_works(pat):
    from peer_tui.models.people import Resident

    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    residents = [r for (r,) in Resident.select(Resident.id).limit(20).tuples()]
    group = {"on": date.today(), "name": "Relapse prevention", "note": "n" * 20_000,
             "attendee_ids": residents}
    counts = (GroupSession.select().count(), Event.select().count())
    set_pragma("max_page_count", pages + 2)
    with pytest.raises(StorageError) as full:
        runner.call(groups.log_group, pat, group)
    assert "disk is full" in str(full.value) and "nothing was saved" in str(full.value)
    # All or nothing: not the first attendees' entries without the rest.
    assert (GroupSession.select().count(), Event.select().count()) == counts
    clear_pragma("max_page_count")
    result = runner.call(groups.log_group, pat, group)
    assert len(result.event_ids) == len(residents)


def test_database_folder_deleted_while_running_is_noticed(tmp_path):
    from peer_tui import demo
    from peer_tui.models.db import close_database
    from peer_tui.storage import open_and_upgrade

    folder = tmp_path / "data"
    open_and_upgrade(str(folder / "house.db"))
    demo.populate()
    try:
        pat = runner.call(auth.sign_in, "pat", "2468").actor
        rid = runner.call(a_resident)
        shutil.rmtree(folder)
        # SQLite itself would accept this write into the deleted file and lose it on exit.
        with pytest.raises(StorageError, match="moved or deleted"):
            runner.call(contacts.log_contact, pat, rid, {"on": date.today(), "note": "x"})
        with pytest.raises(StorageError, match="moved or deleted"):
            runner.call(concerns.queue, pat)
    finally:
        close_database()


def test_database_file_replaced_while_running_is_noticed(demo_db):
    path = Path(database.obj.database)
    runner.call(auth.list_staff)  # remembered as it was opened
    shutil.copy(path, path.with_suffix(".copy"))
    os.replace(path.with_suffix(".copy"), path)
    with pytest.raises(StorageError, match="replaced"):
        runner.call(auth.list_staff)


# -- in the app: clear message, app up, the form keeps what was typed, retry works ----------
@pytest.mark.parametrize("failure", ["read_only", "disk_full", "folder_gone"])
async def test_a_failed_save_keeps_the_form_and_says_why(demo_db, failure, tmp_path):
    from helpers import make_app, sign_in
    from peer_tui.screens.contact_form import ContactFormScreen

    # A long note (several database pages, so a full disk cannot absorb it in free space),
    # with markup-like and right-to-left text that must come back exactly as typed.
    text = "Seemed withdrawn at dinner [b]x[/b] \u05e9\u05dc\u05d5\u05dd\n" + "z" * 19_000
    rid = a_resident()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "pat", "2468")
        await workers_done(app)
        app.push_screen(ContactFormScreen(rid, "Dana"))
        await pilot.pause()
        await workers_done(app)
        form = app.screen
        form.query_one("#note").text = text
        before = Event.select().where(Event.kind == "contact").count()
        path = Path(database.obj.database)
        if failure == "read_only":
            set_pragma("query_only", 1)
        elif failure == "disk_full":
            pages, free = (database.execute_sql(f"PRAGMA {p}").fetchone()[0]
                           for p in ("page_count", "freelist_count"))
            assert free < 3
            set_pragma("max_page_count", pages)
        else:  # moved away (as if deleted), files that are open stay open
            aside = tmp_path / "aside"
            aside.mkdir()
            for part in path.parent.glob(path.name + "*"):
                os.rename(part, aside / part.name)
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        assert app.screen is form and app.is_running
        message = str(form.query_one(".form-message").render())
        expected = {"read_only": "read-only", "disk_full": "disk is full",
                    "folder_gone": "moved or deleted"}[failure]
        assert expected in message
        assert form.query_one("#note").text == text
        # The problem is fixed; the same form saves on the next Ctrl+S.
        if failure == "folder_gone":
            for part in aside.iterdir():
                os.rename(part, path.parent / part.name)
        else:
            clear_pragma("query_only" if failure == "read_only" else "max_page_count")
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        assert app.screen is not form
    assert Event.select().where(Event.kind == "contact").count() == before + 1


# -- a disk that fills up under a transaction ------------------------------------------------
def fill_up() -> None:
    """Cap the file at its size and fill it, so the next audit row needs a page there is none
    of. SQLite then rolls the whole transaction back by itself, as on a real full disk."""
    from peewee import OperationalError

    from peer_tui.models.audit import AuditLog

    set_pragma("max_page_count", database.execute_sql("PRAGMA page_count").fetchone()[0])
    with pytest.raises(OperationalError, match="full"):
        for _ in range(100_000):
            AuditLog.insert(actor_kind="system", action="x").execute()


def test_a_full_disk_is_reported_as_full_not_as_a_failed_rollback(pat):
    from peewee import OperationalError

    rid = a_resident()
    before = Event.select().count()
    fill_up()
    with pytest.raises(OperationalError, match="full") as raised:  # not "cannot rollback"
        contacts.log_contact(pat, rid, {"on": date.today(), "note": "Walked"})
    assert "rollback" not in str(raised.value)
    with pytest.raises(StorageError, match="disk is full"):
        runner.call(contacts.log_contact, pat, rid, {"on": date.today(), "note": "Walked"})
    assert Event.select().count() == before


def test_signing_in_and_reading_on_a_full_disk_work_and_say_they_were_not_recorded(demo_db):
    from peer_tui.models.audit import AuditLog
    from peer_tui.services import audit, caseload_query, recovery_plan, timeline

    rid = a_resident()
    runner.call(recovery_plan.get_plan, auth.sign_in("pat", "2468").actor, rid)  # exists
    fill_up()
    rows = AuditLog.select().count()
    signed = runner.call(auth.sign_in, "pat", "2468")
    assert signed.actor is not None and signed.actor.username == "pat"
    assert "sign-in was not recorded" in audit.take_unrecorded()
    refused = runner.call(auth.sign_in, "pat", "0000")  # a wrong PIN is still refused
    assert refused.actor is None and "not right" in refused.message
    pat = signed.actor
    for read in (lambda: caseload_query.resident_card(pat, rid),
                 lambda: recovery_plan.get_plan(pat, rid),
                 lambda: timeline.timeline_page(pat, rid)):
        assert runner.call(read) is not None
        message = audit.take_unrecorded()
        assert "not recorded in the audit log: the disk is full" in message, message
    assert AuditLog.select().count() == rows
    with pytest.raises(StorageError, match="disk is full"):  # writing is still refused
        runner.call(contacts.log_contact, pat, rid, {"on": date.today(), "note": "Walked"})
    clear_pragma("max_page_count")
    assert runner.call(auth.sign_in, "pat", "2468").actor is not None
    assert audit.take_unrecorded() == "" and AuditLog.select().count() == rows + 1


async def test_the_app_signs_in_on_a_full_disk_and_says_it_was_not_recorded(demo_db):
    from helpers import make_app, sign_in

    fill_up()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "pat", "2468")
        await workers_done(app)
        await pilot.pause()
        assert app.actor is not None and app.actor.username == "pat"
        said = [n.message for n in app._notifications]
        assert any("not recorded in the audit log: the disk is full" in m for m in said), said


def test_an_export_whose_audit_row_cannot_be_saved_leaves_no_file(demo_db, tmp_path):
    """A disclosure is on the audit trail or does not exist."""
    from peer_tui.services import plan_document, recovery_plan

    pat = auth.sign_in("pat", "2468").actor
    rid = a_resident()
    runner.call(recovery_plan.get_plan, pat, rid)
    fill_up()
    target = tmp_path / "plan.txt"
    with pytest.raises(StorageError, match="disk is full"):
        runner.call(plan_document.export_plan, pat, rid, "txt", str(target))
    assert not target.exists()
    clear_pragma("max_page_count")
    assert runner.call(plan_document.export_plan, pat, rid, "txt", str(target)) == target
