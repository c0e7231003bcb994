"""A block of the kiosk's screen that a tap presses a key on (the welcome page's big buttons).

A tap runs the kiosk's ``tap`` action, the same key press the key line's chips make, so the
block does exactly what its key does and nothing else.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Static


class TapStatic(Static):
    """A block on screen that a tap presses KEY on (the welcome page's big buttons)."""

    def __init__(self, content, key: str, **kwargs) -> None:
        super().__init__(content, **kwargs)
        self.key = key

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.app.run_action(f"tap({self.key!r})")


__all__ = ["TapStatic"]
