"""A DataTable for user text: str cells are literal text, never markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from peer_tui.screens.text import cleaned, plain
from peer_tui.screens.widgets.marks import MARK_CLASSES, marks_css, with_looks


#: A column: its heading, its key, and its width (None: as wide as what it holds).
Column = tuple[str, str, int | None]


class SafeTable(DataTable):
    """A DataTable whose str cells are literal text; sorting compares the plain text. Cells
    made with ``marks.marked`` get their look from the CSS below."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | MARK_CLASSES
    DEFAULT_CSS = marks_css("SafeTable")

    @classmethod
    def of_rows(cls, columns: Sequence[Column], **kwargs) -> SafeTable:
        """A table of records, one a row: the cursor on whole rows, stripes, COLUMNS."""
        table = cls(cursor_type="row", zebra_stripes=True, **kwargs)
        table.add_columns_of(columns)
        return table

    def add_columns_of(self, columns: Sequence[Column]) -> None:
        for label, key, width in columns:
            self.add_column(label, key=key, width=width)

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor; None when the table is empty."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def add_row(self, *cells, **kwargs):  # type: ignore[override]
        return super().add_row(*(self._cell(c) for c in cells), **kwargs)

    def update_cell(self, row_key, column_key, value, **kwargs):  # type: ignore[override]
        return super().update_cell(row_key, column_key, self._cell(value), **kwargs)

    def _cell(self, value: object):
        if isinstance(value, Text):
            return with_looks(cleaned(value), self)
        return plain(value)
