"""Shared fixtures: a fresh migrated database file per test, the demo database, an app."""

from __future__ import annotations

import os
import shutil
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


def make_app(**kwargs):
    """The staff app as the CLI builds it, for Pilot and snapshot tests."""
    from peer_tui.app import PeerTuiApp
    from peer_tui.services.house import house_info

    info = house_info()
    kwargs.setdefault("house_name", info.name)
    kwargs.setdefault("is_demo", info.is_demo)
    kwargs.setdefault("first_run", not info.has_staff)
    return PeerTuiApp(**kwargs)


async def sign_in(pilot, username: str = "admin", pin: str = "2468") -> None:
    """Type a username and PIN on the sign-in screen and wait for the answer."""
    app = pilot.app
    await pilot.pause()
    app.screen.query_one("#username").value = username
    app.screen.query_one("#pin").value = pin
    app.screen.query_one("#pin").focus()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def terminal(monkeypatch):
    """What apps started with run_test write to the terminal (tests/terminal_capture.py)."""
    from terminal_capture import record_terminal

    return record_terminal(monkeypatch)


@pytest.fixture
def app_factory():
    return make_app


async def settle(pilot) -> None:
    """Wait for the app's workers, then for the screen to catch up with their answers."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def post_keys(app, *keys: str) -> None:
    """Put keys in the app's queue at once, as a fast typist or a pasted burst would: unlike
    ``pilot.press`` nothing waits for the screen to catch up between them."""
    from textual import events

    named = {"enter": "\r", "space": " ", "tab": "\t", "escape": "\x1b"}
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else named.get(key)))


async def open_and_type(pilot, opener: str, *keys: str) -> None:
    """Press OPENER, then type KEYS the moment its screen is pushed, before it has mounted."""
    import asyncio

    app = pilot.app
    before = app.screen
    post_keys(app, opener)
    for _ in range(10_000):
        if app.screen is not before:
            break
        await asyncio.sleep(0)
    post_keys(app, *keys)
    await settle(pilot)
    await settle(pilot)
