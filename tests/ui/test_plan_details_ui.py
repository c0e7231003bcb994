"""The plan details dialog (p) at 100x30 and 80x24: every field has its full height (they
used to collapse to bare border lines), Tab reaches each one and scrolls it into view, and
what is typed in each is saved."""

from __future__ import annotations

import pytest
from helpers import plan_open, press_opens, settle

from peer_tui.screens.plan_forms import DETAIL_FIELDS, DetailsForm
from textual.widgets import Select, SelectionList, TextArea

FIELD_IDS = ["direction", "pathways"] + [name for name, _ in DETAIL_FIELDS]


@pytest.mark.actions("DetailsForm.save", "PlanPane.details", "ResidentScreen.tab")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_every_details_field_is_visible_and_editable(demo_db, size):
    async with plan_open(size) as (pilot, pane):
        app = pilot.app
        form = await press_opens(pilot, "p", DetailsForm)
        screen_region = form.region
        for number, field_id in enumerate(FIELD_IDS):
            widget = form.query_one(f"#{field_id}")
            if number:
                await pilot.press("tab")
            await pilot.pause()
            assert form.focused is widget
            # A Select is 3 rows, a list shows its three pathways, a text box two lines.
            minimum = {Select: 3, SelectionList: 5, TextArea: 4}[
                next(t for t in (Select, SelectionList, TextArea) if isinstance(widget, t))]
            # What is drawn of it: clipped by its parents and the screen.
            shown = form.find_widget(widget).visible_region
            assert shown.height >= minimum, field_id
            assert shown == widget.region and screen_region.contains_region(shown), field_id
            if isinstance(widget, TextArea):
                widget.move_cursor(widget.document.end)
                await pilot.press(*" abc")
                assert widget.text.endswith(" abc"), field_id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        for name, _ in DETAIL_FIELDS:
            assert getattr(pane.plan, name).endswith(" abc"), name
