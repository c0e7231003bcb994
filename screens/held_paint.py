"""Holding the screen still for a moment, so that a change is drawn once, complete."""

from __future__ import annotations

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

    app.set_timer(seconds, release)  # the app's timer: it runs whatever screen is shown
    return release
