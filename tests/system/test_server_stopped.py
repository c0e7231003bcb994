"""The PostgreSQL server stops in the middle of a session (its own server, stopped for real):
the staff app and the kiosk say in words that the database cannot be reached, keep what was
typed on screen, save nothing half-way, and save it once the server is back, with no
restart of the program."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from backend_db import OwnServer
from helpers import (KIOSK_SIZE, make_app, make_kiosk, open_and_type, settle, sign_in,
                     sign_in_resident, workers_done)
from textual.widgets import Static, TextArea

from peer_tui.models.db import close_database, database
from peer_tui.models.events import CheckIn, Event
from peer_tui.models.people import House, Resident, Staff
from peer_tui.models.postgres import make_postgres
from peer_tui.services import auth
from peer_tui.services.pins import hash_pin
from peer_tui.storage import open_and_upgrade

pytestmark = pytest.mark.postgres_only

UNREACHABLE = "database server cannot be reached"


@pytest.fixture
def server(backend):
    """A server of this test's own with one house, casey (case manager) and Ana, whose kiosk
    code is 1001 and PIN 1357."""
    own = OwnServer()
    try:
        admin = make_postgres(own.url())
        admin.execute_sql("CREATE DATABASE peertui")
        admin.close()
        open_and_upgrade(own.url("peertui"))
        house = House.create(name="Harbor House")
        auth.create_staff("casey", "Casey Nguyen", "case_manager", "2468", houses=[house.id])
        Resident.create(first_name="Ana", last_name="Doe", house=house, room="1A",
                        status="active", intake_date=date.today() - timedelta(days=10),
                        case_manager=Staff.get(Staff.username == "casey"),
                        kiosk_code="1001", kiosk_pin_hash=hash_pin("1357"))
        yield own
    finally:
        close_database()
        own.remove()


def shown(screen) -> str:
    return "\n".join(str(w.render()) for w in screen.query(Static))


def question(screen) -> str:
    found = re.search(r"Question \d+ of \d+", shown(screen))
    return found.group(0) if found else ""


def stop(server) -> None:
    database.close()  # the test's own connection would be cut off too
    server.stop()


async def test_the_staff_app_keeps_the_contact_typed_and_saves_it_when_the_server_is_back(
        server):
    from peer_tui.screens.contact_form import ContactFormScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "casey")
        await settle(pilot)
        await open_and_type(pilot, "l", *"Talked about the job fair")
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        stop(server)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open, with the note as typed
        assert form.query_one("#note", TextArea).text == "Talked about the job fair"
        said = shown(form)
        assert UNREACHABLE in said and "What you typed is kept" in said
        assert "psycopg2" not in said and "Traceback" not in said
        server.start()
        await pilot.press("ctrl+s")  # the same save, once the server is back
        await settle(pilot)
        assert app.screen is not form
    notes = [e.note for e in Event.select().where(Event.kind == "contact")]
    assert notes == ["Talked about the job fair"]  # saved once, nothing half-written before


async def test_the_kiosk_keeps_the_answers_and_sends_them_when_the_server_is_back(server):
    from peer_tui.screens.kiosk_summary import SummaryScreen

    app = make_kiosk()
    async with app.run_test(size=KIOSK_SIZE) as pilot:
        await sign_in_resident(pilot)
        for _ in range(30):  # the first choice of every question (typed: "1", then Enter)
            if isinstance(app.screen, SummaryScreen):
                break
            before = question(app.screen)
            await pilot.press("1")
            await pilot.pause()
            if question(app.screen) == before:  # a typed answer: Enter goes on
                await pilot.press("enter")
                await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen), shown(summary)
        answers = str(summary.query_one("#sum-answers").render())
        stop(server)
        await pilot.press("enter")
        await workers_done(app)
        await pilot.pause()
        assert app.screen is summary  # the answers stay on screen
        assert str(summary.query_one("#sum-answers").render()) == answers
        problem = str(summary.query_one("#sum-problem").render())
        assert "Not sent" in problem and UNREACHABLE in problem
        server.start()
        await pilot.press("enter")
        await workers_done(app)
        await pilot.pause()
        assert app.screen is not summary
    assert CheckIn.select().count() == 1
