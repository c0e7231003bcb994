"""The sign-in screen: first thing staff see, and where sign-out returns."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from peer_tui.screens.text import plain
from peer_tui.screens.widgets.footer import KeysFooter
from peer_tui.screens.widgets.signin_form import SignInForm

DEMO_NOTE = (
    "DEMO database, made-up people. Staff: admin, casey, pat, sam, frank; PIN 2468 for all.\n"
    "Kiosk (peer-tui kiosk): resident code 1001, PIN 1357."
)


class SignInScreen(Screen):
    """Username + PIN. Wrong PINs are counted; five lock the account for a while."""


    DEFAULT_CSS = """
    SignInScreen { align: center middle; }
    SignInScreen #signin-box { width: 64; max-width: 100%; height: auto; border: round $primary;
        padding: 0 2; }
    SignInScreen #signin-title { text-style: bold; width: 100%; content-align: center middle;
        margin-bottom: 1; }
    SignInScreen #demo-note { background: $warning 20%; padding: 0 1; margin-bottom: 1;
        height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Center():
            with Vertical(id="signin-box"):
                house = getattr(self.app, "house_name", "") or "peer-tui"
                yield Static(plain(f"{house} \u00b7 staff sign-in"), id="signin-title")
                if getattr(self.app, "is_demo", False):
                    yield Static(plain(DEMO_NOTE), id="demo-note")
                yield SignInForm()
        yield KeysFooter()

    @on(SignInForm.SignedIn)
    def _signed_in(self, message: SignInForm.SignedIn) -> None:
        self.app.signed_in(message.actor)  # type: ignore[attr-defined]
