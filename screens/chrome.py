"""The header every staff screen shows: house, screen, who is signed in, urgent concerns."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from peer_tui.screens.text import clean


class StaffHeader(Horizontal):
    """One line: house and screen on the left, urgent concerns and staff on the right.

    Reads ``app.house_name``, ``app.actor`` and the app's reactive ``urgent_open``; the urgent
    count is text as well as colour ("! 2 URGENT"), for 16-colour terminals and colour-blind
    staff.
    """

    DEFAULT_CSS = """
    StaffHeader { height: 1; background: $primary; color: $text; }
    StaffHeader #header-title { width: 1fr; padding: 0 1; text-style: bold; }
    StaffHeader #header-urgent { width: auto; padding: 0 1; display: none; }
    StaffHeader #header-urgent.-show { display: block; background: $error; color: $text;
        text-style: bold reverse; }
    StaffHeader #header-user { width: auto; padding: 0 1; }
    """

    def __init__(self, title: str = "") -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield Static(id="header-title", markup=False)
        yield Static(id="header-urgent", markup=False)
        yield Static(id="header-user", markup=False)

    def on_mount(self) -> None:
        self.refresh_text()
        self.watch(self.app, "urgent_open", self._urgent_changed)

    def set_title(self, title: str) -> None:
        self.title_text = title
        self.refresh_text()

    def refresh_text(self) -> None:
        app = self.app
        house = clean(getattr(app, "house_name", "") or "peer-tui")
        title = f"{house} \u00b7 {self.title_text}" if self.title_text else house
        if getattr(app, "is_demo", False):
            title += "  [DEMO DATA]"
        self.query_one("#header-title", Static).update(Text(title))
        actor = getattr(app, "actor", None)
        who = f"{clean(actor.display_name)} ({actor.role_label})" if actor else "signed out"
        self.query_one("#header-user", Static).update(Text(who))

    def _urgent_changed(self, count: int) -> None:
        urgent = self.query_one("#header-urgent", Static)
        urgent.update(Text(f"! {count} URGENT (u)" if count else ""))
        urgent.set_class(bool(count), "-show")
