""""Still there?": the countdown before the kiosk drops an unfinished check-in."""

from __future__ import annotations

from math import ceil
from time import monotonic

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from peer_tui.kiosk_i18n import _, ngettext


class StillThereScreen(ModalScreen[None]):
    """Any key closes it and the check-in goes on; the app resets when it expires."""

    def __init__(self, seconds: int) -> None:
        super().__init__(classes="kiosk")
        self.seconds = seconds
        self.deadline = monotonic() + seconds

    def compose(self) -> ComposeResult:
        with Vertical(id="idle-box"):
            yield Static(Text(_("Are you still there?"), style="bold"))
            yield Static(id="idle-count", markup=False)
            yield Static(Text(_("Press any key or tap to keep going.")))

    def on_mount(self) -> None:
        self.update_countdown()

    def remaining(self) -> int:
        return max(0, ceil(self.deadline - monotonic()))

    def expired(self) -> bool:
        return monotonic() >= self.deadline

    def update_countdown(self) -> None:
        left = self.remaining()
        self.query_one("#idle-count", Static).update(Text(ngettext(
            "Going back to the start in {count} second; answers not sent will be cleared.",
            "Going back to the start in {count} seconds; answers not sent will be cleared.",
            left).format(count=left)))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.dismiss()
