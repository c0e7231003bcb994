"""The staff app started by the command line: its sign-in is drawn before the database is
opened in its process, and the database is opened before a sign-in needs it."""

from __future__ import annotations

import pytest
from helpers import make_app, sign_in, signed_in

from peer_tui.app import PeerTuiApp
from peer_tui.bench.probe import send_key
from peer_tui.models.db import close_database, database
from peer_tui.screens.signin import SignInScreen
from peer_tui.screens.warm_up import WarmUp
from peer_tui.staff_start import Opening


async def test_the_pins_enter_opens_the_database_when_it_comes_first(demo_db, monkeypatch):
    path = database.obj.database
    close_database()
    database.initialize(None)  # this process has not opened it: the checks ran in a child
    monkeypatch.setattr(WarmUp, "start", lambda self: None)  # nothing opened ahead
    opening = Opening(path)
    app = PeerTuiApp(opening=opening, house_name="Harbor House", is_demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen) and app.settings is None
        await sign_in(pilot, "casey", "2468")
        assert app.actor is not None and app.actor.username == "casey"
        assert opening.settings is app.settings is not None and not opening.problem


async def test_a_database_that_cannot_be_opened_after_the_sign_in_ends_the_app(tmp_path):
    """The checks before the start passed, then the file changed: the app ends with exit
    code 1 (the command line says the problem in one line once the terminal is back)."""
    garbage = tmp_path / "house.db"
    garbage.write_bytes(b"not a database at all " * 100)
    opening = Opening(str(garbage))
    app = PeerTuiApp(opening=opening)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(500):  # a guard against a run that never ends, not a time
            if app.return_code is not None:
                break
            await pilot.pause(0.01)
    assert app.return_code == 1
    assert "not a peer-tui database" in opening.problem and app.settings is None


TYPED_AT_ONCE = [("a", "a"), ("d", "d"), ("m", "m"), ("i", "i"), ("n", "n"), ("tab", "\t"),
                 ("2", "2"), ("4", "4"), ("6", "6"), ("8", "8")]


@pytest.mark.parametrize("when, enter", [
    # Typed before the sign-in has opened, the Enter turned into a newline by the terminal
    # (typed in the first moments of the process, before the app held the terminal).
    ("while it opens", ("ctrl+j", "\n")),
    # Typed once it is open, all in one read of the terminal.
    ("once open", ("enter", "\r")),
])
async def test_the_sign_in_typed_at_once_signs_in(demo_db, when, enter):
    """The username, Tab, the PIN and Enter, delivered together as the terminal driver
    delivers one read: the PIN goes into the PIN field, not on the end of the username."""
    app = make_app()
    keys = [*TYPED_AT_ONCE, enter]
    if when == "while it opens":
        pushed = app.push_screen

        def push_screen(screen, *args, **kwargs):  # the sign-in, from the app's on_mount
            done = pushed(screen, *args, **kwargs)
            assert not screen.is_mounted
            for key, char in keys:
                send_key(app, key, char)
            return done

        app.push_screen = push_screen
    async with app.run_test(size=(100, 30)) as pilot:
        if when == "once open":
            await pilot.pause()
            assert app.screen.focused.id == "username"
            for key, char in keys:
                send_key(app, key, char)
        for _ in range(500):  # a guard against a sign-in that never comes, not a time
            if app.actor is not None:
                break
            await pilot.pause(0.01)
        assert app.actor is not None and app.actor.username == "admin", (
            app.screen.query_one("#username").value)


async def test_a_header_taken_down_before_it_is_filled_says_nothing(demo_db):
    """Quitting right as the caseload opens (the sign-in's Enter, then Ctrl+Q at once) can
    take the screen down between the header's children and its own mount: the header then
    has nothing to fill, and must not fail the app's ending with a traceback."""
    from peer_tui.screens.widgets.staff_header import StaffHeader

    async with signed_in("casey") as pilot:
        header = pilot.app.screen.query_one(StaffHeader)
        await header.remove_children()
        header.refresh_text()
        pilot.app.urgent_open = 3  # the header watches it
        await pilot.pause()
        assert pilot.app.is_running
