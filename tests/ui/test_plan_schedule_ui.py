"""The review schedule dialog (v on the plan tab) opens on the plan's own rule, so Ctrl+S
without a change keeps it exactly; it shows only the fields the chosen frequency uses; a
rule no preset makes is offered as "keep" and survives a save untouched."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date

import pytest
from helpers import each_case, plan_open, settle

from peer_tui.models.plans import RecoveryPlan
from peer_tui.screens.plan_schedule_form import ScheduleForm
from peer_tui.services.review_dates import (Schedule, describe_rule, rule_for, schedule_of)

START = date(2026, 9, 7)

PRESET_RULES = [
    ("weekly", 0, 1, "FREQ=WEEKLY;BYDAY=MO"),
    ("weekly", 3, 1, "FREQ=WEEKLY;BYDAY=TH"),
    ("fortnightly", 4, 1, "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
    ("fortnightly", 6, 1, "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"),
    ("monthly_day", 0, 15, "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("monthly_day", 0, 28, "FREQ=MONTHLY;BYMONTHDAY=28"),
    ("none", 0, 1, ""),
]
CUSTOM_RULES = [
    ("FREQ=MONTHLY;BYDAY=1MO", "every month on the first Monday"),
    ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH", "every 3 weeks on Monday, Thursday"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Friday"),
    ("FREQ=MONTHLY;BYMONTHDAY=31", "every month on day 31"),
]


@pytest.mark.parametrize("preset,weekday,day,rule", PRESET_RULES)
def test_every_preset_reads_back_from_its_rule(preset, weekday, day, rule):
    assert rule_for(preset, weekday, day) == rule
    assert schedule_of(rule) == Schedule(preset, weekday, day)


@pytest.mark.parametrize("rule,words", CUSTOM_RULES)
def test_other_rules_are_custom_and_described_in_words(rule, words):
    assert schedule_of(rule) is None
    assert describe_rule(rule) == words


def test_an_unreadable_rule_is_shown_as_it_is():
    assert describe_rule("FREQ=YEARLY;BYMONTH=3") == "custom rule FREQ=YEARLY;BYMONTH=3"


@asynccontextmanager
async def schedule_open(rule: str, size=(100, 30)):
    """The plan tab (``plan_open``) with the plan's review RULE (from START, when there is
    one) and its schedule dialog opened by v; yields the pilot, the pane, the plan as it was
    before the dialog, and the dialog."""
    async with plan_open(size) as (pilot, pane):
        yield pilot, pane, *await _schedule_opened(pilot, pane, rule)


async def _schedule_opened(pilot, pane, rule: str):
    """Give the plan on PANE the review RULE (from START, when there is one), have the tab
    read it again and open the schedule dialog with v: the plan as it was before the dialog,
    and the dialog."""
    start = START if rule else None
    RecoveryPlan.update(review_rule=rule, review_start=start).where(
        RecoveryPlan.resident == pane.resident_id).execute()
    pane.load()
    await settle(pilot)
    before = pane.plan
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ScheduleForm)
    return before, pilot.app.screen


def _shown(form) -> set[str]:
    return {name for name in ("weekday", "day_of_month", "start")
            if form.query_one(f"#{name}").parent.display}


ROUND_TRIP_RULES = [r for *_, r in PRESET_RULES] + [r for r, _ in CUSTOM_RULES]


@pytest.mark.actions("PlanPane.schedule", "ResidentScreen.tab", "ScheduleForm.save")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_opening_and_saving_keeps_every_rule(demo_db, size):
    """Round trip: v then Ctrl+S changes nothing, for every preset and for custom rules. One
    walk through the rules on one plan tab (``each_case``): each rule is written to the
    plan, read by the tab and opened afresh; the failure names every rule that failed."""
    async with plan_open(size) as (pilot, pane):
        await each_case(pilot, {rule or "no rule": rule for rule in ROUND_TRIP_RULES},
                        lambda rule: _opening_and_saving_keeps(pilot, pane, rule))


async def _opening_and_saving_keeps(pilot, pane, rule: str) -> None:
    before, form = await _schedule_opened(pilot, pane, rule)
    schedule = schedule_of(rule)
    assert form.query_one("#preset").value == (schedule.preset if schedule else "keep")
    if schedule is not None and schedule.preset in ("weekly", "fortnightly"):
        assert form.query_one("#weekday").value == schedule.weekday
        assert _shown(form) == {"weekday", "start"}
    elif schedule is not None and schedule.preset == "monthly_day":
        assert form.query_one("#day_of_month").value == str(schedule.day_of_month)
        assert _shown(form) == {"day_of_month", "start"}
    elif schedule is not None:
        assert _shown(form) == set()
    else:
        assert _shown(form) == {"start"}
    if rule:
        assert form.query_one("#start").value == START
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is not form
    plan = RecoveryPlan.get(RecoveryPlan.resident == pane.resident_id)
    assert (plan.review_rule, plan.review_start) == (rule, START if rule else None)
    assert plan.revision_number == before.revision_number


@pytest.mark.actions("PlanPane.schedule", "ResidentScreen.tab", "ScheduleForm.save")
async def test_changing_the_frequency_shows_its_fields_and_saves_them(demo_db):
    async with schedule_open("FREQ=MONTHLY;BYMONTHDAY=15") as (pilot, pane, _, form):
        form.query_one("#preset").value = "weekly"
        await pilot.pause()
        assert _shown(form) == {"weekday", "start"}
        form.query_one("#weekday").value = 2
        await pilot.pause()
        assert "Next reviews: " in str(form.query_one("#preview").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pane.plan.review_rule == "FREQ=WEEKLY;BYDAY=WE"
        assert pane.plan.review_start == START


@pytest.mark.actions("PlanPane.schedule", "ResidentScreen.tab", "ScheduleForm.save")
async def test_a_custom_rule_keeps_its_rule_when_only_the_start_moves(demo_db):
    async with schedule_open("FREQ=MONTHLY;BYDAY=1MO") as (pilot, pane, _, form):
        form.query_one("#start").text = "2026-10-01"
        await pilot.press("ctrl+s")  # a start in the past is asked about once
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is not form
        assert pane.plan.review_rule == "FREQ=MONTHLY;BYDAY=1MO"
        assert pane.plan.review_start == date(2026, 10, 1)
        assert pane.plan.next_review_date.weekday() == 0  # a Monday, the first of its month
        assert pane.plan.next_review_date.day <= 7


@pytest.mark.actions("PlanPane.schedule", "ResidentScreen.tab", "ScheduleForm.save")
async def test_a_day_left_in_a_hidden_field_does_not_block_a_save(demo_db):
    async with schedule_open("FREQ=MONTHLY;BYMONTHDAY=15", (80, 24)) as (pilot, pane, _, form):
        form.query_one("#day_of_month").value = "31"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form  # refused beside the field, nothing lost
        assert form.query_one("#day_of_month").value == "31"
        assert form.query_one("#err-day_of_month").display
        form.query_one("#preset").value = "fortnightly"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is not form
        assert pane.plan.review_rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
