"""Markup-like, right-to-left and emoji text typed into the staff forms is saved exactly as
typed, shown back literally, and never runs as an action or a key binding."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import make_app, settle, sign_in

from peer_tui.models.events import Concern, ConcernNote, Event, GroupSession
from peer_tui.models.people import Resident

MARK = "[/]Zed [@click=app.quit]x[/] [b]bold \u05e9\u05dc\u05d5\u05dd \U0001f600"


def first_resident() -> int:
    return Resident.select(Resident.id).where(Resident.status == "active").scalar()


@pytest.fixture
def app_as_pat(demo_db):
    return make_app()


async def open_as_pat(pilot, screen) -> None:
    """Sign pat in and open SCREEN (a form) over the caseload, settled."""
    await sign_in(pilot, "pat", "2468")
    pilot.app.push_screen(screen)
    await settle(pilot, 2)


@pytest.mark.actions("ContactFormScreen.save")
async def test_typed_keys_stay_in_the_field_and_markup_is_saved_literally(app_as_pat):
    from peer_tui.screens.contact_form import ContactFormScreen

    app, rid = app_as_pat, first_resident()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_as_pat(pilot, ContactFormScreen(rid, MARK))
        form = app.screen
        # u and g open screens elsewhere; [ and / are markup. In a field they are just text.
        await pilot.press("u", "g", "left_square_bracket", "slash", "right_square_bracket")
        assert app.screen is form
        assert form.query_one("#note").text == "ug[/]"
        form.query_one("#note").text = MARK + "\nsecond line"
        form.query_one("#summary").value = MARK
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.screen is not form and app.is_running
    saved = Event.select().where(Event.kind == "contact").order_by(Event.id.desc()).get()
    assert (saved.summary, saved.note) == (MARK, MARK + "\nsecond line")


async def test_concern_form_and_concern_discussion(app_as_pat):
    from peer_tui.screens.concern_detail import ConcernDetailScreen
    from peer_tui.screens.concern_form import ConcernFormScreen

    app, rid = app_as_pat, first_resident()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_as_pat(pilot, ConcernFormScreen(rid, MARK))
        app.screen.query_one("#summary").text = MARK
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        concern = Concern.select().order_by(Concern.id.desc()).get()
        assert concern.summary == MARK
        app.push_screen(ConcernDetailScreen(concern.id))
        await settle(pilot, 2)
        detail = app.screen
        detail.query_one("#body").value = MARK
        detail.query_one("#body").focus()
        await pilot.press("enter")
        await settle(pilot, 2)
        assert app.is_running
        assert ConcernNote.select().order_by(ConcernNote.id.desc()).get().body == MARK
        shown = str(detail.query_one("#concern-text").render())
        assert shown.count("[@click=app.quit]x[/]") >= 2  # the summary and the note


@pytest.mark.actions("GroupNoteScreen.save")
async def test_group_note_fields(app_as_pat):
    from peer_tui.screens.group_note import GroupNoteScreen

    app = app_as_pat
    async with app.run_test(size=(100, 30)) as pilot:
        await open_as_pat(pilot, GroupNoteScreen())
        form = app.screen
        form.query_one("#name").value = MARK
        form.query_one("#topic").value = "[b]topic"
        form.query_one("#note").text = MARK
        form.query_one("#picker-search").focus()
        await pilot.press("space")  # picks the first resident
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.is_running and app.screen is not form
    group = GroupSession.select().order_by(GroupSession.id.desc()).get()
    assert (group.name, group.topic, group.note) == (MARK, "[b]topic", MARK)


async def test_correction_form(app_as_pat):
    from peer_tui.screens.event_correct import EventCorrectScreen
    from peer_tui.services import auth, contacts, timeline

    app, rid = app_as_pat, first_resident()
    pat = auth.sign_in("pat", "2468").actor
    original = contacts.log_contact(pat, rid, {"on": date.today(), "note": MARK})
    async with app.run_test(size=(100, 30)) as pilot:
        await open_as_pat(pilot, EventCorrectScreen(timeline.event_detail(pat, original),
                                                     "correct"))
        form = app.screen
        assert form.query_one("#note").text == MARK  # prefilled literally
        form.query_one("#summary").value = MARK
        form.query_one("#reason").value = "[/] wrong day"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.is_running and app.screen is not form
    fixed = Event.get(Event.corrects == original)
    assert fixed.summary == MARK and fixed.note.endswith("Correction: [/] wrong day")
