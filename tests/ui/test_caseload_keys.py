"""The caseload's keys as people use them, and every screen's header and footer at 80x24."""

from __future__ import annotations

import pytest

from helpers import make_app, post_keys, settle, sign_in, signed_in

from peer_tui.models.people import House, Resident
from peer_tui.screens.caseload import CaseloadScreen
from peer_tui.screens.help import HelpScreen, binding_rows
from peer_tui.screens.resident import ResidentScreen
from peer_tui.services import auth

PALETTE = 12  # the footer's right end holds the command palette's "^p palette"


def footer_fits(app, keys: set[str]) -> None:
    """KEYS are in the footer and wholly visible (not scrolled off to the right)."""
    shown = {k.key: k for k in app.screen.query("FooterKey")}
    assert keys <= set(shown), keys - set(shown)
    for key in keys:
        assert shown[key].region.right <= app.size.width - PALETTE, key


def fits(caseload) -> bool:
    """Every column (a space either side) is inside the list: no sideways scrolling."""
    rows = caseload.query_one("#caseload-table")
    return sum(w + 2 for w in caseload.shown_widths) <= rows.scrollable_content_region.width


def header_title(app) -> str:
    return str(app.screen.query_one("#header-title").render())


async def test_enter_in_the_filter_opens_the_highlighted_resident(demo_db):
    async with signed_in("casey") as pilot:
        app = pilot.app
        await pilot.press("slash", *"chen")
        await settle(pilot)
        await pilot.press("enter")  # one Enter, not two
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        assert app.screen.card.name == "Em Chen"


async def test_m_with_an_empty_caseload_says_why(demo_db):
    auth.create_staff("newpeer", "New Peer", "peer_specialist", "2468")
    async with signed_in("newpeer") as pilot:
        app = pilot.app
        table = app.screen.query_one("#caseload-table")
        assert app.screen.filt.mine and table.row_count == 0
        mode = str(app.screen.query_one("#caseload-mode").render())
        assert "no residents assigned to you; m shows everyone" in mode
        await pilot.press("m")
        await settle(pilot)
        assert table.row_count == 33
        app.clear_notifications()
        await pilot.press("m")
        await settle(pilot)
        assert any("No residents assigned to you; m shows everyone" in n.message
                   for n in app._notifications)


@pytest.mark.actions("CaseloadScreen.reverse")
async def test_sorting_by_concerns_puts_urgent_first_and_the_heading_shows_an_arrow(demo_db):
    async with signed_in("casey") as pilot:
        app = pilot.app
        screen = app.screen
        table = screen.query_one("#caseload-table")
        header = screen.query_one("#caseload-header")
        assert "\u25b2" in header.label_of("name")
        while screen.filt.sort != "concerns":
            await pilot.press("s")
            await settle(pilot)
        rows = [table.row_at(i) for i in range(table.row_count)]
        ranks = [(r.urgent_concerns, r.open_concerns) for r in rows]
        assert ranks == sorted(ranks, reverse=True) and ranks[0][0] > 0
        assert header.label_of("concerns") == "Concern \u25bc"
        assert "\u25b2" not in header.label_of("name")
        await pilot.press("S")
        await settle(pilot)
        assert header.label_of("concerns") == "Concern \u25b2"


async def test_help_lists_the_screens_own_keys_first_then_the_generic_ones(demo_db):
    async with signed_in("casey", size=(80, 24)) as pilot:
        app = pilot.app
        own, everywhere, widget = binding_rows(app.screen)
        assert [k for k, _ in own][:3] == ["/", "l", "n"]
        assert {"?", "Ctrl+L", "Ctrl+Q", "u", "g"} <= {k for k, _ in everywhere}
        assert "\u2191" in {k for k, _ in widget}  # the table's own arrows come last
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        headings = [str(h.render()) for h in app.screen.query(".help-heading")]
        assert headings[:2] == ["Keys on Caseload", "Everywhere"]


async def test_80x24_caseload_fits_its_main_columns_and_keys(demo_db):
    async with signed_in("casey", size=(80, 24)) as pilot:
        app = pilot.app
        header = app.screen.query_one("#caseload-header")
        assert {"name", "contact", "checkin", "concerns", "review"} <= set(header.keys)
        assert fits(app.screen)  # no sideways scrolling
        footer_fits(app, {"slash", "l", "n", "m", "h", "question_mark"})
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:  # wide: every column
        await sign_in(pilot, "casey")
        await settle(pilot)
        assert len(app.screen.query_one("#caseload-header").keys) == 9  # BARC-10 too


async def test_80x24_header_keeps_the_residents_full_name(demo_db):
    House.update(name="Harbor House Recovery Residence of Greater Springfield").execute()
    rid = Resident.select().where(Resident.status == "active").first().id
    Resident.update(first_name="Alexandria", preferred_name="",
                    last_name="Montgomery-Fitzgerald").where(Resident.id == rid).execute()
    async with signed_in("admin", size=(80, 24)) as pilot:
        app = pilot.app
        await app.push_screen(ResidentScreen(rid))
        await settle(pilot)
        title = header_title(app)
        assert "Alexandria Montgomery-Fitzgerald" in title
        assert title.startswith("Harbor") and "\u2026" in title  # the house shortened
        footer_fits(app, {"escape", "l", "e", "d", "k"})
        await pilot.press("3")
        await settle(pilot)
        footer_fits(app, {"f", "j", "r", "c", "x"})
        assert "Alexandria Montgomery-Fitzgerald" in header_title(app)


async def test_front_desk_caseload_at_80x24(demo_db):
    async with signed_in("frank", size=(80, 24)) as pilot:
        app = pilot.app
        assert isinstance(app.screen, CaseloadScreen)
        assert fits(app.screen)
        footer_fits(app, {"slash", "M", "question_mark"})


async def test_3_typed_with_the_enter_opens_the_timeline(demo_db):
    """Down, Enter and 3 in one burst (a fast typist): the 3 reaches the resident view
    opened by the Enter, not the caseload, which has no key 3; the Down still acts on the
    caseload first (the resident opened is the one it moved to)."""
    async with signed_in("casey") as pilot:
        app = pilot.app
        caseload = app.screen
        second = caseload.rows_list.row_at(1)
        post_keys(app, "down", "enter", "3")
        await settle(pilot, rounds=3)
        assert isinstance(app.screen, ResidentScreen) and app.screen.card.id == second.id
        assert app.screen.query_one("TabbedContent").active == "tab-timeline"
        assert app.screen.query_one("TimelinePane").count
