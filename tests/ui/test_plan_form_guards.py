"""The plan editor's dated dialogs refuse a date they cannot read (the dialog stays, with
what was typed, and nothing is saved), and Esc asks once before it throws away typing."""

from __future__ import annotations

import pytest
from helpers import each_case, open_and_type, plan_open, settle
from textual.widgets import Input, Static

from peer_tui.screens import plan_forms as forms
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.services import auth, recovery_plan

# (the key on a goal row, the dialog, its date field, a text field to type into or None);
# the test's actions mark names the action each key runs and each dialog's save.
DATED = [
    ("s", forms.StepForm, "#due_date", "#text"),
    ("r", forms.ReviewForm, "#on", "#note"),
    ("o", forms.SignOffForm, "#on", None),
]
# (the key on a goal row, the dialog, a text field to type into)
TYPED = [("s", forms.StepForm, "#text"), ("r", forms.ReviewForm, "#note"),
         ("p", forms.DetailsForm, "#strengths")]


def shown_text(form) -> str:
    return " ".join(str(s.render()) for s in form.query(Static) if s.display)


def plan_now(resident_id: int):
    return recovery_plan.get_plan(auth.actor_for("casey"), resident_id)


async def on_a_goal(pilot, pane, key: str):
    """Put the plan's cursor on a goal and press KEY there (a dialog opens)."""
    table = pane.query_one("#plan-table")
    goal = next(k for k in pane.rows if k.startswith("g:"))
    table.move_cursor(row=table.get_row_index(goal))
    await settle(pilot)
    await open_and_type(pilot, key)


@pytest.mark.actions("PlanPane.add_step", "PlanPane.review", "PlanPane.sign_off",
                     "StepForm.save", "ReviewForm.save", "SignOffForm.save")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_an_unreadable_date_keeps_the_dialog_and_saves_nothing(demo_db, size):
    """Every dated dialog, one walk on one plan tab (``each_case``)."""
    async with plan_open(size) as (pilot, pane):
        await each_case(pilot, {dialog.__name__: (key, dialog, date_field, text_field)
                                for key, dialog, date_field, text_field in DATED},
                        lambda case: _unreadable_date_kept(pilot, pane, *case))


async def _unreadable_date_kept(pilot, pane, key, dialog, date_field, text_field) -> None:
    app = pilot.app
    await on_a_goal(pilot, pane, key)
    form = app.screen
    assert isinstance(form, dialog)
    before = plan_now(pane.resident_id)
    if text_field:
        form.query_one(text_field, Input).value = "Call the clinic [b]today[/b]"
    box = form.query_one(date_field, DateInput)
    box.query_one(Input).value = "31 Febtember"
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert app.screen is form
    assert form.query_one(date_field, DateInput).query_one(Input).value == "31 Febtember"
    if text_field:
        assert form.query_one(text_field, Input).value == "Call the clinic [b]today[/b]"
    assert 'Cannot read "31 Febtember" as a date' in shown_text(form)
    assert plan_now(pane.resident_id) == before


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_esc_with_typing_asks_once_then_discards(demo_db, size):
    """Every dialog with words to type, one walk on one plan tab (``each_case``)."""
    async with plan_open(size) as (pilot, pane):
        await each_case(pilot, {dialog.__name__: (key, dialog, text_field)
                                for key, dialog, text_field in TYPED},
                        lambda case: _esc_asks_once(pilot, pane, *case))


async def _esc_asks_once(pilot, pane, key, dialog, text_field) -> None:
    app = pilot.app
    await on_a_goal(pilot, pane, key)
    form = app.screen
    assert isinstance(form, dialog)
    field = form.query_one(text_field)
    field.focus()
    await pilot.press(*"new words")
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is form  # asked first
    assert "Press Esc again" in shown_text(form)
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is not form
