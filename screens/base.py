"""What every staff screen shares: the header, the footer, help, lock, and service calls
(``ServiceCaller``, from ``service_caller``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from peer_tui.screens.first_field import OpensOnFirstField
from peer_tui.screens.roles import RoleGated
from peer_tui.screens.widgets.footer import KeysFooter
from peer_tui.screens.widgets.safe_table import Column, SafeTable
from peer_tui.screens.service_caller import ServiceCaller
from peer_tui.screens.widgets.staff_header import StaffHeader


class ReloadsWhenShown:
    """For a screen whose rows others change: ``reload`` reads them when it opens and each
    time it is shown again (a dialog or a screen above it may have changed them)."""

    def on_mount(self) -> None:
        self.reload()  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        self.reload()  # type: ignore[attr-defined]


class StaffScreen(RoleGated, OpensOnFirstField, ServiceCaller, Screen):
    """Base for every signed-in staff screen: header with house/staff/urgent, footer."""

    BINDINGS = [
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    #: Shown in the header after the house name, e.g. "Caseload".
    TITLE_TEXT = ""

    def compose_header(self) -> ComposeResult:
        yield StaffHeader(self.TITLE_TEXT)

    def compose_footer(self) -> ComposeResult:
        # No "^p palette" corner: Ctrl+P still opens it and ? lists it, and its twelve columns
        # are what a screen's own keys (and ^q Quit) need to stay on screen at 80 columns.
        yield KeysFooter(show_command_palette=False)

    @property
    def actor(self):
        return self.app.actor  # type: ignore[attr-defined]

    @property
    def settings(self):
        return self.app.settings  # type: ignore[attr-defined]

    def has_unsaved_changes(self) -> bool:
        """Screens with forms override this; sign-out and switching user ask first."""
        return False


class TableScreen(ReloadsWhenShown, StaffScreen):
    """A staff screen that is one table under a status line: ``<ID_PREFIX>-status`` says
    what is shown (LOADING until the rows arrive), ``<ID_PREFIX>-table`` has COLUMNS;
    ``reload`` fills it when the screen opens and each time it is shown again."""

    ID_PREFIX = ""
    LOADING = ""
    COLUMNS: Sequence[Column] = ()

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(self.LOADING, id=f"{self.ID_PREFIX}-status", markup=False)
        yield SafeTable.of_rows(self.COLUMNS, id=f"{self.ID_PREFIX}-table")
        yield from self.compose_footer()


#: The kind of record a ``TableWithDetail`` lists.
Record = TypeVar("Record")


class TableWithDetail(Generic[Record]):
    """A table of records with the highlighted one in full below it. Subclasses hold one
    SafeTable, give ``cells(record)`` (a row's cells) and ``show_detail(record)`` (None:
    nothing highlighted), and call ``fill(records)`` with what they read; ``views`` then has
    each record under its row key, ``str(id)``. ``select_id``, set before a reload, is the
    record the cursor goes to once the rows are back (one just saved)."""

    views: dict[str, Record]
    select_id: int | None = None

    def cells(self, view: Record) -> Sequence[Any]:  # pragma: no cover - each table says
        raise NotImplementedError

    def show_detail(self, view: Record | None) -> None:  # pragma: no cover - each table says
        raise NotImplementedError

    def fill(self, views: Sequence[Record]) -> None:
        """The table holds VIEWS, one row each; the cursor goes to ``select_id`` when it is
        listed, else back to the row it was on (the last row when fewer came back)."""
        table: SafeTable = self.query_one(SafeTable)  # type: ignore[attr-defined]
        keep = table.cursor_row
        table.clear()
        self.views = {str(v.id): v for v in views}  # type: ignore[attr-defined]
        for view in views:
            table.add_row(*self.cells(view), key=str(view.id))  # type: ignore[attr-defined]
        if self.select_id is not None and str(self.select_id) in self.views:
            table.move_cursor(row=table.get_row_index(str(self.select_id)))
            self.select_id = None
        elif self.views:
            table.move_cursor(row=min(keep, len(self.views) - 1))

    def selected(self) -> Record | None:
        """The record under the cursor; None while the table is empty."""
        key = self.query_one(SafeTable).cursor_key  # type: ignore[attr-defined]
        return None if key is None else self.views.get(key)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        view = self.views.get(event.row_key.value) if event.row_key else None
        if view is not None:
            self.show_detail(view)
