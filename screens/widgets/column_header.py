"""The headings line above a ``RowList``: the same cell widths and spacing as its rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Sequence

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from peer_tui.screens.widgets.row_list import layout_cells


class ColumnHeader(Widget):
    """One line of column headings; a click on a heading says which (to sort by it)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"column-header--label"}

    DEFAULT_CSS = """
    ColumnHeader {
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    """

    @dataclass
    class Clicked(Message):
        header: ColumnHeader
        key: str

        @property
        def control(self) -> ColumnHeader:
            return self.header

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.keys: list[str] = []
        self.labels: list[Text] = []
        self.widths: list[int] = []

    def set_columns(self, keys: Sequence[str], labels: Sequence[Text],
                    widths: Sequence[int]) -> None:
        self.keys, self.labels, self.widths = list(keys), list(labels), list(widths)
        self.refresh()

    def label_of(self, key: str) -> str:
        """The heading of column KEY as shown (with a sort arrow, if it has one)."""
        return self.labels[self.keys.index(key)].plain

    def render(self) -> Text:
        return layout_cells(self.labels, self.widths)

    def on_click(self, event: events.Click) -> None:
        x = event.x
        for key, width in zip(self.keys, self.widths):
            if x < width + 2:
                self.post_message(self.Clicked(self, key))
                return
            x -= width + 2
