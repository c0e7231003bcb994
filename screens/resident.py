"""One resident: a header card, then tabs for profile, recovery plan and timeline.

Opening it reads the card through ``caseload_query.resident_card``, which writes the 'view'
audit row. Front-desk accounts get the profile only: the plan and timeline tabs are not
mounted (and their services refuse them anyway).

The caseload builds the view once and swaps the resident (``show_resident``): composing a
screen of tabs costs several times what drawing it does. Tabs are filled when first shown,
and again for each new resident.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.widgets import ContentSwitcher, Static, TabbedContent, TabPane, Tabs

from peer_tui.screens.barc_summary import BarcSummary
from peer_tui.screens.base import StaffScreen
from peer_tui.screens.held_paint import hold_paint
from peer_tui.screens.kept_styles import KeepsStylesWhenShown
from peer_tui.screens.roles import requires
from peer_tui.screens.text import clean
from peer_tui.screens.widgets.meetings_summary import MeetingsSummary
from peer_tui.screens.widgets.timeline_pane import TimelinePane
from peer_tui.services import caseload_query as cq
from peer_tui.services.permissions import Perm, allowed, refusal
from peer_tui.timeutil import fmt_date

# The forms its keys open and the tabs filled when first shown (plan, referrals, consents)
# are imported where they are opened, and before that while the app waits (``warm_up``):
# the view can then be built ahead as soon as what it shows first is imported (a fifth of
# the modules behind it), not only once all of them are.

# How long opening a resident may wait for their card before the view is drawn without it
# (a few milliseconds: it is drawn once, with the name, not "Loading..." and then again).
HOLD_FOR_CARD = 0.1

# How long the screen may wait for the timeline's first rows before it is drawn without them
# (they take a few milliseconds; a slow database shows the tab and says it is loading).
HOLD_FOR_ROWS = 0.1

# The tabs whose content is built when first shown (see compose).
FILLED_WHEN_SHOWN = ("tab-plan", "tab-referrals", "tab-consents")

# On the plan and timeline tabs the footer is the pane's: its own keys, ? and Esc. These
# resident keys still work there (unless the pane uses the key) and ? lists them, but they
# leave the footer, which at 80 columns cut off whatever did not fit.
PROFILE_ONLY_IN_FOOTER = {"log_contact", "message_staff", "edit", "discharge", "kiosk",
                          "app.quit", "quit"}


class ResidentScreen(KeepsStylesWhenShown, StaffScreen):
    TITLE_TEXT = "Resident"

    BINDINGS = [
        # Short footer words so the main keys fit 80 columns; help shows the tooltips.
        Binding("escape", "back", "Back", tooltip="Back to the caseload"),
        # The tabs' keys are the view's whatever has focus (no field in it takes digits):
        # as priority keys they are acted on when the app receives them, not after passing
        # up from the focused widget through each of its containers, a step each (the key
        # typed just after Enter waited behind the drawing of the profile).
        Binding("1", "tab('tab-profile')", "Profile", show=False, priority=True),
        Binding("2", "tab('tab-plan')", "Plan", show=False, tooltip="Recovery plan",
                priority=True),
        Binding("3", "tab('tab-timeline')", "Timeline", show=False,
                tooltip="Engagement timeline", priority=True),
        Binding("4", "tab('tab-referrals')", "Referrals", show=False,
                tooltip="Referrals, open and past", priority=True),
        Binding("5", "tab('tab-consents')", "Consents", show=False,
                tooltip="Consents to disclose, and the accounting of disclosures",
                priority=True),
        Binding("R", "refer", "Refer", show=False,
                tooltip="Refer to a directory entry or a one-off provider"),
        Binding("l", "log_contact", "Log contact", tooltip="Log a contact with this resident"),
        Binding("M", "message_staff", "Message staff",
                tooltip="Leave a message for staff about this resident"),
        Binding("e", "edit", "Edit", tooltip="Edit the profile and assigned staff"),
        Binding("d", "discharge", "Discharge", tooltip="Discharge, or readmit"),
        Binding("k", "kiosk", "Kiosk PIN", tooltip="Set the kiosk code and PIN"),
        Binding("b", "barc", "BARC-10", show=False,
                tooltip="Record a BARC-10 (recovery capital) with the resident"),
        Binding("B", "barc_correct", "Correct BARC-10", show=False,
                tooltip="Correct the latest BARC-10 (a new one, with the reason)"),
        Binding("i", "interview", "Interview", show=False,
                tooltip="Record a follow-up interview (intake, 3 or 6 months, discharge)"),
        Binding("T", "transfer", "Move house", show=False,
                tooltip="Move the resident to another of your houses (on the timeline)"),
    ]

    # Opens on the profile, where the profile tab puts focus anyway: Textual's own first
    # choice (the tab bar) was a move and two restyles of the tab bar before that.
    AUTO_FOCUS = FIRST_FIELD = "#profile"

    DEFAULT_CSS = """
    /* Two lines, as the card read has, while it says it is loading: the tabs below are
       laid out ahead (built ahead) at the size they have once a resident is shown. */
    ResidentScreen #resident-card { height: auto; min-height: 2; padding: 0 1;
                                    background: $boost; }
    ResidentScreen TabbedContent { height: 1fr; }
    ResidentScreen #profile { padding: 0 1; }
    """

    def __init__(self, resident_id: int | None, tab: str | None = None) -> None:
        """RESIDENT_ID None: built ahead, before anyone is opened (the caseload does, while
        the app waits); ``show_resident`` then shows someone, and nothing is read before."""
        super().__init__()
        self.resident_id = resident_id
        self.start_tab = tab
        self.card: cq.ResidentCard | None = None
        self._composed_for: int | None = None  # the resident its widgets were made for
        self._release_paint: Callable[[], None] = lambda: None  # see load's HOLD

    def compose(self) -> ComposeResult:
        self._composed_for = self.resident_id
        yield from self.compose_header()
        yield Static(Text("Loading..."), id="resident-card")
        clinical = self.actor is not None and self.actor.can_read_clinical
        with TabbedContent(id="resident-tabs"):
            with TabPane("1 Profile", id="tab-profile"):
                with VerticalScroll(id="profile"):
                    yield Static(id="profile-body")
                    if clinical:
                        yield BarcSummary(self.resident_id)
                        yield MeetingsSummary(self.resident_id)
            if clinical:
                # Filled when first shown: opening a resident should not pay for tabs that
                # may never be looked at (each reads the database and lays out a table).
                yield TabPane("2 Plan", id="tab-plan")
                # Built with the view but read only when shown (a read is audited as a view):
                # 3 then moves focus once, straight into the list.
                with TabPane("3 Timeline", id="tab-timeline"):
                    yield TimelinePane(self.resident_id, read_now=False)
                yield TabPane("4 Referrals", id="tab-referrals")
                yield TabPane("5 Consents", id="tab-consents")
        yield from self.compose_footer()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings
        if not self._in_pane():
            return bindings
        return {key: active._replace(binding=replace(active.binding, show=False))
                if active.binding.action in PROFILE_ONLY_IN_FOOTER
                and active.node in (self, self.app) else active
                for key, active in bindings.items()}

    def _in_pane(self) -> bool:
        """Focus is in the plan or the timeline (not on the tabs or the profile)."""
        node = self.focused
        while node is not None and node is not self:
            if getattr(node, "id", None) in ("tab-plan", "tab-timeline"):
                return True
            node = node.parent
        return False

    def on_mount(self) -> None:
        # Textual draws a screen at the ticks of its frame timer, the first a whole frame
        # (1/60 s) after the timer first runs, and the view is not drawn until its card or
        # rows are there: started now, it is ticking by then, and that first drawing is
        # made as soon as they are in, not 17 ms later. (Not shown yet, a tick draws
        # nothing.)
        self._update_timer.resume()  # noqa: SLF001
        if self.resident_id is None:
            self.styled_now()  # built ahead (styled as mounted): nobody to read yet
            return
        if self.resident_id != self._composed_for:
            # Opened while it was being built ahead: composed for nobody, so there is
            # nobody to forget (emptying the tabs and moving the focus again, on the open).
            self._swap_in(self.resident_id)
            return
        self.load(hold=True)
        if self.start_tab:
            self.call_after_refresh(self.action_tab, self.start_tab)

    def lay_out_ahead(self, size) -> None:
        """Built ahead: laid out at SIZE as Textual lays out a screen it is about to show
        (its first showing then only draws it), and the timeline's tab too, as if shown a
        moment, so that its first showing after a 3 is drawn in one frame, as the next
        ones are. Shown the first time, the tab's widgets got their sizes only then, and
        the pane fitting its columns to that width, the new scrollbars and the footer
        asked for a second layout and drawing a frame later."""
        self._refresh_layout(size)  # noqa: SLF001
        if not self.query("#tab-timeline"):  # (not for the front desk)
            return
        switcher = self.query_one(ContentSwitcher)
        shown = switcher.current
        # The profile's widgets are not told they were hidden: the focused one would give
        # up its focus. The timeline's are told they were shown, then hidden, as when the
        # tab is left (shown, its list and scrollbars do their first-showing work now).
        # (Its arrangement is kept until the switcher is next idle: dropped here, so that
        # the layout sees the other pane now.)
        with self.prevent(events.Hide):
            switcher.current = "tab-timeline"
            switcher._clear_arrangement_cache()  # noqa: SLF001
            self._refresh_layout(size)  # noqa: SLF001
        switcher.current = shown
        switcher._clear_arrangement_cache()  # noqa: SLF001
        self._refresh_layout(size)  # noqa: SLF001

    def show_resident(self, resident_id: int) -> None:
        """Show another resident in this view, as a new one would: the profile tab first;
        the other tabs are filled for them when shown, and nothing of the resident before
        stays (answers still on their way for them are dropped)."""
        if self.resident_id is not None:
            self.forget_resident()  # else done when the view was left
        self._swap_in(resident_id)

    def _swap_in(self, resident_id: int) -> None:
        """RESIDENT_ID into the view that shows nobody: its lines and tabs read for them
        when shown, the card now."""
        self.resident_id = resident_id
        for summary in self.query("BarcSummary, MeetingsSummary"):
            summary.show_resident(resident_id)  # kept, read again for them
        for timeline in self.query(TimelinePane):
            timeline.show_resident(resident_id)  # read when its tab is shown
        self.load(hold=True)

    def forget_resident(self) -> None:
        """Back to the view as built, showing nobody: the profile tab with focus on it, the
        other tabs emptied. The caseload does this once the view is left, while the app
        waits, so that the next opening only swaps the resident in (the tab bar, the focus
        and the footer's keys are already the profile's); nothing of the resident before
        stays meanwhile."""
        self.resident_id = None
        self.start_tab = None
        self.card = None
        self._release_paint()
        self.query_one("StaffHeader").set_title(self.TITLE_TEXT)
        self.query_one("#resident-card", Static).update(Text("Loading..."))
        self.query_one("#profile-body", Static).update("")
        for summary in self.query("BarcSummary, MeetingsSummary"):
            summary.show_resident(None)
        for pane in self.query("#tab-plan, #tab-referrals, #tab-consents"):
            pane.remove_children()  # built again for the next resident when shown
        for timeline in self.query(TimelinePane):
            timeline.show_resident(None)
        tabs = self.query_one(TabbedContent)
        if tabs.active != "tab-profile":
            tabs.active = "tab-profile"
            self._underline_now()  # not still sliding back when the next resident opens
        # Where a new view's focus ends (the profile's first field), in one move: not
        # unfocused, then the tabs (Textual's choice on showing a screen), then the profile,
        # each move restyling what it leaves and what it reaches.
        self._focus_first_in(self.query_one("#tab-profile"))

    def load(self, hold: bool = False) -> None:
        """Read the card. HOLD (opening a resident): the screen is not drawn until it is
        there, or HOLD_FOR_CARD has passed, or a tab built when first shown is mounted; a
        key typed meanwhile (3) is handled before the first drawing, so the view is drawn
        once, as that key leaves it, with the card (and the timeline's rows: it holds for
        them too)."""
        if hold:
            self._release_paint()
            self._release_paint = hold_paint(self.app, HOLD_FOR_CARD)
        # Not exclusive: a cancelled worker fails whoever waits for the app's workers; an
        # answer for a resident no longer shown is dropped in _show.
        self.run_service(cq.resident_card, self.actor, self.resident_id, done=self._show,
                         failed=self._not_shown, group="resident-card")

    def _not_shown(self, exc) -> None:
        self._release_paint()
        self.show_service_error(exc)

    def _show(self, card: cq.ResidentCard) -> None:
        if card.id != self.resident_id:
            return  # the view moved on to another resident
        try:
            self._fill(card)
        finally:
            self._release_paint()  # drawn now, with the card

    def _fill(self, card: cq.ResidentCard) -> None:
        self.card = card
        for timeline in self.query(TimelinePane):
            timeline.resident_name = card.name
        self.query_one("StaffHeader").set_title(clean(card.name))  # the name says it all
        line = Text()
        line.append(clean(card.name), style="bold")
        if card.pronouns:
            line.append(f" ({clean(card.pronouns)})")
        line.append(f"  \u00b7 {card.status.upper()}")
        if card.room:
            line.append(f" \u00b7 room {clean(card.room)}")
        if card.intake_date:
            line.append(f" \u00b7 since {fmt_date(card.intake_date)}"
                        f" ({card.days_in_residence} days)")
        line.append(f"\nPeer specialist: {clean(card.peer_specialist)} \u00b7 "
                    f"Case manager: {clean(card.case_manager)}")
        if allowed(self.actor, Perm.CONSENTS):
            line.append(f" \u00b7 Consents in effect: {len(card.consents) or 'none'}")
        if card.barc_total is not None:
            line.append(f" \u00b7 BARC-10 {card.barc_total}")
        self.query_one("#resident-card", Static).update(line)
        self.query_one("#profile-body", Static).update(self._profile_table(card))

    def _profile_table(self, card: cq.ResidentCard) -> Table:
        table = Table(show_header=False, box=None, expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        rows = [
            ("Legal name", card.full_name), ("Goes by", card.name),
            ("Pronouns", card.pronouns or "-"), ("Status", card.status),
            ("Room", card.room or "-"), ("Date of birth", fmt_date(card.date_of_birth)),
            ("Intake", fmt_date(card.intake_date)),
            ("Days in residence", str(card.days_in_residence or "-")),
            ("Peer specialist", card.peer_specialist), ("Case manager", card.case_manager),
            ("Kiosk code", card.kiosk_code or "not set (k sets it)"),
        ]
        if card.discharge_date:
            rows += [("Discharged", fmt_date(card.discharge_date)),
                     ("Reason", card.discharge_reason or "-")]
        for label, value in rows:
            table.add_row(label, Text(clean(value)))
        if allowed(self.actor, Perm.CONSENTS):
            table.add_row("Consents in effect", Text("\n".join(clean(c) for c in card.consents)
                                                     or "none (5 Consents)"))
        return table

    # -- actions --------------------------------------------------------------------------------
    def action_back(self) -> None:
        """Esc: back to the caseload."""
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The plan and timeline tabs are not there for roles without clinical access.
        if action == "tab" and parameters and parameters[0] != "tab-profile" and not \
                allowed(self.actor, Perm.READ_CLINICAL):
            return False
        if self.absent_here(action):
            return False
        return super().check_action(action, parameters)

    def absent_here(self, action: str) -> bool:
        """Not a key: one house means nowhere to move to, for anyone; T is then the app's
        (training), as the help on this screen says."""
        return action == "transfer" and len(getattr(self.actor, "house_ids", ())) < 2

    def action_refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Not a key: why this role may not use a key here, said when it is pressed."""
        if action == "tab":
            return refusal(self.actor, Perm.READ_CLINICAL,
                           "open plans, the timeline, referrals or consents")
        return None

    def action_tab(self, tab: str) -> None:
        """1, 2, 3, everyone who may see them: profile, recovery plan, timeline."""
        if not self.is_mounted:
            # Typed with the Enter while the view built ahead is still being mounted: done
            # once it is. Done now, the focus that mounting puts on the profile came round
            # after the 3's and took the tabs back to the profile, rows read and not shown.
            # Still before the first drawing, which waits for the card.
            self.call_after_refresh(self.action_tab, tab)
            return
        tabs = self.query_one(TabbedContent)
        if not tabs.query(f"#{tab}"):
            return
        # Still held for the card: the tab is drawn once, with it (the timeline also holds
        # for its rows; a tab filled now lets go when it is mounted, in _focus_tab).
        for timeline in tabs.get_pane(tab).query(TimelinePane):
            if timeline.stale:  # read now, and shown once with its first rows
                timeline.resident_name = self.card.name if self.card else ""
                timeline.reload(hold_paint=HOLD_FOR_ROWS)
        tabs.active = tab
        self._underline_now()
        # Focus straight to the tab's first field; a tab filled when first shown has none
        # yet (it takes focus once built), so until then the tabs have it: keys must not go
        # to a pane no longer shown.
        if not self._focus_first_in(tabs.get_pane(tab)):
            self.set_focus(tabs.query_one(Tabs))

    def _underline_now(self) -> None:
        """The tab bar's underline under the tab chosen, in the frame that draws the tab:
        Textual starts it sliding there a moment later, for 0.3 s (some twenty frames, the
        screen not done until the last); it then has nowhere to go."""
        bar = self.query_one(Tabs)
        tab = bar.active_tab
        if tab is None or not tab.virtual_region:
            return  # not laid out yet: Textual's own move puts it there
        underline = bar.query_one("Underline")
        underline.highlight_start, underline.highlight_end = \
            tab.virtual_region.shrink(tab.styles.gutter).column_span

    @requires(Perm.WRITE_NOTES, "log a contact")
    def action_log_contact(self) -> None:
        """l, clinical staff: log a contact with this resident."""
        from peer_tui.screens.contact_form import ContactFormScreen

        name = self.card.name if self.card else ""
        self.app.push_screen(ContactFormScreen(self.resident_id, name))

    @requires(Perm.MESSAGE_STAFF, "leave a message for staff")
    def action_message_staff(self) -> None:
        """M, the front desk: leave staff a message about this resident."""
        from peer_tui.screens.message_form import MessageForStaffScreen

        name = self.card.name if self.card else ""
        self.app.push_screen(MessageForStaffScreen(self.resident_id, name))

    def _form(self, screen) -> None:
        self.app.push_screen(screen, lambda result: self.load() if result else None)

    @requires(Perm.WRITE_NOTES, "make a referral")
    def action_refer(self) -> None:
        """R, clinical staff: refer to a directory entry or a one-off provider."""
        from peer_tui.screens.referral_forms import ReferralForm

        name = self.card.name if self.card else ""
        self.app.push_screen(ReferralForm(self.resident_id, name), self._referred)

    def _referred(self, view) -> None:
        if view is None:
            return
        self.app.timeline_changed.publish({self.resident_id})
        self.action_tab("tab-referrals")

    @requires(Perm.MANAGE_RESIDENTS, "edit a resident's profile")
    def action_edit(self) -> None:
        """e, case managers and administrators: edit the profile and assigned staff."""
        from peer_tui.screens.record_forms import ResidentFormScreen

        self._form(ResidentFormScreen(self.resident_id))

    @requires(Perm.MANAGE_RESIDENTS, "discharge or readmit a resident")
    def action_discharge(self) -> None:
        """d, case managers and administrators: discharge, or readmit."""
        from peer_tui.screens.record_forms import DischargeScreen, ReadmitScreen

        if self.card is None:
            return
        if self.card.status in ("discharged", "alumni"):
            self._form(ReadmitScreen(self.resident_id, self.card.name))
        else:
            self._form(DischargeScreen(self.resident_id, self.card.name))

    @requires(Perm.MANAGE_RESIDENTS, "set kiosk codes")
    def action_kiosk(self) -> None:
        """k, case managers and administrators: set the kiosk code and PIN."""
        from peer_tui.screens.record_forms import KioskCredentialsScreen

        if self.card is not None:
            self._form(KioskCredentialsScreen(self.resident_id, self.card.name))

    @requires(Perm.WRITE_NOTES, "record a BARC-10")
    def action_barc(self) -> None:
        """b, clinical staff: record a BARC-10 with the resident."""
        from peer_tui.screens.barc_form import BarcFormScreen

        name = self.card.name if self.card else ""
        self.app.push_screen(BarcFormScreen(self.resident_id, name), self._barc_saved)

    @requires(Perm.WRITE_NOTES, "correct a BARC-10")
    def action_barc_correct(self) -> None:
        """B, clinical staff: correct the latest BARC-10, with the reason."""
        from peer_tui.screens.barc_form import BarcFormScreen

        history = self.query_one(BarcSummary).history
        if history is None or history.latest_id is None:
            self.app.notify("There is no BARC-10 to correct yet: b records one.",
                            markup=False)
            return
        name = self.card.name if self.card else ""
        answers = tuple(i.value for i in history.items)
        self.app.push_screen(BarcFormScreen(self.resident_id, name,
                                            corrects=(history.latest_id, answers)),
                             self._barc_saved)

    def _barc_saved(self, result) -> None:
        if result is not None:
            self.load()  # the header's total
            self.query_one(BarcSummary).reload()
            self.app.timeline_changed.publish([self.resident_id])

    @requires(Perm.WRITE_NOTES, "record a follow-up interview")
    def action_interview(self) -> None:
        """i: record a follow-up interview funders require (clinical staff)."""
        from peer_tui.screens.interview_form import InterviewFormScreen

        if self.card is not None:
            self._form(InterviewFormScreen(self.resident_id, self.card.name))

    @requires(Perm.MANAGE_RESIDENTS, "move a resident to another house")
    def action_transfer(self) -> None:
        """T, case managers and administrators of several houses: move the resident to
        another of one's houses (an audited entry on the timeline)."""
        from peer_tui.screens.transfer_form import TransferScreen

        if self.card is None or len(getattr(self.actor, "house_ids", ())) < 2:
            return
        self.app.push_screen(TransferScreen(self.resident_id, self.card.name), self._moved)

    def _moved(self, house_name: str | None) -> None:
        # The resident now lives in another house: this session's house no longer shows them.
        if house_name:
            self.app.pop_screen()
            reload = getattr(self.app.screen, "reload", None)
            if reload is not None:
                reload()

    @on(TabbedContent.TabActivated)
    def _focus_tab(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane
        if pane.id != event.tabbed_content.active:
            return  # another tab was chosen since: its own activation follows
        if pane.id in FILLED_WHEN_SHOWN and not pane.children:
            # No longer held for the card: the pane filled now takes focus after the
            # screen is drawn, which a held drawing would not wait for.
            self._release_paint()
        if pane.id == "tab-plan" and not pane.children:
            from peer_tui.screens.widgets.plan_pane import PlanPane

            pane.mount(PlanPane(self.resident_id))
            self.call_after_refresh(self._focus_first_in, pane)
        elif pane.id == "tab-referrals" and not pane.children:
            from peer_tui.screens.referrals_view import ResidentReferrals

            pane.mount(ResidentReferrals(self.resident_id))
            self.call_after_refresh(self._focus_first_in, pane)
        elif pane.id == "tab-consents" and not pane.children:
            from peer_tui.screens.consents_view import ConsentsPane

            pane.mount(ConsentsPane(self.resident_id, self.card.name if self.card else ""))
            self.call_after_refresh(self._focus_first_in, pane)
        elif pane.id == "tab-timeline":
            timeline = pane.query_one(TimelinePane)
            if timeline.stale:
                timeline.resident_name = self.card.name if self.card else ""
                timeline.reload()
        self._focus_first_in(pane)

    def _focus_first_in(self, pane) -> bool:
        """Focus PANE's first focusable widget, now; False if it has none (yet)."""
        for widget in pane.query("*"):
            if widget.focusable:
                self.set_focus(widget)
                return True
        return False

    def palette_commands(self):
        yield SystemCommand("Edit profile", "Edit this resident's profile", self.action_edit)
        yield SystemCommand("Discharge or readmit", "Change this resident's status",
                            self.action_discharge)
        yield SystemCommand("Kiosk code and PIN", "Set or reset the kiosk sign-in",
                            self.action_kiosk)
        yield SystemCommand("Log a contact", "Log a contact with this resident",
                            self.action_log_contact)
        yield SystemCommand("Make a referral", "Refer to a directory entry or a one-off "
                            "provider (R)", self.action_refer)
        yield SystemCommand("Record a BARC-10", "Recovery capital, as an interview",
                            self.action_barc)
        yield SystemCommand("Correct the latest BARC-10", "A new one, with the reason",
                            self.action_barc_correct)
        yield SystemCommand("Follow-up interview", "Record a follow-up interview funders "
                            "require (i)", self.action_interview)
        for pane in self.query(TimelinePane):
            if not pane.stale:  # once the Timeline tab has been opened for this resident
                yield from pane.palette_commands()
