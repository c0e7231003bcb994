"""The house's referrals: every open referral, sortable by age, stage and next check
(R on the caseload); o opens the referral's resident, d the resource directory."""

from __future__ import annotations

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding

from peer_tui.screens.base import StaffScreen
from peer_tui.screens.directory_view import DirectoryScreen
from peer_tui.screens.referrals_view import SORT_WORDS, ReferralList
from peer_tui.screens.resident import ResidentScreen
from peer_tui.services import referrals


class HouseReferrals(ReferralList):
    with_resident = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sort = "age"
        self.open_only = True

    def load(self) -> None:
        self.fetch(referrals.house_referrals, self.sort, open_only=self.open_only)

    def _loaded(self, views) -> None:
        late = sum(1 for v in views if v.check_late_days())
        which = "open" if self.open_only else "open and past"
        summary = (f"{len(views)} {which}, {SORT_WORDS[self.sort]}"
                   + (f" \u00b7 {late} past their check date" if late else ""))
        self.show(views, summary)


class ReferralsScreen(StaffScreen):
    """Every open referral of the house, sortable by age, stage and next check."""

    TITLE_TEXT = "Referrals"
    FIRST_FIELD = "HouseReferrals SafeTable"

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("s", "sort", "Sort", tooltip="Sort: oldest first, by stage, by next check"),
        Binding("a", "all", "Open/all", tooltip="Open referrals only, or past ones too"),
        Binding("o", "open_resident", "Resident", tooltip="Open the referral's resident"),
        Binding("d", "directory", "Directory", tooltip="The resource directory"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield HouseReferrals()
        yield from self.compose_footer()

    def action_back(self) -> None:
        """Esc, clinical staff: back to the caseload."""
        self.app.pop_screen()

    def _list(self) -> HouseReferrals:
        return self.query_one(HouseReferrals)

    def action_sort(self) -> None:
        """s, clinical staff: sort by age, by stage or by next check."""
        order = list(SORT_WORDS)
        pane = self._list()
        pane.sort = order[(order.index(pane.sort) + 1) % len(order)]
        pane.load()

    def action_all(self) -> None:
        """a, clinical staff: open referrals only, or past ones too."""
        pane = self._list()
        pane.open_only = not pane.open_only
        pane.load()

    def action_open_resident(self) -> None:
        """o, clinical staff: the highlighted referral's resident."""
        view = self._list().selected()
        if view is not None:
            self.app.push_screen(ResidentScreen(view.resident_id, tab="tab-referrals"))

    def action_directory(self) -> None:
        """d, clinical staff: the resource directory."""
        self.app.push_screen(DirectoryScreen())

    def on_screen_resume(self) -> None:
        self._list().load()

    def palette_commands(self):
        yield SystemCommand("Resource directory", "Groups and services to refer to",
                            self.action_directory)
