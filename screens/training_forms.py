"""Training forms: a session for a whole cohort, a competency check, a trainee, a cohort.

Each is a FormModal: the first field is focused when it opens, Ctrl+S saves, Esc asks before
discarding what was typed, every error shows under its field and nothing typed is lost.
After-course forms (credential, hours) are in ``training_after_forms``.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, RadioButton, RadioSet, Select, Static, TextArea

from peer_tui.models.training_schemas import CHECK_LABELS, fmt_hours, minutes_of
from peer_tui.screens.event_form import FormModal
from peer_tui.screens.text import clean, plain
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.screens.widgets.find_select import FindSelect
from peer_tui.screens.widgets.keyed_radio_set import KeyedRadioSet
from peer_tui.screens.widgets.people_picker import PeoplePicker, PickChoice
from peer_tui.services import training as tr
from peer_tui.timeutil import local_today

DATE_FIELDS = ("held_on", "checked_on", "starts_on", "issued_on", "expires_on", "done_on")


class TrainingForm(FormModal):
    """What the training forms share: date fields that show their own errors, a title."""

    DEFAULT_CSS = """
    TrainingForm Input.hours { width: 12; }
    TrainingForm .topic-rows { height: auto; }
    TrainingForm .topic-row { height: auto; }
    TrainingForm .topic-row > Static { width: 1fr; padding: 0 1; }
    TrainingForm TextArea { height: 4; }
    """

    def on_mount(self) -> None:
        self._initial = {id(i): i.value for i in self.query(Input)}
        self.call_after_refresh(self.scroll_to_top)

    def scroll_to_top(self) -> None:
        """Open showing the title: a picker or a radio set settling its highlight scrolls
        the form down to itself otherwise, hiding the title and the first field's label."""
        for box in self.query(".form-box"):
            box.scroll_home(animate=False)

    def show_errors(self, errors: dict[str, str]) -> None:
        dated = {f: m for f, m in errors.items() if f in DATE_FIELDS and self.query(f"#{f}")}
        super().show_errors({f: m for f, m in errors.items() if f not in dated})
        for field, message in dated.items():
            self.query_one(f"#{field}", DateInput).show_error(message)
        first = next(iter(errors), None)
        if first and self.query(f"#{first}"):
            self.query_one(f"#{first}").focus()

    def date_value(self, field: str, data: dict, *, optional: bool = False) -> bool:
        day = self.query_one(f"#{field}", DateInput)
        if day.value is None:
            if optional and not day.text.strip():
                data[field] = None
                return True
            day.show_error(day.error or "Type a date.")
            day.focus()
            return False
        if not day.direction_confirmed():
            day.focus()
            return False
        data[field] = day.value
        return True

    _initial: dict[int, str] = {}

    def _done(self, _saved_id) -> None:
        """Saved: say so and close with True (the screen below reads its rows again)."""
        self.saved(f"Saved: {self.done_words}.")
        self.dismiss(True)

    def has_typing(self) -> bool:
        """True when a field differs from how the form opened (prefilled values and fields
        added later, such as topic rows, count from what they first held: empty)."""
        return any(i.value != self._initial.get(id(i), "") for i in self.query(Input)) or any(
            t.text.strip() for t in self.query(TextArea))


class SessionForm(TrainingForm):
    """A session of one cohort: date, trainer, hours per topic covered, and who came (every
    member is picked at first; Space unpicks an absentee; partial hours per person)."""

    FIRST_FIELD = "#held_on"

    DEFAULT_CSS = "SessionForm > .form-box { width: 100; height: 100%; }"

    def __init__(self, cohort_id: int) -> None:
        super().__init__()
        self.cohort_id = cohort_id
        self.topics: list[tuple[str, str, int]] = []
        self.names: dict[int, str] = {}
        self.partial: dict[int, str] = {}
        self.partial_for: int | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static(Text("Training session for the cohort"), id="session-title",
                         classes="form-title")
            yield Static(Text("Ctrl+S saves \u00b7 Esc cancels \u00b7 hours like 1.5 or 1:30 "
                              "\u00b7 a future date saves a planned session"),
                         classes="form-hint")
            yield self.message_slot()
            yield FieldLabel("Date")
            yield DateInput(local_today(), required=True, prefer="past", id="held_on")
            yield from self.labelled(
                "Trainer",
                Input(self.app.actor.display_name, id="trainer", max_length=100))
            yield FieldLabel("Hours on each topic covered (leave the others empty)")
            yield Vertical(id="topic-rows", classes="topic-rows")
            yield self.error_slot("topic_minutes")
            yield FieldLabel("Attendance: everyone is picked; Space unpicks who was absent")
            yield PeoplePicker(id="attendees", placeholder="type a name or initials; Space "
                                                           "picks or unpicks")
            yield self.error_slot("attendance")
            yield Static("Hours attended by the highlighted person (empty: all of it)",
                         id="partial-label", markup=False, classes="form-hint")
            yield Input(id="partial", max_length=10, placeholder="e.g. 1.5")
            yield self.error_slot("partial")
            yield from self.labelled("Note (optional)", TextArea(id="note", soft_wrap=True))

    def on_mount(self) -> None:
        self.run_service(tr.session_form, self.app.actor, self.cohort_id, done=self._loaded,
                         failed=self.failed, group="load")

    def _loaded(self, form: tr.SessionForm) -> None:
        self.topics = form.topics
        self.names = dict(form.trainees)
        self.query_one("#session-title", Static).update(
            Text(f"Training session for the cohort {clean(form.cohort_name)}"))
        rows = self.query_one("#topic-rows")
        for key, name, planned in form.topics:
            rows.mount(Horizontal(
                Input(id=f"topic-{key}", classes="hours", max_length=10, compact=True,
                      placeholder="hours"),
                Static(plain(f"{name} (plan {fmt_hours(planned)})"), markup=False),
                classes="topic-row"))
            rows.mount(self.error_slot(f"topic-{key}"))
        picker = self.query_one("#attendees", PeoplePicker)
        picker.set_choices(PickChoice(tid, name) for tid, name in form.trainees)
        picker.set_picked(tid for tid, _ in form.trainees)
        self.call_after_refresh(self.scroll_to_top)

    @on(PeoplePicker.Highlighted)
    def _highlighted(self, event: PeoplePicker.Highlighted) -> None:
        self.partial_for = None
        if event.choice is None:
            return
        self.query_one("#partial-label", Static).update(Text(
            f"Hours attended by {clean(event.choice.name)} (empty: all of it)"))
        self.query_one("#partial", Input).value = self.partial.get(event.choice.id, "")
        self.partial_for = event.choice.id

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "partial" and self.partial_for is not None:
            self.partial[self.partial_for] = event.value

    def has_typing(self) -> bool:
        return super().has_typing() or any(v.strip() for v in self.partial.values())

    def action_save(self) -> None:
        """Ctrl+S, training coordinators: save the session and its attendance."""
        data: dict = {"cohort_id": self.cohort_id}
        if not self.date_value("held_on", data):
            return
        errors: dict[str, str] = {}
        minutes: dict[str, str] = {}
        for key, _, _ in self.topics:
            typed = self.query_one(f"#topic-{key}", Input).value.strip()
            if not typed:
                continue
            try:
                minutes_of(typed)
            except ValueError as exc:
                errors[f"topic-{key}"] = str(exc)
            minutes[key] = typed
        if not minutes and not errors:
            errors["topic_minutes"] = "Give the hours of at least one topic covered."
        picker = self.query_one("#attendees", PeoplePicker)
        attendance: dict[int, str | None] = {}
        planned = data["held_on"] > local_today()  # who came is recorded on the day
        for tid in sorted(picker.picked) if not planned else ():
            typed = self.partial.get(tid, "").strip()
            if typed:
                try:
                    minutes_of(typed)
                except ValueError as exc:
                    errors.setdefault("partial", f"{clean(self.names.get(tid, ''))}: {exc}")
            attendance[tid] = typed or None
        if errors:
            self.show_errors(errors)
            return
        data.update(trainer=self.query_one("#trainer", Input).value, topic_minutes=minutes,
                    attendance=attendance, note=self.query_one("#note", TextArea).text)
        self.submit(tr.record_session, data, done=self._saved, group="save")

    def _saved(self, _session_id: int) -> None:
        count = len(self.query_one("#attendees", PeoplePicker).picked)
        day = self.query_one("#held_on", DateInput).value
        if day is not None and day > local_today():
            self.saved("Saved: planned session; record who came on the day.")
        else:
            self.saved(f"Saved: session with {count} attending.")
        self.dismiss(True)


class CheckForm(TrainingForm):
    """One attempt at a competency check for one trainee (retries are new attempts)."""

    FIRST_FIELD = "#topic_key"
    HINT = ("Ctrl+S saves \u00b7 Esc cancels \u00b7 a retry is a new check; "
            "earlier attempts are kept")
    done_words = "competency check"

    def __init__(self, trainee_id: int, trainee_name: str, topics: list[tuple[str, str]],
                 topic_key: str | None = None) -> None:
        super().__init__()
        self.trainee_id, self.trainee_name = trainee_id, trainee_name
        self.topics, self.topic_key = topics, topic_key
        self.title = f"Competency check: {clean(self.trainee_name)}"

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled("Topic (type to find)",
                                 FindSelect([(plain(name), key) for key, name in self.topics],
                                            value=self.topic_key or Select.NULL, id="topic_key"))
        yield from self.compose_choice("Kind (1 role-play, 2 quiz, 3 observed practice)",
                                       "kind", CHECK_LABELS, "role_play")
        yield FieldLabel("Result (1 passed, 2 not yet)")
        with KeyedRadioSet(id="passed"):
            yield RadioButton("passed", value=True, name="yes")
            yield RadioButton("not yet", name="no")
        yield FieldLabel("Date")
        yield DateInput(local_today(), required=True, prefer="past", id="checked_on")
        yield from self.labelled("Assessor",
                                 Input(self.app.actor.display_name, id="assessor", max_length=100))
        yield from self.labelled("Note (optional)", TextArea(id="note", soft_wrap=True))

    def action_save(self) -> None:
        """Ctrl+S, training coordinators: save the competency check's attempt."""
        data: dict = {"trainee_id": self.trainee_id}
        if not self.date_value("checked_on", data):
            return
        topic = self.query_one("#topic_key", Select).value
        if not isinstance(topic, str):
            self.show_errors({"topic_key": "Pick the topic checked."})
            return
        kind = self.query_one("#kind", RadioSet).pressed_button
        passed = self.query_one("#passed", RadioSet).pressed_button
        data.update(topic_key=topic, kind=kind.name if kind else "",
                    passed=passed is not None and passed.name == "yes",
                    assessor=self.query_one("#assessor", Input).value,
                    note=self.query_one("#note", TextArea).text)
        self.submit(tr.record_check, data, group="save")


class TraineeForm(TrainingForm):
    """A new trainee: a name, a cohort, and optionally their staff account or the resident
    record they came from (only the link is kept; training shows nothing of that record)."""

    FIRST_FIELD = "#name"
    TITLE = "Add a trainee"
    HINT = "Ctrl+S saves \u00b7 Esc cancels \u00b7 Tab moves between fields"
    done_words = "trainee added"

    def __init__(self, cohorts: list[tuple[int, str]], cohort_id: int | None) -> None:
        super().__init__()
        self.cohorts, self.cohort_id = cohorts, cohort_id

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled("Name as it goes on the certificate",
                                 Input(id="name", max_length=100))
        yield from self.labelled(
            "Cohort",
            FindSelect([(plain(n), cid) for cid, n in self.cohorts],
                       value=self.cohort_id if self.cohort_id is not None
                       else Select.NULL, prompt="no cohort yet", id="cohort_id"))
        yield from self.labelled("Staff account (if they work here)",
                                 FindSelect([], prompt="not staff", id="staff_id"))
        yield FieldLabel("Current or former resident (optional link)")
        yield FindSelect([], prompt="no link", id="resident_id")
        yield Static(Text("Only the link is kept: the training record shows nothing of "
                          "the resident's record, and the resident's record shows no "
                          "training."), classes="form-hint")
        yield self.error_slot("resident_id")

    def on_mount(self) -> None:
        actor = self.app.actor
        self.run_service(tr.staff_choices, actor, group="staff", done=lambda rows: self.query_one(
            "#staff_id", Select).set_options([(plain(n), i) for i, n in rows]))
        self.run_service(tr.resident_choices, actor, group="residents",
                         done=lambda rows: self.query_one("#resident_id", Select).set_options(
                             [(plain(n), i) for i, n in rows]))

    def action_save(self) -> None:
        """Ctrl+S, training coordinators: add the trainee to the cohort."""

        def picked(field: str):
            value = self.query_one(f"#{field}", Select).value
            return value if isinstance(value, int) else None

        data = {"name": self.query_one("#name", Input).value, "cohort_id": picked("cohort_id"),
                "staff_id": picked("staff_id"), "resident_id": picked("resident_id")}
        self.submit(tr.create_trainee, data, group="save")


class CohortForm(TrainingForm):
    FIRST_FIELD = "#name"
    TITLE = "Add a cohort"
    done_words = "cohort added"
    HINT = "Ctrl+S saves \u00b7 Esc cancels"

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled("Name (e.g. Spring 2026)", Input(id="name", max_length=100))
        yield FieldLabel("Starts on (optional)")
        yield DateInput(None, prefer="future", id="starts_on")

    def action_save(self) -> None:
        """Ctrl+S, training coordinators: save the cohort."""
        data: dict = {"name": self.query_one("#name", Input).value}
        if not self.date_value("starts_on", data, optional=True):
            return
        self.submit(tr.create_cohort, data, group="save")
