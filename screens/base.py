"""What every staff screen shares: the header, the footer, help, lock, and service calls.

Screens never build queries: they call services through ``run_service``, which runs the
service in a thread worker (the event loop never waits on the database) and hands the result
back on the event loop. A stale result (the worker was superseded) is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, get_current_worker
from textual.widgets import DataTable, Static

from peer_tui.screens.first_field import OpensOnFirstField
from peer_tui.screens.roles import RoleGated
from peer_tui.screens.widgets.footer import KeysFooter
from peer_tui.screens.widgets.row_list import RowList
from peer_tui.screens.widgets.safe_table import Column, SafeTable
from peer_tui.screens.widgets.staff_header import StaffHeader
from peer_tui.services.audit import take_unrecorded
from peer_tui.services.errors import ServiceError
from peer_tui.services.runner import call


#: What a service returns, and so what the ``done`` callback of ``run_service`` receives.
Result = TypeVar("Result")


class ServiceCaller:
    """Mixin for screens and widgets: ``run_service(fn, *args, done=..., failed=...)``."""

    def run_service(
        self,
        fn: Callable[..., Result],
        *args: Any,
        done: Callable[[Result], None] | None = None,
        failed: Callable[[ServiceError], None] | None = None,
        group: str = "service",
        exclusive: bool = False,
        **kwargs: Any,
    ) -> Worker[None]:
        """Run FN(*ARGS, **KWARGS) in a thread worker of GROUP; DONE receives what FN
        returned, on the event loop; FAILED (else a notification) the ServiceError."""
        app = self.app  # type: ignore[attr-defined]

        def job() -> None:
            worker = get_current_worker()
            try:
                result = call(fn, *args, **kwargs)
            except ServiceError as exc:
                if not worker.is_cancelled:
                    app.call_from_thread(failed or self.show_service_error, exc)
                return
            except Exception as exc:  # noqa: BLE001 - keep the app up, say what happened
                app.log.error(f"service {getattr(fn, '__name__', fn)} failed: {exc!r}")
                if not worker.is_cancelled:
                    app.call_from_thread(
                        failed or self.show_service_error,
                        ServiceError(f"Something went wrong: {type(exc).__name__}: {exc}"),
                    )
                return
            unrecorded = take_unrecorded()  # read, but the audit row could not be saved
            if unrecorded and not worker.is_cancelled:
                app.call_from_thread(app.notify, unrecorded, title="Not recorded",
                                     severity="warning", markup=False, timeout=12)
            if done is not None and not worker.is_cancelled:
                app.call_from_thread(done, result)

        return self.run_worker(  # type: ignore[attr-defined]
            job, thread=True, group=group, exclusive=exclusive, exit_on_error=False
        )

    def read_block(self, event: RowList.NeedBlock, service: Callable[..., list], *args: Any,
                   group: str) -> None:
        """Read the block a RowList asks for (EVENT) with SERVICE(*ARGS, start, after) in a
        worker and hand it to the list; a failed read is said, and the list asks again when
        the block is next on screen."""
        rows, generation, block = event.row_list, event.generation, event.block

        def failed(exc: ServiceError) -> None:
            rows.block_failed(generation, block)
            self.show_service_error(exc)

        self.run_service(service, *args, event.start, event.after, group=group,
                         done=lambda got: rows.set_block(generation, block, got), failed=failed)

    def show_service_error(self, exc: ServiceError) -> None:
        self.app.notify(str(exc), title="Not done", severity="error",  # type: ignore
                        markup=False, timeout=8)

    def saved(self, message: str = "Saved.") -> None:
        """The clear 'saved' confirmation every save ends with."""
        self.app.notify(message, title="Saved", markup=False, timeout=4)  # type: ignore


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
