"""Measuring a running Textual app from inside its event loop.

"Painted" means: the condition holds (rows are in the table...) and the terminal shows what it
will go on showing. Every update the app sends to the terminal is applied to a model of the
terminal's cells (``Screenshots``), as the terminal applies it; once the app has been quiet a
moment, the step was painted at the first update after which the screen (or the part of it
asked about) no longer changes, among those sent while the condition held. So a frame drawn
while a part of the step is still missing or wrong, and corrected by the next one, does not
count; and a frame that was final counts even when it was drawn before this coroutine saw
the condition hold (a long frame can begin the moment the rows arrive). In a headless run the
update is computed but not written: only the write itself (a few ms of escape codes) is not
counted.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import perf_counter
from typing import Callable

from rich.cells import cell_len, get_character_cell_size
from textual import events
from textual.geometry import Region

POLL_SECONDS = 0.001
# How long the app must send nothing for a step to be over: the frames a step asks for come
# within a few frame periods (1/60 s) of each other.
QUIET_SECONDS = 0.15


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


Cell = tuple  # (character, style); None for a cell not written since the model began
Picture = tuple  # one tuple of cells per line


class Screenshots:
    """What APP's terminal shows, update by update.

    Each update the app sends (``App._display``, the compositor's layout or chops update)
    is kept with the time it was sent and whether the watched condition held then; they are
    applied to the cells later (``since``), outside the steps measured."""

    def __init__(self, app) -> None:
        self.app = app
        width, height = app.size
        self._lines = [[None] * width for _ in range(height)]
        self._frozen = [tuple(line) for line in self._lines]
        self._waiting: deque[tuple[int, float, bool, object]] = deque()  # (n, sent, held, update)
        self.sent = 0  # updates sent since the model began
        self.last_sent_at = 0.0  # on the event loop's clock, for ``quiet``
        self.pred: Callable[[], object] | None = None
        display = app._display  # noqa: SLF001 - where every frame reaches the terminal

        def sending(screen, update) -> None:
            display(screen, update)
            if update is None or app._batch_count or screen is not app.screen:  # noqa: SLF001
                return  # nothing written (a drawing held, a screen below the top one)
            held = self.pred is not None and holds(self.pred)
            self._waiting.append((self.sent, perf_counter(), held, update))
            self.sent += 1
            self.last_sent_at = asyncio.get_running_loop().time()

        app._display = sending  # noqa: SLF001

    @classmethod
    def of(cls, app) -> Screenshots:
        """APP's model, made the first time it is asked for."""
        shots = getattr(app, "_bench_screenshots", None)
        if shots is None:
            shots = app._bench_screenshots = cls(app)
        return shots

    async def quiet(self, seconds: float, timeout: float) -> None:
        """Until the app has sent nothing for SECONDS (at most TIMEOUT)."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + timeout
        while loop.time() - self.last_sent_at < seconds and loop.time() < give_up:
            await asyncio.sleep(0.005)

    async def since(self, first: int) -> list[tuple[float, bool, Picture]]:
        """(sent, held, picture after it) for every update from number FIRST on. Applied a
        few at a time, so that the stall monitor does not see this work as the app's."""
        pictures = []
        while self._waiting:
            number, sent, held, update = self._waiting.popleft()
            self._apply(update)
            if number >= first:
                pictures.append((sent, held, tuple(self._frozen)))
            await asyncio.sleep(0)
        return pictures

    def _apply(self, update) -> None:
        # As the terminal receives them (see Textual's LayoutUpdate and ChopsUpdate).
        changed: set[int] = set()
        if hasattr(update, "chops"):
            for y, x1, x2 in update.spans:
                for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items()):
                    if strip is None or x > x2 or end <= x1:
                        continue
                    if not (x2 > x >= x1 and end <= x2):
                        strip = strip.crop(0, min(end, x2) - x)
                    self._write(y, x, strip)
                    changed.add(y)
        elif hasattr(update, "region"):
            for y, line in enumerate(update.strips, update.region.y):
                x = update.region.x
                for strip in line:
                    x = self._write(y, x, strip)
                changed.add(y)
        for y in changed:
            if 0 <= y < len(self._lines):
                self._frozen[y] = tuple(self._lines[y])

    def _write(self, y: int, x: int, strip) -> int:
        if not 0 <= y < len(self._lines):
            return x
        line, width = self._lines[y], len(self._lines[y])
        for text, style, control in strip:
            if control:
                continue
            if cell_len(text) == len(text):
                cells = [(c, style) for c in text[:max(0, width - x)]]
                line[x:x + len(cells)] = cells
                x += len(text)
                continue
            for c in text:
                size = get_character_cell_size(c)
                for offset in range(size):
                    if x + offset < width:
                        line[x + offset] = (c if offset == 0 else "", style)
                x += size
        return x


def first_final(pictures: list[tuple[float, bool, Picture]],
                area: Region | None = None) -> float | None:
    """When the first of PICTURES taken while the condition held showed (in AREA) what the
    last one shows, and every picture after it did too; None if none did."""
    def crop(picture: Picture) -> Picture:
        if area is None:
            return picture
        return tuple(line[area.x:area.right] for line in picture[area.y:area.bottom])

    if not pictures:
        return None
    final, answer = crop(pictures[-1][2]), None
    for sent, held, picture in reversed(pictures):
        if crop(picture) != final:
            break
        if held:
            answer = sent
    return answer


async def painted(app, pred: Callable[[], object], timeout: float = 10.0, what: str = "",
                  *, area: Callable[[], Region] | None = None, settle: bool = True) -> float:
    """Wait until PRED is true and the screen shows it for good; returns the time.

    The time is that of the first update after which the screen (AREA: only that part of
    it, e.g. a list whose neighbours are read later) stays as it is once the app is quiet,
    among the updates sent while PRED held. With none (the step's frame was sent before this
    began, or drew nothing new), the time is that of the next refresh once PRED holds, as
    is SETTLE false (the first refresh of an app, where nothing came before to correct).

    While the app holds its drawing (``batch_update``: a screen waiting a moment for what
    it shows, a footer being rebuilt) the after-refresh callbacks run without a refresh:
    the wait goes on until the hold ends, so what is measured is a frame drawn."""
    shots = Screenshots.of(app) if settle else None
    first = shots.sent if shots else 0
    if shots:
        shots.pred = pred
    try:
        await until(pred, timeout, what)
        await until(lambda: not app._batch_count, timeout, what or "the drawing held")  # noqa: SLF001
        refreshed = await _next_refresh(app, timeout)
        if shots is None:
            return refreshed
        await shots.quiet(QUIET_SECONDS, timeout)
    finally:
        if shots:
            shots.pred = None
    answer = first_final(await shots.since(first), area() if area else None)
    return refreshed if answer is None else answer


async def _next_refresh(app, timeout: float) -> float:
    """The time of the current screen's next refresh (at once when nothing is left to draw)."""
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
