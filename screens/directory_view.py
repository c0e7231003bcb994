"""The resource directory: groups and services residents are referred to.

Clinical staff add (``a``) and change (``e`` or Enter) entries; an administrator retires one
(``x``; again brings it back). Nothing that has referrals is deleted: a retired entry leaves
the referral form's picker and stays on every referral made to it (``v`` shows them)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from peer_tui.screens.base import StaffScreen, TableWithDetail
from peer_tui.screens.referral_forms import ResourceForm
from peer_tui.screens.roles import requires
from peer_tui.screens.text import one_line, plain
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.services import directory
from peer_tui.services.permissions import Perm


class DirectoryScreen(TableWithDetail[directory.ResourceInfo], StaffScreen):
    TITLE_TEXT = "Resource directory"
    FIRST_FIELD = "#directory-table"

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "add", "Add", tooltip="Add a directory entry"),
        Binding("e", "edit", "Edit", tooltip="Change the highlighted entry"),
        Binding("x", "retire", "Retire", tooltip="Retire the entry, or bring it back"),
        Binding("v", "retired", "Show retired", tooltip="Show retired entries too, or not"),
    ]

    DEFAULT_CSS = """
    DirectoryScreen #directory-summary { height: 1; padding: 0 1; color: $text-muted; }
    DirectoryScreen #directory-table { height: 1fr; }
    DirectoryScreen #directory-detail-box { height: 30%; min-height: 3; padding: 0 1;
        border-top: solid $primary; }
    """

    COLUMNS = (("Name", "name", 34), ("Type", "type", 26), ("Phone", "phone", 14),
               ("Consent", "consent", 7), ("Refs", "refs", 4))

    def __init__(self) -> None:
        super().__init__()
        self.include_retired = False
        self.views: dict[str, directory.ResourceInfo] = {}
        self.select_id: int | None = None
        self.generation = 0

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(Text("Loading the directory..."), id="directory-summary")
        yield SafeTable.of_rows(self.COLUMNS, id="directory-table")
        with VerticalScroll(id="directory-detail-box"):
            yield Static(id="directory-detail")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.generation += 1
        generation = self.generation
        # Not an exclusive worker (a cancelled one fails whoever waits on it): an answer to
        # an older request is dropped when it arrives instead.
        self.run_service(directory.list_resources, self.actor,
                         include_retired=self.include_retired, group="directory",
                         done=lambda entries: self._loaded(entries)
                         if generation == self.generation else None)

    def cells(self, e: directory.ResourceInfo) -> tuple[Text, ...]:
        name = one_line(e.name, 34) + ("" if e.active else " (retired)")
        return (Text(name, style="" if e.active else "dim"), Text(one_line(e.kind_label, 26)),
                Text(one_line(e.phone, 14) or "-"), Text("needed" if e.needs_consent else "-"),
                Text(str(e.referrals)))

    def _loaded(self, entries) -> None:
        self.fill(entries)
        retired = sum(1 for e in entries if not e.active)
        self.query_one("#directory-summary", Static).update(Text(
            f"{len(entries) - retired} in use" + (f", {retired} retired" if retired else "")
            + " \u00b7 v " + ("hides" if self.include_retired else "shows") + " retired"))

    def show_detail(self, e: directory.ResourceInfo | None) -> None:
        if e is None:
            return
        lines = [e.name, e.kind_label + (" \u00b7 retired" if not e.active else "")]
        lines += [f"{label}: {value}" for label, value in (
            ("Address", e.address), ("Phone", e.phone), ("Hours", e.hours),
            ("Website", e.website)) if value]
        if e.description:
            lines.append(e.description)
        lines.append("Sharing needs the resident's consent." if e.needs_consent
                     else "No consent needed to refer.")
        self.query_one("#directory-detail", Static).update(plain("\n".join(lines)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_back(self) -> None:
        """Esc, staff: back to where the directory was opened from."""
        self.app.pop_screen()

    def _saved(self, entry) -> None:
        if entry is not None:
            self.select_id = entry.id
            self.load()

    @requires(Perm.WRITE_NOTES, "change the resource directory")
    def action_add(self) -> None:
        """a, clinical staff: add a directory entry."""
        self.app.push_screen(ResourceForm(), self._saved)

    @requires(Perm.WRITE_NOTES, "change the resource directory")
    def action_edit(self) -> None:
        """e, clinical staff: change the highlighted entry."""
        entry = self.selected()
        if entry is not None:
            self.app.push_screen(ResourceForm(entry), self._saved)

    @requires(Perm.ADMIN, "retire directory entries")
    def action_retire(self) -> None:
        """x, administrators: retire the highlighted entry, or bring it back."""
        entry = self.selected()
        if entry is None:
            return
        self.run_service(directory.set_retired, self.actor, entry.id, entry.active,
                         done=self._retired)

    def _retired(self, entry) -> None:
        self.saved(f"{entry.name} " + ("is in use again." if entry.active else
                                       "is retired; its referrals keep it."))
        self._saved(entry)

    def action_retired(self) -> None:
        """v, staff: show retired entries too, or not."""
        self.include_retired = not self.include_retired
        self.load()
