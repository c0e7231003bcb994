"""The one safe way to show user text: never parsed as markup, never a raw control character.

A resident called ``[b]Sam[/b]`` or a note containing ``[@click=app.quit]`` must render
literally. Widgets that parse markup (Static, Label, Button, DataTable str cells, notify) get
``rich.text.Text`` or ``markup=False`` through these helpers. ``clean`` is the program's one
sanitiser (``peer_tui.safe_text``): terminal control and text-direction characters become a
visible placeholder.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable, Static

from peer_tui.safe_text import clean, clean_line, has_unsafe


def plain(value: object, style: str = "") -> Text:
    """User text as a Text that renders literally."""
    return Text(clean(value), style=style, no_wrap=False)


def one_line(value: object, limit: int = 80) -> str:
    text = clean_line(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class PlainStatic(Static):
    """A Static whose content is always literal text."""

    def __init__(self, content: object = "", **kwargs) -> None:
        super().__init__(plain(content), markup=False, **kwargs)

    def set_text(self, content: object, style: str = "") -> None:
        self.update(plain(content, style))


class SafeTable(DataTable):
    """A DataTable whose str cells are literal text; sorting compares the plain text."""

    def add_row(self, *cells, **kwargs):  # type: ignore[override]
        return super().add_row(*(_cell(c) for c in cells), **kwargs)

    def update_cell(self, row_key, column_key, value, **kwargs):  # type: ignore[override]
        return super().update_cell(row_key, column_key, _cell(value), **kwargs)


def _cell(value: object):
    if isinstance(value, Text):
        return cleaned(value)
    return plain(value)


def cleaned(text: Text) -> Text:
    """TEXT with unsafe characters shown as placeholders, keeping its styles (each character
    is replaced by exactly one, so every style span still covers the same letters)."""
    if not has_unsafe(text.plain):
        return text
    copy = text.copy()
    copy.plain = clean(text.plain)
    return copy


def sort_key(value: object):
    """Key for DataTable.sort over Text cells (Text objects cannot be compared)."""
    return value.plain.casefold() if isinstance(value, Text) else value
