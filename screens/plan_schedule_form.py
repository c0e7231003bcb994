"""The review schedule dialog (v on the plan tab): how often the plan is reviewed, from when.

It opens on the plan's own rule, so saving without a change keeps it exactly; a rule no
preset makes is offered as "keep". Only the fields the chosen frequency uses are shown, and
the next review dates are previewed as it changes.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from peer_tui.screens.plan_forms import PlanForm
from peer_tui.screens.text import plain
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.find_select import FindSelect
from peer_tui.services import recovery_plan as plans
from peer_tui.services.review_dates import (PRESET_FIELDS, WEEKDAY_NAMES, Schedule,
                                           describe_rule, occurrences, rule_for, schedule_of)
from peer_tui.timeutil import fmt_date, local_today


class ScheduleForm(PlanForm):
    """Opens on the plan's own rule (a rule no preset makes is offered as "keep"), shows only
    the fields the chosen frequency uses, and previews the next review dates as you change it.
    """

    FIRST_FIELD = "#preset"
    TITLE = "Review schedule"
    done_words = "review schedule"

    PRESETS = [("Every week on...", "weekly"), ("Every 2 weeks on...", "fortnightly"),
               ("Monthly on day...", "monthly_day"), ("No schedule", "none")]

    def __init__(self, plan: plans.PlanView) -> None:
        super().__init__()
        self.plan = plan
        self.current = schedule_of(plan.review_rule)

    def compose_fields(self) -> ComposeResult:
        now = self.current or Schedule("keep")
        options = list(self.PRESETS)
        if self.current is None:
            options.insert(0, (f"Keep: {describe_rule(self.plan.review_rule)}", "keep"))
        yield Static(plain(f"Now: {self.plan.review_description}"), classes="form-hint")
        with Horizontal(classes="pair"):
            yield from self.field("How often", FindSelect(options, value=now.preset,
                                                      allow_blank=False, id="preset"),
                                  "preset")
            yield from self.field("Day of the week", FindSelect(
                [(n, i) for i, n in enumerate(WEEKDAY_NAMES)], value=now.weekday,
                allow_blank=False, id="weekday"), "weekday")
            yield from self.field("Day of the month (1-28)", Input(
                str(now.day_of_month), id="day_of_month", restrict=r"[0-9]*",
                max_length=2), "day_of_month")
        yield from self.field("Starting (the first review is on or after it)", DateInput(
            self.plan.review_start or local_today(), id="start", required=True,
            prefer="future"), "start")
        yield Static("", id="preview", classes="form-hint", markup=False)

    def on_mount(self) -> None:
        # The date field keeps its own Changed events; watch its text for the preview.
        self.watch(self.query_one("#start", DateInput).query_one(Input), "value",
                   lambda _: self._preview(), init=False)
        self._show_fields()

    def _chosen(self) -> str:
        return str(self.query_one("#preset", Select).value)

    def _show_fields(self) -> None:
        """Hide what the chosen frequency does not use (with its label and error line)."""
        used = PRESET_FIELDS.get(self._chosen(), ())
        for name in ("weekday", "day_of_month", "start"):
            self.query_one(f"#{name}").parent.display = name in used
        self._preview()

    def _preview(self) -> None:
        data = self.collect()
        preview = self.query_one("#preview", Static)
        if data is None:
            preview.update(Text(""))
            return
        rule = self.plan.review_rule if data["preset"] == "keep" else rule_for(
            data["preset"], data["weekday"], data["day_of_month"])
        if not rule:
            preview.update(Text("No reviews will be scheduled."))
            return
        dates = occurrences(rule, data["start"], max(data["start"], local_today()), 3,
                            inclusive=True)
        preview.update(Text("Next reviews: " + ", ".join(fmt_date(d) for d in dates)))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "preset":
            self._show_fields()
        else:
            self._preview()

    def on_input_changed(self) -> None:
        super().on_input_changed()
        self._preview()

    def collect(self) -> dict | None:
        """The form as set_schedule takes it; None while the day or the date is unreadable.

        Fields the chosen frequency does not use send their defaults, so something left in a
        hidden field can never block a save.
        """
        preset = self._chosen()
        used = PRESET_FIELDS.get(preset, ())
        day = self.query_one("#day_of_month", Input).value
        start = self.query_one("#start", DateInput).value
        if "day_of_month" in used and not (day.isdigit() and 1 <= int(day) <= 28):
            return None
        if "start" in used and start is None:
            return None
        return {"preset": preset,
                "weekday": self.query_one("#weekday", Select).value if "weekday" in used else 0,
                "day_of_month": int(day) if "day_of_month" in used else 1,
                "start": start if "start" in used else local_today()}

    def unchanged(self, data: dict) -> bool:
        if data["preset"] == "keep":
            return data["start"] == self.plan.review_start
        same = self.current == Schedule(data["preset"], data["weekday"], data["day_of_month"])
        return same and (data["preset"] == "none" or data["start"] == self.plan.review_start)

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the plan's review schedule."""
        if "start" in PRESET_FIELDS.get(self._chosen(), ()) and \
                not self.dates_readable("start"):
            return
        data = self.collect()
        if data is None:  # the day of the month: the service says what is wrong with it
            data = {"preset": self._chosen(), "weekday": self.query_one("#weekday").value,
                    "day_of_month": self.query_one("#day_of_month", Input).value or "0",
                    "start": self.query_one("#start", DateInput).value}
        elif self.unchanged(data):
            self.app.notify("Nothing changed: the review schedule is as it was.",
                            markup=False)
            self.dismiss(None)
            return
        self.submit(plans.set_schedule, self.plan.resident_id, data)
