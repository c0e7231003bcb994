"""The Reports screen: p on the caseload and the command palette, for case managers and
administrators; month by month with [ and ]; worked out in a worker with a progress bar."""

from __future__ import annotations

import threading

import pytest

from helpers import (fails_once, make_app, press_opens, report_house, run_from_palette, settle,
                     sign_in, signed_in, workers_done)
from peer_tui.screens import report_view
from peer_tui.screens.caseload import CaseloadScreen
from peer_tui.screens.report_view import ReportScreen
from peer_tui.services import auth
from peer_tui.services.report_scope import last_month, month_period, shift_month


@pytest.mark.actions("CaseloadScreen.report", "ReportScreen.month", "ReportScreen.reload",
                     "ReportScreen.back")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_p_opens_last_months_report_and_brackets_move_by_month(demo_db, size):
    async with signed_in("casey", size=size) as pilot:
        app = pilot.app
        await pilot.press("p")
        await settle(pilot, 2)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        month = last_month()
        assert screen.report.period_label == month.label
        assert "Residents served (unduplicated)" in screen.shown_text
        assert "Per staff member (supervision)" in screen.shown_text
        assert not screen.query_one("ProgressBar").display
        await pilot.press("left_square_bracket")
        await settle(pilot, 2)
        assert screen.report.period_label == shift_month(month, -1).label
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot, 2)
        assert screen.report.period_label == shift_month(month, 1).label
        await pilot.press("r")
        await settle(pilot, 2)
        assert screen.report.period_label == shift_month(month, 1).label
        footer_keys = {b.binding.key for b in screen.active_bindings.values()
                       if b.binding.show}
        assert {"left_square_bracket", "right_square_bracket", "r", "escape"} <= footer_keys
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)


@pytest.mark.parametrize("user", ["pat", "frank"])
async def test_p_is_refused_in_words_for_peers_and_the_front_desk(demo_db, user):
    async with signed_in(user) as pilot:
        app = pilot.app
        notes = []
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert any("cannot see program reports" in n and "case managers and administrators"
                   in n for n in notes), notes
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Program report" not in commands


async def test_the_palette_opens_the_report(demo_db):
    async with signed_in("admin") as pilot:
        app = pilot.app
        assert "Program report" in [c.title for c in app.get_system_commands(app.screen)]
        await run_from_palette(pilot, "Program report", rounds=2)
        assert isinstance(app.screen, ReportScreen)


async def test_progress_is_shown_while_the_worker_runs(demo_db, monkeypatch):
    """The report is worked out off the event loop: the screen shows which section it is on
    and stays responsive (help opens) until the answer arrives."""
    real = report_view.program_report.program_report
    release, reached = threading.Event(), threading.Event()

    def slow(*args, progress, **kwargs):
        progress(1, 5, "engagement")
        reached.set()
        release.wait(10)
        return real(*args, progress=progress, **kwargs)

    monkeypatch.setattr(report_view.program_report, "program_report", slow)
    async with signed_in("casey") as pilot:
        app = pilot.app
        await pilot.press("p")
        for _ in range(50):
            if reached.is_set():
                break
            await pilot.pause(0.05)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        status = str(screen.query_one("#report-status").render())
        assert "contacts, groups and check-ins (2 of 5)" in status
        assert screen.query_one("ProgressBar").progress == 1
        assert screen.query_one("ProgressBar").display
        release.set()
        await settle(pilot, 2)
        assert screen.report is not None
        assert not screen.query_one("ProgressBar").display


def test_report_screen_snapshot(admin, snap_compare):
    auth.create_staff("lee", "[b]Lee[/b] [/]", "case_manager", "2468")
    report_house(admin)

    async def open_report(pilot):
        await sign_in(pilot, "admin")
        await workers_done(pilot.app)
        pilot.app.push_screen(ReportScreen(month_period("2026-10")))
        await pilot.pause()
        await workers_done(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=open_report)


async def test_staff_names_with_markup_are_shown_literally(admin):
    auth.create_staff("lee", "[b]Lee[/b] [/] [@click=app.quit]x", "case_manager", "2468")
    report_house(admin)
    async with signed_in("admin") as pilot:
        app = pilot.app
        app.push_screen(ReportScreen(month_period("2026-10")))
        await settle(pilot, 2)
        assert "[b]Lee[/b] [/] [@click=app.quit]x" in app.screen.shown_text
        assert app.is_running


@pytest.mark.actions("ResidentScreen.interview", "InterviewFormScreen.save")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_i_records_a_follow_up_interview(demo_db, size):
    from peer_tui.models.events import Event
    from peer_tui.models.interviews import FollowUpInterview
    from peer_tui.screens.interview_form import InterviewFormScreen
    from peer_tui.screens.resident import ResidentScreen

    async with signed_in("pat", "enter", size=size) as pilot:
        app = pilot.app
        assert isinstance(app.screen, ResidentScreen)
        rid = app.screen.resident_id
        form = await press_opens(pilot, "i", InterviewFormScreen)
        assert form.focused.id == "point"
        status = str(form.query_one("#interview-status").render())
        assert "At intake: due " in status and "6 months: due " in status
        assert "At discharge: not due in this stay yet" in status
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InterviewFormScreen)  # the point is asked for first
        assert any("Choose which follow-up point" in str(s.render())
                   for s in form.query(".field-error") if s.display)
        await pilot.press("enter", "down", "enter", "ctrl+s")  # the first point: at intake
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        row = FollowUpInterview.get(FollowUpInterview.resident == rid)
        assert row.point == "intake"
        assert Event.get_by_id(row.event_id).summary.startswith(
            "Follow-up interview done: At intake")


@pytest.mark.parametrize("user", ["frank"])
async def test_i_is_refused_for_the_front_desk(demo_db, user):
    async with signed_in(user, "enter") as pilot:
        app = pilot.app
        notes = []
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("i")
        await settle(pilot)
        assert type(app.screen).__name__ == "ResidentScreen"
        assert any("cannot record a follow-up interview" in n for n in notes), notes


@pytest.mark.actions("CaseloadScreen.report", "ReportScreen.reload")
async def test_a_report_that_cannot_be_worked_out_says_so_and_r_tries_again(demo_db,
                                                                            monkeypatch):
    from peer_tui.services import program_report
    from peer_tui.services.errors import ServiceError

    calls = fails_once(monkeypatch, program_report, "program_report",
                       ServiceError("The database is busy."))
    async with signed_in("casey") as pilot:
        app = pilot.app
        await pilot.press("p")
        await settle(pilot, 2)
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen.report is None
        assert str(screen.query_one("#report-status").render()) == (
            "The report could not be worked out; r tries again.")
        assert [n.message for n in app._notifications] == ["The database is busy."]
        assert not screen.query_one("ProgressBar").display
        await pilot.press("r")
        await settle(pilot, 2)
        assert screen.report.period_label == last_month().label
        assert "Residents served (unduplicated)" in screen.shown_text
    assert len(calls) == 2
