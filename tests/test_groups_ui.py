"""Pilot: a group note for several residents, reached by its key, ticked from the list."""

from __future__ import annotations

from conftest import make_app, sign_in

from peer_tui.models.events import Event, GroupSession
from peer_tui.models.people import Resident
from peer_tui.screens.group_note import GroupNoteScreen


async def test_group_note_for_five_residents_from_the_g_key(demo_db):
    # A name that is markup must show literally in the attendee list (and not crash it).
    first = Resident.select().where(Resident.status == "active").order_by(Resident.id).first()
    Resident.update(first_name="[/]Zed [@click=app.quit]a").where(
        Resident.id == first.id).execute()
    app = make_app()
    groups_before = GroupSession.select().count()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "pat", "2468")
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, GroupNoteScreen)
        form.query_one("#name").value = "Peer support group"
        form.query_one("#topic").value = "[b]Boundaries[/b]"
        form.query_one("#note").text = "Good energy."
        form.query_one("#attendee-filter").value = "a"  # narrows the list
        await pilot.pause()
        picker = form.query_one("#attendees")
        shown = [picker.get_option_at_index(i).value for i in range(picker.option_count)]
        assert 5 <= len(shown) < len(form.choices) and first.id in shown
        zed = picker.get_option_at_index(shown.index(first.id)).prompt
        assert "[/]Zed [@click=app.quit]a" in str(zed)
        picker.focus()
        for _ in range(5):
            await pilot.press("space", "down")
        assert len(form.picked) == 5
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, GroupNoteScreen)
        assert GroupSession.select().count() == groups_before + 1
        group = GroupSession.select().order_by(GroupSession.id.desc()).first()
        events = list(Event.select().where(Event.group_session == group))
        assert sorted(e.resident_id for e in events) == sorted(form.picked)
        assert {e.summary for e in events} == {"Peer support group: [b]Boundaries[/b]"}


async def test_group_note_without_attendees_says_so_and_keeps_typing(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "pat", "2468")
        app.push_screen(GroupNoteScreen())
        await app.workers.wait_for_complete()
        await pilot.pause()
        form = app.screen
        form.query_one("#name").value = "House meeting"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is form
        assert "at least one attendee" in str(form.query_one("#err-attendee_ids").render())
        assert form.query_one("#name").value == "House meeting"
