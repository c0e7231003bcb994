"""The table-and-detail plumbing the consents, referrals and directory tables share: after the
rows are read again the cursor goes to the record just saved, else stays on its row, and the
detail follows the highlighted record."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from peer_tui.screens.base import TableWithDetail
from peer_tui.screens.widgets.safe_table import SafeTable


@dataclass
class Record:
    id: int
    name: str


class Names(TableWithDetail[Record], Vertical):
    def __init__(self) -> None:
        super().__init__()
        self.views = {}
        self.shown: list[Record | None] = []

    def compose(self) -> ComposeResult:
        yield SafeTable.of_rows((("Name", "name", None),))
        yield Static(id="detail")

    def cells(self, view: Record) -> tuple[str, ...]:
        return (view.name,)

    def show_detail(self, view: Record | None) -> None:
        self.shown.append(view)


class Host(App):
    def compose(self) -> ComposeResult:
        yield Names()


ABC = [Record(1, "Ana"), Record(2, "Bo"), Record(3, "Cy")]


async def test_the_cursor_goes_to_the_record_just_saved_else_keeps_its_row():
    async with Host().run_test(size=(40, 10)) as pilot:
        names = pilot.app.query_one(Names)
        names.fill(ABC)
        await pilot.pause()
        assert names.selected() == ABC[0]
        names.query_one(SafeTable).move_cursor(row=2)
        await pilot.pause()
        assert names.shown[-1] == ABC[2]  # the highlighted record in full
        names.select_id = 2  # saved: the list comes back in another order
        names.fill([ABC[2], ABC[0], ABC[1]])
        await pilot.pause()
        assert names.selected() == ABC[1] and names.select_id is None
        names.fill([ABC[0], ABC[2]])  # nothing to go to: the same row, or the last
        await pilot.pause()
        assert names.selected() == ABC[2]
        names.select_id = 9  # no longer listed
        names.fill([ABC[1]])
        await pilot.pause()
        assert names.selected() == ABC[1]
        names.fill([])
        assert names.selected() is None and names.views == {}
