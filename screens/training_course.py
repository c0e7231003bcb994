"""The course editor (administrators), the renewals "needs attention" list, and printing a
transcript or certificate."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Static

from peer_tui.models.training_schemas import CHECK_LABELS, fmt_hours, minutes_of
from peer_tui.screens.base import TableScreen
from peer_tui.screens.text import one_line
from peer_tui.screens.training_forms import TrainingForm
from peer_tui.screens.training_trainee import TraineeScreen
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.services import training as tr
from peer_tui.services import training_after as after
from peer_tui.services.training_rules import Requirements
from peer_tui.timeutil import fmt_date

KIND_BY_WORD = {label.replace("-", " "): key for key, label in CHECK_LABELS.items()}


def read_checks(text: str) -> list[str] | str:
    """'quiz, role-play' -> ['quiz', 'role_play']; a sentence for a word it does not know."""
    kinds = []
    for word in (w.strip().casefold().replace("-", " ").replace("_", " ")
                 for w in text.split(",")):
        if not word:
            continue
        key = KIND_BY_WORD.get(word)
        if key is None:
            return "Checks are role-play, quiz or observed practice, separated by commas."
        kinds.append(key)
    return kinds


class CourseForm(TrainingForm):
    """The course: its name, total hours, and each topic's name, planned hours and checks.
    Ctrl+N adds a topic; a topic with an empty name is removed (refused when training is
    recorded for it). The topics' hours must add up to the total."""

    FIRST_FIELD = "#course-name"
    BINDINGS = [Binding("ctrl+n", "add_topic", "Add a topic", priority=True)]
    DEFAULT_CSS = """
    CourseForm > .form-box { width: 100; height: 100%; }
    CourseForm .topic-row Input { margin-right: 1; }
    CourseForm .topic-row Input.hours { width: 8; }
    CourseForm .topic-row Input.name { width: 1fr; }
    CourseForm .topic-row Input.checks { width: 30; }
    """

    def __init__(self, view: tr.CourseView) -> None:
        super().__init__()
        self.view = view
        self.keys = [t.key for t in view.course.topics]
        self.added = 0

    def compose(self) -> ComposeResult:
        course = self.view.course
        with VerticalScroll(classes="form-box"):
            yield from self.compose_heading(
                "The training course",
                "Ctrl+S saves \u00b7 Esc cancels \u00b7 Ctrl+N adds a topic "
                "\u00b7 empty a topic's name to remove it \u00b7 checks: "
                "role-play, quiz, observed practice")
            yield FieldLabel("Course name")
            yield Input(course.name, id="course-name", max_length=120)
            yield self.error_slot("name")
            yield FieldLabel("Total hours (the topics' hours must add up to it)")
            yield Input(fmt_hours(course.total_hours)[:-1], id="total", max_length=10,
                        classes="hours")
            yield self.error_slot("total_hours")
            yield FieldLabel("Topics: hours, name, checks")
            with Vertical(id="topic-rows", classes="topic-rows"):
                for i, t in enumerate(course.topics):
                    yield self._row(i, fmt_hours(t.hours)[:-1], t.name,
                                    ", ".join(CHECK_LABELS[k] for k in t.checks))
            yield self.error_slot("topics")

    def _row(self, i: int, hours: str, name: str, checks: str) -> Horizontal:
        return Horizontal(
            Input(hours, id=f"hours-{i}", classes="hours", max_length=10, compact=True,
                  placeholder="hours"),
            Input(name, id=f"name-{i}", classes="name", max_length=120, compact=True,
                  placeholder="topic name"),
            Input(checks, id=f"checks-{i}", classes="checks", max_length=60, compact=True,
                  placeholder="checks"),
            classes="topic-row")

    def action_add_topic(self) -> None:
        """Ctrl+N, administrators: a row for one more topic."""
        i = len(self.keys)
        self.added += 1
        self.keys.append("")
        rows = self.query_one("#topic-rows")
        rows.mount(self._row(i, "", "", "quiz"))
        self.call_after_refresh(lambda: self.query_one(f"#hours-{i}", Input).focus())

    def has_typing(self) -> bool:
        course = self.view.course
        current = [(self.query_one(f"#hours-{i}", Input).value,
                    self.query_one(f"#name-{i}", Input).value) for i in range(len(self.keys))]
        before = [(fmt_hours(t.hours)[:-1], t.name) for t in course.topics]
        return current != before or self.query_one("#course-name", Input).value != course.name

    def action_save(self) -> None:
        """Ctrl+S, administrators: save the course's topics and hours."""
        topics, used = [], set(self.keys)
        for i, key in enumerate(self.keys):
            name = self.query_one(f"#name-{i}", Input).value
            hours = self.query_one(f"#hours-{i}", Input).value
            if not name.strip():
                if hours.strip() and not key:
                    self.show_errors({"topics": f"Topic {i + 1} has hours but no name."})
                    return
                continue
            try:
                minutes_of(hours)
            except ValueError as exc:
                self.show_errors({"topics": f"Topic {i + 1}, hours: {exc}"})
                self.query_one(f"#hours-{i}", Input).focus()
                return
            checks = read_checks(self.query_one(f"#checks-{i}", Input).value)
            if isinstance(checks, str):
                self.show_errors({"topics": f"Topic {i + 1}: {checks}"})
                self.query_one(f"#checks-{i}", Input).focus()
                return
            if not key:
                base = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")[:30] or "topic"
                key, n = base, 2
                while key in used:
                    key, n = f"{base}_{n}", n + 1
                used.add(key)
            topics.append({"key": key, "name": name, "hours": hours, "checks": checks})
        data = {"key": self.view.course.key,
                "name": self.query_one("#course-name", Input).value,
                "total_hours": self.query_one("#total", Input).value, "topics": topics}
        self.submit(tr.update_course, self.view.id, data, done=self._saved, group="save")

    def failed(self, exc) -> None:
        errors = getattr(exc, "errors", None)
        if errors and "" in errors:  # the whole-course rule (hours must add up)
            errors = {("topics" if k == "" else k): v for k, v in errors.items()}
            exc.errors = errors
        super().failed(exc)

    def _saved(self, view: tr.CourseView) -> None:
        self.saved(f"Saved: the course, {len(view.course.topics)} topics, "
                   f"{fmt_hours(view.course.total_hours)}.")
        self.dismiss(True)


class TrainingAttentionScreen(TableScreen):
    """Renewals due within the window and people without supervision for too long."""

    FIRST_FIELD = "#attention-table"
    TITLE_TEXT = "Training: needs attention"
    BINDINGS = [Binding("escape", "back", "Back"),
                Binding("enter", "open", "Open", show=False)]
    DEFAULT_CSS = """
    TrainingAttentionScreen #attention-status { height: auto; padding: 0 1; }
    TrainingAttentionScreen #attention-table { height: 1fr; }
    """

    ID_PREFIX = "attention"
    LOADING = "Loading..."
    COLUMNS = (("Name", "name", 20), ("Due", "due", 10), ("Why", "why", None))

    def reload(self) -> None:
        self.run_service(after.needs_attention, self.actor,
                         Requirements.from_settings(self.settings), done=self._loaded,
                         group="attention", exclusive=True)

    def _loaded(self, rows: list[after.AttentionRow]) -> None:
        table = self.query_one("#attention-table", SafeTable)
        table.clear()
        for r in rows:  # one line per reason, so none is cut off at 80 columns
            for i, reason in enumerate(r.reasons):
                table.add_row(Text(one_line(r.name, 20) if i == 0 else ""),
                              Text(fmt_date(r.due) if i == 0 else ""), Text(reason),
                              key=f"{r.trainee_id}-{i}")
        days = self.settings.training_attention_days
        self.query_one("#attention-status", Static).update(Text(
            f"{len(rows)} need attention: renewals due within {days} days, and no "
            f"supervision for over {self.settings.training_supervision_gap_days} days. "
            "Enter opens." if rows else
            f"Nothing needs attention: no renewal within {days} days, supervision current."))

    def action_open(self) -> None:
        """Enter, administrators: the highlighted person's training record."""
        key = self.query_one("#attention-table", SafeTable).cursor_key
        if key is not None:
            self.app.push_screen(TraineeScreen(int(key.split("-")[0])))

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        """Esc, administrators: back to where the list was opened from."""
        self.app.pop_screen()
