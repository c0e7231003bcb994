"""At 80x24 every key a footer names is wholly on screen, for every role, on the caseload and
each tab of the resident view; and a key does one thing where the footer names it."""

from __future__ import annotations

import pytest
from helpers import settle, signed_in

from peer_tui.models.people import Resident
from peer_tui.screens.help import binding_rows
from peer_tui.screens.resident import ResidentScreen

ROLES = ["admin", "casey", "pat", "frank"]


def footer(app) -> dict[str, object]:
    return {k.key: k for k in app.screen.query("FooterKey")}


async def laid_out(pilot) -> None:
    """The footer recomposes after the screen's bindings change: wait until it has."""
    for _ in range(50):
        keys = footer(pilot.app).values()
        if keys and all(k.region.width for k in keys):
            return
        await pilot.pause()


async def all_visible(pilot, where: str) -> None:
    app = pilot.app
    await laid_out(pilot)
    keys = footer(app)
    assert keys, where
    for key, widget in keys.items():
        region = widget.region
        assert region.width > 0 and 0 <= region.x and region.right <= app.size.width, (
            where, key, region)
    # Nothing overlaps: each key has its own columns.
    spans = sorted((w.region.x, w.region.right) for w in keys.values())
    for (_, right), (left, _) in zip(spans, spans[1:]):
        assert right <= left, (where, spans)


async def open_resident(pilot, app) -> None:
    rid = Resident.select().where(Resident.status == "active").order_by(Resident.id).first().id
    app.push_screen(ResidentScreen(rid))
    await settle(pilot)


@pytest.mark.parametrize("who", ROLES)
async def test_every_footer_key_is_on_screen_at_80x24(demo_db, who):
    async with signed_in(who, size=(80, 24)) as pilot:
        app = pilot.app
        await all_visible(pilot, "caseload")
        assert "ctrl+q" in footer(app)
        await open_resident(pilot, app)
        await all_visible(pilot, "profile")
        if who == "frank":
            return
        await pilot.press("2")
        await settle(pilot)
        await all_visible(pilot, "plan")
        assert {"a", "s", "e", "space", "left_square_bracket", "right_square_bracket", "p",
                "question_mark", "escape"} <= set(footer(app))
        more = str(app.screen.query_one("#plan-keys").render())
        assert more.rstrip().endswith("x export")
        await pilot.press("3")
        await settle(pilot)
        await all_visible(pilot, "timeline")
        assert {"f", "j", "r", "c", "x", "space", "question_mark", "escape"} <= set(
            footer(app))


async def test_the_palette_is_still_a_key_and_help_names_it(demo_db):
    async with signed_in("casey", size=(80, 24)) as pilot:
        app = pilot.app
        _, everywhere, _ = binding_rows(app.screen)
        assert any(key == "Ctrl+P" for key, _ in everywhere), everywhere
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"


@pytest.mark.actions("FormModal.cancel", "ResidentScreen.tab")
async def test_on_the_timeline_space_marks_the_follow_up_and_d_still_discharges(demo_db):
    """d was the timeline's 'follow-up done' and the resident's 'discharge' at once: with
    the timeline focused the footer said 'd Done' and d never discharged there."""
    async with signed_in("admin") as pilot:
        app = pilot.app
        await open_resident(pilot, app)
        await pilot.press("3")
        await settle(pilot)
        await laid_out(pilot)
        shown = {k: w.description for k, w in footer(app).items()}
        assert shown.get("space") == "Done" and "d" not in shown
        actions = {a.binding.key: a.binding.action for a in app.screen.active_bindings.values()}
        assert actions["space"] == "follow_up_done" and actions["d"] == "discharge"
        own, _, _ = binding_rows(app.screen)
        words = dict(own)
        assert words["space"] == "Mark the follow-up done"
        assert words["d"] == "Discharge, or readmit"
        await pilot.press("d")
        await settle(pilot)
        assert type(app.screen).__name__ == "DischargeScreen"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await laid_out(pilot)
        assert footer(app)["d"].description == "Discharge"  # named where it is the key


@pytest.mark.actions("ConcernsScreen.back", "PeerTuiApp.concerns")
async def test_concerns_and_staff_accounts_footers_fit_80x24(demo_db):
    async with signed_in("admin", "u", size=(80, 24)) as pilot:
        app = pilot.app
        assert type(app.screen).__name__ == "ConcernsScreen"
        await all_visible(pilot, "concerns")
        assert {"a", "s", "m", "ctrl+r", "ctrl+q"} <= set(footer(app))
        await pilot.press("escape")
        await settle(pilot)
        app.action_staff_admin()
        await settle(pilot)
        assert type(app.screen).__name__ == "StaffAdminScreen"
        await all_visible(pilot, "staff accounts")
        assert {"a", "p", "c", "x", "v", "ctrl+q"} <= set(footer(app))


async def test_a_rebuilt_footer_restyles_none_of_its_keys(demo_db, monkeypatch):
    """The footer is rebuilt whenever the keys change (each screen, each tab): its keys are
    made in the footer's look, not restyled once mounted (Textual's own FooterKey gains a class
    and loses it again: two style passes per key per rebuild, for nothing). The sign-in
    screen's command palette key keeps its compact look, as Textual draws it."""
    from textual.css.stylesheet import Stylesheet
    from textual.widgets._footer import FooterKey

    restyled = []
    update_nodes = Stylesheet.update_nodes

    def counting(self, nodes, animate=False):
        nodes = list(nodes)
        restyled.extend(node.key for node in nodes if isinstance(node, FooterKey)
                        and not node.has_class("-command-palette"))
        return update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counting)
    async with signed_in("casey", "enter", "2", "escape") as pilot:
        assert len(footer(pilot.app)) > 3  # the caseload's keys, after three rebuilds
    assert restyled == []


def calls_of(monkeypatch, cls, name: str) -> list:
    """The footers whose async method NAME of CLS runs from here on, one per call."""
    method = getattr(cls, name)
    calls = []

    async def counting(self):
        calls.append(self)
        await method(self)

    monkeypatch.setattr(cls, name, counting)
    return calls


async def test_reports_of_changed_keys_before_a_rebuild_make_one_rebuild(demo_db, monkeypatch):
    """Opening a screen reports that the keys may have changed several times over (mount,
    focus, tabs); the reports that come before the rebuild runs share that one rebuild, which
    reads the keys as they are then."""
    from peer_tui.screens.widgets.footer import KeysFooter

    async with signed_in("casey") as pilot:
        rebuilds = calls_of(monkeypatch, KeysFooter, "_rebuild")
        for _ in range(3):
            pilot.app.screen.refresh_bindings()
        await settle(pilot)
        assert len(rebuilds) == 1
        assert len(footer(pilot.app)) > 3  # and the keys are there


async def test_a_report_of_the_same_keys_rebuilds_nothing(demo_db, monkeypatch):
    """A focus move or a tab often reports keys that did not change: the footer keeps its
    keys then, and rebuilds only when they do change (another screen)."""
    from peer_tui.screens.widgets.footer import KeysFooter

    async with signed_in("casey") as pilot:
        app = pilot.app
        keys_before = footer(app)
        rebuilds = calls_of(monkeypatch, KeysFooter, "recompose")
        app.screen.refresh_bindings()
        await settle(pilot)
        assert rebuilds == [] and footer(app) == keys_before  # the same key widgets
        await pilot.press("enter")  # the resident view: other keys
        await settle(pilot)
        await laid_out(pilot)
        assert len(rebuilds) == 1 and set(footer(app)) not in (set(), set(keys_before))


async def test_keys_relabelled_in_place_look_as_keys_built_anew(demo_db, monkeypatch):
    """A change of keys relabels the key widgets shown (fewer or more keys are mounted or
    removed at the end): the footer then draws as one built anew from the same keys, on
    each tab of the resident view."""
    from peer_tui.screens.widgets.footer import KeysFooter

    relabels = []
    relabel = KeysFooter._relabel

    async def counting(self):
        relabels.append(await relabel(self))
        return relabels[-1]

    monkeypatch.setattr(KeysFooter, "_relabel", counting)
    async with signed_in("casey", "enter") as pilot:
        app = pilot.app
        bar = app.screen.query_one(KeysFooter)
        for key in ("3", "2", "1", "4", "3"):
            await pilot.press(key)
            await settle(pilot, rounds=2)
            await laid_out(pilot)
            relabelled = app.export_screenshot()
            bar.call_next(bar.recompose)  # built anew, from the same keys
            await settle(pilot)
            await laid_out(pilot)
            assert app.export_screenshot() == relabelled, key
        assert relabels.count(True) >= 3  # the plan's keys come in a group: built anew
