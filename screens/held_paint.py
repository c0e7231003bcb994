"""Holding the screen still for a moment, so that a change is drawn once, complete."""

from __future__ import annotations

import asyncio
from typing import Callable


def hold_paint(app, seconds: float) -> Callable[[], None]:
    """Stop APP's screen being laid out and drawn until the returned release() is called,
    or SECONDS have passed (whichever is first; release() may be called more than once)."""
    batch = app.batch_update()
    batch.__enter__()
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            released = True
            batch.__exit__(None, None, None)
            if app.screen_stack:  # (none as the app closes)
                app.screen.check_idle()  # what waited is laid out and drawn now

    # asyncio's timer, not Textual's set_timer: a one-shot Textual timer whose task is put
    # aside between its first two readings of the clock (a busy machine) skips its only tick,
    # and the screen would stay held for good if the rows never came. The release runs in
    # the app's own queue, whatever screen is shown then.
    asyncio.get_running_loop().call_later(seconds, app.call_later, release)
    return release
