"""Leaving kiosk mode (F12): a staff username and PIN, checked without touching the account.

Every wrong username or PIN gets the same sentence, and failures pause only this kiosk's exit
(the app's ``ExitGuard``), so nobody at the kiosk can find out usernames or lock out the staff
on shift. Accepted: the kiosk closes, even if the audit row cannot be written (full disk).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.credentials import pin_answered, read_credentials
from peer_tui.screens.kiosk_messages import StaffUnlocked
from peer_tui.screens.text import plain
from peer_tui.screens.widgets.kiosk_keys import keys_text
from peer_tui.services import kiosk_auth


class StaffUnlockScreen(ServiceCaller, ModalScreen[None]):
    """Username, PIN, Enter. Esc goes back to the kiosk."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box"):
            yield Static(Text("Staff: leave kiosk mode", style="bold"))
            yield Label("Username")
            yield Input(id="username", placeholder="e.g. admin", max_length=40)
            yield Label("PIN")
            yield Input(id="pin", password=True, restrict=r"[0-9]*", max_length=8,
                        placeholder="PIN")
            yield Static(id="unlock-message", classes="problem", markup=False)
            yield Static(keys_text(("Enter", "next"), ("Esc", "back to the kiosk")))

    def on_mount(self) -> None:
        self.query_one("#username", Input).focus()

    def action_cancel(self) -> None:
        """Esc, staff: back to the kiosk without leaving it."""
        self.dismiss()

    @on(Input.Submitted, "#username")
    def _to_pin(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def _check(self) -> None:
        typed = read_credentials(self, "#username", "Type your username.", "Type your PIN.",
                                 self._say)
        if typed is None or self._busy:
            return
        username, pin = typed
        self._busy = True
        self._say("Checking...")
        self.run_service(kiosk_auth.staff_exit, username, pin,
                         self.app.exit_guard,  # type: ignore[attr-defined]
                         done=self._answered, failed=self._failed, group="kiosk-unlock",
                         exclusive=True)

    def _answered(self, result: kiosk_auth.StaffExit) -> None:
        self._busy = False
        if pin_answered(self, result.staff_id is not None, result.message, self._say):
            self.post_message(StaffUnlocked(result))

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.query_one("#pin", Input).value = ""
        self._say(f"The PIN could not be checked: {exc}")

    def _say(self, message: str) -> None:
        self.query_one("#unlock-message", Static).update(plain(message))
