"""Referrals on screen: a resident's (the resident view's Referrals tab), the house's open
ones (``R`` on the caseload), each with the stages it passed through under the table.

Enter or ``m`` records the highlighted referral's next stage; every change is a timeline
entry (``services/referrals.py``)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from peer_tui.screens.base import ServiceCaller, TableWithDetail
from peer_tui.screens.consent_forms import ConsentForm
from peer_tui.screens.referral_forms import PacketForm, StageForm
from peer_tui.screens.roles import RoleGated, requires
from peer_tui.screens.text import one_line, plain
from peer_tui.screens.widgets.marks import mark
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.services import referrals
from peer_tui.services.permissions import Perm
from peer_tui.timeutil import fmt_date, local_today

SORT_WORDS = {"age": "oldest first", "stage": "by stage", "check": "by next check"}


def stage_cell(view: referrals.ReferralView) -> Text:
    style = "bold" if view.stage in ("engaged", "completed") else (
        "dim" if not view.is_open else "")
    return Text(view.stage_label, style=style)


def check_cell(view: referrals.ReferralView) -> Text:
    if not view.is_open:
        return Text(one_line(view.closed_reason, 12) if view.stage == "closed" else "-")
    late = view.check_late_days()
    return Text(fmt_date(view.next_check_on), style=mark("alert") if late else "")


def describe(view: referrals.ReferralView) -> Text:
    """The highlighted referral in full: who, why, how, and every stage with its date."""
    text = Text()
    text.append(plain(f"{view.resident_name} to {view.to}"), )
    if view.to_contact:
        text.append(plain(f" ({view.to_contact})"))
    text.append(plain(f"\nWhy: {view.why} \u00b7 How: {view.method_label}"
                      f" \u00b7 Made by {view.staff_name or '-'}"))
    if view.needs_consent:
        text.append("\nSharing with this provider needs the resident's written consent.")
    for step in view.steps:
        label = referrals.STAGE_LABELS.get(step.stage, step.stage)
        line = f"\n{fmt_date(step.on)}  {label}"
        if step.next_check_on:
            line += f", next check {fmt_date(step.next_check_on)}"
        if step.staff_name:
            line += f" ({step.staff_name})"
        if step.note:
            line += f": {step.note}"
        text.append(plain(line))
    return text


class ReferralList(TableWithDetail[referrals.ReferralView], ServiceCaller, RoleGated,
                   Vertical):
    """A table of referrals with the highlighted one's stages below it."""

    BINDINGS = [
        Binding("m", "stage", "Next stage", tooltip="Record the referral's next stage"),
        Binding("x", "packet", "Packet", tooltip="A referral packet for the provider "
                "(a disclosure: under the resident's consent)"),
        Binding("c", "consent", "Consent", show=False,
                tooltip="Draw up the consent this referral needs"),
    ]

    DEFAULT_CSS = """
    ReferralList { height: 1fr; }
    ReferralList .referral-summary { height: 1; padding: 0 1; color: $text-muted; }
    ReferralList SafeTable { height: 1fr; min-height: 4; }
    ReferralList .referral-detail-box { height: 35%; min-height: 3; border-top: solid $primary;
        padding: 0 1; }
    """

    #: Whether the table names the resident (the house list) or not (one resident's).
    with_resident = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.views: dict[str, referrals.ReferralView] = {}
        self.today = local_today()  # the day the rows' ages count to (read again on each show)

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading referrals..."), classes="referral-summary")
        resident = (("Resident", "resident", 16),) if self.with_resident else ()
        yield SafeTable.of_rows((("Age", "age", 5), ("Stage", "stage", 15), *resident,
                                 ("Referred to", "to", 22), ("Check", "check", 10),
                                 ("Why", "why", None)))
        with VerticalScroll(classes="referral-detail-box"):
            yield Static(classes="referral-detail")

    def on_mount(self) -> None:
        self.app.timeline_changed.subscribe(self, lambda _ids: self.load())
        self.load()

    def load(self) -> None:  # pragma: no cover - each list says what it reads
        raise NotImplementedError

    generation = 0

    def fetch(self, service, *args, **kwargs) -> None:
        """Run SERVICE for the list; an answer to an older request (another sort) is dropped
        when it arrives (not an exclusive worker: a cancelled one fails whoever waits)."""
        self.generation += 1
        generation = self.generation
        self.run_service(service, self.app.actor, *args, group="referral-list",
                         done=lambda views: self._loaded(views)
                         if generation == self.generation else None, **kwargs)

    def _loaded(self, views) -> None:  # pragma: no cover - each list says how it shows
        raise NotImplementedError

    def show(self, views: list[referrals.ReferralView], summary: str) -> None:
        self.today = local_today()
        self.fill(views)
        self.query_one(".referral-summary", Static).update(Text(summary))
        self.show_detail(self.selected())

    def cells(self, v: referrals.ReferralView) -> list[Text]:
        cells = [Text(f"{v.age_days(self.today)}d"), stage_cell(v)]
        if self.with_resident:
            cells.append(Text(one_line(v.resident_name, 16)))
        return cells + [Text(one_line(v.to, 22)), check_cell(v), Text(one_line(v.why, 60))]

    def show_detail(self, view: referrals.ReferralView | None) -> None:
        self.query_one(".referral-detail", Static).update(describe(view) if view else Text(""))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_stage()

    @requires(Perm.WRITE_NOTES, "change a referral")
    def action_stage(self) -> None:
        """m, clinical staff: record the highlighted referral's next stage."""
        view = self.selected()
        if view is None:
            self.app.notify("No referral here yet.", markup=False, timeout=4)
            return
        if not referrals.next_stages(view.stage):
            self.app.notify(f"This referral is {view.stage_label}: it does not move on. "
                            "Make a new referral to try again.", markup=False, timeout=6)
            return
        self.app.push_screen(StageForm(view), self._changed)

    def _changed(self, view) -> None:
        if view is not None:
            self.app.timeline_changed.publish({view.resident_id})

    @requires(Perm.CONSENTS, "send a referral packet")
    def action_packet(self) -> None:
        """x, clinical staff: a referral packet for the provider (a disclosure)."""
        view = self.selected()
        if view is not None:
            self.app.push_screen(PacketForm(view), self._changed_packet)

    def _changed_packet(self, path) -> None:
        view = self.selected()
        if path and view is not None:
            self.app.timeline_changed.publish({view.resident_id})

    @requires(Perm.CONSENTS, "draw up consents")
    def action_consent(self) -> None:
        """c, clinical staff: draw up the consent the highlighted referral needs."""
        view = self.selected()
        if view is None:
            return
        self.app.push_screen(ConsentForm(
            view.resident_id, view.resident_name, recipient=view.to,
            purpose=f"Referral to {view.to}", kind="treatment"),
            lambda c: self.app.timeline_changed.publish({view.resident_id}) if c else None)


class ResidentReferrals(ReferralList):
    """One resident's referrals: open ones first, then the past ones."""

    def __init__(self, resident_id: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.resident_id = resident_id

    def load(self) -> None:
        self.fetch(referrals.resident_referrals, self.resident_id)

    def _loaded(self, views) -> None:
        open_ = sum(1 for v in views if v.is_open)
        summary = (f"{open_} open, {len(views) - open_} past \u00b7 R refer \u00b7 "
                   "m next stage \u00b7 x packet \u00b7 c consent" if views else
                   "No referrals yet \u00b7 R makes one")
        self.show(views, summary)
