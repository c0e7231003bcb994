"""The BARC-10 on the staff side (Pilot and a snapshot): the resident card's total, trend and
change since admission; recording one as an interview and correcting the latest with a
reason; the plan tab's prompts beside the domains; the caseload sorted by the latest total;
the front desk neither sees nor records it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from helpers import (caseload_cells, caseload_headings, discharged_ana, held, make_app,
                     press_refused, save_refused, settle, signed_in, signing_in)

from peer_tui.models.assessments import Assessment
from peer_tui.models.audit import AuditLog
from peer_tui.models.people import House, Resident, Staff
from peer_tui.screens.barc_form import BarcFormScreen
from peer_tui.screens.barc_summary import BarcSummary
from peer_tui.screens.resident import ResidentScreen
from peer_tui.services import assessments, auth

# Ana Silva (discharged, intake 2026-01-05): a month-by-month story, the last one low on
# friends and community.
HISTORY = [
    (datetime(2026, 1, 5, 11), [3, 3, 3, 3, 3, 3, 3, 3, 4, 4]),  # 32
    (datetime(2026, 2, 4, 11), [4, 4, 4, 3, 3, 4, 4, 4, 4, 4]),  # 38
    (datetime(2026, 2, 28, 11), [5, 5, 5, 2, 2, 5, 5, 5, 5, 5]),  # 44
]


@pytest.fixture
def snapshot_house(db, local_zone):
    """Ana Silva, discharged (fixed dates), and Marcus Johnson, active, with Pat as their
    peer specialist and Casey signing in; UTC so the snapshot reads the same anywhere."""
    local_zone("UTC")
    auth.create_staff("casey", "Casey Nguyen", "case_manager", "2468")
    pat = Staff.get_by_id(auth.create_staff("pat", "Pat Okafor", "peer_specialist", "2468").id)
    house = House.create(name="Harbor House")
    for first, last, room in (("Marcus", "Johnson", "1A"), ("Keisha", "Brown", "2B")):
        Resident.create(first_name=first, last_name=last, room=room, house=house,
                        peer_specialist=pat, intake_date=date(2026, 1, 5))
    discharged_ana(house, pat)


def ana() -> Resident:
    return Resident.get(Resident.first_name == "Ana")


def with_history() -> int:
    rid = ana().id
    for taken, answers in HISTORY:
        assessments.save_history(rid, answers, taken, source="kiosk", staff_id=None)
    return rid


def card_text(app) -> str:
    return str(app.screen.query_one(BarcSummary).render())


def test_resident_card_with_a_trend_snapshot(snapshot_house, snap_compare):
    with_history()

    # f twice filters to the discharged residents; Enter opens the first
    run_before = signing_in("casey", ("f", "f"), "enter")
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run_before)


@pytest.mark.actions(
    "BarcFormScreen.save",
    "ResidentScreen.barc",
    "ResidentScreen.barc_correct",
    "StatementList.clear",
    "StatementList.move")
async def test_card_record_and_correct(snapshot_house):
    rid = with_history()
    async with signed_in("pat", size=(80, 24)) as pilot:
        app = pilot.app
        app.push_screen(ResidentScreen(rid))
        await settle(pilot)
        text = card_text(app)
        assert "Recovery capital (BARC-10): 44 on 2026-02-28" in text
        assert "\u2584\u2585\u2586 3 totals since 2026-01-05" in text
        assert "+12 since admission" in text
        assert "Low answers: proud of and part of the community 2; support from friends 2" \
            in text
        assert "Vilsaint" in text and "PhenX" in text
        await pilot.press("b")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BarcFormScreen) and app.focused.id == "statements"
        assert "There are more important things" in str(form.query_one("#barc-read").render())
        await pilot.press(*"6666666666")
        assert form.answers == [6] * 10
        await pilot.press("up", "0")  # statement 9 left out again
        assert form.answers[8] is None
        await pilot.press("5", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        assert "59 on" in card_text(app)
        latest = Assessment.select().order_by(Assessment.id.desc()).get()
        assert (latest.source, latest.total, latest.staff_id) == ("interview", 59,
                                                                  app.actor.id)
        await pilot.press("B")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BarcFormScreen) and app.focused.id == "reason"
        assert form.answers == [6] * 8 + [5, 6]  # starts from the one it corrects
        await save_refused(pilot, form, "reason", "Say why it is corrected.")
        await pilot.press(*"typed on the wrong row", "tab", "4", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ResidentScreen)
        assert "57 on" in card_text(app)  # the corrected 59 left the totals
    fixed = Assessment.select().order_by(Assessment.id.desc()).get()
    assert fixed.corrects_id == latest.id and fixed.correction_reason == "typed on the wrong row"
    assert AuditLog.select().where(AuditLog.action == "assessment_correct").count() == 1
    assert AuditLog.select().where(AuditLog.table_name == "assessment",
                                   AuditLog.action == "view").count() >= 3


async def test_front_desk_neither_sees_nor_records_it(snapshot_house):
    rid = with_history()
    auth.create_staff("frank", "Frank Desk", "front_desk", "2468")
    async with signed_in("frank") as pilot:
        app = pilot.app
        app.push_screen(ResidentScreen(rid))
        await settle(pilot)
        assert not app.screen.query(BarcSummary)
        assert "BARC" not in app.export_screenshot()
        await press_refused(pilot, "b", "Front-desk accounts cannot record a BARC-10")
        await press_refused(pilot, "B", "Front-desk accounts cannot correct a BARC-10")
    assert Assessment.select().count() == len(HISTORY)


async def test_plan_tab_shows_the_answers_beside_the_domains(snapshot_house):
    rid = with_history()
    async with signed_in("casey") as pilot:
        app = pilot.app
        app.push_screen(ResidentScreen(rid))
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one("#plan-table")
        rows = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert any(r.startswith("BARC-10 PROMPTS") for r in rows), rows
        assert "  Family & relationships: support from friends 2" in rows
        # Kept to the goal column's room: the rest is on the profile.
        assert any(r.startswith("  Community & social: proud of and part of the community 2")
                   for r in rows)
        key = next(k for k in app.screen.query_one("PlanPane").rows if k == "b:family")
        table.move_cursor(row=table.get_row_index(key))
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.query_one("#domain_key").value == "family"


async def test_the_prompts_are_named_when_the_domains_come_after_the_plan(snapshot_house,
                                                                       monkeypatch):
    """The plan, the BARC-10 answers and the domains' names are read apart: names that come
    last still reach the prompt rows drawn before them."""
    from peer_tui.services import recovery_plan as plans

    rid = with_history()
    _, gate = held(monkeypatch, plans, "domain_choices")
    async with signed_in("casey") as pilot:
        app = pilot.app
        app.push_screen(ResidentScreen(rid))
        await settle(pilot)
        await pilot.press("2")
        pane = app.screen.query_one("PlanPane")
        for _ in range(500):  # the plan and the answers drawn, the names still on their way
            if pane.plan is not None and pane.barc is not None:
                break
            await pilot.pause(0.01)
        gate.set()
        await settle(pilot)
        table = app.screen.query_one("#plan-table")
        rows = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert "  Family & relationships: support from friends 2" in rows, rows

async def test_caseload_sorts_by_the_latest_total(snapshot_house):
    with_history()
    other = Resident.get(Resident.first_name == "Marcus")
    assessments.save_history(other.id, [2] * 10, datetime(2026, 1, 6, 10), source="kiosk",
                             staff_id=None)
    async with signed_in("casey") as pilot:
        app = pilot.app
        screen = app.screen
        for _ in range(len(screen.sort_keys())):
            if screen.filt.sort == "barc":
                break
            await pilot.press("s")
            await settle(pilot)
        assert screen.filt.sort == "barc"
        keys = list(caseload_headings(app))
        assert "barc" in keys  # the sorted column is shown even at 100 columns
        column = keys.index("barc")
        cells = [row[column] for row in caseload_cells(app)]
        assert cells[-1] == "20" and cells[0] == "-"
        await pilot.press("S")
        await settle(pilot)
        assert caseload_cells(app)[0][column] == "20"
