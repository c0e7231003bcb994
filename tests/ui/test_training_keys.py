"""Pilot: the training keys the bigger scenarios do not press: back from each screen, reload,
a check from the roster, the transcript written to a file, and a renewal opened."""

from __future__ import annotations

import pytest

from helpers import press_opens, settle, training_open

from peer_tui.models.audit import AuditLog
from peer_tui.models.training import Trainee
from peer_tui.screens.caseload import CaseloadScreen
from peer_tui.screens.training import TrainingScreen
from peer_tui.screens.training_after_forms import TrainingExportForm
from peer_tui.screens.training_course import TrainingAttentionScreen
from peer_tui.screens.training_forms import CheckForm
from peer_tui.screens.training_trainee import TraineeScreen

SIZE = (100, 30)


def roster_names(screen: TrainingScreen) -> list[str]:
    table = screen.query_one("#training-table")
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


@pytest.mark.actions("TrainingScreen.reload", "TrainingScreen.back")
async def test_r_shows_a_trainee_added_elsewhere_and_esc_goes_back(demo_db):
    async with training_open(size=SIZE) as (pilot, roster):
        app = pilot.app
        before = roster_names(roster)
        other = Trainee.select().where(Trainee.cohort.is_null(False)).first()
        # Another desk adds someone; this roster only learns of it on r.
        Trainee.create(name="Zara Quill", cohort=other.cohort)
        await pilot.press("r")
        await settle(pilot)
        names = roster_names(roster)
        assert "Zara Quill" in names and len(names) == len(before) + 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)


@pytest.mark.actions("TrainingScreen.check")
async def test_c_on_the_roster_checks_the_highlighted_trainee(demo_db):
    async with training_open("casey", SIZE) as (pilot, roster):
        app = pilot.app
        table = roster.query_one("#training-table")
        chris = Trainee.get(Trainee.name == "Chris Walker")
        table.move_cursor(row=table.get_row_index(str(chris.id)))
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CheckForm) and form.trainee_id == chris.id
        assert app.focused is form.query_one("#topic_key")


@pytest.mark.actions("TraineeScreen.transcript", "TrainingExportForm.save",
                     "TraineeScreen.back")
async def test_p_writes_the_transcript_and_esc_goes_back_to_the_roster(demo_db, tmp_path):
    target = tmp_path / "transcript.txt"
    async with training_open("casey", SIZE) as (pilot, roster):
        app = pilot.app
        table = roster.query_one("#training-table")
        chris = Trainee.get(Trainee.name == "Chris Walker")
        table.move_cursor(row=table.get_row_index(str(chris.id)))
        view = await press_opens(pilot, "enter", TraineeScreen)
        form = await press_opens(pilot, "p", TrainingExportForm, "#fmt")
        form.query_one("#fmt").value = "txt"
        form.query_one("#path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is view
        assert "Chris Walker" in target.read_text("utf-8")
        assert AuditLog.select().where(AuditLog.action == "training_transcript_export",
                                       AuditLog.record_id == chris.id).exists()
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is roster


@pytest.mark.actions("TrainingAttentionScreen.open", "TrainingAttentionScreen.back")
async def test_enter_on_a_renewal_opens_that_person_and_esc_comes_back(demo_db):
    async with training_open(size=SIZE) as (pilot, _):
        app = pilot.app
        renewals = await press_opens(pilot, "n", TrainingAttentionScreen)
        table = renewals.query_one("#attention-table")
        first = str(table.get_row_at(0)[0])
        view = await press_opens(pilot, "enter", TraineeScreen)
        assert Trainee.get_by_id(view.trainee_id).name.startswith(first.rstrip("\u2026"))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is renewals
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TrainingScreen)
