"""A Static for user text: whatever a resident or staff member typed renders literally."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from peer_tui.screens.text import plain
from peer_tui.screens.widgets.marks import MARK_CLASSES, marks_css, with_looks


class PlainStatic(Static):
    """A Static whose content is always literal text. Text made with ``marks.marked`` (or
    styled with ``marks.mark``) gets its look from the CSS below."""

    COMPONENT_CLASSES = MARK_CLASSES
    DEFAULT_CSS = marks_css("PlainStatic")

    def __init__(self, content: object = "", **kwargs) -> None:
        super().__init__(plain(content), markup=False, **kwargs)

    def set_text(self, content: object, style: str = "") -> None:
        self.update(plain(content, style))

    def update(self, content: object = "", *, layout: bool = True) -> None:
        super().update(with_looks(content, self) if isinstance(content, Text) else content,
                       layout=layout)
