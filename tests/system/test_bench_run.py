"""The benchmark's instruments: paint detection, the stall monitor, the child probes, the table.

No time is asserted here, not even a lower bound: the instruments read a clock the test moves
by hand (a "stall" is the clock jumping while a handler runs), so what they report is exact on
any machine, however busy.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time

import pytest
from helpers import Clock
from textual.app import App
from textual.widgets import Label

from peer_tui.bench import probe
from peer_tui.bench.probe import NotPainted, StallMonitor, painted, until
from peer_tui.bench.run import add_ratios, evaluate, format_table


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(probe, "perf_counter", clock)
    return clock


class Tiny(App):
    def __init__(self, clock: Clock | None = None) -> None:
        super().__init__()
        self.clock = clock

    def compose(self):
        yield Label("before", id="label")

    def freeze(self) -> None:
        self.clock.now += 0.08  # a handler that blocks the event loop for 80 ms

    def change(self) -> None:
        self.query_one("#label", Label).update("after")


async def test_stall_monitor_sees_a_blocked_event_loop(clock):
    app = Tiny(clock)
    async with app.run_test() as pilot:
        monitor = StallMonitor(app)
        monitor.start()
        for _ in range(3):  # ticks while the clock stands still: no stall at all
            await pilot.pause(StallMonitor.INTERVAL * 2)
        assert (monitor.timer_gap, monitor.loop_gap) == (0, 0)
        app.call_later(app.freeze)
        for _ in range(1000):  # until both probes have ticked after the freeze
            await pilot.pause(StallMonitor.INTERVAL)
            if monitor.timer_gap and monitor.loop_gap:
                break
        timer_gap, loop_gap = monitor.stop()
    stall = 0.08 - StallMonitor.INTERVAL  # the gap beyond the probes' own interval
    assert timer_gap == pytest.approx(stall) and loop_gap == pytest.approx(stall)


async def test_painted_waits_for_the_condition_then_a_refresh(clock):
    app = Tiny()
    async with app.run_test() as pilot:
        label = app.query_one("#label", Label)
        seen = []

        def change_later() -> None:
            clock.now += 0.1
            app.change()
            seen.append(str(label.render()))

        app.call_later(change_later)
        done = await painted(app, lambda: str(label.render()) == "after", timeout=5)
        assert seen == ["after"] and done == clock.now  # the time the change was painted
        clock.step = 0.01  # from here each reading of the clock is 10 ms later
        with pytest.raises(NotPainted, match="never"):
            await until(lambda: False, timeout=0.05, what="never")
        await pilot.pause()


async def test_painted_waits_while_the_drawing_is_held(clock):
    """A screen holding its drawing (``batch_update``) runs its after-refresh callbacks
    without drawing: a step is painted once the hold ends and the screen has refreshed."""
    app = Tiny()
    async with app.run_test() as pilot:
        label = app.query_one("#label", Label)
        with app.batch_update():
            app.change()
            waiting = asyncio.ensure_future(
                painted(app, lambda: str(label.render()) == "after", timeout=5))
            for _ in range(50):  # the loop runs: idle rounds, after-refresh callbacks
                await asyncio.sleep(0.001)
            assert not waiting.done()
            clock.now += 0.1
        assert await waiting == clock.now
        await pilot.pause()


class TwoLabels(App):
    def compose(self):
        yield Label("before", id="label")
        yield Label("", id="other")


async def label_then(app, clock, second, start=None, **painted_kwargs) -> float:
    """The label becomes "after" (the clock 100 ms on), and a frame later SECOND runs (50 ms
    more); START schedules the first change (at once by default). Painted's answer."""
    label = app.query_one("#label", Label)

    def first() -> None:
        clock.now += 0.1
        label.update("after")
        app.screen.call_after_refresh(then)

    def then() -> None:
        clock.now += 0.05
        second()

    (start or app.call_later)(first)
    return await painted(app, lambda: str(label.render()) == "after", timeout=5,
                         **painted_kwargs)


async def test_painted_is_the_first_frame_that_stays(clock):
    """A frame that shows the condition but is corrected by the next one does not count:
    the step is painted when the screen stops changing."""
    app = TwoLabels()
    async with app.run_test() as pilot:
        other = app.query_one("#other", Label)
        done = await label_then(app, clock, lambda: other.update("the part that came late"))
        assert done == clock.now == 1000.15
        await pilot.pause()


async def test_painted_counts_the_frame_that_stayed_even_if_seen_late(clock, monkeypatch):
    """The condition is seen only after its frame was drawn (a long frame, a busy loop):
    the time is still that frame's, not the next drawing's."""
    monkeypatch.setattr(probe, "POLL_SECONDS", 0.2)  # the waiting coroutine looks late
    app = TwoLabels()
    async with app.run_test() as pilot:
        label = app.query_one("#label", Label)
        # Drawn again, the same (nothing on screen changes); the change comes once the
        # probe waits, between two of its looks.
        done = await label_then(app, clock, label.refresh,
                                start=lambda first: app.set_timer(0.05, first))
        assert done == 1000.1 and clock.now == 1000.15
        await pilot.pause()


async def test_painted_in_an_area_ignores_the_rest_of_the_screen(clock):
    app = TwoLabels()
    async with app.run_test() as pilot:
        label, other = app.query_one("#label", Label), app.query_one("#other", Label)
        done = await label_then(app, clock, lambda: other.update("not what is measured"),
                                area=lambda: label.region)
        assert done == 1000.1
        await pilot.pause()


async def test_the_model_of_the_terminal_shows_what_textual_drew():
    """Every update applied, the cells are those Textual would draw now, character and
    style, through full (layout) and partial (chops) updates."""
    app = TwoLabels()
    async with app.run_test() as pilot:
        label, other = app.query_one("#label", Label), app.query_one("#other", Label)
        shots = probe.Screenshots.of(app)
        start = shots.sent
        for words in ("after", "Zoë [b]x[/]", "a much longer line than the label had before"):
            label.update(words)
            other.update(words[::-1])
            await pilot.pause(0.05)
        pictures = await shots.since(start)
        assert len(pictures) >= 3
        drawn = [tuple((text, style) for text, style, _ in strip)
                 for strip in app.screen._compositor.render_strips()]  # noqa: SLF001
        model = [_segments(line) for line in pictures[-1][2]]
        assert model == [_merge(line) for line in drawn]


def test_the_model_applies_partial_updates_as_the_terminal_does():
    """Only the spans a partial update names are written, each chop cut at the span's end
    (as Textual writes them); a full update writes its region."""
    from types import SimpleNamespace

    from rich.segment import Segment
    from textual._compositor import ChopsUpdate, LayoutUpdate
    from textual.geometry import Region
    from textual.strip import Strip

    app = SimpleNamespace(size=(12, 2), _display=lambda screen, update: None)
    shots = probe.Screenshots(app)

    def strip(text: str) -> Strip:
        return Strip([Segment(text)])

    shots._apply(LayoutUpdate([[strip("0123456789ab")], [strip("cdefghijklmn")]],
                              Region(0, 0, 12, 2)))
    chops = [{0: strip("AAAA"), 4: strip("BBBB"), 8: strip("CCCC")}, {}]
    shots._apply(ChopsUpdate(chops, [(0, 4, 6)], [[4, 8, 12], []]))

    def text(y: int) -> str:
        return "".join(cell[0] for cell in shots._frozen[y])

    assert text(0) == "0123BB6789ab"  # the span 4..6 of the line: B cut at 6, A and C not
    assert text(1) == "cdefghijklmn"


def _segments(cells) -> tuple:
    """A line of the model's cells as (text, style) runs."""
    runs: list[list] = []
    for text, style in cells:
        if runs and runs[-1][1] == style:
            runs[-1][0] += text
        else:
            runs.append([text, style])
    return tuple((text, style) for text, style in runs)


def _merge(segments) -> tuple:
    runs: list[list] = []
    for text, style in segments:
        if not text:
            continue
        if runs and runs[-1][1] == style:
            runs[-1][0] += text
        else:
            runs.append([text, style])
    return tuple((text, style) for text, style in runs)


def _child(*args: str) -> dict:
    env = dict(os.environ, PYTHONSAFEPATH="1")
    started = time.time()
    proc = subprocess.run([sys.executable, "-m", "peer_tui.bench.startup", *args],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["painted_at"] > started and data["maxrss_kb"] > 1000
    return data


def test_startup_probes_see_the_first_screen(tmp_path):
    from peer_tui.bench.generate import generate

    assert _child("minimal")["children_cpu_ms"] == 0
    db = tmp_path / "s.db"
    generate(db, residents=20, events=200, staff=3)
    data = _child("app", "--db", str(db))
    assert data["exit"] == 0
    # Processor time to painted, and the checks' own in the child process.
    assert data["cpu_ms"] > 0 and data["children_cpu_ms"] > 0
    # The real command line ran: it made the daily backup beside the database.
    assert list((tmp_path / "backups").glob("s-auto-*.db"))


def test_table_marks_budgets_missed_met_and_unmeasured():
    results = {"startup_ratio": 1.5, "caseload_after_signin_ms": 60.0,
               "floor_plain_screen_ms": 40.0, "timeline_scroll_ms": 30.0,
               "floor_line_scroll_ms": 5.0, "maxrss_mb": 90.0}
    add_ratios(results)
    assert results["caseload_ratio"] == pytest.approx(1.5)
    assert results["timeline_scroll_ratio"] == pytest.approx(6.0)
    assert "timeline_first_page_ratio" not in results  # its step was not measured
    rows = evaluate(results)
    verdicts = {label.strip(): verdict for label, _, _, verdict in rows}
    assert verdicts["1. start-up / minimal Textual app"] == "MISSED"
    assert verdicts["2. caseload after sign-in / plain screen"] == "ok"  # 1.5x of 2x
    assert verdicts["5. timeline PageDown / line scroll"] == "MISSED"  # 6x of 3x
    assert verdicts["4. busiest resident / plain screen"] == "not measured"
    assert verdicts["3. filter keystroke to rows"] == "not measured"
    assert verdicts["8. peak RSS of the app process"] == "ok"
    text = format_table(rows)
    assert "1.50 x" in text and "<= 2 x" in text and "<= 30 ms" in text


def test_floor_probe_measures_bare_textual():
    """The floor child paints a plain screen and scrolls a 20,000-row Line-API list."""
    env = dict(os.environ, PYTHONSAFEPATH="1")
    proc = subprocess.run([sys.executable, "-m", "peer_tui.bench.floor", "--repeat", "2"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["plain_screen_ms"] > 0 and data["line_scroll_ms"] > 0
    assert len(data["samples"]["plain_screen_ms"]) == 2
    assert len(data["samples"]["line_scroll_ms"]) == 2


def test_run_refuses_a_missing_database(tmp_path, capsys):
    from peer_tui.bench.__main__ import main

    assert main(["run", "--db", str(tmp_path / "nope.db")]) == 1
    assert "generate" in capsys.readouterr().err


def test_scenario_measures_every_step_on_the_real_screens(tmp_path):
    """One repetition on a small database: each step is seen, none is skipped."""
    from peer_tui.bench.generate import generate

    db = tmp_path / "s.db"
    generate(db, residents=60, events=6000, staff=4)  # busiest: 600 events, 6 blocks
    env = dict(os.environ, PYTHONSAFEPATH="1")
    proc = subprocess.run([sys.executable, "-m", "peer_tui.bench.scenario", "--db", str(db)],
                          capture_output=True, text=True, timeout=180, env=env)
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["notes"] == []
    assert data["caseload_rows"] > 0 and len(data["filter_keystroke_ms"]) == 6
    # The whole history is one list; PageDown from its middle reached rows not read at first.
    assert data["timeline_rows"] >= 600 and len(data["timeline_scroll_ms"]) == 5
    assert data["timeline_scroll_at"] > data["timeline_rows"] // 2
    assert data["maxrss_mb"] > 10 and "timeline" in data["stall_by_phase_ms"]


ISSUE_KEYS = ("startup_ratio", "caseload_after_signin_ms", "filter_keystroke_ms",
              "timeline_first_page_ms", "timeline_scroll_ms", "stall_ms", "maxrss_mb",
              "floor_plain_screen_ms", "floor_line_scroll_ms", "caseload_ratio",
              "timeline_first_page_ratio", "timeline_scroll_ratio", "load_before",
              "load_after")


def test_run_writes_every_key_with_the_floor_and_the_ratios(tmp_path, capsys):
    """One repetition of the whole run: the JSON has every key, each a positive number, and
    each ratio is its step over the floor of the same run (no time is judged here)."""
    from peer_tui.bench.generate import generate
    from peer_tui.bench.run import RATIOS, run_benchmark

    db = tmp_path / "s.db"
    generate(db, residents=60, events=6000, staff=4)
    out = tmp_path / "bench.json"
    assert run_benchmark(str(db), json_out=str(out), repeat=1, say=lambda _: None) == 0
    data = json.loads(out.read_text())
    for key in ISSUE_KEYS:
        assert isinstance(data.get(key), (int, float)), key
        assert data[key] >= 0, key
    for key, (step, floor) in RATIOS.items():
        assert data[key] == pytest.approx(data[step] / data[floor])
    printed = capsys.readouterr().out
    assert "floor: plain screen push" in printed and "5. timeline PageDown" in printed
