"""Pilot: what each role reaches in the app (staff administration)."""

from __future__ import annotations

from helpers import workers_done

from peer_tui.services import auth


async def test_admin_manages_staff_from_the_app_and_others_cannot(demo_db):
    from helpers import signed_in
    from peer_tui.screens.staff_admin import StaffAdminScreen, StaffFormScreen

    async with signed_in("admin", size=(80, 24)) as pilot:
        app = pilot.app
        assert "Staff accounts" in [c.title for c in app.get_system_commands(app.screen)]
        app.action_staff_admin()
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, StaffAdminScreen)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, StaffFormScreen)
        form.query_one("#username").value = "zed"
        form.query_one("#display_name").value = "[@click=app.quit]Zed[/]"
        form.query_one("#pin").value = "1357"
        form.query_one("#pin2").value = "1375"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # PINs differ: said under the field, nothing saved
        assert "not the same" in str(form.query_one("#err-pin2").render())
        form.query_one("#pin2").value = "1357"
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, StaffAdminScreen)
        table = app.screen.query_one("#staff-table")
        names = [str(table.get_row(key)[1]) for key in table.rows]
        assert "[@click=app.quit]Zed[/]" in names and app.is_running
    assert auth.sign_in("zed", "1357").actor.role == "peer_specialist"
    async with signed_in("casey", size=(80, 24)) as pilot:
        app = pilot.app
        assert "Staff accounts" not in [c.title for c in app.get_system_commands(app.screen)]
        app.action_staff_admin()
        await pilot.pause()
        assert not isinstance(app.screen, StaffAdminScreen)
