"""Leaving kiosk mode: a staff username and PIN (F12), counted like any staff sign-in."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.kiosk_welcome import keys_text
from peer_tui.screens.signin_form import SignInForm
from peer_tui.services import kiosk_auth


class StaffUnlockScreen(ServiceCaller, ModalScreen[None]):
    """Staff sign-in over the kiosk. Accepted: audit row, then the kiosk closes."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box"):
            yield Static(Text("Staff: leave kiosk mode", style="bold"))
            yield SignInForm()
            yield Static(keys_text(("Enter", "next"), ("Esc", "cancel")))

    def action_cancel(self) -> None:
        self.dismiss()

    @on(SignInForm.SignedIn)
    def _signed_in(self, message: SignInForm.SignedIn) -> None:
        self.run_service(kiosk_auth.record_unlock, message.actor.id,
                         done=lambda _: self.app.staff_unlocked(),  # type: ignore
                         group="kiosk-unlock", exclusive=True)
