"""A Static for user text: whatever a resident or staff member typed renders literally."""

from __future__ import annotations

from textual.widgets import Static

from peer_tui.screens.text import plain


class PlainStatic(Static):
    """A Static whose content is always literal text."""

    def __init__(self, content: object = "", **kwargs) -> None:
        super().__init__(plain(content), markup=False, **kwargs)

    def set_text(self, content: object, style: str = "") -> None:
        self.update(plain(content, style))
