"""A DataTable for user text: str cells are literal text, never markup."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from peer_tui.screens.text import cleaned, plain
from peer_tui.screens.widgets.marks import MARK_CLASSES, marks_css, with_looks


class SafeTable(DataTable):
    """A DataTable whose str cells are literal text; sorting compares the plain text. Cells
    made with ``marks.marked`` get their look from the CSS below."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | MARK_CLASSES
    DEFAULT_CSS = marks_css("SafeTable")

    def add_row(self, *cells, **kwargs):  # type: ignore[override]
        return super().add_row(*(self._cell(c) for c in cells), **kwargs)

    def update_cell(self, row_key, column_key, value, **kwargs):  # type: ignore[override]
        return super().update_cell(row_key, column_key, self._cell(value), **kwargs)

    def _cell(self, value: object):
        if isinstance(value, Text):
            return with_looks(cleaned(value), self)
        return plain(value)
