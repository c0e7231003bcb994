"""After-course forms: a credential, and supervision, continuing-education or practice
hours (one form, the fields named for the kind); and printing a transcript or certificate."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, RadioButton, RadioSet, Select, Static

from peer_tui.screens.text import clean
from peer_tui.screens.training_forms import TrainingForm
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.screens.widgets.find_select import FindSelect
from peer_tui.screens.widgets.keyed_radio_set import KeyedRadioSet
from peer_tui.services import training_after as after
from peer_tui.services import training_document as doc
from peer_tui.timeutil import local_today

FORMATS = {"individual": "individual", "group": "group", "live_observation":
           "live observation"}


class CredentialForm(TrainingForm):
    FIRST_FIELD = "#issuing_body"

    def __init__(self, trainee_id: int, name: str) -> None:
        super().__init__()
        self.trainee_id, self.person = trainee_id, name

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static(Text(f"Credential: {clean(self.person)}"), classes="form-title")
            yield Static(Text("Ctrl+S saves \u00b7 Esc cancels \u00b7 a renewal is a new "
                              "credential; the old one stays on record"), classes="form-hint")
            yield self.message_slot()
            yield FieldLabel("Issuing body")
            yield Input(id="issuing_body", max_length=100,
                        placeholder="e.g. State Certification Board")
            yield self.error_slot("issuing_body")
            yield FieldLabel("Credential number")
            yield Input(id="number", max_length=60)
            yield self.error_slot("number")
            yield FieldLabel("Issued on")
            yield DateInput(local_today(), required=True, prefer="past", id="issued_on")
            yield FieldLabel("Expires on")
            yield DateInput(local_today() + timedelta(days=730), required=True,
                            prefer="future", id="expires_on")

    def action_save(self) -> None:
        """Ctrl+S, training coordinators: save the credential."""
        if self.saving:
            return
        data: dict = {"trainee_id": self.trainee_id}
        if not (self.date_value("issued_on", data) and self.date_value("expires_on", data)):
            return
        data.update(issuing_body=self.query_one("#issuing_body", Input).value,
                    number=self.query_one("#number", Input).value)
        self.saving = True
        self.clear_errors()
        self.run_service(after.add_credential, self.app.actor, data, done=self._saved,
                         failed=self.failed, group="save")

    def _saved(self, _id: int) -> None:
        self.saved("Saved: credential recorded.")
        self.dismiss(True)


class HoursForm(TrainingForm):
    """KIND: supervision (supervisor, format), continuing_education (course, provider) or
    practice (a note)."""

    FIRST_FIELD = "#minutes"

    TITLES = {"supervision": "Supervision", "continuing_education": "Continuing education",
              "practice": "Practice hours"}

    def __init__(self, trainee_id: int, name: str, kind: str) -> None:
        super().__init__()
        self.trainee_id, self.person, self.kind = trainee_id, name, kind

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static(Text(f"{self.TITLES[self.kind]}: {clean(self.person)}"),
                         classes="form-title")
            yield Static(Text("Ctrl+S saves \u00b7 Esc cancels \u00b7 hours like 1.5 or 1:30"),
                         classes="form-hint")
            yield self.message_slot()
            yield FieldLabel("Hours")
            yield Input(id="minutes", max_length=10, placeholder="e.g. 1.5")
            yield self.error_slot("minutes")
            yield FieldLabel("Date")
            yield DateInput(local_today(), required=True, prefer="past", id="done_on")
            if self.kind == "supervision":
                yield FieldLabel("Supervisor")
                yield Input(self.app.actor.display_name, id="who", max_length=100)
                yield self.error_slot("who")
                yield FieldLabel("Format (1 individual, 2 group, 3 live observation)")
                with KeyedRadioSet(id="format"):
                    for key, label in FORMATS.items():
                        yield RadioButton(label, value=key == "individual", name=key)
            elif self.kind == "continuing_education":
                yield FieldLabel("Course or workshop")
                yield Input(id="detail", max_length=200)
                yield self.error_slot("detail")
                yield FieldLabel("Provider (optional)")
                yield Input(id="who", max_length=100)
                yield self.error_slot("who")
            else:
                yield FieldLabel("Where, or a note (optional)")
                yield Input(id="detail", max_length=200)
                yield self.error_slot("detail")


    def action_save(self) -> None:
        """Ctrl+S, training coordinators: log the hours."""
        if self.saving:
            return
        data: dict = {"trainee_id": self.trainee_id, "kind": self.kind}
        if not self.date_value("done_on", data):
            return
        data["minutes"] = self.query_one("#minutes", Input).value
        if self.query("#who"):
            data["who"] = self.query_one("#who", Input).value
        if self.kind == "supervision":
            pressed = self.query_one("#format", RadioSet).pressed_button
            data["detail"] = FORMATS.get(pressed.name, "") if pressed else ""
        elif self.query("#detail"):
            data["detail"] = self.query_one("#detail", Input).value
        self.saving = True
        self.clear_errors()
        self.run_service(after.log_hours, self.app.actor, data, done=self._saved,
                         failed=self.failed, group="save")

    def _saved(self, _id: int) -> None:
        self.saved(f"Saved: {self.TITLES[self.kind].lower()} logged.")
        self.dismiss(True)


class TrainingExportForm(TrainingForm):
    """Print a transcript or a certificate: a format and a file name."""

    FIRST_FIELD = "#fmt"

    def __init__(self, trainee_id: int, kind: str) -> None:
        super().__init__()
        self.trainee_id, self.kind = trainee_id, kind

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static(Text(f"Print the {self.kind}"), classes="form-title")
            yield Static(Text("Ctrl+S writes the file \u00b7 Esc cancels"),
                         classes="form-hint")
            yield self.message_slot()
            yield FieldLabel("Format")
            yield FindSelect([("HTML (print from a browser)", "html"), ("Plain text", "txt")],
                             value="html", allow_blank=False, id="fmt")
            yield self.error_slot("fmt")
            yield FieldLabel("Save to")
            yield Input(str(doc.default_path(self.trainee_id, self.kind, "html")), id="path")
            yield self.error_slot("path")
            yield self.error_slot("kind")
            yield Static(Text("The export is recorded in the audit log."), classes="form-hint")

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        if event.value in doc.FORMATS and path.value.endswith((".html", ".txt")):
            path.value = path.value.rsplit(".", 1)[0] + "." + str(event.value)

    def has_typing(self) -> bool:
        return False

    def action_save(self) -> None:
        """Ctrl+S, staff on a training record: write the transcript or certificate file."""
        if self.saving:
            return
        self.saving = True
        self.clear_errors()
        self.run_service(doc.export, self.app.actor, self.trainee_id, self.kind,
                         self.query_one("#fmt", Select).value,
                         self.query_one("#path", Input).value, done=self._done,
                         failed=self.failed, group="save")

    def _done(self, path) -> None:
        self.saved(f"Written: {path}")
        self.dismiss(None)
