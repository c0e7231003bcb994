"""The caseload: the staff home screen. Nobody falls through the cracks.

One row per resident in one list as long as the count of residents matching the filter
(``RowList``: 10,000 with everyone and all statuses scroll as one), read in blocks around the
view in workers (``services.caseload_query``). `/` filters as you type (a newer keystroke's
result replaces an older one), `s`/`S` sort, `m` my caseload, `f` status, `n` needs attention
(with the reason for every row), Enter opens the resident.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from peer_tui.heap import freeze_built_ahead
from peer_tui.screens import caseload_columns as cols
from peer_tui.screens.base import StaffScreen
from peer_tui.screens.roles import NotHere, requires
from peer_tui.screens.text import clean, plain
from peer_tui.screens.widgets.answered_input import AnsweredInput
from peer_tui.screens.widgets.column_header import ColumnHeader
from peer_tui.screens.widgets.row_list import RowList, layout_cells
from peer_tui.screens.widgets.staff_header import StaffHeader
from peer_tui.services import caseload_query as cq
from peer_tui.services import house_scope
from peer_tui.services.permissions import Perm, allowed
from peer_tui.timeutil import local_today

# The screens the keys open (the resident view, the forms, the reports) are imported where
# they are opened, and before that a module at a time while the app waits (``warm_up``): the
# PIN's Enter imports the caseload alone, not the hundred modules behind them.
if TYPE_CHECKING:
    from peer_tui.screens.resident import ResidentScreen

VIEW_MODULE = "peer_tui.screens.resident"  # the resident view's (imported ahead)
SORT_ORDER = list(cq.SORTS)
STATUS_ORDER = list(cq.STATUS_FILTERS)
# Sorts whose first direction puts the most urgent first: most concerns (urgent) on top.
# (Contact and check-in ascending already put the longest-ago first, review the latest.)
DESCENDING_FIRST = {"concerns"}
NOBODY_ASSIGNED = "no residents assigned to you; m shows everyone"


class CaseloadScreen(StaffScreen):
    FIRST_FIELD = "#caseload-table"

    TITLE_TEXT = "Caseload"

    BINDINGS = [
        # The footer keeps the main keys (it must fit 80 columns); ? lists them all.
        # (description: the footer's short word; tooltip: what help says.)
        Binding("slash", "filter", "Filter", key_display="/",
                tooltip="Filter as you type: name, room, staff (Enter opens)"),
        Binding("l", "log_contact", "Log contact",
                tooltip="Log a contact with the highlighted resident"),
        Binding("M", "message_staff", "Message staff",
                tooltip="Leave a message for staff about the highlighted resident"),
        Binding("n", "attention", "Attention",
                tooltip="Needs attention: who, and why (the same rule as the markers)"),
        Binding("m", "mine", "Mine", tooltip="My caseload, or everyone"),
        Binding("h", "handoff", "Hand-off", tooltip="Shift hand-off: what happened since"),
        Binding("p", "report", "Report", show=False,
                tooltip="Program report: last month's numbers for funders and the board"),
        Binding("s", "sort", "Sort", show=False,
                tooltip="Sort by the next column (the sorted one shows an arrow)"),
        Binding("enter", "open", "Open the resident", show=False),
        Binding("escape", "clear_filter", "Clear the filter", show=False),
        Binding("S", "reverse", "Reverse the sort", show=False),
        Binding("f", "status", "Status: active, waitlist, discharged, all", show=False),
        Binding("a", "add", "Add a resident", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("R", "referrals", "Referrals: the house's open referrals", show=False),
        # Shown only to staff of several houses (check_action hides it from the others).
        Binding("H", "switch_house", "House",
                tooltip="Work in your next house (the header names the one you are in)"),
    ]

    DEFAULT_CSS = """
    CaseloadScreen #caseload-bar { height: 1; }
    CaseloadScreen #caseload-filter { width: 32; height: 1; border: none; padding: 0 1; }
    CaseloadScreen #caseload-mode { width: 1fr; padding: 0 1; color: $text-muted; }
    CaseloadScreen #caseload-table { height: 1fr; }
    CaseloadScreen #caseload-header { height: 1; }
    CaseloadScreen #caseload-legend { height: 1; color: $text-muted; padding: 0 1; }
    /* Staff of several houses also get H: one space between footer keys instead of two, so
       every key still fits 80 columns. */
    CaseloadScreen.-several-houses FooterKey .footer-key--description { padding: 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.filt = cq.CaseloadFilter()
        self.shown_columns: list[cols.Column] = []
        self.shown_widths: list[int] = []
        self.count: int | None = None  # residents matching the filter; None until counted
        self.generation = 0  # answers to an older reload are dropped
        self._today = local_today()
        self._resident_view: ResidentScreen | None = None  # built on the first open, reused
        self._legend_words = cols.LEGEND  # what the legend line shows

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="caseload-bar"):
            yield AnsweredInput(id="caseload-filter",
                                placeholder="/ filter: name, room, staff", max_length=100)
            yield Static(id="caseload-mode", markup=False)
        yield ColumnHeader(id="caseload-header")
        yield RowList(self._render_row, lambda row: (row.sort_value, row.id),
                      id="caseload-table", block_size=cq.PAGE_SIZE, on_select=self.action_open)
        yield Static(cols.LEGEND, id="caseload-legend", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        # Peer specialists work their own caseload; everyone else starts on the house.
        self.filt = replace(self.filt, mine=self.actor.role == "peer_specialist")
        self.set_class(len(getattr(self.actor, "house_ids", ())) > 1, "-several-houses")
        self._columns()
        self.reload()
        self.app.timeline_changed.subscribe(self, self._timeline_changed)
        self.watch(self.rows_list, "cursor", self._show_legend, init=False)
        warm_up = getattr(self.app, "warm_up", None)
        if warm_up is not None:  # as soon as what the view shows first is imported
            warm_up.ahead(self._build_view_ahead, after=VIEW_MODULE)

    def on_screen_resume(self) -> None:
        # Back from a resident or a form: counts may have changed.
        if self.is_mounted and self.count:
            self.reload(keep_cursor=True)
        view = self._resident_view
        if view is not None and view.resident_id is not None:
            self.app.warm_up.ahead(self._reset_view_ahead)

    def _reset_view_ahead(self) -> None:
        """The view left: back to showing nobody, while the app waits, so that the next
        Enter only swaps the resident in, as the first one does."""
        view = self._resident_view
        if view is not None and view.resident_id is not None and self.is_attached \
                and view not in self.app.screen_stack:
            view.forget_resident()

    @property
    def rows_list(self) -> RowList:
        return self.query_one("#caseload-table", RowList)

    @property
    def _rows(self) -> dict[int, cq.CaseloadRow]:
        """The rows read so far that are still held, by resident id."""
        return {row.id: row for row in self.rows_list.held_rows()}

    def cells_at(self, index: int) -> list[str] | None:
        """Row INDEX's cells as plain text (None until its block has arrived)."""
        row = self.rows_list.row_at(index)
        if row is None:
            return None
        return [c.cell(row, self._today).plain for c in self.shown_columns]

    def _render_row(self, row: cq.CaseloadRow, width: int) -> Text:
        return layout_cells([c.cell(row, self._today) for c in self.shown_columns],
                            self.shown_widths)

    @property
    def clinical(self) -> bool:
        return allowed(self.actor, Perm.READ_CLINICAL)

    @property
    def every_house(self) -> bool:
        """The session works over all its houses at once (administrators' "All houses")."""
        return self.actor is not None and self.actor.house_id is None \
            and len(self.actor.house_ids) > 1

    def _wanted_columns(self, width: int) -> list[cols.Column]:
        return cols.columns_for(self.clinical, self.filt.needs_attention, width,
                                self.filt.sort, self.every_house)

    def _columns(self) -> None:
        rows = self.rows_list
        width = rows.size.width or self.app.size.width
        self.shown_columns = self._wanted_columns(width)
        self.shown_widths = cols.widths(self.shown_columns, width)
        self.query_one(ColumnHeader).set_columns(
            [c.key for c in self.shown_columns],
            [cols.heading(c, self.filt.sort, self.filt.descending) for c in self.shown_columns],
            self.shown_widths)
        rows.redraw()

    def on_resize(self, event: events.Resize) -> None:
        # The rows are drawn a line at a time from what is held: new columns need no read.
        width = self.rows_list.size.width or event.size.width
        wanted = self._wanted_columns(width)
        if [c.key for c in wanted] != [c.key for c in self.shown_columns] or \
                cols.widths(wanted, width) != self.shown_widths:
            self._columns()

    # -- loading ------------------------------------------------------------------------------
    def thresholds(self) -> cq.Thresholds:
        return cq.Thresholds.from_settings(self.settings)

    def reload(self, keep_cursor: bool = False) -> None:
        """Count the residents matching the filter and read the block on screen; KEEP_CURSOR
        keeps the cursor on the same resident when they are still in that block."""
        rows = self.rows_list
        current = rows.current if keep_cursor else None
        at = rows.cursor if keep_cursor else 0
        self.generation += 1
        generation = self.generation
        self._show_mode("loading...")
        self.run_service(cq.caseload_window, self.actor, self.filt, self.thresholds(),
                         at - at % cq.PAGE_SIZE,
                         done=lambda window: self._opened(generation, window, at, current),
                         failed=self._not_read, group="caseload", exclusive=True)

    def _not_read(self, exc) -> None:
        self.query_one("#caseload-filter", AnsweredInput).answered()  # drawn, with the error
        self.show_service_error(exc)

    def _opened(self, generation: int, window: cq.CaseloadWindow, at: int,
                keep: cq.CaseloadRow | None) -> None:
        if generation != self.generation:
            return  # a newer keystroke's (or sort's) window is on the way
        self.count = window.count
        self._today = local_today()
        rows = self.rows_list
        rows.empty_text = "No residents match."
        rows.reset(window.count, cursor=at, rows=window.rows, start=window.start)
        if keep is not None:
            rows.move_to_held(lambda r: r.id == keep.id)
        self._show_mode()
        self._show_legend()
        self.query_one("#caseload-filter", AnsweredInput).answered()  # drawn with these rows

    @on(RowList.NeedBlock, "#caseload-table")
    def _need_block(self, event: RowList.NeedBlock) -> None:
        event.stop()
        if self.count is None:
            return  # the first window read brings the first block
        self.read_block(event, cq.caseload_block, self.actor, self.filt, self.thresholds(),
                        group="caseload-block")

    def _show_legend(self, *_moved) -> None:
        """The highlighted row's reasons when it needs attention (the same rule as the `n`
        view and the hand-off), else what the markers mean. Called as the cursor moves (so
        the legend is drawn in the same frame as the rows) and when the row under it
        arrives; the same words are not drawn again."""
        row = self.selected()
        if row is not None and row.reasons:
            words = f"Needs attention: {'; '.join(row.reasons)}"
        else:
            words = cols.LEGEND if self.clinical else cols.DESK_LEGEND
        if words != self._legend_words:
            self._legend_words = words
            self.query_one("#caseload-legend", Static).update(plain(words), layout=False)

    def _show_mode(self, extra: str = "") -> None:
        f = self.filt
        arrow = cols.ARROWS[f.descending]
        parts = [
            "needs attention" if f.needs_attention else f.status,
            "my caseload" if f.mine else "everyone",
            f"by {cq.SORT_LABELS[f.sort]} {arrow}",
        ]
        count = self.count or 0
        shown = f"{count:,} resident{'s' if count != 1 else ''}"
        if not extra and not count and f.mine and not f.text and not f.needs_attention \
                and f.status == "active":
            extra = NOBODY_ASSIGNED
        # One line as wide as the bar leaves it, whatever it says: no layout of the screen.
        self.query_one("#caseload-mode", Static).update(
            Text(" \u00b7 ".join(parts) + f" \u00b7 {extra or shown}"), layout=False)

    @on(RowList.Highlighted, "#caseload-table")
    def _highlighted(self, event: RowList.Highlighted) -> None:
        event.stop()
        self._show_legend()

    def _timeline_changed(self, resident_ids) -> None:
        self.reload(keep_cursor=True)

    # -- filtering and sorting ----------------------------------------------------------------
    def _set(self, **changes) -> None:
        needs_columns = any(k in changes for k in ("needs_attention", "sort", "descending"))
        self.filt = replace(self.filt, **changes)
        if needs_columns:
            self._columns()
        self.reload()

    @on(Input.Changed, "#caseload-filter")
    def _typed(self, event: Input.Changed) -> None:
        # No debounce: a filtered page is one ~5 ms query even at 10k residents, and the
        # exclusive worker drops the answer to an older keystroke.
        self._set(text=event.value)

    @on(Input.Submitted, "#caseload-filter")
    def _open_from_filter(self) -> None:
        """Enter in the filter opens the highlighted resident: one Enter, not two."""
        self.rows_list.focus()
        if self.selected() is None:
            self.app.notify("No resident matches the filter.", markup=False)
            return
        self.action_open()

    def action_filter(self) -> None:
        """/, everyone: filter as you type by name, room or staff."""
        self.query_one("#caseload-filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Esc, everyone: clear the filter (in the filter field: leave it)."""
        box = self.query_one("#caseload-filter", Input)
        if box.value:
            box.value = ""
        self.rows_list.focus()

    def sort_keys(self) -> list[str]:
        return SORT_ORDER if self.clinical else list(cq.PUBLIC_SORTS)

    def action_sort(self) -> None:
        """s, everyone: sort by the next column."""
        order = self.sort_keys()
        index = (order.index(self.filt.sort) + 1) % len(order) if self.filt.sort in order else 0
        self._set(sort=order[index], descending=order[index] in DESCENDING_FIRST)

    def action_reverse(self) -> None:
        """S, everyone: reverse the sort."""
        self._set(descending=not self.filt.descending)

    @on(ColumnHeader.Clicked)
    def _header(self, event: ColumnHeader.Clicked) -> None:
        key = event.key
        if key in self.sort_keys():
            first = key in DESCENDING_FIRST
            self._set(sort=key, descending=not self.filt.descending
                      if self.filt.sort == key else first)

    # Residents are assigned to case managers and peer specialists, never the front desk.
    @requires(Perm.READ_CLINICAL, "show only the residents assigned to you (residents are "
                                  "assigned to case managers and peer specialists)")
    def action_mine(self) -> None:
        """m, everyone: the residents assigned to me, or everyone."""
        self._set(mine=not self.filt.mine)
        if self.filt.mine:
            self.run_service(cq.assigned_count, self.actor, self.filt.status,
                             done=self._say_if_nobody,
                             group="assigned", exclusive=True)

    def _say_if_nobody(self, count: int) -> None:
        if not count and self.filt.mine:
            self.app.notify(NOBODY_ASSIGNED[0].upper() + NOBODY_ASSIGNED[1:] + ".",
                            markup=False)

    def action_status(self) -> None:
        """f, everyone: show active, waitlist, discharged or all residents."""
        index = (STATUS_ORDER.index(self.filt.status) + 1) % len(STATUS_ORDER)
        self._set(status=STATUS_ORDER[index], needs_attention=False)

    @requires(Perm.READ_CLINICAL, "see who needs attention (it shows contact and review dates)")
    def action_attention(self) -> None:
        """n, clinical staff: who needs attention, and why."""
        self._set(needs_attention=not self.filt.needs_attention)

    def action_reload(self) -> None:
        """r, everyone: read the caseload again, keeping the cursor."""
        self.reload(keep_cursor=True)

    # -- houses -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_house" and len(getattr(self.actor, "house_ids", ())) < 2:
            return False  # one house: no key to offer
        return super().check_action(action, parameters)

    def action_refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Not a key: why the house switch is not offered, said when its key is pressed."""
        if action == "switch_house":
            return NotHere("You work in one house only: there is no other house to switch to.")
        return None

    def action_switch_house(self) -> None:
        """H, staff of several houses: work in the next of one's houses (administrators: and
        the whole organisation)."""
        if len(getattr(self.actor, "house_ids", ())) < 2:
            return
        self.run_service(house_scope.next_house, self.actor, done=self._switched,
                         group="house", exclusive=True)

    def _switched(self, actor) -> None:
        self.app.switch_house(actor)  # type: ignore[attr-defined]
        for header in self.query(StaffHeader):
            header.refresh_text()
        self.app.notify(f"Now working in {clean(actor.house_name)}.", markup=False)
        self._columns()  # the caseload of every house has a House column
        self.reload()

    # -- actions on the selected resident -------------------------------------------------------
    def selected(self) -> cq.CaseloadRow | None:
        return self.rows_list.current

    def action_open(self) -> None:
        """Enter, everyone: open the highlighted resident."""
        row = self.selected()
        if row is None:
            return
        self.open_resident(row.id)

    def open_resident(self, resident_id: int) -> None:
        """Push the resident view, built once (ahead, while the app waits, or now) and then
        swapped to RESIDENT_ID: installed, so that going back keeps it for the next resident
        instead of removing it."""
        view = self._resident_view
        if view is None:
            view = self._new_view(resident_id)
        elif view.is_mounted:
            view.show_resident(resident_id)
        else:
            view.resident_id = resident_id  # still being built: it shows them once mounted
        self.app.push_screen(view)

    def _new_view(self, resident_id: int | None) -> ResidentScreen:
        from peer_tui.screens.resident import ResidentScreen

        view = self._resident_view = ResidentScreen(resident_id)
        self.app.install_screen(view, name=f"resident-view-{id(self)}")
        return view

    def _build_view_ahead(self) -> None:
        """The resident view composed and mounted while the app waits (a step of the
        warm-up), so that the first Enter on a resident costs what the next ones do: only
        the resident is swapped in. Nothing is read until then (a read is audited)."""
        if self._resident_view is not None or not self.is_attached:
            return
        view = self._new_view(None)
        # Started as Textual starts an installed screen it is about to show (App._get_screen),
        # without showing it: it composes and mounts in its own task, a widget at a time.
        self.app._register(self.app, view)  # noqa: SLF001
        self.app.warm_up.ahead(self._lay_out_view_ahead, after=VIEW_MODULE)

    def _lay_out_view_ahead(self) -> None:
        """The next step: the view built ahead laid out at the screen's size, as Textual
        lays out a screen it is about to show (its first showing only draws it)."""
        view = self._resident_view
        if view is None or view.resident_id is not None or not self.is_attached:
            return  # opened already, or gone
        if not view.is_mounted:  # still being built
            self.app.warm_up.ahead(self._lay_out_view_ahead, after=VIEW_MODULE)
            return
        view.lay_out_ahead(self.app.size)
        freeze_built_ahead()  # it lives as long as the session

    def on_unmount(self) -> None:
        # Signed out, or someone else signed in: this session's view goes with the caseload.
        view, self._resident_view = self._resident_view, None
        if view is not None and view not in self.app.screen_stack:
            self.app.uninstall_screen(view)
            view.remove()

    @requires(Perm.WRITE_NOTES, "log a contact")
    def action_log_contact(self) -> None:
        """l, clinical staff: log a contact with the highlighted resident."""
        row = self.selected()
        if row is None:
            return
        from peer_tui.screens.contact_form import ContactFormScreen

        self.app.push_screen(ContactFormScreen(row.id, row.name),
                             lambda saved: self.reload(keep_cursor=True) if saved else None)

    @requires(Perm.MESSAGE_STAFF, "leave a message for staff")
    def action_message_staff(self) -> None:
        """M, the front desk: leave staff a message about the highlighted resident."""
        row = self.selected()
        if row is not None:
            from peer_tui.screens.message_form import MessageForStaffScreen

            self.app.push_screen(MessageForStaffScreen(row.id, row.name))

    @requires(Perm.MANAGE_RESIDENTS, "add a resident")
    def action_add(self) -> None:
        """a, case managers and administrators: add a resident."""
        from peer_tui.screens.record_forms import ResidentFormScreen

        self.app.push_screen(ResidentFormScreen(None), self._added)

    def _added(self, resident_id) -> None:
        if resident_id:
            self.reload()
            self.open_resident(resident_id)

    @requires(Perm.READ_CLINICAL, "open the shift hand-off (it shows concerns and notes)")
    def action_handoff(self) -> None:
        """h, clinical staff: the shift hand-off, what happened since."""
        from peer_tui.screens.handoff_view import HandoffScreen

        self.app.push_screen(HandoffScreen())

    @requires(Perm.READ_CLINICAL, "open referrals")
    def action_referrals(self) -> None:
        """R, clinical staff: the house's open referrals."""
        from peer_tui.screens.house_referrals import ReferralsScreen

        self.app.push_screen(ReferralsScreen())

    @requires(Perm.PROGRAM_REPORTS, "see program reports")
    def action_report(self) -> None:
        """p: the program report (last month), for case managers and administrators."""
        from peer_tui.screens.report_view import ReportScreen

        self.app.push_screen(ReportScreen())

    def palette_commands(self):
        yield SystemCommand("Referrals", "The house's open referrals, by age or stage (R)",
                            self.action_referrals)
        yield SystemCommand("Needs attention", "Residents who need attention and why",
                            self.action_attention)
        yield SystemCommand("My caseload / everyone", "Toggle my caseload", self.action_mine)
        yield SystemCommand("Add a resident", "Admit or waitlist someone new", self.action_add)
        yield SystemCommand("Shift hand-off", "What happened since you last signed in",
                            self.action_handoff)
        yield SystemCommand("Log a contact", "Log a contact with the selected resident",
                            self.action_log_contact)
