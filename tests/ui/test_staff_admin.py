"""Staff admin: reactivate, deactivate, a new PIN and a role change from the keys (a locked
account says until when); refusals come when the key is pressed, not at save; the services
refuse the same."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from helpers import each_raises, held, make_app, open_and_type, settle, sign_in

from peer_tui.models.audit import AuditLog
from peer_tui.screens.staff_admin import StaffAdminScreen, StaffFormScreen
from peer_tui.services import auth
from peer_tui.services.errors import InvalidInput, PermissionDenied


@pytest.mark.both_backends
def test_reactivate_and_change_role_are_audited(admin):
    auth.create_staff("pat", "Pat O", "peer_specialist", "2468")
    auth.deactivate_staff("pat", by=admin)
    assert auth.sign_in("pat", "2468").actor is None
    with pytest.raises(InvalidInput, match="already active"):
        auth.reactivate_staff("admin", by=admin)
    auth.reactivate_staff("pat", by=admin)
    assert auth.sign_in("pat", "2468").actor.role == "peer_specialist"
    assert auth.change_role("pat", "case_manager", by=admin).role == "case_manager"
    assert auth.sign_in("pat", "2468").actor.role == "case_manager"
    actions = {a for (a,) in AuditLog.select(AuditLog.action).tuples()}
    assert {"staff_reactivate", "staff_role"} <= actions


@pytest.mark.both_backends
def test_role_changes_that_would_lock_the_house_out_are_refused(admin):
    with pytest.raises(InvalidInput, match="your own role"):
        auth.change_role("admin", "front_desk", by=admin)
    with pytest.raises(InvalidInput, match="last active administrator"):
        auth.change_role("admin", "front_desk")  # the command line, no actor
    with pytest.raises(InvalidInput, match="Choose one of"):
        auth.change_role("admin", "boss", by=admin)


@pytest.mark.both_backends
@pytest.mark.parametrize("role", ["case_manager", "peer_specialist", "front_desk"])
def test_only_administrators_reactivate_or_change_roles(admin, role):
    auth.create_staff("someone", "Some One", role, "2468")
    actor = auth.sign_in("someone", "2468").actor
    auth.create_staff("other", "Other", "peer_specialist", "2468")
    auth.deactivate_staff("other", by=admin)
    each_raises(PermissionDenied, [
        lambda: auth.reactivate_staff("other", by=actor),
        lambda: auth.change_role("other", "admin", by=actor),
    ], match="administrator")


@asynccontextmanager
async def staff_accounts():
    """The staff app at 80x24 with the administrator on the staff accounts; yields the
    pilot."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "admin")
        await settle(pilot)
        pilot.app.action_staff_admin()
        await settle(pilot)
        assert isinstance(pilot.app.screen, StaffAdminScreen)
        yield pilot


async def _deactivated_sam(pilot) -> None:
    """Deactivate sam outside the screen, read the accounts again and highlight sam."""
    auth.deactivate_staff("sam", by=pilot.app.actor)
    pilot.app.screen.reload()
    await settle(pilot)
    await _highlight(pilot, "sam")


async def _saved_with_its_defaults(pilot, key: str) -> None:
    """KEY opens the account dialog; Ctrl+S saves what it offers and goes back to the list."""
    await pilot.press(key)
    assert isinstance(pilot.app.screen, StaffFormScreen)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StaffAdminScreen)


async def _highlight(pilot, username: str) -> None:
    table = pilot.app.screen.query_one("#staff-table")
    table.move_cursor(row=table.get_row_index(username))
    await pilot.pause()


async def _refused(pilot, key: str, words: str) -> None:
    app = pilot.app
    screen = app.screen
    app.clear_notifications()
    await pilot.press(key)
    await settle(pilot)
    assert app.screen is screen
    assert any(words in n.message for n in app._notifications), words


@pytest.mark.actions(
    "StaffAdminScreen.change_role",
    "StaffAdminScreen.deactivate",
    "StaffAdminScreen.reactivate")
async def test_refusals_come_when_the_key_is_pressed(demo_db):
    async with staff_accounts() as pilot:
        await _highlight(pilot, "admin")
        await _refused(pilot, "x", "cannot deactivate your own account")
        await _refused(pilot, "c", "cannot change your own role")
        await _refused(pilot, "v", "admin is already active")
        await _deactivated_sam(pilot)
        await _refused(pilot, "x", "sam is already inactive: v reactivates it")


@pytest.mark.actions(
    "StaffAdminScreen.change_role",
    "StaffAdminScreen.reactivate",
    "StaffFormScreen.save")
async def test_reactivate_then_change_role_from_the_keys(demo_db):
    async with staff_accounts() as pilot:
        app = pilot.app
        await _deactivated_sam(pilot)
        await _saved_with_its_defaults(pilot, "v")
        assert auth.sign_in("sam", "2468").actor is not None
        await _highlight(pilot, "sam")
        await open_and_type(pilot, "c", "c")  # the first letter picks Case manager
        assert app.screen.query_one("#role").pressed_button.name == "case_manager"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StaffAdminScreen)
        assert auth.sign_in("sam", "2468").actor.role == "case_manager"
        table = app.screen.query_one("#staff-table")
        assert "Case manager" in str(table.get_row("sam")[2])


@pytest.mark.actions(
    "StaffAdminScreen.deactivate",
    "StaffAdminScreen.reset_pin",
    "StaffFormScreen.save")
async def test_deactivate_and_a_new_pin_for_a_locked_account_from_the_keys(demo_db):
    async with staff_accounts() as pilot:
        app = pilot.app
        table = app.screen.query_one("#staff-table")
        await _highlight(pilot, "sam")
        await _saved_with_its_defaults(pilot, "x")
        assert [n.message for n in app._notifications][-1] == "Saved: sam deactivated."
        assert str(table.get_row("sam")[3]) == "inactive"
        assert auth.sign_in("sam", "2468").actor is None
        for _ in range(5):
            auth.sign_in("pat", "0000")
        app.screen.reload()
        await settle(pilot)
        assert str(table.get_row("pat")[3]).startswith("locked until ")
        await _highlight(pilot, "pat")
        await pilot.press("p")
        assert isinstance(app.screen, StaffFormScreen) and app.focused.id == "pin"
        await pilot.press(*"8642", "tab", *"8642", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StaffAdminScreen)
        assert [n.message for n in app._notifications][-1] == "Saved: new PIN for pat."
        assert str(table.get_row("pat")[3]) == "active"
    assert auth.sign_in("pat", "8642").actor.username == "pat"


@pytest.mark.actions("StaffAdminScreen.reactivate", "StaffFormScreen.save")
async def test_ctrl_s_again_while_the_account_saves_saves_nothing_more(demo_db, monkeypatch):
    """The account dialog runs its service itself (who does it goes last), not through the
    forms' shared save; Ctrl+S pressed again while it runs still does nothing."""
    calls, release = held(monkeypatch, auth, "reactivate_staff")
    async with staff_accounts() as pilot:
        await _deactivated_sam(pilot)
        await pilot.press("v")
        assert isinstance(pilot.app.screen, StaffFormScreen)
        await pilot.press("ctrl+s", "ctrl+s", "ctrl+s")
        release.set()
        await settle(pilot)
        assert len(calls) == 1
        assert isinstance(pilot.app.screen, StaffAdminScreen)
