"""The plan tab of the resident view: goals by domain with their action steps, the plan's
supports, details, review schedule and sign-off, all from the keyboard. Every change goes
through a form or a one-key service call; the saves of one sitting make one revision (h shows
the history).

Rows are keyed by what they show: ``d:`` a domain heading, ``g:`` a goal, ``s:`` an action
step, ``h:`` a section heading, ``p:`` a support. A new kind of row gets its own prefix and
its own branch in ``show`` and in the actions that care about it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from peer_tui.screens import plan_forms as forms
from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.plan_history import PlanHistoryScreen
from peer_tui.screens.plan_schedule_form import ScheduleForm
from peer_tui.screens.text import clean, one_line, plain
from peer_tui.screens.widgets.goal_update_bar import GoalUpdateBar
from peer_tui.screens.widgets.marks import mark
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.screens import barc_prompts as prompts
from peer_tui.services import assessments
from peer_tui.services import recovery_plan as plans
from peer_tui.timeutil import fmt_date, local_today


MOVE = Binding.Group("Move", compact=True)


class PlanPane(ServiceCaller, Vertical):
    BINDINGS = [
        # Short footer words: every key here, ? and Esc fit 80 columns; ? has the long words.
        Binding("a", "add_goal", "Goal", tooltip="Add a goal"),
        Binding("s", "add_step", "Step", tooltip="Add an action step to the goal"),
        Binding("e", "edit", "Edit", tooltip="Edit the goal, step or support"),
        Binding("space", "toggle", "Done", tooltip="Mark the step done, or not done"),
        Binding("left_square_bracket", "move(-1)", "Up", key_display="[", group=MOVE,
                tooltip="Move the goal up within its domain"),
        Binding("right_square_bracket", "move(1)", "Down", key_display="]", group=MOVE,
                tooltip="Move the goal down within its domain"),
        Binding("p", "details", "Details", tooltip="Plan details: direction, strengths..."),
        Binding("t", "support", "Add support", show=False),
        Binding("delete", "remove", "Remove support", show=False),
        Binding("v", "schedule", "Review schedule", show=False),
        Binding("r", "review", "Record review", show=False),
        Binding("o", "sign_off", "Sign-off", show=False),
        Binding("h", "history", "History", show=False),
        Binding("x", "export", "Export", show=False),
        # Named by the goal-update line when a check-in proposed one (see GoalUpdateBar).
        Binding("y", "goal_update(True)", "Confirm goal update", show=False),
        Binding("n", "goal_update(False)", "Decline goal update", show=False),
    ]

    DEFAULT_CSS = """
    PlanPane { height: 1fr; }
    PlanPane #plan-summary { height: auto; padding: 0 1; color: $text-muted; }
    PlanPane #plan-table { height: 1fr; min-height: 6; }
    PlanPane #plan-details-box { height: 30%; min-height: 3; border-top: solid $primary;
        padding: 0 1; }
    PlanPane #plan-keys { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, resident_id: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.resident_id = resident_id
        self.plan: plans.PlanView | None = None
        self.domains: list[tuple[str, str]] = []
        self.resources: list = []
        self.rows: dict[str, object] = {}
        self._armed_remove: int | None = None  # the support a first Delete asked about
        self.barc: assessments.BarcHistory | None = None  # the latest answers, as prompts

    def compose(self) -> ComposeResult:
        yield GoalUpdateBar(self.resident_id)
        yield Static(Text("Loading the plan..."), id="plan-summary")
        yield SafeTable(id="plan-table", cursor_type="row")
        with VerticalScroll(id="plan-details-box"):
            yield Static(id="plan-details")
        # Short enough for 80 columns: every key here must stay on screen (export last).
        yield Static(Text("More: t support \u00b7 v schedule \u00b7 r review \u00b7 o sign-off "
                          "\u00b7 h history \u00b7 x export"), id="plan-keys")

    def on_mount(self) -> None:
        table = self.query_one(SafeTable)
        table.add_column("Goal / action step", key="item")
        table.add_column("Status / who", key="status", width=16)
        table.add_column("Target / due", key="date", width=15)
        self.run_service(plans.domain_choices, done=self._domains)
        self.run_service(plans.resource_choices, done=lambda r: setattr(self, "resources", r))
        self.load()
        self.run_service(assessments.barc_history, self.app.actor, self.resident_id,
                         done=self._barc, group=f"plan-barc-{self.resident_id}",
                         exclusive=True)

    def _barc(self, history: assessments.BarcHistory) -> None:
        self.barc = history if history.items else None
        if self.plan is not None:
            self.show(self.plan, redraw=True)

    def _domains(self, domains) -> None:
        self.domains = domains
        if self.plan is not None and self.barc is not None:
            # The plan came first: its BARC-10 prompt rows were named by the domains' keys.
            self.show(self.plan, redraw=True)

    def load(self) -> None:
        self.run_service(plans.get_plan, self.app.actor, self.resident_id, done=self.show,
                         group=f"plan-{self.resident_id}", exclusive=True)

    # -- showing the plan ---------------------------------------------------------------------
    def show(self, plan: plans.PlanView | None, redraw: bool = False) -> None:
        """Draw PLAN. The cursor stays on its row, or goes to a row a save just added (the
        new goal, step or support), so the next key acts on what was just made. REDRAW: the
        same plan again (the BARC-10 prompts arrived), not a save."""
        if plan is None:
            return
        first = self.plan is None or redraw
        self.plan = plan
        table = self.query_one(SafeTable)
        keep, row = self.selected_key(), table.cursor_row
        before = set(self.rows)
        table.clear()
        self.rows = {}
        self._goal_rows(table, plan)
        self._support_rows(table, plan)
        added = [k for k in self.rows if k not in before and k[:2] in ("g:", "s:", "p:")]
        if added and not first:
            keep = added[0]
        if keep in self.rows:
            table.move_cursor(row=table.get_row_index(keep))
        elif not first:  # its row went (a support removed): stay where it was
            table.move_cursor(row=min(row, table.row_count - 1))
        self._armed_remove = None
        self._summary(plan)
        if not first and not redraw:  # a save: its timeline entry changed too (an open timeline reloads)
            self.app.timeline_changed.publish([self.resident_id])

    def _goal_rows(self, table: SafeTable, plan: plans.PlanView) -> None:
        domain = None
        today = local_today()
        for goal in plan.goals:
            if goal.domain_key != domain:
                domain = goal.domain_key
                key = f"d:{domain}"
                self.rows[key] = goal.domain_key
                heading = Text(goal.domain_name.upper(), style="bold")
                heading.append_text(prompts.heading_suffix(self.barc, domain))
                heading.truncate(self._prompt_room(), overflow="ellipsis")
                table.add_row(heading, "", "", key=key)
            self.rows[f"g:{goal.id}"] = goal
            table.add_row(plain(f"  {one_line(goal.own_words, 70)}"),
                          Text(plans.STATUS_LABELS.get(goal.status, goal.status),
                               style=mark("good") if goal.status == "achieved" else ""),
                          Text(fmt_date(goal.target_date, "")), key=f"g:{goal.id}")
            for step in goal.steps:
                self.rows[f"s:{step.id}"] = step
                late = not step.done and step.due_date is not None and step.due_date < today
                due = fmt_date(step.due_date, "") + (" LATE" if late else "")
                table.add_row(plain(f"      [{'x' if step.done else ' '}] "
                                    f"{one_line(step.text, 64)}",
                                    style="dim" if step.done else ""),
                              Text(plans.OWNER_LABELS.get(step.owner, step.owner)),
                              Text(due, style=mark("alert") if late else ""),
                              key=f"s:{step.id}")
        if not plan.goals:
            self.rows["empty"] = None
            table.add_row(Text("No goals yet: press a to add the first, in the resident's "
                               "own words."), "", "", key="empty")
        self._prompt_rows(table, plan)

    def _prompt_room(self) -> int:
        """Characters a prompt may take without widening the goal column past the screen
        (the status and date columns, and the cell padding, keep theirs)."""
        width = self.query_one(SafeTable).size.width or self.app.size.width
        return max(30, width - 16 - 15 - 8)

    def _prompt_rows(self, table: SafeTable, plan: plans.PlanView) -> None:
        """Domains without a goal where the latest BARC-10 answer was low ("b:" rows; a on
        one adds a goal in that domain)."""
        names = dict(self.domains)
        order = {key: n for n, (key, _) in enumerate(self.domains)}
        open_domains = sorted(prompts.open_domains(self.barc, {g.domain_key for g in plan.goals}),
                              key=lambda pair: order.get(pair[0], len(order)))
        if not open_domains or self.barc is None:
            return
        self.rows["h:barc"] = None
        heading = prompts.section_heading(self.barc)
        heading.truncate(self._prompt_room(), overflow="ellipsis")
        table.add_row(heading, "", "", key="h:barc")
        for key, items in open_domains:
            self.rows[f"b:{key}"] = key
            line = Text(f"  {names.get(key, key)}: ", style="bold")
            line.append(prompts.answers_words(items))
            line.truncate(self._prompt_room(), overflow="ellipsis")
            table.add_row(line, "", "", key=f"b:{key}")

    def _support_rows(self, table: SafeTable, plan: plans.PlanView) -> None:
        self.rows["h:supports"] = None
        heading = Text("SUPPORTS", style="bold")
        heading.append("  t adds" + (" \u00b7 e edits \u00b7 Del removes" if plan.supports
                                    else ""), style="dim")
        table.add_row(heading, "", "", key="h:supports")
        for support in plan.supports:
            self.rows[f"p:{support.id}"] = support
            kind = plans.PATHWAY_LABELS.get(support.pathway, "") if support.kind != "person" \
                else "person"
            table.add_row(plain(f"  {one_line(support.name, 70)}"),
                          plain(one_line(support.relationship or kind, 16)),
                          plain(one_line(support.contact, 15)), key=f"p:{support.id}")

    def _summary(self, plan: plans.PlanView) -> None:
        review = plan.review_description
        if plan.next_review_date:
            late = plan.next_review_date < local_today()
            review += f"; next {fmt_date(plan.next_review_date)}" + (" (OVERDUE)" if late else "")
            later = [fmt_date(d) for d in plan.upcoming_reviews if d > plan.next_review_date]
            if later:
                review += f", then {', '.join(later[:2])}"
        self.query_one("#plan-summary", Static).update(Text(clean(
            f"Revision {plan.revision_number} \u00b7 {plan.signed_off} \u00b7 "
            f"{plan.direction}-directed \u00b7 review {review}")))
        details = Text()
        details.append("Strengths: ", style="bold")
        details.append(clean(plan.strengths or "-") + "\n")
        details.append("Pathways: ", style="bold")
        details.append(", ".join(plans.PATHWAY_LABELS.get(p, p) for p in plan.pathways) or "-")
        if plan.reviews:
            last = plan.reviews[0]
            details.append("\nLast review: ", style="bold")
            details.append(f"{fmt_date(last.reviewed_on)} with {clean(last.staff) or 'staff'}"
                           + (f": {clean(last.note)}" if last.note else ""))
        details.append("\nIf disengaged - warning signs: ", style="bold")
        details.append(clean(plan.reengage_warning_signs or "-"))
        details.append("\nWhat helps: ", style="bold")
        details.append(clean(plan.reengage_what_helps or "-"))
        details.append("\nWho to contact: ", style="bold")
        details.append(clean(plan.reengage_contacts or "-"))
        details.append("\nHow to reach out: ", style="bold")
        details.append(clean(plan.reengage_outreach or "-"))
        self.query_one("#plan-details", Static).update(details)

    # -- selection ------------------------------------------------------------------------------
    def selected_key(self) -> str | None:
        return self.query_one(SafeTable).cursor_key

    def selected_goal(self) -> plans.GoalView | None:
        key = self.selected_key() or ""
        if key.startswith("g:"):
            return self.rows[key]
        if key.startswith("s:") and self.plan:
            step_id = int(key[2:])
            return next((g for g in self.plan.goals if any(s.id == step_id for s in g.steps)),
                        None)
        return None

    def selected_step(self) -> plans.StepView | None:
        key = self.selected_key() or ""
        return self.rows[key] if key.startswith("s:") else None

    def selected_support(self) -> plans.SupportView | None:
        key = self.selected_key() or ""
        return self.rows[key] if key.startswith("p:") else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._armed_remove = None

    # -- actions --------------------------------------------------------------------------------
    def _open(self, form) -> None:
        self.app.push_screen(form, self.show)

    def action_add_goal(self) -> None:
        """a, clinical staff: add a goal (in the highlighted domain)."""
        key = self.selected_key() or ""
        domain = key[2:] if key.startswith(("b:", "d:")) else None
        if self.domains:
            self._open(forms.GoalForm(self.resident_id, self.domains, domain_key=domain))

    def action_add_step(self) -> None:
        """s, clinical staff: add an action step to the highlighted goal."""
        goal = self.selected_goal()
        if goal is None:
            self.app.notify("Select a goal first (arrow keys), then press s.", markup=False)
            return
        self._open(forms.StepForm(goal))

    def action_edit(self) -> None:
        """e, clinical staff: change the highlighted goal, step or support."""
        step, goal, support = self.selected_step(), self.selected_goal(), self.selected_support()
        if support is not None:
            self._open(forms.SupportForm(self.resident_id, self.resources, support))
        elif step is not None and goal is not None:
            self._open(forms.StepForm(goal, step))
        elif goal is not None and self.domains:
            self._open(forms.GoalForm(self.resident_id, self.domains, goal))
        else:
            self.app.notify("Select a goal, an action step or a support to edit it "
                            "(p edits the plan's details).", markup=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_toggle(self) -> None:
        """Space, clinical staff: mark the highlighted step done, or not done."""
        step = self.selected_step()
        if step is None:
            self.app.notify("Select an action step to mark it done.", markup=False)
            return
        self.run_service(plans.toggle_step, self.app.actor, step.id, done=self._toggled)

    def _toggled(self, plan) -> None:
        self.show(plan)
        self.saved("Saved: step marked done." if self.selected_step() and
                   self.selected_step().done else "Saved: step reopened.")

    def action_move(self, delta: int) -> None:
        """Move the selected goal up or down among its domain's goals; at an edge, say so."""
        goal = self.selected_goal()
        if goal is None or self.selected_step() is not None or self.plan is None:
            self.app.notify("[ and ] move a goal among the goals of its domain: select a "
                            "goal first.", markup=False)
            return
        siblings = [g.id for g in self.plan.goals if g.domain_key == goal.domain_key]
        target = siblings.index(goal.id) + delta
        if not 0 <= target < len(siblings):
            where = ("the only goal" if len(siblings) == 1 else
                     "already the first goal" if delta < 0 else "already the last goal")
            self.app.notify(f"This is {where} in {goal.domain_name}; to put it in another "
                            "domain, press e and choose the domain.", markup=False)
            return
        self.run_service(plans.move_goal, self.app.actor, goal.id, delta, done=self.show)

    def action_remove(self) -> None:
        """Delete on a support asks once more (Delete again), then removes it."""
        support = self.selected_support()
        if support is None:
            self.app.notify("Delete removes a support: select one under SUPPORTS. Goals and "
                            "steps are kept; set a goal to 'let go' instead.", markup=False)
            return
        if self._armed_remove != support.id:
            self._armed_remove = support.id
            self.app.notify(f"Press Delete again to remove {clean(support.name)} from the "
                            "plan (the plan history keeps it).", markup=False)
            return
        self._armed_remove = None
        self.run_service(plans.remove_support, self.app.actor, support.id,
                         done=self._removed)

    def _removed(self, plan) -> None:
        self.show(plan)
        self.saved("Saved: support removed.")

    def action_details(self) -> None:
        """p, clinical staff: the plan's details (strengths, barriers, dates)."""
        if self.plan:
            self._open(forms.DetailsForm(self.plan))

    def action_support(self) -> None:
        """t, clinical staff: add a support (a person or a resource)."""
        self._open(forms.SupportForm(self.resident_id, self.resources))

    def action_schedule(self) -> None:
        """v, clinical staff: the plan's review schedule."""
        if self.plan:
            self._open(ScheduleForm(self.plan))

    def action_review(self) -> None:
        """r, clinical staff: record a plan review."""
        self._open(forms.ReviewForm(self.resident_id))

    def action_sign_off(self) -> None:
        """o, clinical staff: record the sign-off of the plan."""
        if self.plan:
            self._open(forms.SignOffForm(self.plan))

    def action_history(self) -> None:
        """h, clinical staff: the plan's revisions, in words."""
        self.app.push_screen(PlanHistoryScreen(self.resident_id))

    def action_goal_update(self, confirm: bool) -> None:
        """y or n, clinical staff: confirm or decline a goal update from a check-in."""
        if not self.query_one(GoalUpdateBar).decide(confirm):
            self.app.notify("No goal update from a check-in is waiting.", markup=False)

    def on_goal_update_bar_decided(self, message: GoalUpdateBar.Decided) -> None:
        if message.plan is not None:
            self.show(message.plan)

    def action_export(self) -> None:
        """x, clinical staff: export the plan as a document."""
        self.app.push_screen(forms.ExportForm(self.resident_id))
