"""Pilot: the audit log screen (administrators only), its filters, paging and chain status."""

from __future__ import annotations

import pytest

import sqlite3
from datetime import datetime

from helpers import workers_done

from peer_tui.models.audit import AuditLog
from peer_tui.models.db import database


def _many_rows(n: int, at: datetime) -> None:
    with database.atomic():
        AuditLog.insert_many([
            {"at": at, "actor_kind": "staff", "actor_id": 1, "action": "timeline_view",
             "table_name": "resident", "record_id": None, "resident_id": None}
            for _ in range(n)]).execute()


@pytest.mark.actions("AuditLogScreen.back")
async def test_admin_opens_the_audit_log_and_filters_it(demo_db):
    from helpers import signed_in
    from peer_tui.screens.audit_log import AuditLogScreen

    async with signed_in("admin") as pilot:
        app = pilot.app
        assert "Audit log" in [c.title for c in app.get_system_commands(app.screen)]
        app.action_audit_log()
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AuditLogScreen)
        table = screen.query_one("#audit-table")
        assert table.row_count >= 1
        first = [str(c) for c in table.get_row_at(0)]
        assert first[1] == "Alex Rivera" and first[2] == "sign_in"
        # A date that cannot be read: said beside the field, nothing searched, text kept.
        screen.query_one("#audit-from").text = "the 45th of Smarch"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "from date" in str(screen.query_one("#audit-status").render())
        assert screen.query_one("#audit-from").text == "the 45th of Smarch"
        screen.query_one("#audit-from").text = "today"
        screen.query_one("#audit-resident").value = "999999"
        await pilot.press("ctrl+r")
        await workers_done(app)
        await pilot.pause()
        assert table.row_count == 0
        assert "resident=999999" in str(screen.query_one("#audit-status").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, AuditLogScreen)


async def test_the_audit_log_is_not_offered_to_other_roles(demo_db):
    from helpers import signed_in
    from peer_tui.screens.audit_log import AuditLogScreen

    async with signed_in("casey") as pilot:
        app = pilot.app
        assert "Audit log" not in [c.title for c in app.get_system_commands(app.screen)]
        app.action_audit_log()
        await pilot.pause()
        assert not isinstance(app.screen, AuditLogScreen)


async def test_the_audit_screen_fetches_older_pages_as_the_cursor_nears_the_end(db, admin):
    from helpers import signed_in
    from peer_tui.screens.audit_log import AuditLogScreen

    _many_rows(230, datetime(2026, 1, 5, 12, 0))
    async with signed_in("admin") as pilot:
        app = pilot.app
        total = AuditLog.select().count()  # 230 and the admin's own rows
        app.action_audit_log()
        await workers_done(app)
        await pilot.pause()
        await workers_done(app)
        table = app.screen.query_one("#audit-table")
        assert isinstance(app.screen, AuditLogScreen) and table.row_count == 100
        for expected in (200, total):
            table.move_cursor(row=table.row_count - 1)
            await pilot.pause()
            await workers_done(app)
            await pilot.pause()
            assert table.row_count == expected
        ids = [int(key.value) for key in table.rows]
        assert len(set(ids)) == len(ids) == total
        assert "more below" not in str(app.screen.query_one("#audit-status").render())


async def test_the_audit_screen_says_whether_the_chain_is_intact(demo_db):
    from helpers import settle, signed_in
    from peer_tui.screens.audit_log import AuditLogScreen

    async with signed_in("admin", size=(120, 30)) as pilot:
        app = pilot.app
        app.push_screen(AuditLogScreen())
        await settle(pilot)
        line = app.screen.query_one("#audit-chain")
        assert "Audit chain: intact" in str(line.render())
        assert line.has_class("-intact")
        app.pop_screen()
        # Someone with the file and the sqlite3 shell, behind the program's back:
        conn = sqlite3.connect(database.obj.database)
        conn.executescript("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
                           "DELETE FROM audit_log WHERE id = 1;")
        conn.close()
        app.push_screen(AuditLogScreen())
        await settle(pilot)
        line = app.screen.query_one("#audit-chain")
        assert "BROKEN" in str(line.render()) and "#2" in str(line.render())
        assert line.has_class("-broken")


@pytest.mark.actions("AuditLogScreen.apply")
async def test_enter_in_the_resident_field_searches_and_a_reversed_range_is_said_under_to(
        demo_db):
    """A resident signing in at the kiosk shows as that resident; Enter in the resident field
    searches as Ctrl+R does; an end date before the start is said under the end date."""
    from helpers import settle, signed_in
    from peer_tui.screens.audit_log import AuditLogScreen
    from peer_tui.services.kiosk_auth import resident_sign_in

    resident_id = resident_sign_in("1001", "1357").resident.id
    async with signed_in("admin") as pilot:
        app = pilot.app
        app.action_audit_log()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditLogScreen)
        table = screen.query_one("#audit-table")
        status = screen.query_one("#audit-status")
        screen.query_one("#audit-resident").focus()
        await pilot.press(*str(resident_id), "enter")
        await settle(pilot)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[1:3] for row in rows if row[2] == "kiosk_sign_in"] == [
            [f"resident #{resident_id}", "kiosk_sign_in"]]
        assert f"resident={resident_id}" in str(status.render())
        screen.query_one("#audit-from").text = "today"
        screen.query_one("#audit-to").text = "yesterday"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert str(status.render()) == "The end date is before the start date."
        assert str(screen.query_one("#audit-to")._feedback.render()) == (
            "The end date is before the start date.")
        assert table.row_count == len(rows)   # the rows of the last search stay
