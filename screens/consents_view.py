"""The resident view's Consents tab: every consent with what it permits today, the
highlighted one in full below; and the accounting of disclosures (``A``).

Keys: ``c`` draw up, ``e`` change a draft, ``p`` print the form, ``s`` record the paper
signature, ``r`` revoke, ``E`` the end event happened, ``A`` the accounting. Expired,
revoked and ended consents stay listed and permit nothing."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from peer_tui.screens import consent_forms as forms
from peer_tui.screens.base import ServiceCaller, StaffScreen, TableWithDetail
from peer_tui.screens.roles import RoleGated, requires
from peer_tui.screens.text import one_line, plain
from peer_tui.screens.widgets.marks import mark
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.services import consents, disclosures
from peer_tui.services.permissions import Perm
from peer_tui.timeutil import fmt_date, fmt_datetime

#: A consent in one of these states has nothing left to revoke or end.
NOTHING_TO_END = ("revoked", "ended", "draft")

STATUS_STYLE = {"in effect": mark("good-strong"), "draft": mark("warn"),
                "not yet in effect": mark("warn")}


def describe(c: consents.ConsentView) -> Text:
    rows = [("Recipient", c.recipient + (" (general designation)" if c.recipient_general
                                         else "") + f"; {c.kind_label}"),
            ("Purposes", "; ".join(c.purposes)), ("Information", c.information),
            ("Substance-use information", c.substance_use_info),
            ("Who may disclose", c.discloser), ("Ends", c.ends),
            ("Right to revoke", c.revoke_how), ("Signature", c.signature)]
    if c.criminal_justice:
        rows.append(("42 CFR 2.35", "criminal-justice consent" + (
            f"; cannot be revoked until {c.irrevocable_until}" if c.irrevocable_until else "")))
    if c.scan_path:
        rows.append(("Scanned copy", c.scan_path))
    if c.revoked_on:
        rows.append(("Revoked", f"{fmt_date(c.revoked_on)} ({c.revoked_by or '-'})"
                                + (f": {c.revoke_note}" if c.revoke_note else "")))
    if c.ended_on:
        rows.append(("Ended", fmt_date(c.ended_on) + (f": {c.ended_note}" if c.ended_note
                                                       else "")))
    return plain("\n".join(f"{label}: {value}" for label, value in rows))


class ConsentsPane(TableWithDetail[consents.ConsentView], ServiceCaller, RoleGated,
                   Vertical):
    BINDINGS = [
        Binding("c", "new", "New consent", tooltip="Draw up a consent (42 CFR 2.31)"),
        Binding("p", "print", "Print", tooltip="Print the consent form to sign, or a copy"),
        Binding("s", "sign", "Signed", tooltip="Record the paper signature and witness"),
        Binding("r", "revoke", "Revoke", tooltip="The resident revoked it: a dated event"),
        Binding("e", "edit", "Edit draft", show=False, tooltip="Change a draft consent"),
        Binding("E", "end", "End event", show=False,
                tooltip="The event that ends the consent happened"),
        Binding("A", "accounting", "Disclosures",
                tooltip="Accounting of disclosures, the last 3 years (42 CFR 2.24)"),
    ]

    DEFAULT_CSS = """
    ConsentsPane { height: 1fr; }
    ConsentsPane #consent-summary { height: 1; padding: 0 1; color: $text-muted; }
    ConsentsPane SafeTable { height: 1fr; min-height: 4; }
    ConsentsPane #consent-detail-box { height: 45%; min-height: 3; padding: 0 1;
        border-top: solid $primary; }
    """

    def __init__(self, resident_id: int, resident_name: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.resident_id, self.resident_name = resident_id, resident_name
        self.views: dict[str, consents.ConsentView] = {}
        self.select_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading consents..."), id="consent-summary")
        yield SafeTable.of_rows((("Status", "status", 17), ("Recipient", "recipient", 28),
                                 ("Signed", "signed", 10), ("Ends", "ends", None)))
        with VerticalScroll(id="consent-detail-box"):
            yield Static(id="consent-detail")

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(consents.list_consents, self.app.actor, self.resident_id,
                         group=f"consents-{self.resident_id}", done=self._loaded)

    def cells(self, v: consents.ConsentView) -> tuple[Text, ...]:
        status = v.status()
        left = v.expires_in()
        if left is not None and left <= consents.EXPIRING_DAYS:
            status += f", {left}d left"
        return (Text(status, style=STATUS_STYLE.get(v.status(), "dim")),
                Text(one_line(v.recipient, 28)),
                Text(fmt_date(v.signed_on) if v.signed else "-"), Text(one_line(v.ends, 60)))

    def _loaded(self, views) -> None:
        self.fill(views)
        permits = sum(1 for v in views if v.permits())
        self.query_one("#consent-summary", Static).update(Text(
            f"{permits} in effect, {len(views) - permits} other \u00b7 c new \u00b7 "
            "p print \u00b7 s signed \u00b7 r revoke \u00b7 A disclosures" if views
            else "No consents \u00b7 c draws one up \u00b7 A disclosures"))
        self.show_detail(self.selected())

    def show_detail(self, view: consents.ConsentView | None) -> None:
        self.query_one("#consent-detail", Static).update(describe(view) if view else Text(""))

    def _changed(self, result) -> None:
        if isinstance(result, consents.ConsentView):
            self.select_id = result.id
            self.app.timeline_changed.publish({self.resident_id})
            self.load()

    def _say(self, message: str) -> None:
        self.app.notify(message, markup=False, timeout=6)

    def _need(self) -> consents.ConsentView | None:
        view = self.selected()
        if view is None:
            self._say("No consent here yet: c draws one up.")
        return view

    @requires(Perm.CONSENTS, "draw up consents")
    def action_new(self) -> None:
        """c, clinical staff: draw up a consent."""
        self.app.push_screen(forms.ConsentForm(self.resident_id, self.resident_name),
                             self._changed)

    def _open_form(self, form: Callable[[consents.ConsentView], Screen],
                   why_not: Callable[[consents.ConsentView], str]) -> None:
        """FORM on the highlighted consent, the list read again once it is saved; or, when
        WHY_NOT has a reason the key does not apply to that consent, the reason instead."""
        view = self._need()
        if view is None:
            return
        reason = why_not(view)
        if reason:
            self._say(reason)
        else:
            self.app.push_screen(form(view), self._changed)

    @requires(Perm.CONSENTS, "change consents")
    def action_edit(self) -> None:
        """e, clinical staff: change the highlighted draft consent."""
        self._open_form(
            lambda view: forms.ConsentForm(self.resident_id, self.resident_name, view),
            lambda view: ("A signed consent cannot be changed: revoke it (r) and draw up a "
                          "new one (c)." if view.signed else ""))

    @requires(Perm.CONSENTS, "print consents")
    def action_print(self) -> None:
        """p, clinical staff: print the consent form to sign, or a copy."""
        view = self._need()
        if view is not None:
            self.app.push_screen(forms.PrintConsentForm(view))

    @requires(Perm.CONSENTS, "record a consent's signature")
    def action_sign(self) -> None:
        """s, clinical staff: record the paper signature and its witness."""
        self._open_form(forms.SignatureForm, lambda view: (
            f"Already recorded: {view.signature}." if view.signed else ""))

    @requires(Perm.CONSENTS, "revoke consents")
    def action_revoke(self) -> None:
        """r, clinical staff: the resident revoked the highlighted consent."""
        self._open_form(forms.EndForm, lambda view: (
            f"This consent is {view.status()}: there is nothing to revoke."
            if view.status() in NOTHING_TO_END else ""))

    @requires(Perm.CONSENTS, "record that a consent ended")
    def action_end(self) -> None:
        """E, clinical staff: the event that ends the highlighted consent happened."""
        def why_not(view: consents.ConsentView) -> str:
            if not (view.expiry_event or view.irrevocable_until):
                return "This consent ends on a date: nothing to record (r revokes it early)."
            if view.status() in NOTHING_TO_END:
                # Said at the key, as r does: the service would refuse the form's save anyway.
                return f"This consent is {view.status()}: there is no end event to record."
            return ""

        self._open_form(lambda view: forms.EndForm(view, end=True), why_not)

    @requires(Perm.CONSENTS, "see the accounting of disclosures")
    def action_accounting(self) -> None:
        """A, clinical staff: the accounting of disclosures, the last 3 years."""
        self.app.push_screen(AccountingScreen(self.resident_id, self.resident_name))


class AccountingScreen(StaffScreen):
    """Every disclosure of a resident's records in the last 3 years (42 CFR 2.24)."""

    TITLE_TEXT = "Accounting of disclosures"
    FIRST_FIELD = "#accounting-table"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("p", "print", "Print", tooltip="Print the accounting for the resident"),
    ]
    DEFAULT_CSS = """
    AccountingScreen #accounting-summary { height: auto; padding: 0 1; color: $text-muted; }
    AccountingScreen #accounting-table { height: 1fr; }
    """

    COLUMNS = (("When", "when", 16), ("What", "what", 22), ("To", "to", 26),
               ("Under", "under", None))

    def __init__(self, resident_id: int, resident_name: str) -> None:
        super().__init__()
        self.resident_id, self.resident_name = resident_id, resident_name

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(Text("Loading..."), id="accounting-summary")
        yield SafeTable.of_rows(self.COLUMNS, id="accounting-table")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.query_one("StaffHeader").set_title(self.TITLE_TEXT + ": "
                                                + one_line(self.resident_name, 30))
        self.run_service(disclosures.accounting, self.actor, self.resident_id,
                         done=self._loaded)

    def _loaded(self, rows) -> None:
        table = self.query_one(SafeTable)
        table.clear()
        for d in rows:
            under = ("EMERGENCY: " + d.emergency_reason) if d.emergency else (
                f"consent no. {d.consent_id}, for {d.purpose}")
            table.add_row(Text(fmt_datetime(d.at)), Text(one_line(d.what, 22)),
                          Text(one_line(d.recipient, 26)),
                          Text(one_line(under + f" ({d.staff_name})", 80)), key=str(d.id))
        self.query_one("#accounting-summary", Static).update(plain(
            f"{self.resident_name}: {len(rows)} disclosure{'s' if len(rows) != 1 else ''} "
            "in the last 3 years (42 CFR 2.24) \u00b7 p prints it"))

    def action_back(self) -> None:
        """Esc, clinical staff: back to the resident's consents."""
        self.app.pop_screen()

    def action_print(self) -> None:
        """p, clinical staff: print the accounting of disclosures for the resident."""
        self.app.push_screen(PrintAccountingForm(self.resident_id))


class PrintAccountingForm(forms.PrintForm):
    TITLE = "Print the accounting of disclosures"

    def __init__(self, resident_id: int) -> None:
        super().__init__()
        self.resident_id = resident_id

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: write the accounting of disclosures."""
        self.write(disclosures.accounting_document, self.resident_id)
