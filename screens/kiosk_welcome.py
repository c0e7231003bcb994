"""The kiosk's resting screens: the welcome page and the resident's code + PIN sign-in.

Both are built new every time (never reused), so no field is ever prefilled with the
previous resident's typing.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.credentials import pin_answered, read_credentials
from peer_tui.screens.kiosk_messages import CheckInStarted, StartOver
from peer_tui.screens.text import clean, plain
from peer_tui.services import assessments, checkin, kiosk_auth

HELP_NOW = "help now (tells staff)"
SAFETY_NOTE = ("If you tell us you do not feel safe, staff on shift are alerted at once "
               "so someone can help you.")


def crisis_text(lines) -> Text:
    text = Text()
    for line in lines:
        text.append(clean(line.name), style="bold")
        text.append(": " + clean(line.how) + "\n")
    text.rstrip()
    return text


def keys_text(*pairs: tuple[str, str]) -> Text:
    """The bottom line of every kiosk screen: the keys that work here, in plain words."""
    text = Text()
    for key, what in pairs:
        if text:
            text.append("   ")
        text.append(f" {key} ", style="reverse bold")
        text.append(f" {what}")
    return text


class WelcomeScreen(Screen):
    """House name, the time, 'press Enter to check in', and what a safety answer does."""

    BINDINGS = [
        Binding("enter", "check_in", "Check in"),
        Binding("escape", "clear_notice", show=False),
    ]

    def __init__(self, notice: str = "") -> None:
        super().__init__(classes="kiosk")
        self.notice = notice

    def compose(self) -> ComposeResult:
        house = clean(getattr(self.app, "house_name", "") or "Welcome")
        with Vertical(id="welcome-box"):
            title = Text(house, style="bold")
            if getattr(self.app, "is_demo", False):
                title.append("  (demo data)", style="dim")
            yield Static(title, id="welcome-house")
            yield Static(id="welcome-clock", markup=False)
            yield Static(Text("Press Enter to check in", style="bold"), id="welcome-enter")
            yield Static(plain(self.notice), id="welcome-notice", classes="notice")
            yield Static(plain(SAFETY_NOTE), id="welcome-safety")
            yield Static(crisis_text(self.app.settings.crisis_lines), id="welcome-lines")
        yield Static(keys_text(("Enter", "check in"), ("F12", "staff")), classes="keys")

    def on_mount(self) -> None:
        self.query_one("#welcome-notice").display = bool(self.notice)
        self.update_clock()

    def update_clock(self) -> None:
        now = self.app.clock()  # type: ignore[attr-defined]
        self.query_one("#welcome-clock", Static).update(
            Text(now.strftime("%A %Y-%m-%d  %H:%M")))

    def action_clear_notice(self) -> None:
        """Esc: clear the notice under the welcome (a discarded check-in)."""
        self.query_one("#welcome-notice").display = False

    def action_check_in(self) -> None:
        """Enter, a resident: start a check-in with kiosk code and PIN."""
        self.app.switch_screen(ResidentSignInScreen())


class ResidentSignInScreen(ServiceCaller, Screen):
    """Kiosk code and PIN, never a list of names. Refusals all read the same."""

    BINDINGS = [Binding("escape", "back", "Back to start", show=False)]

    def __init__(self) -> None:
        super().__init__(classes="kiosk")
        self._busy = False
        # Signed in while nothing can be saved: told so, waiting for Enter to go on.
        self._waiting: tuple | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="signin-box"):
            yield Static(Text("Check in", style="bold"), classes="title")
            yield Label("Your kiosk code")
            yield Input(id="code", restrict=r"[0-9A-Za-z]*", max_length=12,
                        placeholder="code")
            yield Label("Your PIN")
            yield Input(id="pin", password=True, restrict=r"[0-9]*", max_length=8,
                        placeholder="PIN")
            yield Static(id="signin-message", classes="problem", markup=False)
        yield Static(keys_text(("Enter", "next"), ("Esc", "back to start"), ("F12", "staff")),
                     classes="keys")

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    def action_back(self) -> None:
        """Esc, the resident: back to the welcome screen."""
        self.post_message(StartOver())

    @on(Input.Submitted, "#code")
    def _to_pin(self) -> None:
        if self.query_one("#code", Input).value.strip():
            self.query_one("#pin", Input).focus()
        else:
            self._say("Type your kiosk code.")

    @on(Input.Submitted, "#pin")
    def _sign_in(self) -> None:
        if self._waiting is not None:
            self._go_on()
            return
        typed = read_credentials(self, "#code", "Type your kiosk code.", self._say)
        if typed is None or self._busy:
            return
        code, pin = typed
        self._busy = True
        self._say("Checking...")
        settings = self.app.settings  # type: ignore[attr-defined]
        self.run_service(_sign_in_and_load, code, pin, settings.kiosk_max_attempts,
                         settings.kiosk_lockout_minutes, settings.barc10_every_days,
                         done=self._answered,
                         failed=self._failed, group="kiosk-sign-in", exclusive=True)

    def _answered(self, result) -> None:
        self._busy = False
        signed, context, barc = result
        if not pin_answered(self, signed.resident is not None, signed.message, self._say):
            return
        if signed.cannot_save:
            self._waiting = (signed, context, barc)
            self.query_one("#code", Input).disabled = True
            self._say(cannot_save_notice(signed.resident.first_name, signed.cannot_save))
            self.query_one(".keys", Static).update(keys_text(
                ("Enter", "go on anyway"), ("Esc", "stop"), ("F12", "staff")))
            return
        if self.app.screen is self:  # not reset meanwhile
            self.post_message(CheckInStarted(signed.resident, context, barc))

    def _go_on(self) -> None:
        signed, context, barc = self._waiting
        self._waiting = None
        if self.app.screen is self:
            self.post_message(CheckInStarted(signed.resident, context, barc,
                                             signed.cannot_save))

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self._say(f"{exc} Please ask staff for help.")

    def _say(self, message: str) -> None:
        self.query_one("#signin-message", Static).update(plain(message))


def cannot_save_notice(name: str, cause: str) -> str:
    """What a resident reads, before the first question, when answers cannot be saved."""
    return (f"Hi {name}. Your answers cannot be saved right now ({cause}). Please tell "
            "staff. You can still go through the questions, and the help numbers work; "
            "if saving fails at the end, your answers stay on screen for staff.")


def _sign_in_and_load(code: str, pin: str, max_attempts: int, lockout_minutes: int,
                      barc_every_days: int = 30):
    """Sign in and, if accepted, read the resident's own lists (and whether the BARC-10 is
    due) in the same worker."""
    signed = kiosk_auth.resident_sign_in(code, pin, max_attempts=max_attempts,
                                         lockout_minutes=lockout_minutes)
    if signed.resident is None:
        return signed, None, None
    resident_id = signed.resident.id
    return (signed, checkin.checkin_context(resident_id),
            assessments.kiosk_barc_status(resident_id, barc_every_days))
