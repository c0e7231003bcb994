"""The crisis screen: crisis lines at once, and staff told before anything else happens.

Shown the moment a resident answers yes to the safety question or presses 'help now'. The
urgent concern is written right away (its own transaction), not at the end of the check-in,
so staff see it even if the resident walks away. If the database cannot be reached the
screen says so and keeps trying, and tells the resident to go to staff in person.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from peer_tui.screens.kiosk_session import KioskSession
from peer_tui.screens.kiosk_welcome import crisis_text, keys_text
from peer_tui.screens.text import plain


class CrisisScreen(Screen[str]):
    """Dismissed with "continue" (go on with the check-in) or "end" (to the summary)."""

    BINDINGS = [
        Binding("enter", "continue", "Go on", show=False),
        Binding("e", "end", "End check-in", show=False),
    ]

    def __init__(self, session: KioskSession, reason: str) -> None:
        super().__init__(classes="kiosk crisis")
        self.session = session
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="crisis-box"):
            yield Static(Text("You are not alone. Help is here right now.", style="bold"),
                         id="crisis-title")
            yield Static(crisis_text(self.app.settings.crisis_lines), id="crisis-lines")
            yield Static(id="crisis-status", markup=False)
            yield Static(plain("You can also go to the front desk or any staff member now."),
                         id="crisis-desk")
        yield Static(keys_text(("Enter", "go on with check-in"), ("E", "end check-in")),
                     classes="keys")

    def on_mount(self) -> None:
        self.show_status()
        self.app.alert_staff(self.session, self.reason)  # type: ignore[attr-defined]

    def show_status(self, problem: bool = False) -> None:
        if self.session.crisis_concern_id is not None:
            message = "Staff on shift have been told. Someone will come to you."
        elif problem:
            message = ("We could not alert staff automatically. Please go to the front desk "
                       "or call a number above now. (Trying again...)")
        else:
            message = "Telling staff on shift..."
        self.query_one("#crisis-status", Static).update(plain(message, "bold"))

    def action_continue(self) -> None:
        self.dismiss("continue")

    def action_end(self) -> None:
        self.dismiss("end")
