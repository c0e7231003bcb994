"""The staff app shell: sign-in, lockout, idle lock, help, first run."""

from __future__ import annotations

import pytest

import io

from helpers import make_app, settle, sign_in, signed_in, submit_sign_in, workers_done
from rich.console import Console
from textual.widgets import Static

from peer_tui.screens.help import HelpScreen, binding_rows
from peer_tui.screens.lock import LockScreen
from peer_tui.screens.signin import SignInScreen
from peer_tui.settings import Settings


async def test_sign_in_success_shows_home_with_staff_in_header(demo_db):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, SignInScreen)
        await sign_in(pilot, "casey", "2468")
        assert app.actor.username == "casey"
        assert not isinstance(app.screen, SignInScreen)
        header = str(app.screen.query_one("#header-user").render())
        assert "Casey Nguyen" in header


async def test_start_up_freezes_its_objects_once_the_sign_in_is_drawn(demo_db, monkeypatch):
    import gc

    from peer_tui import heap

    frozen = []
    monkeypatch.setattr(heap, "_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(type(app.screen).__name__))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert frozen == ["SignInScreen"]


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_sign_in_by_keys_enter_goes_on_to_the_pin_and_says_what_is_missing(demo_db,
                                                                                 size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.focused.id == "username"
        await pilot.press("enter")
        assert app.focused.id == "pin"
        await pilot.press("enter")
        await settle(pilot)
        message = app.screen.query_one("#signin-message")
        assert (str(message.render()), app.focused.id) == ("Type your username.", "username")
        await pilot.press(*"casey", "enter", "enter")
        await settle(pilot)
        assert (str(message.render()), app.focused.id) == ("Type your PIN.", "pin")
        assert isinstance(app.screen, SignInScreen) and app.actor is None
        await pilot.press(*"2468", "enter")
        await settle(pilot)
        assert app.actor.username == "casey" and not isinstance(app.screen, SignInScreen)


async def test_wrong_pin_says_so_and_keeps_the_username(demo_db):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "casey", "1111")
        assert isinstance(app.screen, SignInScreen) and app.actor is None
        message = str(app.screen.query_one("#signin-message").render())
        assert "not right" in message and "4 attempts left" in message
        assert app.screen.query_one("#username").value == "casey"
        assert app.screen.query_one("#pin").value == ""


async def test_five_wrong_pins_lock_the_account(demo_db):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(5):
            await sign_in(pilot, "pat", "0000")
        message = str(app.screen.query_one("#signin-message").render())
        assert "locked for 5 minutes" in message
        await sign_in(pilot, "pat", "2468")
        assert app.actor is None
        assert "locked" in str(app.screen.query_one("#signin-message").render())


@pytest.mark.actions("PeerTuiApp.lock")
async def test_idle_lock_keeps_the_screen_underneath_and_unlocks(demo_db):
    async with signed_in("sam", settings=Settings(idle_lock_minutes=1)) as pilot:
        app = pilot.app
        home = app.screen
        app.last_activity -= 61  # idle for longer than the setting
        app._check_idle()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert app.screen_stack[-2] is home  # nothing underneath was closed
        form_pin = app.screen.query_one("#pin")
        assert app.screen.query_one("#username").value == "sam"
        form_pin.value = "2468"
        form_pin.focus()
        await pilot.press("enter")
        await workers_done(app)
        await pilot.pause()
        assert app.screen is home and app.actor.username == "sam"


@pytest.mark.actions("PeerTuiApp.lock")
async def test_another_person_can_unlock_and_gets_their_own_home(demo_db):
    async with signed_in("sam") as pilot:
        app = pilot.app
        app.action_lock()
        await pilot.pause()
        await submit_sign_in(pilot, "#username", "pat", "2468")
        assert app.actor.username == "pat"
        assert not isinstance(app.screen, LockScreen)


@pytest.mark.actions("PeerTuiApp.help")
async def test_help_lists_the_keys_of_the_screen(demo_db):
    async with signed_in("admin") as pilot:
        app = pilot.app
        home = app.screen
        own, everywhere, _ = binding_rows(home)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        for static in app.screen.query(Static):
            console.print(static.content)
        shown = [" ".join(line.split()) for line in console.export_text().splitlines()]
        assert shown[0] == "Keys on Caseload"
        for key, words in own + everywhere:  # every key of the screen, with its words
            assert " ".join(f"{key} {words}".split()) in shown, (key, words)
        await pilot.press("escape")
        assert app.screen is home


async def test_sign_out_returns_to_sign_in(demo_db):
    async with signed_in("admin") as pilot:
        app = pilot.app
        app.action_sign_out()
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen) and app.actor is None


async def test_first_run_creates_the_first_admin(db):
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#admin-username").value = "jo"
        screen.query_one("#admin-name").value = "[b]Jo[/b]"
        screen.query_one("#admin-pin").value = "2468"
        screen.query_one("#admin-pin2").value = "2468"
        screen.create_admin()
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)
        await sign_in(pilot, "jo", "2468")
        assert app.actor.display_name == "[b]Jo[/b]"


async def test_first_run_can_load_the_demo(db):
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        app.screen.load_demo()
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen) and app.is_demo
        assert app.house_name == "Harbor House"


@pytest.mark.parametrize("size", [(100, 34), (80, 24)])
async def test_first_run_by_keys_says_what_is_wrong_and_keeps_what_was_typed(db, size):
    from peer_tui.models.people import Staff

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        message = screen.query_one("#first-message")
        await pilot.press("tab", *"jo", "enter", *"Jo Admin", "enter", *"2468", "enter",
                          *"1357", "enter")  # Enter moves on; on the last PIN it creates
        await settle(pilot)
        assert "not the same" in str(message.render())
        assert app.screen is screen and not Staff.select().exists()
        assert screen.query_one("#admin-name").value == "Jo Admin"
        screen.query_one("#admin-pin").focus()
        await pilot.press(*["backspace"] * 4, *"24", "enter",  # a PIN of two digits, twice
                          *["backspace"] * 4, *"24", "enter")
        await settle(pilot)
        shown = str(message.render())
        assert "4 to 8 digits" in shown  # the service's own reason
        assert app.screen is screen and not Staff.select().exists()
        assert screen.query_one("#admin-username").value == "jo"
        screen.query_one("#admin-pin").focus()
        await pilot.press(*["backspace"] * 2, *"2468", "enter", *["backspace"] * 2, *"2468",
                          "enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert Staff.get().username == "jo"


async def test_an_unexpected_error_in_a_service_is_said_and_the_app_stays_up(demo_db,
                                                                            monkeypatch):
    from peer_tui.services import caseload_query

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(caseload_query, "resident_card", broken)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "casey")
        await settle(pilot)
        await pilot.press("enter")  # open a resident: the card fails to load
        await settle(pilot)
        said = [(n.title, n.message) for n in app._notifications]
        assert ("Not done", "Something went wrong: RuntimeError: disk on fire") in said
        assert app.is_running
        await pilot.press("escape")  # and the keys still work
        await settle(pilot)
        from peer_tui.screens.caseload import CaseloadScreen

        assert isinstance(app.screen, CaseloadScreen)
