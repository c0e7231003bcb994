"""A DataTable for user text: str cells are literal text, never markup."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from peer_tui.screens.text import cleaned, plain


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
