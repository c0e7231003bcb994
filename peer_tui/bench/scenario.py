"""Child process for one repetition of the interactive benchmark (items 2-5, 7, 8).

Opens the database as the command line does, runs the real staff app headless
(``run_test``) and drives it with key presses: sign in, caseload first screenful, filter
keystrokes, open the busiest resident's timeline, PageDown at its 10,000th entry. A stall monitor runs
throughout. Prints one JSON object (milliseconds) on stdout.

    python -m peer_tui.bench.scenario --db PATH
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
from time import perf_counter

from peer_tui.bench.probe import NotPainted, StallMonitor, painted, send_key, until

SIZE = (100, 30)
USERNAME, PIN = "bench", "2468"
# Letters that narrow the caseload to a few names (Quintero, Zhou, Xu...), then back.
FILTER_KEYS = ("q", "backspace", "z", "backspace", "x", "backspace")
SCROLL_AT = 9_999  # PageDown is measured from the 10,000th entry
SCROLLS = 5  # PageDowns there: the first few reach blocks not read yet


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def caseload_list(app):
    """The caseload's row list, when the caseload is the screen shown."""
    return app.screen.query_one("#caseload-table")


def signature(app) -> tuple:
    """What the caseload list shows: its length and the first rows (once they are read)."""
    rows = caseload_list(app)
    if not rows.viewport_loaded():
        return ()
    return (rows.row_count, tuple(rows.row_at(i).id for i in range(min(3, rows.row_count))))


async def run(app, busiest: int, result: dict) -> None:
    notes = result.setdefault("notes", [])
    async with app.run_test(size=SIZE) as pilot:
        await painted(app, lambda: app.focused is not None and app.focused.id == "username")
        monitor = StallMonitor(app)
        monitor.start()
        try:
            monitor.phase = "sign-in and caseload"
            try:
                await _sign_in(app, result)
            except NotPainted as exc:
                # Without a caseload there is nothing to filter; the timeline still counts.
                notes.append(f"caseload not measured: {exc}")
            else:
                monitor.phase = "filter"
                await _filter(app, result, notes)
            monitor.phase = "timeline"
            await _timeline(app, busiest, result, notes)
        finally:
            timer_gap, loop_gap = monitor.stop()
            result["stall_ms"] = _ms(timer_gap)
            result["loop_stall_ms"] = _ms(loop_gap)
            result["stall_by_phase_ms"] = {k: _ms(v) for k, v in monitor.by_phase.items()}
        try:
            await reopen(app, busiest, result)
        except NotPainted as exc:
            notes.append(f"re-open not measured: {exc}")
        finally:
            await app.workers.wait_for_complete()
            await pilot.pause()


async def _sign_in(app, result: dict) -> None:
    screen = app.screen
    screen.query_one("#username").value = USERNAME
    pin = screen.query_one("#pin")
    pin.value = PIN
    pin.focus()
    await until(lambda: app.focused is pin)
    start = perf_counter()
    send_key(app, "enter", "\r")
    switched = await until(lambda: type(app.screen).__name__ == "CaseloadScreen",
                           what="the caseload screen after sign-in")
    done = await painted(app, lambda: caseload_list(app).row_count > 0
                         and caseload_list(app).viewport_loaded(), what="caseload rows")
    result["signin_to_caseload_ms"] = _ms(done - start)
    result["caseload_after_signin_ms"] = _ms(done - switched)
    result["caseload_rows"] = caseload_list(app).row_count


async def _filter(app, result: dict, notes: list) -> None:
    from textual.widgets import Input

    send_key(app, "slash", "/")
    await painted(app, lambda: isinstance(app.focused, Input), timeout=3)
    times = []
    for key in FILTER_KEYS:
        before = signature(app)
        start = perf_counter()
        send_key(app, key, None if key == "backspace" else key)
        try:
            done = await painted(app, lambda: signature(app) not in ((), before), timeout=10,
                                 area=lambda: caseload_list(app).region)
        except NotPainted:
            notes.append(f"filter key {key!r} did not change the rows within 10 s")
            continue
        times.append(_ms(done - start))
    result["filter_keystroke_ms"] = times
    send_key(app, "escape")
    await asyncio.sleep(0.3)


def _resident_screen(resident_id: int, notes: list):
    """The real resident view, or (until it exists) the timeline pane on a bare staff screen."""
    try:
        from peer_tui.screens.resident import ResidentScreen
    except ImportError:
        from peer_tui.screens.base import StaffScreen
        from peer_tui.screens.widgets.timeline_pane import TimelinePane

        class TimelineOnly(StaffScreen):
            def compose(self):
                yield from self.compose_header()
                yield TimelinePane(resident_id)
                yield from self.compose_footer()

        notes.append("no ResidentScreen: the timeline pane was measured on a bare staff screen")
        return TimelineOnly()
    return ResidentScreen(resident_id)


def _key_for_tab(screen, pane_id: str) -> str | None:
    """The key of SCREEN's binding whose action opens the tab PANE_ID, if there is one."""
    for binding in getattr(screen, "BINDINGS", []):
        key, action = (binding.key, binding.action) if hasattr(binding, "key") else \
            (binding[0], binding[1])
        if pane_id in action and "tab" in action:
            return key.split(",")[0]
    return None


def _timeline_list(app):
    from peer_tui.screens.widgets.timeline_pane import TimelinePane

    return app.screen.query_one(TimelinePane).list


async def _open_timeline(app, busiest: int, notes: list):
    """Open the resident view on its Timeline tab; (start, painted) or None."""
    from textual.widgets import TabbedContent

    home = app.screen
    start = perf_counter()
    if hasattr(home, "open_resident"):  # as Enter on the caseload does (the view reused)
        home.open_resident(busiest)
    else:
        await app.push_screen(_resident_screen(busiest, notes))
    await until(lambda: type(app.screen).__name__ == "ResidentScreen"
                and app.screen.resident_id == busiest, what="the resident view")
    # The resident view fills its Plan and Timeline tabs when first shown: open the tab
    # with the screen's own key, as a person would after Enter on the caseload.
    await until(lambda: app.screen.query_one("#tab-timeline"), what="the timeline tab")
    holder = app.screen.query_one("#tab-timeline")
    key = _key_for_tab(app.screen, holder.id)
    if key is not None:
        send_key(app, key)
    else:
        notes.append("no key opens the Timeline tab: the tab was set directly")
        app.screen.query_one(TabbedContent).active = holder.id
    await until(lambda: _timeline_list(app), what="the timeline list")
    shown = lambda: app.screen.query_one(TabbedContent).active == holder.id  # noqa: E731
    try:
        done = await painted(app, lambda: _timeline_list(app).row_count > 0 and shown()
                             and _timeline_list(app).viewport_loaded())
    except NotPainted:
        notes.append("the timeline list shows no rows: first rows not measured")
        return None
    return start, done


async def reopen(app, busiest: int, result: dict) -> None:
    """Back to the caseload and open the same resident again: no first-use imports now."""
    notes = result.setdefault("notes", [])
    if type(app.screen).__name__ != "ResidentScreen":
        return
    send_key(app, "escape")
    await until(lambda: type(app.screen).__name__ == "CaseloadScreen", timeout=5,
                what="the caseload after Escape")
    await asyncio.sleep(0.3)  # let the caseload's refresh on resume settle
    opened = await _open_timeline(app, busiest, notes)
    if opened is not None:
        result["timeline_reopen_ms"] = _ms(opened[1] - opened[0])


async def _timeline(app, busiest: int, result: dict, notes: list) -> None:
    if app.actor is None:  # the sign-in did not finish: sign in as the caseload would
        from peer_tui.services import auth

        app.actor = auth.sign_in(USERNAME, PIN).actor
    opened = await _open_timeline(app, busiest, notes)
    if opened is None:
        return
    start, done = opened
    rows = _timeline_list(app)
    result["timeline_first_page_ms"] = _ms(done - start)
    result["timeline_rows"] = rows.row_count
    rows.focus()
    # Deep in the history (the 10,000th entry, or the middle of a shorter one), then
    # PageDown there: to painted with every line on screen read.
    rows.move_to(min(SCROLL_AT, rows.row_count // 2))
    await painted(app, rows.viewport_loaded, what="the timeline at the 10,000th entry")
    await asyncio.sleep(0.05)
    scrolls = []
    for _ in range(SCROLLS):
        before = rows.cursor
        start = perf_counter()
        send_key(app, "pagedown")
        try:
            done = await painted(app, lambda: rows.cursor > before and rows.viewport_loaded(),
                                 timeout=10, area=lambda: rows.region)
        except NotPainted:
            notes.append("PageDown in the timeline did not move or its rows did not arrive")
            break
        scrolls.append(_ms(done - start))
        await asyncio.sleep(0.05)
    result["timeline_scroll_ms"] = scrolls
    result["timeline_scroll_at"] = rows.cursor
    result["timeline_scroll_how"] = "PageDown from the 10,000th entry (or the middle)"

def main(argv: list[str]) -> int:
    if "--db" not in argv:
        print("usage: python -m peer_tui.bench.scenario --db PATH", file=sys.stderr)
        return 2
    db = argv[argv.index("--db") + 1]
    from peer_tui.bench.generate import BUSIEST_KEY
    from peer_tui.models.meta import get_meta
    from peer_tui.services.house import house_info
    from peer_tui.storage import open_and_upgrade

    open_and_upgrade(db)
    info = house_info()
    busiest = int(get_meta(BUSIEST_KEY, "0") or 0)
    from peer_tui.app import PeerTuiApp

    app = PeerTuiApp(house_name=info.name, is_demo=info.is_demo, first_run=False)
    result: dict = {"busiest_resident": busiest}
    try:
        asyncio.run(run(app, busiest, result))
    except Exception as exc:  # noqa: BLE001 - report what was measured, and why it stopped
        result.setdefault("notes", []).append(f"stopped: {type(exc).__name__}: {exc}")
    result["maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
