"""Plan editor forms: goal, action step, details, support, review schedule, review, sign-off,
export. Each is a FormModal (Ctrl+S saves, Esc asks before discarding what was typed) that
calls one plan service and dismisses with the updated PlanView (None when cancelled)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Select, SelectionList, Static, TextArea

from peer_tui.screens.disclosure_fields import DisclosureFields
from peer_tui.screens.record_forms import RecordForm, follow_format
from peer_tui.screens.text import clean, plain
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.find_select import FindSelect
from peer_tui.services import plan_document
from peer_tui.services import recovery_plan as plans


class PlanForm(RecordForm):
    """Runs SERVICE with the collected data and dismisses with the new PlanView."""

    # A field's Vertical is 1fr tall by default: in a form taller than the screen the fields
    # shared what was left and collapsed to bare border lines. Each takes what it needs and
    # the form box scrolls instead.
    DEFAULT_CSS = """
    PlanForm .form-box > Vertical { height: auto; }
    """

    def typed_anew(self, field: str, saved: str | None) -> bool:
        """True when the Input FIELD holds words other than SAVED (None: nothing saved yet),
        which Esc must not throw away unasked."""
        typed = self.query_one(f"#{field}", Input).value
        return bool(typed.strip()) and (saved is None or typed != clean(saved))


class GoalForm(PlanForm):
    FIRST_FIELD = "#domain_key"

    def __init__(self, resident_id: int, domains, goal: plans.GoalView | None = None,
                 domain_key: str | None = None) -> None:
        super().__init__()
        self.resident_id, self.domains, self.goal = resident_id, domains, goal
        keys = [key for key, _ in domains]
        self.domain_key = domain_key if domain_key in keys else keys[0]
        """The domain a new goal starts in (the one the cursor was on, if any)."""
        self.title = "Edit goal" if goal else "Add a goal"
        self.done_words = "goal changed" if goal else "goal added"

    def compose_fields(self) -> ComposeResult:
        g = self.goal
        yield from self.field("Recovery domain", FindSelect(
            [(name, key) for key, name in self.domains], id="domain_key",
            value=g.domain_key if g else self.domain_key, allow_blank=False),
            "domain_key")
        yield from self.text_field("The goal, in the resident's own words", "own_words", g, 300)
        yield from self.text_field("Why it matters (optional)", "why", g, 1000)
        with Horizontal(classes="pair"):
            yield from self.field("Target date (optional)", DateInput(
                g.target_date if g else None, id="target_date", prefer="future"),
                "target_date")
            yield from self.field("Status", FindSelect(
                [(label, key) for key, label in plans.STATUS_LABELS.items()],
                value=g.status if g else "not_started", allow_blank=False, id="status"),
                "status")

    def has_typing(self) -> bool:
        return self.typed_anew("own_words", self.goal.own_words if self.goal else None)

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the goal to the plan."""
        if not self.dates_readable("target_date"):
            return
        data = self.values("domain_key", "own_words", "why", "target_date", "status")
        self.submit(plans.save_goal, self.resident_id, self.goal.id if self.goal else None,
                    data)


class StepForm(PlanForm):
    FIRST_FIELD = "#text"

    def __init__(self, goal: plans.GoalView, step: plans.StepView | None = None) -> None:
        super().__init__()
        self.goal, self.step = goal, step
        self.title = "Edit action step" if step else "Add an action step"
        self.done_words = "step changed" if step else "step added"

    def compose_fields(self) -> ComposeResult:
        s = self.step
        yield Static(plain(f"Goal: {self.goal.own_words}"), classes="form-hint")
        yield from self.text_field("Step", "text", s, 300)
        with Horizontal(classes="pair"):
            yield from self.field("Who does it", FindSelect(
                [(label, key) for key, label in plans.OWNER_LABELS.items()],
                value=s.owner if s else "resident", allow_blank=False, id="owner"), "owner")
            yield from self.field("Due (optional)", DateInput(
                s.due_date if s else None, id="due_date", prefer="future"), "due_date")
        yield Checkbox("Done", value=bool(s and s.done), id="done")

    def has_typing(self) -> bool:
        return self.typed_anew("text", self.step.text if self.step else None)

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the action step under its goal."""
        if not self.dates_readable("due_date"):
            return
        data = self.values("text", "owner", "due_date", "done")
        self.submit(plans.save_step, self.goal.id, self.step.id if self.step else None, data)


DETAIL_FIELDS = (
    ("strengths", "Strengths"),
    ("reengage_warning_signs", "Re-engagement: warning signs"),
    ("reengage_what_helps", "Re-engagement: what helps"),
    ("reengage_contacts", "Re-engagement: who to contact"),
    ("reengage_outreach", "Re-engagement: how staff should reach out"),
)


class DetailsForm(PlanForm):
    FIRST_FIELD = "#direction"
    TITLE = "Plan details"

    DEFAULT_CSS = "DetailsForm TextArea { height: 4; }"

    done_words = "plan details"

    def __init__(self, plan: plans.PlanView) -> None:
        super().__init__()
        self.plan = plan

    def compose_fields(self) -> ComposeResult:
        p = self.plan
        yield from self.field("Who directs the plan now", FindSelect(
            [("Professionally directed", "professional"),
             ("Resident-directed", "resident")], value=p.direction, allow_blank=False,
            id="direction"), "direction")
        yield from self.field("Recovery pathways (Space ticks)", SelectionList[str](
            *[(label, key, key in p.pathways) for key, label in
              plans.PATHWAY_LABELS.items()], id="pathways"), "pathways")
        for name, label in DETAIL_FIELDS:
            yield from self.field(label, TextArea(clean(getattr(p, name)), id=name,
                                                  soft_wrap=True), name)

    def has_typing(self) -> bool:
        return any(self.query_one(f"#{n}", TextArea).text != clean(getattr(self.plan, n))
                   for n, _ in DETAIL_FIELDS)

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the plan's details."""
        data = {n: self.query_one(f"#{n}", TextArea).text for n, _ in DETAIL_FIELDS}
        data["direction"] = self.query_one("#direction", Select).value
        data["pathways"] = list(self.query_one("#pathways", SelectionList).selected)
        self.submit(plans.save_details, self.plan.resident_id, data)


class SupportForm(PlanForm):
    """Add a support (SUPPORT None) or change one: a resource from the directory or a person."""

    FIRST_FIELD = "#resource_id"

    def __init__(self, resident_id: int, resources,
                 support: plans.SupportView | None = None) -> None:
        super().__init__()
        self.resident_id, self.resources, self.support = resident_id, resources, support
        self.title = "Change a support" if support else "Add a support"
        self.done_words = "support changed" if support else "support added"

    def compose_fields(self) -> ComposeResult:
        s = self.support
        choices = [(f"{clean(name)} ({plans.PATHWAY_LABELS.get(p, p)})", rid)
                   for rid, name, p in self.resources]
        known = {rid for _, rid in choices}
        yield from self.field("From the resource directory (or leave empty for a person)",
                              FindSelect(choices, id="resource_id",
                                         prompt="a person, not a group",
                                         value=s.resource_id if s and s.resource_id in
                                         known else Select.NULL), "resource_id")
        yield from self.text_field("Name (a person, or leave empty to use the resource's)",
                                   "name", s, 300)
        with Horizontal(classes="pair"):
            yield from self.text_field("Relationship", "relationship", s, 100)
            yield from self.text_field("Contact", "contact", s, 100)

    def _typed(self) -> tuple[str, ...]:
        return tuple(self.query_one(f"#{n}", Input).value
                     for n in ("name", "relationship", "contact"))

    def has_typing(self) -> bool:
        if self.support is None:
            return any(v.strip() for v in self._typed())
        s = self.support
        return self._typed() != (clean(s.name), clean(s.relationship), clean(s.contact))

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the support to the plan."""
        resource = self.query_one("#resource_id", Select).value
        resource_id = None if resource is Select.NULL else resource
        name = self.query_one("#name", Input).value
        if resource_id is not None and not name.strip():
            name = next(n for rid, n, _ in self.resources if rid == resource_id)
        data = {"kind": "resource" if resource_id is not None else "person", "name": name,
                "relationship": self.query_one("#relationship", Input).value,
                "contact": self.query_one("#contact", Input).value, "resource_id": resource_id}
        if self.support is None:
            self.submit(plans.add_support, self.resident_id, data)
        else:
            self.submit(plans.update_support, self.support.id, data)


class ReviewForm(PlanForm):
    FIRST_FIELD = "#on"
    TITLE = "Record a review"
    done_words = "review recorded"

    def __init__(self, resident_id: int) -> None:
        super().__init__()
        self.resident_id = resident_id

    def compose_fields(self) -> ComposeResult:
        yield from self.day_field("Held on")
        yield from self.field("Note (optional)", Input(id="note", max_length=2000), "note")

    def has_typing(self) -> bool:
        return bool(self.query_one("#note", Input).value.strip())

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: record the plan review."""
        if not self.dates_readable("on"):
            return
        self.submit(plans.record_review, self.resident_id, self.values("on", "note"))


class SignOffForm(PlanForm):
    FIRST_FIELD = "#on"
    TITLE = "Resident sign-off"
    done_words = "sign-off recorded"

    def __init__(self, plan: plans.PlanView) -> None:
        super().__init__()
        self.plan = plan

    def compose_fields(self) -> ComposeResult:
        yield Static(plain(
            f"{self.plan.resident_name} signs off plan revision "
            f"{self.plan.revision_number}, reviewed with you."), classes="form-hint")
        yield from self.day_field("Signed on")

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: record the resident's and staff sign-off."""
        if not self.dates_readable("on"):
            return
        self.submit(plans.sign_off, self.plan.resident_id,
                    self.query_one("#on", DateInput).value)


class ExportForm(DisclosureFields, PlanForm):
    """Export or print the plan: first who it is for (the resident, or someone else under a
    consent: a disclosure, refused without one that covers it)."""

    FIRST_FIELD = "#for_whom"
    TITLE = "Export the plan"

    def __init__(self, resident_id: int) -> None:
        super().__init__()
        self.resident_id = resident_id

    def compose_fields(self) -> ComposeResult:
        yield from self.compose_disclosure()
        yield from self.compose_file_fields(
            str(plan_document.default_export_path(self.resident_id, "html")), "Save to")
        yield Static(Text("Ends with the federal notice prohibiting redisclosure "
                          "(42 CFR part 2). The export is recorded in the audit log."),
                     classes="form-hint")

    def on_mount(self) -> None:
        self.load_disclosure()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.disclosure_changed(event):
            return
        follow_format(self.query_one("#path", Input), event.value)

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: write the plan document (the export is audited)."""
        self.submit(plan_document.export_plan, self.resident_id,
                    self.query_one("#fmt", Select).value, self.query_one("#path", Input).value,
                    self.disclosure_data(), done=self._exported)

    def _exported(self, path) -> None:
        self.saved(f"Exported to {path}")
        self.dismiss(None)
