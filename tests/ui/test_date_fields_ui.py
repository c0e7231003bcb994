"""Date fields driven by keys: each reads year-less dates the way it looks, shows which day it
understood, and keeps a date typed the other way only after a warning and a second save."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from helpers import press_opens, settle, signed_in
from textual.app import App, ComposeResult

from peer_tui.dates import describe
from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.screens.contact_form import ContactFormScreen
from peer_tui.screens.event_filter import JumpToDateScreen
from peer_tui.screens.plan_forms import GoalForm
from peer_tui.screens.widgets import date_input
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.plan_pane import PlanPane
from peer_tui.timeutil import local_today


class OneField(App):
    """A bare app holding one date field, to watch the field alone."""

    def __init__(self, value=None, **options) -> None:
        super().__init__()
        self.value, self.options = value, options

    def compose(self) -> ComposeResult:
        self.field = DateInput(self.value, **self.options)
        yield self.field

    def on_mount(self) -> None:
        self.field.focus()


def feedback(field: DateInput) -> str:
    return str(field.query_one(".date-feedback").render())


async def type_into(pilot, text: str) -> None:
    await pilot.press(*(" " if ch == " " else ch for ch in text))


async def test_preview_shows_weekday_distance_and_which_friday():
    async with OneField(prefer="future").run_test() as pilot:
        field = pilot.app.field
        await type_into(pilot, "next friday")
        today = local_today()
        expected = today - timedelta(days=today.weekday()) + timedelta(days=11)
        assert field.value == expected
        assert feedback(field).startswith(f"= Fri {expected.day} {expected:%b %Y}, in ")
        assert "(Friday of next week)" in feedback(field)


class _ThreePm(datetime):
    """The clock of the field under test: today, at 3pm."""

    @classmethod
    def now(cls, tz=None):
        return cls.combine(local_today(), time(15, 0))


async def test_a_time_alone_is_placed_by_the_clock_when_it_was_typed(monkeypatch):
    monkeypatch.setattr(date_input, "datetime", _ThreePm)
    today = local_today()
    async with OneField(prefer="future").run_test() as pilot:
        field = pilot.app.field
        await type_into(pilot, "2pm")
        tomorrow = today + timedelta(days=1)
        assert field.value == tomorrow
        assert feedback(field) == (f"= {describe(tomorrow, today)} (the next 2pm: today's has "
                                   "passed); the time is not kept")
        field.text = ""
        await type_into(pilot, "4pm")
        assert field.value == today
        assert feedback(field) == f"= {describe(today, today)}; the time is not kept"
        field.text = ""
        await type_into(pilot, "at 5")
        assert field.value is None and field.text == "at 5"
        assert 'type "5am" or "5pm"' in feedback(field)
    async with OneField(prefer="past").run_test() as pilot:
        await type_into(pilot, "4pm")
        assert pilot.app.field.value == today - timedelta(days=1)
        assert "in the future" not in feedback(pilot.app.field)


async def test_a_date_typed_on_its_own_day_is_today_looking_back_and_asked_looking_ahead():
    today = local_today()
    async with OneField(prefer="past").run_test() as pilot:
        await type_into(pilot, f"{today:%b} {today.day}")
        assert pilot.app.field.value == today
        assert feedback(pilot.app.field) == f"= {describe(today, today)}"
    async with OneField(prefer="future").run_test() as pilot:
        await type_into(pilot, f"{today:%b} {today.day}")
        field = pilot.app.field
        assert field.value is None and field.text == f"{today:%b} {today.day}"
        assert 'is today: type "today", or add the year' in feedback(field)


async def test_a_refused_date_says_why_and_keeps_the_typing():
    async with OneField(prefer="future").run_test() as pilot:
        field = pilot.app.field
        await type_into(pilot, "8.25")
        assert field.value is None and field.text == "8.25"
        assert "type the year too" in feedback(field)
        assert field.query_one(".date-feedback").has_class("-error")


async def test_a_past_date_in_a_field_that_looks_ahead_is_kept_on_the_second_try():
    async with OneField(prefer="future").run_test() as pilot:
        field = pilot.app.field
        await type_into(pilot, "yesterday")
        assert "in the past" in feedback(field)
        assert field.query_one(".date-feedback").has_class("-warning")
        assert field.direction_confirmed() is False
        assert "Press Ctrl+S again to use it" in feedback(field)
        assert field.text == "yesterday"
        assert field.direction_confirmed() is True
        field.text = ""  # another date asks again
        await type_into(pilot, "2 days ago")
        assert field.direction_confirmed() is False


async def test_a_stored_date_is_not_questioned_until_it_is_changed():
    old = local_today() - timedelta(days=30)
    async with OneField(old, prefer="future").run_test() as pilot:
        field = pilot.app.field
        assert field.value == old and field.direction_confirmed() is True
        assert "in the past" not in feedback(field)
    async with OneField(prefer="future").run_test() as pilot:
        pilot.app.field.load(old)
        await pilot.pause()
        assert pilot.app.field.direction_confirmed() is True


async def test_a_filter_reads_back_without_asking():
    async with OneField(prefer="past", confirm=False).run_test() as pilot:
        field = pilot.app.field
        await type_into(pilot, "tomorrow")
        assert field.direction_confirmed() is True
        assert field.query_one(".date-feedback").has_class("-warning") is False


def _this_or_last_year(month: int, day: int) -> date:
    today = local_today()
    value = date(today.year, month, day)
    return value if value < today else date(today.year - 1, month, day)


async def test_goal_target_in_the_past_needs_a_second_ctrl_s(demo_db):
    async with signed_in("casey", "enter", "2") as pilot:
        app = pilot.app
        pane = app.screen.query_one(PlanPane)
        form = await press_opens(pilot, "a", GoalForm)
        form.query_one("#own_words").focus()  # the form opens on the domain picker
        await type_into(pilot, "Finish the GED")
        form.query_one("#target_date").focus()
        await type_into(pilot, "3 days ago")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        target = form.query_one("#target_date", DateInput)
        assert "is in the past. Press Ctrl+S again" in feedback(target)
        assert target.text == "3 days ago"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        goal = next(g for g in pane.plan.goals if g.own_words == "Finish the GED")
        assert goal.target_date == local_today() - timedelta(days=3)


async def test_contact_logged_for_tomorrow_needs_a_second_ctrl_s(demo_db):
    async with signed_in("pat") as pilot:
        app = pilot.app
        row = Resident.select().where(Resident.status == "active").order_by(Resident.id).first()
        results = []
        app.push_screen(ContactFormScreen(row.id, row.first_name), results.append)
        await settle(pilot)
        form = app.screen
        form.query_one("#summary").value = "Planned call"
        day = form.query_one("#on", DateInput)
        day.text = ""
        day.focus()
        await type_into(pilot, "tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [] and "is in the future" in feedback(day)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert results == [True]
        event = Event.select().where(Event.resident == row.id).order_by(Event.id.desc()).first()
        assert event.summary == "Planned call"


async def test_jump_to_a_date_looks_back_and_asks_before_a_future_day():
    results = []

    class Jumping(App):
        def on_mount(self) -> None:
            self.push_screen(JumpToDateScreen(), results.append)

    async with Jumping().run_test() as pilot:
        await pilot.pause()
        probe = _this_or_last_year(3, 15) if local_today() != date(local_today().year, 3, 15) \
            else None
        if probe is not None:
            await type_into(pilot, "3/15")
            await pilot.press("enter")
            await pilot.pause()
            assert results == [probe]
            pilot.app.push_screen(JumpToDateScreen(), results.append)
            await pilot.pause()
        await type_into(pilot, "tomorrow")
        await pilot.press("enter")
        await pilot.pause()
        field = pilot.app.screen.query_one("#day", DateInput)
        assert "Press Enter again" in feedback(field)
        await pilot.press("enter")
        await pilot.pause()
        assert results[-1] == local_today() + timedelta(days=1)


def test_every_date_field_says_which_way_it_looks():
    """A new date field must choose: prefer="future" (due, review, follow-up, target),
    "past" (contact, admission, discharge, jump-to-date, filters) or None on purpose."""
    import ast
    from importlib.resources import files

    missing = []
    sources = [source for package in ("peer_tui.screens", "peer_tui.screens.widgets")
               for source in files(package).iterdir() if source.name.endswith(".py")]
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "DateInput":
                if "prefer" not in {keyword.arg for keyword in node.keywords}:
                    missing.append(f"{source.name}:{node.lineno}")
    assert missing == []
