"""Pilot: a group note for several residents, reached by its key, ticked from the list."""

from __future__ import annotations

from helpers import make_app, press_opens, settle, sign_in, signed_in, workers_done

from peer_tui.models.events import Event, GroupSession
from peer_tui.models.people import Resident
from peer_tui.screens.group_note import GroupNoteScreen


def prompts(form) -> list[str]:
    matches = form.query_one("#picker-matches")
    return [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]


async def test_group_note_for_five_residents_from_the_g_key(demo_db):
    # A name that is markup must show literally in the attendee list (and not crash it).
    first = Resident.select().where(Resident.status == "active").order_by(Resident.id).first()
    Resident.update(first_name="[/]Zed [@click=app.quit]a").where(
        Resident.id == first.id).execute()
    app = make_app()
    groups_before = GroupSession.select().count()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "pat", "2468")
        form = await press_opens(pilot, "g", GroupNoteScreen)
        form.query_one("#name").value = "Peer support group"
        form.query_one("#topic").value = "[b]Boundaries[/b]"
        form.query_one("#note").text = "Good energy."
        form.query_one("#picker-search").focus()
        await pilot.press(*"zed")
        assert any("[/]Zed [@click=app.quit]a" in p for p in prompts(form))
        await pilot.press("space")
        for _ in range(4):  # four more: the list's next rows, one Space each
            await pilot.press("down", "space")
        assert len(form.picked) == 5
        picked = set(form.picked)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, GroupNoteScreen)
        assert GroupSession.select().count() == groups_before + 1
        group = GroupSession.select().order_by(GroupSession.id.desc()).first()
        events = list(Event.select().where(Event.group_session == group))
        assert sorted(e.resident_id for e in events) == sorted(picked)
        assert first.id in picked
        assert {e.summary for e in events} == {"Peer support group: [b]Boundaries[/b]"}


# Twelve residents spread over the whole demo list (first, last and between), each found
# by typing its initials and picked with Space or Enter.
TWELVE = [("ma", "Mo Al-Sayed"), ("kb", "Keisha Brown"), ("ec", "Em Chen"),
          ("dh", "Darnell Harris"), ("li", "Lakshmi Iyer"), ("gk", "Grace Kim"),
          ("pm", "Pepe Martínez"), ("an", "Aroha Ngata"), ("co", "Chidi Okonkwo"),
          ("hs", "Hannah Schmidt"), ("dw", "Dakota Whitehorse"), ("zo", "Zoë Ødegaard")]


async def test_twelve_attendees_anywhere_in_the_list_take_at_most_40_keys(demo_db):
    async with signed_in("pat", "g", size=(80, 24)) as pilot:
        app = pilot.app
        form = app.screen
        form.query_one("#name").value = "House meeting"
        form.query_one("#picker-search").focus()
        keys = []
        for i, (typed, _) in enumerate(TWELVE):
            keys += [*typed, "space" if i % 2 else "enter"]
        assert len(keys) <= 40
        await pilot.press(*keys)
        picker = form.query_one("#attendees")
        assert sorted(picker.picked_names()) == sorted(name for _, name in TWELVE)
        # Picked and not picked differ in plain text, not only in colour.
        shown = prompts(form)
        assert sum(p.startswith("[x] ") for p in shown) == 12
        assert sum(p.startswith("[ ] ") for p in shown) == len(shown) - 12
        listed = str(form.query_one("#picker-picked").render())
        assert listed.startswith("Picked (12): ") and "Zoë Ødegaard" in listed
        # Picking a name again unpicks it.
        await pilot.press(*"ec", "space")
        assert "Em Chen" not in picker.picked_names() and len(picker.picked) == 11
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, GroupNoteScreen)


async def test_group_note_without_attendees_says_so_and_keeps_typing(demo_db):
    async with signed_in("pat", size=(80, 24)) as pilot:
        app = pilot.app
        app.push_screen(GroupNoteScreen())
        await workers_done(app)
        await pilot.pause()
        form = app.screen
        form.query_one("#name").value = "House meeting"
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
        assert app.screen is form
        assert "at least one attendee" in str(form.query_one("#err-attendee_ids").render())
        assert form.query_one("#name").value == "House meeting"
