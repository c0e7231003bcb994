"""An Input each edit of which is answered by a read, drawn together with its answer."""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.widgets import Input

from peer_tui.screens.held_paint import hold_paint

# Input's own keys that change its value (besides the printable ones): their actions.
EDITING_ACTIONS = ("delete_", "cut", "paste")


class AnsweredInput(Input):
    """The caseload's filter: each letter typed or deleted changes the rows below it, read in
    a worker a few milliseconds later. Drawn at once, the letter took a frame of its own, and
    Textual's frame timer, having just drawn, drew the rows one or two frame periods (17 to
    33 ms) after they came. Held for them, the letter and its rows are one frame, drawn as
    soon as the owner says the answer is shown (``answered``), or after HOLD_FOR seconds."""

    def __init__(self, *args, hold_for: float = 0.05, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.hold_for = hold_for
        self._release: Callable[[], None] | None = None  # while an edit waits for its answer

    async def _on_key(self, event: events.Key) -> None:
        # Runs before Input's own handler (printable keys) and its bindings (the editing
        # keys): from here to the answer, nothing of the screen is drawn.
        if self._edits(event.key, event.is_printable):
            self._let_go()
            self._release = hold_paint(self.app, self.hold_for)

    def _edits(self, key: str, printable: bool) -> bool:
        return printable or any(binding.action.startswith(EDITING_ACTIONS)
                                for binding in self._bindings.key_to_bindings.get(key, ()))

    def answered(self) -> None:
        """The answer to the latest edit is shown (or failed to come): draw it now."""
        if self._release is not None:
            # The screen refreshed whole: the widgets the answer changed tell the screen so
            # only when they are next idle, after the frame the release starts at once.
            self.screen.refresh(layout=True)
        self._let_go()

    def _let_go(self) -> None:
        if self._release is not None:
            release, self._release = self._release, None
            release()

    def on_unmount(self) -> None:
        self._let_go()
