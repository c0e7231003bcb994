"""Every plan-editor dialog opens on its first field, and "abc" typed the moment it opens
(before it has even mounted) lands there: in a text or date field as text, in a picker as
type-to-find. At 100x30 and 80x24."""

from __future__ import annotations

import pytest
from helpers import each_case, open_and_type, plan_open

from peer_tui.screens import plan_forms as forms
from peer_tui.screens.plan_schedule_form import ScheduleForm
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.find_select import FindSelect
from textual.widgets import Input

# (how to get there, the key that opens it, the dialog, its first field)
DIALOGS = [
    ("goal", "a", forms.GoalForm, "#domain_key"),
    ("goal", "e", forms.GoalForm, "#domain_key"),
    ("goal", "s", forms.StepForm, "#text"),
    ("step", "e", forms.StepForm, "#text"),
    ("goal", "p", forms.DetailsForm, "#direction"),
    ("goal", "t", forms.SupportForm, "#resource_id"),
    ("support", "e", forms.SupportForm, "#resource_id"),
    ("goal", "v", ScheduleForm, "#preset"),
    ("goal", "r", forms.ReviewForm, "#on"),
    ("goal", "o", forms.SignOffForm, "#on"),
    ("goal", "x", forms.ExportForm, "#for_whom"),  # who it is for comes first
]


async def _select_row(pilot, pane, kind: str) -> None:
    prefix = {"goal": "g:", "step": "s:", "support": "p:"}[kind]
    table = pane.query_one("#plan-table")
    key = next(k for k in pane.rows if k.startswith(prefix))
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
@pytest.mark.actions("ResidentScreen.tab")
async def test_typing_at_once_lands_in_the_first_field(demo_db, size):
    """One walk through the dialogs on one plan tab (``each_case``): each is opened from its
    row, typed into and closed unsaved; the failure names every dialog that failed."""
    async with plan_open(size) as (pilot, pane):
        await each_case(pilot, {f"{d.__name__}-{k} on a {w}": (w, k, d, f)
                                for w, k, d, f in DIALOGS},
                        lambda case: _typing_at_once_lands(pilot, pane, *case))


async def _typing_at_once_lands(pilot, pane, where, key, dialog, first) -> None:
    app = pilot.app
    await _select_row(pilot, pane, where)
    await open_and_type(pilot, key, "a", "b", "c")
    form = app.screen
    assert isinstance(form, dialog)
    field = form.query_one(first)
    assert app.focused is not None and field in (app.focused, *app.focused.ancestors)
    if isinstance(field, FindSelect):
        assert field.search_text == "abc"  # looked for an option starting "abc"
        assert not [i for i in form.query(Input) if "abc" in i.value]
    elif isinstance(field, DateInput):
        assert "abc" in field.text
    else:
        assert "abc" in field.value


@pytest.mark.actions("PlanPane.add_goal", "ResidentScreen.tab")
async def test_the_domain_picker_finds_the_domain_as_you_type(demo_db):
    async with plan_open((80, 24)) as (pilot, _):
        app = pilot.app
        await open_and_type(pilot, "a", *"fam")
        form = app.screen
        assert form.query_one("#domain_key").value == "family"
        # Enter after the letters takes the option found and moves on to the goal's words.
        await pilot.press("enter", *"Call my daughter weekly")
        assert form.query_one("#domain_key").value == "family"
        assert form.query_one("#own_words").value == "Call my daughter weekly"
        await pilot.press("shift+tab", *"emp", "tab")  # letters, then Tab, work too
        assert form.query_one("#domain_key").value == "employment"
        assert app.focused is form.query_one("#own_words")
        await pilot.press("shift+tab", "enter")  # no letters: Enter opens the list
        assert form.query_one("#domain_key").expanded
