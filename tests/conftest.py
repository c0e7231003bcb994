"""Shared fixtures: a fresh migrated database file per test, the demo database, a signed-in
administrator, the terminal an app writes to, the PostgreSQL scratch database. Functions the
tests share are in helpers.py."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from peer_tui.models.db import close_database, database
from peer_tui.storage import open_and_upgrade

# Python processes the tests start (the CLI, a second writer) must import the installed
# peer_tui, not the source folder in the working directory, where peer_tui.models does not
# exist (it is mapped from models/ at install time). PYTHONSAFEPATH stops Python putting the
# working directory first on the import path.
os.environ["PYTHONSAFEPATH"] = "1"

_DEMO_CACHE: dict[str, Path] = {}


@pytest.fixture(autouse=True)
def steady_text_cursor(request, monkeypatch):
    """Snapshots always see the text cursor shown. Its blink timer fires every 0.5 s; on a
    busy machine the screenshot can come after the first blink, with the cursor hidden,
    and a correct screen would fail its snapshot."""
    if "snap_compare" in request.fixturenames:
        from textual.widgets import Input, TextArea

        monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
        monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def db(db_path):
    """An empty, migrated database file (a file: in-memory SQLite differs per thread)."""
    open_and_upgrade(str(db_path))
    yield database
    close_database()


@pytest.fixture
def demo_db(tmp_path, tmp_path_factory):
    """A copy of the demo database (built once per test session, copied per test)."""
    from peer_tui import demo

    if "path" not in _DEMO_CACHE:
        source = tmp_path_factory.mktemp("demo") / "demo.db"
        open_and_upgrade(str(source))
        demo.populate()
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        close_database()
        _DEMO_CACHE["path"] = source
    target = tmp_path / "demo.db"
    shutil.copy(_DEMO_CACHE["path"], target)
    open_and_upgrade(str(target))
    yield database
    close_database()


@pytest.fixture
def admin(db):
    from peer_tui.services import auth

    auth.create_staff("admin", "Ada Admin", "admin", "2468")
    return auth.sign_in("admin", "2468").actor


@pytest.fixture
def terminal(monkeypatch):
    """What apps started with run_test write to the terminal (tests/terminal_capture.py)."""
    from terminal_capture import record_terminal

    return record_terminal(monkeypatch)


@pytest.fixture(autouse=True)
def _listed_actions_run(request, monkeypatch) -> Iterator[None]:
    """A test marked ``@pytest.mark.actions("Class.action", ...)`` must really run each listed
    action method (by a key, as a person would): the mark is what test_every_action_has_a_test
    reads, and this keeps the mark honest."""
    listed = [name for marker in request.node.iter_markers("actions") for name in marker.args]
    if not listed:
        yield
        return
    import functools
    import inspect

    from helpers import action_methods

    methods, ran = action_methods(), set()
    unknown = [name for name in listed if name not in methods]
    assert not unknown, f"no such action method: {unknown}"
    for name in set(listed):
        owner, attr = methods[name]
        original = getattr(owner, attr)

        def record(name=name, original=original):
            if inspect.iscoroutinefunction(original):
                @functools.wraps(original)
                async def wrapper(*args, **kwargs):
                    ran.add(name)
                    return await original(*args, **kwargs)
            else:
                @functools.wraps(original)
                def wrapper(*args, **kwargs):
                    ran.add(name)
                    return original(*args, **kwargs)
            return wrapper

        monkeypatch.setattr(owner, attr, record())
    yield
    missing = sorted(set(listed) - ran)
    assert not missing, f"marked as tested but never ran: {missing}"


@pytest.fixture
def settle():
    """The one way to wait for workers and the screen (``helpers.settle``), as a fixture."""
    from helpers import settle as settle_

    return settle_


@pytest.fixture
def postgres_url(tmp_path_factory) -> Iterator[str]:
    """The scratch PostgreSQL database named by PEER_TUI_TEST_POSTGRES, emptied, for one test
    at a time: parallel test processes share that one database, so each test holds a lock
    file (in the directory every process of the run shares) while it uses it."""
    url = os.environ.get("PEER_TUI_TEST_POSTGRES", "")
    if not url:
        pytest.skip("set PEER_TUI_TEST_POSTGRES to run")
    pytest.importorskip("psycopg2")  # an optional extra, not the project's own module
    from peer_tui.models.db import open_database

    lock_path = tmp_path_factory.getbasetemp().parent / "postgres.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        open_database(url)
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")
        close_database()
        try:
            yield url
        finally:
            close_database()
