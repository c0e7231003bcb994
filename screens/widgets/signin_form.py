"""Username + masked PIN form, shared by the sign-in screen and the lock screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from peer_tui.screens.credentials import pin_answered, read_credentials
from peer_tui.screens.service_caller import ServiceCaller
from peer_tui.screens.text import plain
from peer_tui.services.permissions import Actor

if TYPE_CHECKING:
    from peer_tui.services.auth import SignInResult


class FormField(Input):
    """A field of the sign-in form that keeps up with the sign-in typed at once.

    Typed at once (right after the command, or quickly), the username, Tab, the PIN and
    Enter come in one read of the terminal and are all given to the field with the focus,
    the username. Textual moves the focus for a Tab only once the key has come back up to
    the app, after the PIN's digits have gone into the username. Here a Tab moves the focus
    at once, and a key given to this field after its focus moved on goes to the field that
    has the focus now, in the order typed. An Enter typed before the app had the terminal
    (in the first moments of the process, when the terminal still turned it into a newline)
    comes as Ctrl+J, and submits as Enter does."""

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not None and focused is not self:
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
            return
        if event.key == "ctrl+j":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        if event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            if event.key == "tab":
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        await super()._on_key(event)


class SignInButton(Button, inherit_css=False):
    """The form's "Sign in" button: Textual's primary Button, drawn by the part of Button's
    stylesheet a primary button uses. Button's whole stylesheet (every variant, flat and
    not, for each theme) was a third of the stylesheet parsing before the sign-in is drawn;
    these are its rules for this button (Textual 8.2.8, pinned), so it looks the same in
    every state and theme."""

    DEFAULT_CSS = """
    SignInButton:ansi.-style-default {
        border: tall $border-blurred;
        background: ansi_default;
        &:disabled {
            text-opacity: 1;
            text-style: bold dim;
            border: tall $border-blurred !important;
            background: ansi_default !important;
            pointer: not-allowed;
            &:hover {
                background: ansi_default;
            }
        }
        &:hover {
            background: $ansi-background;
            border: tall $border;
        }
        &.-active {
            background: $ansi-background !important;
            border: blank $background !important;
            tint: transparent;
        }
        &.-primary {
            color: $primary;
            border: tall $primary;
            background: ansi_default;
            &:hover {
                background: $ansi-background;
            }
        }
    }
    SignInButton {
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        &.-style-default {
            text-style: bold;
            color: $button-foreground;
            background: $surface;
            border: none;
            border-top: tall $surface-lighten-1;
            border-bottom: tall $surface-darken-1;
            &.-textual-compact {
                border: none !important;
            }
            &:disabled {
                text-opacity: 0.6;
                pointer: not-allowed;
            }
            &:focus {
                text-style: $button-focus-text-style;
                background-tint: $foreground 5%;
            }
            &:hover {
                border-top: tall $surface;
                background: $surface-darken-1;
            }
            &.-active {
                background: $surface;
                border-bottom: tall $surface-lighten-1;
                border-top: tall $surface-darken-1;
                tint: $background 30%;
            }
            &.-primary {
                color: $button-color-foreground;
                background: $primary;
                border-top: tall $primary-lighten-3;
                border-bottom: tall $primary-darken-3;
                &:hover {
                    background: $primary-darken-2;
                    border-top: tall $primary;
                }
                &.-active {
                    background: $primary;
                    border-bottom: tall $primary-lighten-3;
                    border-top: tall $primary-darken-3;
                }
            }
        }
    }
    """


class SignInForm(ServiceCaller, Vertical):
    """Posts ``SignInForm.SignedIn`` when a username and PIN are accepted."""

    DEFAULT_CSS = """
    SignInForm { height: auto; width: 100%; }
    SignInForm #signin-message { color: $error; height: auto; min-height: 1; }
    SignInForm SignInButton { width: 100%; }
    """

    class SignedIn(Message):
        def __init__(self, actor: Actor) -> None:
            super().__init__()
            self.actor = actor

    def __init__(self, username: str = "", *, resuming: str | None = None, **kwargs) -> None:
        """RESUMING: the username of the locked session this form unlocks (lock screen)."""
        super().__init__(**kwargs)
        self._username = username
        self._resuming = resuming

    def compose(self) -> ComposeResult:
        yield Label("Username")
        yield FormField(value=self._username, id="username", placeholder="e.g. admin",
                        max_length=40)
        yield Label("PIN (4-8 digits)")
        yield FormField(id="pin", password=True, restrict=r"[0-9]*", max_length=8,
                        placeholder="PIN")
        yield Static(id="signin-message", markup=False)
        yield SignInButton("Sign in", id="signin-button", variant="primary")

    def on_mount(self) -> None:
        target = "#pin" if self._username else "#username"
        self.query_one(target, Input).focus()

    @on(Input.Submitted, "#username")
    def _next_field(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#signin-button")
    def submit(self) -> None:
        typed = read_credentials(self, "#username", "Type your username.", "Type your PIN.",
                                 self._say)
        if typed is None:
            return
        username, pin = typed
        self.query_one("#signin-button", Button).disabled = True
        # The database may not be open yet (the sign-in is drawn first): open it now; if it
        # cannot be, the app ends and says why.
        if not self.app.open_database_now():  # type: ignore[attr-defined]
            return
        # Deferred (start-up): the sign-in is drawn before the database layer loads; the app
        # imports it ahead while the person types, so this finds it loaded.
        import peer_tui.services.auth as auth

        settings = self.app.settings  # type: ignore[attr-defined]
        self.run_service(
            auth.sign_in, username, pin, max_attempts=settings.staff_max_attempts,
            lockout_minutes=settings.staff_lockout_minutes, resuming=self._resuming,
            done=self._answered,
            failed=self._failed, group="sign-in", exclusive=True,
        )

    def _answered(self, result: SignInResult) -> None:
        self.query_one("#signin-button", Button).disabled = False
        if not pin_answered(self, result.actor is not None, result.message, self._say):
            return
        self._say("")
        self.post_message(self.SignedIn(result.actor))

    def _failed(self, exc: Exception) -> None:
        self.query_one("#signin-button", Button).disabled = False
        self._say(str(exc))

    def _say(self, message: str) -> None:
        self.query_one("#signin-message", Static).update(plain(message))

    def reset(self, username: str = "") -> None:
        self.query_one("#username", Input).value = username
        self.query_one("#pin", Input).value = ""
        self._say("")
        self.query_one("#pin" if username else "#username", Input).focus()
