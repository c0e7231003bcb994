"""Pilot: the quick contact log, from key to saved event, and errors kept beside fields."""

from __future__ import annotations

from helpers import signed_in, workers_done

from peer_tui.models.event_links import roles_of
from peer_tui.models.events import Event
from peer_tui.models.people import Resident
from peer_tui.screens.contact_form import ContactFormScreen


def _resident():
    row = Resident.select().where(Resident.status == "active").order_by(Resident.id).first()
    return row.id, f"{row.first_name} {row.last_name}"


async def _open_form(pilot, app):
    rid, name = _resident()
    results = []
    app.push_screen(ContactFormScreen(rid, name), results.append)
    await workers_done(app)
    await pilot.pause()
    return rid, results


async def test_quick_log_phone_contact_with_two_roles(demo_db):
    async with signed_in("pat") as pilot:
        app = pilot.app
        rid, results = await _open_form(pilot, app)
        before = Event.select().where(Event.resident == rid, Event.kind == "contact").count()
        form = app.screen
        form.query_one("#note").text = "[/]Called about the [b]job[/b] fair"
        form.query_one("#channel").focus()
        await pilot.press("p")  # a letter picks the channel: phone
        roles = form.query_one("#roles")
        roles.select("motivator")
        roles.select("planner")
        form.query_one("#follow_up_on").text = "in 3 days"
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        assert results == [True] and not isinstance(app.screen, ContactFormScreen)
        event = (Event.select().where(Event.resident == rid, Event.kind == "contact")
                 .order_by(Event.id.desc()).first())
        assert Event.select().where(Event.resident == rid,
                                    Event.kind == "contact").count() == before + 1
        assert event.channel == "phone" and roles_of([event.id]) == {
            event.id: ["motivator", "planner"]}
        assert event.summary == "[/]Called about the [b]job[/b] fair"
        assert event.follow_up_on is not None and event.duration_minutes == 15
        resident = Resident.get_by_id(rid)
        assert resident.summary_last_contact_at == event.occurred_at


async def test_errors_show_beside_fields_and_keep_the_typing(demo_db):
    async with signed_in("pat", size=(80, 24)) as pilot:
        app = pilot.app
        rid, results = await _open_form(pilot, app)
        form = app.screen
        form.query_one("#note").text = "Long talk"
        form.query_one("#at").value = "25:99"
        form.query_one("#duration_minutes").value = "lots"
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        assert app.screen is form and results == []
        assert "24-hour" in str(form.query_one("#err-at").render())
        assert "whole number" in str(form.query_one("#err-duration_minutes").render())
        assert form.query_one("#note").text == "Long talk"
        await pilot.press("escape")  # first Esc warns, typing kept
        assert app.screen is form
        await pilot.press("escape")
        assert results == [None]


async def test_log_a_contact_from_the_caseload_in_two_keys_besides_the_note(demo_db):
    """Highlighted resident, l, the note, Ctrl+S: an in-person contact of 15 minutes, now."""
    from helpers import open_and_type, settle

    from peer_tui.screens.caseload import CaseloadScreen

    async with signed_in("pat", size=(80, 24)) as pilot:
        app = pilot.app
        caseload = app.screen
        await pilot.press("down")  # the second resident of the caseload
        rid = caseload.selected().id
        keys = ["l", "ctrl+s"]
        await open_and_type(pilot, keys[0], *"Talked about the job fair")
        await pilot.press(keys[1])
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen) and len(keys) <= 3
        event = (Event.select().where(Event.resident == rid, Event.kind == "contact")
                 .order_by(Event.id.desc()).first())
        assert event.note == "Talked about the job fair" and event.channel == "in_person"
        assert event.duration_minutes == 15 and event.staff_id == app.actor.id
        assert caseload.selected().days_since_contact == 0
