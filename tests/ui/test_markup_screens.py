"""Text that looks like markup or terminal codes, huge, empty, emoji, right-to-left: every
staff screen that shows it shows it literally (or made visibly safe), and the app keeps
running. The rows are written straight to the database, past the input schemas, because the
display must be safe whatever is stored (an import, an older version, another tool)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from helpers import make_app, settle, sign_in, signed_in, TimelineHost

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Concern, Event
from peer_tui.models.people import House, Resident, Staff

ESC = "\x1b"
# (stored text, what must be visible on screen)
NASTY = [
    ("[/]", "[/]"),
    ("[b]x", "[b]x"),
    ("[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),
    (f"{ESC}[31mred{ESC}[0m", "[31mred"),
    ("\x9b2Jgone", "2Jgone"),  # an 8-bit CSI: "clear screen" on some terminals
    ("\U0001f600 ok", "\U0001f600 ok"),
    ("\u05e9\u05dc\u05d5\u05dd", "\u05e9\u05dc\u05d5\u05dd"),
    ("L" * 10_000, "LLLLLLLLLL"),
    ("", ""),
]


def screen_text(app) -> str:
    """Everything on screen now, as the terminal would get it (one line per row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def assert_shown(app, expected: list[str]) -> None:
    text = screen_text(app)
    assert app.is_running
    assert ESC not in text and "\x9b" not in text, "a terminal escape reached the screen"
    for want in expected:
        assert want in text, f"{want!r} is not on screen:\n{text}"


@pytest.fixture
def nasty_house(demo_db):
    """A resident per nasty name, each with a nasty concern and timeline entry."""
    house = House.select().first()
    now = datetime.utcnow()
    ids = []
    for i, (text, _) in enumerate(NASTY):
        resident = Resident.create(first_name=text or "-", last_name=f"N{i}", house=house,
                                   preferred_name=text)
        concern = Concern.create(resident=resident, raised_at=now - timedelta(minutes=i),
                                 source="staff", severity="urgent", severity_rank=4,
                                 summary=text or "empty")
        Event.create(resident=resident, occurred_at=now - timedelta(minutes=i),
                     kind="contact", summary=text, note=text, channel="phone",
                     concern=None)
        Event.create(resident=resident, occurred_at=now, kind="concern_raised",
                     summary=text, concern=concern)
        AuditLog.insert(at=now, actor_kind="staff", actor_id=1, action="timeline_view",
                        table_name="resident", record_id=resident.id,
                        resident_id=resident.id, detail=text[:200]).execute()
        ids.append(resident.id)
    # A staff member whose name is itself markup, shown in the header of every screen.
    Staff.update(display_name="[@click=app.quit]Zed[/] [b]") \
        .where(Staff.username == "casey").execute()
    return ids


WANT = [shown[:40] for _, shown in NASTY if shown]


@pytest.mark.actions("PeerTuiApp.concerns")
async def test_header_and_concerns_queue_and_detail(nasty_house):
    from peer_tui.screens.concern_detail import ConcernDetailScreen

    async with signed_in("casey", size=(160, 40)) as pilot:
        app = pilot.app
        assert_shown(app, ["[@click=app.quit]Zed[/] [b]"])
        await pilot.press("u")  # the concerns queue
        await settle(pilot, 2)
        assert_shown(app, WANT)
        for concern_id in (Concern.select(Concern.id)
                           .where(Concern.resident.in_(nasty_house)).tuples()):
            app.push_screen(ConcernDetailScreen(concern_id[0]))
            await settle(pilot, 2)
            resident = Concern.get_by_id(concern_id[0]).summary
            shown = dict(NASTY).get(resident, resident)
            assert_shown(app, [shown[:40]])
            app.pop_screen()
        await pilot.click(offset=(5, 10))  # a click anywhere never runs a stored action
        assert app.is_running


async def test_timeline_and_its_detail(nasty_house):
    async with signed_in("pat", size=(120, 40)) as pilot:
        app = pilot.app
        depth = len(app.screen_stack)
        for index, (text, shown) in enumerate(NASTY):
            app.push_screen(TimelineHost(nasty_house[index], text))
            await settle(pilot, 2)
            assert_shown(app, [shown[:40]])
            await pilot.press("enter")  # open the highlighted entry's detail
            await settle(pilot, 2)
            assert_shown(app, [shown[:40]])
            while len(app.screen_stack) > depth:  # back to the home screen
                app.pop_screen()
                await pilot.pause()


@pytest.mark.actions("AuditLogScreen.apply", "AuditLogScreen.more", "PeerTuiApp.group_note")
async def test_group_note_attendee_list_and_audit_log(nasty_house):
    from peer_tui.screens.audit_log import AuditLogScreen

    async with signed_in("admin", size=(160, 50)) as pilot:
        app = pilot.app
        await pilot.press("g")
        await settle(pilot, 2)
        assert app.is_running
        text = screen_text(app)
        assert ESC not in text
        app.pop_screen()
        app.push_screen(AuditLogScreen())
        await settle(pilot, 2)
        assert_shown(app, [shown[:30] for _, shown in NASTY if shown])
        await pilot.press("ctrl+n")  # older rows: the names stay literal there too
        await settle(pilot, 2)
        assert_shown(app, [shown[:30] for _, shown in NASTY if shown])
        assert "rows" in str(app.screen.query_one("#audit-status").render())


async def test_markup_typed_at_sign_in_stays_literal(demo_db):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for typed in ("[@click=app.quit]x[/]", "[/]", "L" * 500):
            await sign_in(pilot, typed, "2468")
            assert app.is_running and app.actor is None
            assert app.screen.query_one("#username").value == typed


FILTERS = ["[/]", "[b]x", "click=app", "31mred", "2Jgone", "\U0001f600", "\u05e9\u05dc\u05d5\u05dd",
           "LLLLLLLLLL", "N8"]


async def test_caseload_rows_and_the_resident_view(nasty_house):
    from peer_tui.screens.resident import ResidentScreen

    assert len(FILTERS) == len(NASTY)
    async with signed_in("casey", size=(160, 40)) as pilot:
        app = pilot.app
        home = app.screen
        for index, (text, shown) in enumerate(NASTY):
            home.query_one("#caseload-filter").value = FILTERS[index]  # as if typed after /
            await settle(pilot, 2)
            assert_shown(app, [shown[:15] or f"- N{index}"])  # the name column is narrow
            app.push_screen(ResidentScreen(nasty_house[index]))
            await settle(pilot, 2)
            assert_shown(app, [shown[:40] or f"- N{index}"])
            app.pop_screen()
            await pilot.pause()
