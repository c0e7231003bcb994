"""Measuring a running Textual app from inside its event loop.

"Painted" means: the condition holds (rows are in the table...) and the screen then finished
a refresh (``call_after_refresh`` runs once nothing is left to lay out or repaint). In a
headless run that is the moment the frame would be written to the terminal; only the write
itself (a few ms of escape codes) is not counted.
"""

from __future__ import annotations

import asyncio
from time import perf_counter
from typing import Callable

from textual import events

POLL_SECONDS = 0.001


class NotPainted(Exception):
    """The condition did not become true in time (the step did not happen)."""


def holds(pred: Callable[[], object]) -> bool:
    try:
        return bool(pred())
    except Exception:  # noqa: BLE001 - widgets not mounted yet, screen changing...
        return False


async def until(pred: Callable[[], object], timeout: float = 10.0, what: str = "") -> float:
    """Wait until PRED is true; returns the perf_counter() time it was seen true."""
    deadline = perf_counter() + timeout
    while not holds(pred):
        if perf_counter() > deadline:
            raise NotPainted(f"not seen within {timeout:g} s: {what or 'condition'}")
        await asyncio.sleep(POLL_SECONDS)
    return perf_counter()


async def painted(app, pred: Callable[[], object], timeout: float = 10.0,
                  what: str = "") -> float:
    """Wait until PRED is true and the current screen has refreshed; returns the time.

    While the app holds its drawing (``batch_update``: a screen waiting a moment for what
    it shows, a footer being rebuilt) the after-refresh callbacks run without a refresh:
    the wait goes on until the hold ends, so what is measured is a frame drawn."""
    await until(pred, timeout, what)
    await until(lambda: not app._batch_count, timeout, what or "the drawing held")  # noqa: SLF001
    done = asyncio.get_running_loop().create_future()

    def mark() -> None:
        if not done.done():
            done.set_result(perf_counter())

    app.screen.call_after_refresh(mark)
    return await asyncio.wait_for(done, timeout)


def send_key(app, key: str, char: str | None = None) -> None:
    """Deliver a key the way the terminal driver does (no test-harness waiting)."""
    if char is None and len(key) == 1:
        char = key
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)  # noqa: SLF001 - what a real key press goes through


class StallMonitor:
    """The longest time the app could not run a timer (an event-loop stall).

    A Textual timer every 5 ms records the gap between its ticks; a gap of 5 ms is no stall.
    An asyncio sleeper records the same at the loop level (below Textual's message queues).
    """

    INTERVAL = 0.005

    def __init__(self, app) -> None:
        self.app = app
        self.timer_gap = 0.0
        self.loop_gap = 0.0
        self.phase = ""
        self.by_phase: dict[str, float] = {}  # the longest loop gap seen in each phase
        self._last = 0.0
        self._timer = None
        self._task: asyncio.Task | None = None

    def _tick(self) -> None:
        now = perf_counter()
        self.timer_gap = max(self.timer_gap, now - self._last - self.INTERVAL)
        self._last = now

    async def _sleeper(self) -> None:
        last = perf_counter()
        while True:
            await asyncio.sleep(self.INTERVAL)
            now = perf_counter()
            gap = now - last - self.INTERVAL
            self.loop_gap = max(self.loop_gap, gap)
            self.by_phase[self.phase] = max(self.by_phase.get(self.phase, 0.0), gap)
            last = now

    def start(self) -> None:
        self._last = perf_counter()
        self._timer = self.app.set_interval(self.INTERVAL, self._tick, name="stall-probe")
        self._task = asyncio.get_running_loop().create_task(self._sleeper())

    def stop(self) -> tuple[float, float]:
        if self._timer is not None:
            self._timer.stop()
        if self._task is not None:
            self._task.cancel()
        return max(0.0, self.timer_gap), max(0.0, self.loop_gap)
