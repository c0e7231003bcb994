"""The last step before the terminal: no control character in shown text ever reaches it.

Screens show stored text through ``screens/text.py``, which makes unsafe characters visible.
But Textual's own widgets show text too (an Input holding a stored name, a Select of staff
names, a notification), and one missed call is enough for a stored ``ESC[2J`` to clear the
screen or ``ESC]0;...`` to retitle the window. So every frame is checked on its way out: the
text of each segment Textual is about to write is passed through ``safe_text.strip_unsafe``.
Textual's own escape sequences are not in segment text (they are made from the segments'
styles and positions afterwards), so they are untouched. The characters removed are all
zero-width, so nothing on screen moves.

This hooks ``App._display``, the one method every frame passes through on its way to the
driver. It is private to Textual (pinned in pyproject.toml); ``tests/ui/test_hostile_bytes.py``
reads the real terminal output, so a Textual that stopped calling it would be noticed.
"""

from __future__ import annotations

from rich.segment import Segment
from textual._compositor import ChopsUpdate, InlineUpdate, LayoutUpdate
from textual.strip import Strip

from peer_tui.safe_text import has_unsafe, strip_unsafe


def safe_strip(strip: Strip) -> Strip:
    """STRIP, or a copy without unsafe characters in its text."""
    if not any(has_unsafe(segment.text) for segment in strip):
        return strip
    return Strip([Segment(strip_unsafe(text), style, control) for text, style, control in strip],
                 strip.cell_length)


def safe_update(update):
    """A compositor update whose strips carry no unsafe characters (others pass as they are)."""
    if isinstance(update, LayoutUpdate):
        return LayoutUpdate([[safe_strip(s) for s in line] for line in update.strips],
                            update.region)
    if isinstance(update, ChopsUpdate):
        chops = [{x: (safe_strip(s) if s is not None else None) for x, s in line.items()}
                 for line in update.chops]
        return ChopsUpdate(chops, update.spans, update.chop_ends)
    if isinstance(update, InlineUpdate):
        return InlineUpdate([safe_strip(s) for s in update.strips], update.clear)
    return update


class TerminalGuard:
    """Mixin for an App: every frame is made safe before it is written (module docstring)."""

    def _display(self, screen, renderable) -> None:
        super()._display(screen, safe_update(renderable))  # type: ignore[misc]
