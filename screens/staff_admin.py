"""Staff accounts, for administrators: add, reset a PIN (clears a lockout), change a role,
deactivate and reactivate.

The same rules as the command line (``peer-tui staff ...``), through the same services, which
refuse anyone but an administrator. Every change is audited by the service. Accounts are
never deleted: a deactivated account keeps its history and cannot sign in.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, RadioSet, Static

from peer_tui.models.base import utcnow
from peer_tui.screens.base import TableScreen
from peer_tui.screens.event_form import FormModal
from peer_tui.screens.text import clean, one_line
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.services import auth
from peer_tui.services.auth import StaffInfo
from peer_tui.services.permissions import ROLE_LABELS
from peer_tui.timeutil import fmt_datetime


class StaffAdminScreen(TableScreen):
    """Every staff account, active first; keys add, reset a PIN, change a role, deactivate
    or reactivate. A key that cannot apply to the highlighted account says so when pressed
    (your own account, an account already in that state), before any form opens."""

    FIRST_FIELD = "#staff-table"

    TITLE_TEXT = "Staff accounts"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "add", "Add"),
        # Short, so every key and ^q Quit fit 80 columns; ? has the long words.
        Binding("p", "reset_pin", "PIN", tooltip="Reset the account's PIN"),
        Binding("c", "change_role", "Role", tooltip="Change the account's role"),
        Binding("x", "deactivate", "Deactivate"),
        Binding("v", "reactivate", "Reactivate", tooltip="Let a deactivated account sign in"),
    ]

    DEFAULT_CSS = """
    StaffAdminScreen #staff-status { height: 1; padding: 0 1; color: $text-muted; }
    StaffAdminScreen #staff-table { height: 1fr; }
    """

    ID_PREFIX = "staff"
    COLUMNS = (("Username", "username", 16), ("Name", "name", 24), ("Role", "role", 16),
               ("State", "state", None))

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, StaffInfo] = {}

    def reload(self) -> None:
        self.run_service(auth.list_staff, True, done=self._loaded, group="staff-list")

    def _loaded(self, rows: list[StaffInfo]) -> None:
        table = self.query_one("#staff-table", SafeTable)
        keep = table.cursor_row
        table.clear()
        rows = sorted(rows, key=lambda r: (not r.active, r.display_name.casefold()))
        self.rows = {r.username: r for r in rows}
        now = utcnow()
        for row in rows:
            state = "active" if row.active else "inactive"
            if row.active and row.locked_until is not None and row.locked_until > now:
                state = f"locked until {fmt_datetime(row.locked_until)}"
            table.add_row(Text(row.username), Text(one_line(row.display_name, 24)),
                          Text(ROLE_LABELS.get(row.role, row.role)), Text(state),
                          key=row.username)
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        active = sum(1 for r in rows if r.active)
        self.query_one("#staff-status", Static).update(Text(
            f"{active} active, {len(rows) - active} inactive \u00b7 a add \u00b7 p PIN "
            "\u00b7 c role \u00b7 x deactivate \u00b7 v reactivate"))

    def current(self) -> StaffInfo | None:
        key = self.query_one("#staff-table", SafeTable).cursor_key
        return None if key is None else self.rows.get(key)

    def action_add(self) -> None:
        """a, administrators: add a staff account."""
        self.app.push_screen(StaffFormScreen("add"), lambda _: self.reload())

    def action_reset_pin(self) -> None:
        """p, administrators: set a new PIN and clear a lockout."""
        self._open_form("reset_pin")

    def _open_form(self, mode: str, why_not: Callable[[StaffInfo], str] = lambda _: "") -> None:
        """The MODE dialog for the highlighted account, read again once it closes; or, when
        WHY_NOT has a reason it cannot apply to that account, the reason instead."""
        row = self.current()
        if row is None:
            return
        reason = why_not(row)
        if reason:
            self.app.notify(reason, title="Not done", severity="warning", markup=False)
        else:
            self.app.push_screen(StaffFormScreen(mode, row), lambda _: self.reload())

    def action_change_role(self) -> None:
        """c, administrators: change the highlighted account's role."""
        self._open_form("role", lambda row: (
            "You cannot change your own role: another administrator can."
            if row.id == self.actor.id else ""))

    def action_deactivate(self) -> None:
        """x, administrators: deactivate the account (its history is kept)."""
        def why_not(row: StaffInfo) -> str:
            if row.id == self.actor.id:
                return "You cannot deactivate your own account."
            if not row.active:
                return f"{row.username} is already inactive: v reactivates it."
            return ""

        self._open_form("deactivate", why_not)

    def action_reactivate(self) -> None:
        """v, administrators: let a deactivated account sign in again."""
        self._open_form("reactivate", lambda row: (
            f"{row.username} is already active." if row.active else ""))

    def action_back(self) -> None:
        """Esc: back to the screen before."""
        self.app.pop_screen()


class StaffFormScreen(FormModal):
    """MODE "add" (a new account), or of ROW: "reset_pin", "role", "deactivate",
    "reactivate". Dismisses True when saved."""

    def __init__(self, mode: str, row: StaffInfo | None = None) -> None:
        super().__init__()
        self.mode = mode
        self.row = row

    def compose(self) -> ComposeResult:
        who = f"{clean(self.row.display_name)} ({self.row.username})" if self.row else ""
        title = {"add": "Add a staff account", "reset_pin": f"New PIN for {who}",
                 "role": f"Role of {who}", "deactivate": f"Deactivate {who}",
                 "reactivate": f"Reactivate {who}"}[self.mode]
        with VerticalScroll(classes="form-box"):
            yield Static(Text(title), classes="form-title")
            hint = {
                "deactivate": "The account can no longer sign in; its history is kept. "
                              "Ctrl+S deactivates \u00b7 Esc cancels.",
                "reactivate": "The account can sign in again with its PIN (p sets a new "
                              "one). Ctrl+S reactivates \u00b7 Esc cancels.",
                "role": "Arrows or the first letter pick \u00b7 Ctrl+S saves \u00b7 Esc "
                        "cancels. It applies from the account's next sign-in.",
            }.get(self.mode, "Ctrl+S saves \u00b7 Esc cancels \u00b7 Tab moves between fields")
            yield Static(Text(hint), classes="form-hint")
            yield self.message_slot()
            if self.mode == "role":
                yield from self.compose_choice("Role", "role", ROLE_LABELS, self.row.role)
            if self.mode == "add":
                yield from self.labelled("Username (letters, digits, . _ -)",
                                         Input(id="username", max_length=40))
                yield from self.labelled("Name as shown on screen",
                                         Input(id="display_name", max_length=100))
                yield from self.compose_choice("Role (arrows, then Enter)", "role", ROLE_LABELS,
                                               "peer_specialist")
            if self.mode in ("add", "reset_pin"):
                yield from self.labelled(
                    "PIN (4 to 8 digits)",
                    Input(id="pin", password=True, max_length=8, restrict=r"[0-9]*"))
                yield from self.labelled(
                    "The same PIN again",
                    Input(id="pin2", password=True, max_length=8, restrict=r"[0-9]*"))

    def first_field(self):
        field = {"add": "#username", "reset_pin": "#pin", "role": "#role"}.get(self.mode)
        return self.query_one(field) if field else None

    def has_typing(self) -> bool:
        return any(i.value for i in self.query(Input))

    def action_save(self) -> None:
        """Ctrl+S, administrators: create the staff account."""
        if self.mode == "reactivate":
            self._run(auth.reactivate_staff, self.row.username,
                      said=lambda info: f"Saved: {info.username} can sign in again.")
            return
        if self.mode == "role":
            self._run(auth.change_role, self.row.username, self._role(),
                      said=lambda info: f"Saved: {info.username} is now "
                                        f"{ROLE_LABELS.get(info.role, info.role).lower()}.")
            return
        if self.mode == "deactivate":
            self._run(auth.deactivate_staff, self.row.username,
                      said=lambda info: f"Saved: {info.username} deactivated.")
            return
        pin = self.query_one("#pin", Input).value
        if pin != self.query_one("#pin2", Input).value:
            self.show_errors({"pin2": "The two PINs are not the same."})
            return
        if self.mode == "reset_pin":
            self._run(auth.reset_pin, self.row.username, pin,
                      said=lambda info: f"Saved: new PIN for {info.username}.")
            return
        self._run(auth.create_staff, self.query_one("#username", Input).value,
                  self.query_one("#display_name", Input).value, self._role(), pin,
                  said=lambda info: f"Saved: account {info.username} added.")

    def _role(self) -> str:
        pressed = self.query_one("#role", RadioSet).pressed_button
        return pressed.name if pressed is not None else ""

    def _run(self, service: Callable[..., StaffInfo], *args,
             said: Callable[[StaffInfo], str]) -> None:
        """SERVICE(*ARGS, the administrator) once, in a worker (the account services take who
        does it last); saved, the form closes with SAID(the account) as the confirmation."""
        self.saving = True
        self.run_service(service, *args, self.app.actor,  # type: ignore[attr-defined]
                         done=lambda info: self._done(said(info)), failed=self.failed,
                         group="save")

    def show_errors(self, errors: dict[str, str]) -> None:
        """Shown under each field, and the first field with a problem is focused: on a short
        terminal the form scrolls, and the message must not be out of sight."""
        super().show_errors(errors)
        for field in ("username", "display_name", "role", "pin", "pin2"):
            if field in errors and self.query(f"#{field}"):
                self.query_one(f"#{field}").focus()
                return
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def _done(self, message: str) -> None:
        self.saved(message)
        self.dismiss(True)
