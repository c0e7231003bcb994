"""The idle lock: covers the screen, keeps the work underneath, any staff can unlock."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from peer_tui.screens.first_field import OpensOnFirstField
from peer_tui.screens.text import plain
from peer_tui.screens.widgets.signin_form import SignInForm


class LockScreen(OpensOnFirstField, ModalScreen[None]):
    """Shown after the idle time or on Ctrl+L. Nothing underneath is visible or lost.

    The same staff member gets their screens back as they were (unsaved edits included).
    Another staff member signing in closes the previous person's screens first (asking if
    there is unsaved work is the job of the screens' own ``has_unsaved_changes``).
    """

    FIRST_FIELD = "#pin"  # the PIN typed right after Ctrl+L lands here, never underneath

    DEFAULT_CSS = """
    LockScreen { align: center middle; background: $background 100%; }
    LockScreen #lock-box { width: 60; max-width: 100%; height: auto; border: round $warning;
        padding: 1 2; }
    LockScreen #lock-title { text-style: bold; margin-bottom: 1; }
    """

    def __init__(self, username: str, who: str) -> None:
        super().__init__()
        self.username = username
        self.who = who

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Static(plain("Locked"), id="lock-title")
            yield Static(plain(
                f"{self.who} is signed in; their open work is kept.\n"
                "Type your PIN to continue, or another username to sign in as someone else."
            ))
            yield SignInForm(username=self.username, resuming=self.username)

    @on(SignInForm.SignedIn)
    def _unlocked(self, message: SignInForm.SignedIn) -> None:
        self.app.unlocked(message.actor)  # type: ignore[attr-defined]
