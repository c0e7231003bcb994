"""Lock, quit and the first keystroke: they work from inside any dialog, at typing speed.

Keys are posted in bursts (``open_and_type``), so a key typed before a new screen has
mounted is exercised, as it happens at the desk (and over a slow SSH link).
"""

from __future__ import annotations

import pytest
from helpers import open_and_type, settle, signed_in

from peer_tui.models.audit import AuditLog
from peer_tui.screens.confirm_quit import QuitConfirmScreen
from peer_tui.screens.contact_form import ContactFormScreen
from peer_tui.screens.lock import LockScreen
from peer_tui.settings import Settings


async def exits_after(pilot, *keys: str) -> list[bool]:
    """Press each of KEYS with the app's exit caught, then settle: one True each time the
    app would have exited."""
    exits: list[bool] = []
    pilot.app.exit = lambda *a, **k: exits.append(True)
    for key in keys:
        await pilot.press(key)
    await settle(pilot)
    return exits


@pytest.mark.actions("PeerTuiApp.lock", "ResidentScreen.log_contact")
async def test_ctrl_l_in_a_note_locks_at_once_and_the_pin_never_reaches_the_note(demo_db):
    async with signed_in("admin", "enter") as pilot:
        app = pilot.app
        await open_and_type(pilot, "l", *"Talked about the job fair")
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        await open_and_type(pilot, "ctrl+l", "2", "4", "6", "8", "enter")
        assert app.screen is form  # locked, then unlocked with the PIN
        note = form.query_one("#note").text
        assert note == "Talked about the job fair"
        assert app.focused is form.query_one("#note")


@pytest.mark.actions("PeerTuiApp.lock", "ResidentScreen.log_contact")
async def test_keys_typed_after_ctrl_l_go_to_the_lock_not_the_form(demo_db):
    async with signed_in("admin", "enter") as pilot:
        app = pilot.app
        await open_and_type(pilot, "l", *"note")
        await open_and_type(pilot, "ctrl+l", *"secret")
        assert isinstance(app.screen, LockScreen)
        assert app.screen_stack[-2].query_one("#note").text == "note"


@pytest.mark.actions("PeerTuiApp.lock")
async def test_idle_lock_inside_a_dialog_keeps_the_typing(demo_db):
    async with signed_in("casey", "enter", settings=Settings(idle_lock_minutes=1)) as pilot:
        app = pilot.app
        await open_and_type(pilot, "e", *"x")
        form = app.screen
        typed = form.query_one("#first_name").value
        app.last_activity -= 61
        app._check_idle()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await open_and_type(pilot, "2", *"468")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form and form.query_one("#first_name").value == typed


# (keys before the dialog, the dialog's opening key, its first field, what to type)
DIALOGS = [
    pytest.param([], "l", "#note", "abc", id="caseload-log-contact"),
    pytest.param([], "a", "#first_name", "abc", id="caseload-add-resident"),
    pytest.param(["enter"], "e", "#first_name", "abc", id="resident-edit"),
    pytest.param(["enter"], "d", "#reason", "abc", id="resident-discharge"),
    pytest.param(["enter"], "k", "#code", "123", id="resident-kiosk-code"),
    pytest.param(["enter"], "l", "#note", "abc", id="resident-log-contact"),
    pytest.param(["enter", "3"], "r", "#summary", "abc", id="timeline-raise-concern"),
    pytest.param(["enter", "3"], "j", "#day", "abc", id="timeline-jump"),
]


@pytest.mark.parametrize("before, opener, field, typed", DIALOGS)
async def test_typing_right_after_opening_lands_in_the_first_field(demo_db, before, opener,
                                                                   field, typed):
    async with signed_in("admin") as pilot:
        app = pilot.app
        for key in before:
            await pilot.press(key)
            await settle(pilot)
        start = app.screen
        await open_and_type(pilot, opener, *typed)
        assert app.screen is not start
        widget = app.screen.query_one(field)
        value = getattr(widget, "text", None)
        if value is None or not isinstance(value, str):
            value = widget.value
        assert value.endswith(typed)
        assert app.focused is widget or app.focused in widget.query("*")


@pytest.mark.actions("FormModal.cancel", "StaffAdminScreen.add", "StaffAdminScreen.reset_pin")
async def test_staff_forms_open_on_their_first_field(demo_db):
    async with signed_in("admin") as pilot:
        app = pilot.app
        app.action_staff_admin()
        await settle(pilot)
        await open_and_type(pilot, "a", *"jo")
        assert app.screen.query_one("#username").value == "jo"
        await pilot.press("escape", "escape")
        await open_and_type(pilot, "p", *"13")
        assert app.screen.query_one("#pin").value == "13"


@pytest.mark.actions("PeerTuiApp.quit", "QuitConfirmScreen.answer", "ResidentScreen.log_contact")
async def test_ctrl_q_asks_first_when_a_form_has_unsaved_text(demo_db):
    async with signed_in("admin", "enter") as pilot:
        app = pilot.app
        await open_and_type(pilot, "l", *"half a note")
        form = app.screen
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitConfirmScreen)
        await pilot.press("n")
        assert app.screen is form and form.query_one("#note").text == "half a note"
        assert await exits_after(pilot, "ctrl+q", "ctrl+q") == [True]  # twice: they mean it


@pytest.mark.actions("PeerTuiApp.quit")
async def test_ctrl_q_quits_at_once_without_typing_and_signs_out(demo_db):
    async with signed_in("casey", "enter") as pilot:
        app = pilot.app
        actor = app.actor
        assert await exits_after(pilot, "ctrl+q") == [True]
        assert AuditLog.select().where(AuditLog.actor_id == actor.id,
                                       AuditLog.action == "sign_out").exists()


@pytest.mark.actions("PeerTuiApp.lock", "PeerTuiApp.quit")
async def test_ctrl_q_works_on_the_lock_screen(demo_db):
    async with signed_in("admin", "enter") as pilot:
        app = pilot.app
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, LockScreen)
        assert await exits_after(pilot, "ctrl+q") == [True]
