"""The staff app started by the command line: its sign-in is drawn before the database is
opened in its process, and the database is opened before a sign-in needs it."""

from __future__ import annotations

from helpers import sign_in

from peer_tui.app import PeerTuiApp
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
