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

from peer_tui.kiosk_i18n import LANGUAGES, N_, _, other_language
from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.credentials import pin_answered, read_credentials
from peer_tui.screens.kiosk_messages import CheckInStarted, LanguageChosen, StartOver
from peer_tui.screens.text import clean, plain
from peer_tui.screens.widgets.kiosk_keys import KeysBar
from peer_tui.screens.widgets.tap_static import TapStatic
from peer_tui.services import assessments, checkin, kiosk_auth

HELP_NOW = N_("help now (tells staff)")
SAFETY_NOTE = N_("If you tell us you do not feel safe, staff on shift are alerted at once "
                 "so someone can help you.")
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))
# Each language offers itself in its own words: a resident who cannot read the kiosk's
# current language still finds theirs.
SWITCH_TO = {"en": "English: press L", "es": "Español: pulse L"}


def crisis_text(lines, language: str) -> Text:
    text = Text()
    for line in lines:
        line = line.localized(language)
        text.append(clean(line.name), style="bold")
        text.append(": " + clean(line.how) + "\n")
    text.rstrip()
    return text


class WelcomeScreen(Screen):
    """House name, the time, 'press Enter to check in', the language, and what a safety
    answer does."""

    BINDINGS = [
        Binding("enter", "check_in", "Check in"),
        Binding("l", "language", "Language"),
        Binding("escape", "clear_notice", show=False),
    ]

    def __init__(self, notice: str = "") -> None:
        super().__init__(classes="kiosk")
        self.notice = notice

    def compose(self) -> ComposeResult:
        app = self.app
        house = clean(getattr(app, "house_name", "") or _("Welcome"))
        switch = other_language(app.language)  # type: ignore[attr-defined]
        with Vertical(id="welcome-box"):
            title = Text(house, style="bold")
            if getattr(app, "is_demo", False):
                title.append("  " + _("(demo data)"), style="dim")
            yield Static(title, id="welcome-house")
            yield Static(id="welcome-clock", markup=False)
            yield TapStatic(Text(_("Press Enter to check in"), style="bold"), "enter",
                            id="welcome-enter")
            yield TapStatic(Text(SWITCH_TO[switch]), "l", id="welcome-language")
            yield Static(plain(_(self.notice)), id="welcome-notice", classes="notice")
            yield Static(plain(_(SAFETY_NOTE)), id="welcome-safety")
            yield Static(crisis_text(app.settings.crisis_lines,  # type: ignore[attr-defined]
                                     app.language), id="welcome-lines")  # type: ignore
        pairs = [("Enter", _("check in")), ("L", LANGUAGES[switch])]
        if not getattr(app, "served", False):  # over the web F12 only ends the session
            pairs.append(("F12", _("staff")))
        yield KeysBar(*pairs)

    def on_mount(self) -> None:
        self.query_one("#welcome-notice").display = bool(self.notice)
        self.update_clock()

    def update_clock(self) -> None:
        now = self.app.clock()  # type: ignore[attr-defined]
        self.query_one("#welcome-clock", Static).update(
            Text(f"{_(WEEKDAYS[now.weekday()])} {now:%Y-%m-%d  %H:%M}"))

    def action_clear_notice(self) -> None:
        """Esc: clear the notice under the welcome (a discarded check-in)."""
        self.notice = ""
        self.query_one("#welcome-notice").display = False

    def action_check_in(self) -> None:
        """Enter, a resident: start a check-in with kiosk code and PIN."""
        self.app.switch_screen(ResidentSignInScreen())

    def action_language(self) -> None:
        """L (or a tap), a resident: the other language, until the kiosk starts over."""
        self.post_message(LanguageChosen(other_language(self.app.language)))  # type: ignore

    async def redraw(self) -> None:
        """The same welcome in the kiosk's language now (after L), the notice kept."""
        await self.recompose()
        self.on_mount()


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
            yield Static(Text(_("Check in"), style="bold"), classes="title")
            yield Label(_("Your kiosk code"))
            yield Input(id="code", restrict=r"[0-9A-Za-z]*", max_length=12,
                        placeholder=_("code"))
            yield Label(_("Your PIN"))
            yield Input(id="pin", password=True, restrict=r"[0-9]*", max_length=8,
                        placeholder=_("PIN"))
            yield Static(id="signin-message", classes="problem", markup=False)
        yield KeysBar(*self._keys(_("next"), _("back to start")))

    def _keys(self, enter: str, escape: str) -> list[tuple[str, str]]:
        pairs = [("Enter", enter), ("Esc", escape)]
        if not getattr(self.app, "served", False):
            pairs.append(("F12", _("staff")))
        return pairs

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
            self._say(_("Type your kiosk code."))

    @on(Input.Submitted, "#pin")
    def _sign_in(self) -> None:
        if self._waiting is not None:
            self._go_on()
            return
        typed = read_credentials(self, "#code", _("Type your kiosk code."), _("Type your PIN."),
                                 self._say)
        if typed is None or self._busy:
            return
        code, pin = typed
        self._busy = True
        self._say(_("Checking..."))
        settings = self.app.settings  # type: ignore[attr-defined]
        self.run_service(_sign_in_and_load, code, pin, settings.kiosk_max_attempts,
                         settings.kiosk_lockout_minutes, settings.barc10_every_days,
                         getattr(self.app, "house_id", None),
                         done=self._answered,
                         failed=self._failed, group="kiosk-sign-in", exclusive=True)

    def _answered(self, result) -> None:
        self._busy = False
        signed, context, barc = result
        if not pin_answered(self, signed.resident is not None, _(signed.message), self._say):
            return
        if signed.cannot_save:
            self._waiting = (signed, context, barc)
            self.query_one("#code", Input).disabled = True
            self._say(cannot_save_notice(signed.resident.first_name, signed.cannot_save))
            self.query_one(KeysBar).show(*self._keys(_("go on anyway"), _("stop")))
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
        self._say(_("{problem} Please ask staff for help.").format(problem=exc))

    def _say(self, message: str) -> None:
        self.query_one("#signin-message", Static).update(plain(message))


def cannot_save_notice(name: str, cause: str) -> str:
    """What a resident reads, before the first question, when answers cannot be saved."""
    return _("Hi {name}. Your answers cannot be saved right now ({cause}). Please tell "
             "staff. You can still go through the questions, and the help numbers work; "
             "if saving fails at the end, your answers stay on screen for staff."
             ).format(name=name, cause=_(cause))


def _sign_in_and_load(code: str, pin: str, max_attempts: int, lockout_minutes: int,
                      barc_every_days: int = 30, house_id: int | None = None):
    """Sign in and, if accepted, read the resident's own lists (and whether the BARC-10 is
    due) in the same worker."""
    signed = kiosk_auth.resident_sign_in(code, pin, max_attempts=max_attempts,
                                         lockout_minutes=lockout_minutes, house_id=house_id)
    if signed.resident is None:
        return signed, None, None
    resident_id = signed.resident.id
    return (signed, checkin.checkin_context(resident_id),
            assessments.kiosk_barc_status(resident_id, barc_every_days))
