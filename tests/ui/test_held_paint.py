"""A screen held still for its rows (``hold_paint``) is drawn again after its moment, even
when the rows never come and the machine is busy."""

from __future__ import annotations

import time

import textual.timer
from textual.app import App
from textual.widgets import Label

from peer_tui.screens.held_paint import hold_paint


class PutAside:
    """Textual's timers' clock on a busy machine: each reading is 5 ms later than the one
    before, as if the process were put aside between them."""

    sleep = staticmethod(textual.timer._time.sleep)

    def __init__(self) -> None:
        self.lag = 0.0

    def get_time(self) -> float:
        self.lag += 0.005
        return time.monotonic() + self.lag


class Plain(App):
    def compose(self):
        yield Label("rows")


async def _released(app, pilot) -> bool:
    for _ in range(500):  # a guard against a hold that never ends, not a time limit
        print("count", app._batch_count, flush=True)
        if app._batch_count == 0:
            return True
        await pilot.pause(0.01)
    return False


async def test_a_hold_whose_rows_never_come_ends_on_a_busy_machine(monkeypatch):
    # A one-shot Textual timer whose task reads the clock twice more than its delay apart
    # skips its only tick: a hold released by one stayed on while its holder (the
    # timeline pane, waiting for rows) kept the release, and the screen was never drawn
    # again.
    monkeypatch.setattr(textual.timer, "_time", PutAside())
    app = Plain()
    async with app.run_test() as pilot:
        release = hold_paint(app, 0.002)  # kept, as the pane keeps it
        assert app._batch_count == 1
        assert await _released(app, pilot)
        release()  # the rows come after all: nothing more to end
        assert app._batch_count == 0


async def test_released_early_the_hold_ends_once():
    app = Plain()
    async with app.run_test() as pilot:
        release = hold_paint(app, 0.05)
        release()
        assert app._batch_count == 0
        release()  # twice is harmless
        assert await _released(app, pilot)
        await pilot.pause(0.1)  # the moment passes: the timer's release finds it done
        assert app._batch_count == 0
