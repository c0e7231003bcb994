"""A list screen shows what is there now when it comes back into view: a change made while a
screen stood above it (another desk, a dialog) is in its rows once that screen closes."""

from __future__ import annotations

from helpers import press_settled, run_from_palette, settle, signed_in

from peer_tui.screens.staff_admin import StaffAdminScreen
from peer_tui.screens.training import TrainingScreen
from peer_tui.services import auth
from peer_tui.services import training as tr


def names_in(screen, table_id: str) -> list[str]:
    table = screen.query_one(table_id)
    return [str(table.get_row_at(i)[1 if table_id == "#staff-table" else 0])
            for i in range(table.row_count)]


async def test_staff_accounts_read_again_when_shown_again(demo_db):
    async with signed_in("admin") as pilot:
        app = pilot.app
        await run_from_palette(pilot, "Staff accounts")
        screen = app.screen
        assert isinstance(screen, StaffAdminScreen)
        assert "Robin Added" not in names_in(screen, "#staff-table")
        auth.create_staff("robin", "Robin Added", "peer_specialist", "2468")
        await press_settled(pilot, "question_mark", "escape")
        assert app.screen is screen
        assert "Robin Added" in names_in(screen, "#staff-table")


async def test_training_roster_read_again_when_shown_again(demo_db):
    async with signed_in("admin", "T") as pilot:
        app = pilot.app
        screen = app.screen
        assert isinstance(screen, TrainingScreen)
        tr.create_trainee(app.actor, {"name": "Quinn Newcomer"})
        await press_settled(pilot, "question_mark", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert "Quinn Newcomer" in names_in(screen, "#training-table")
