"""After-course forms: a credential, and supervision, continuing-education or practice
hours (one form, the fields named for the kind); and printing a transcript or certificate."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, RadioButton, RadioSet, Select, Static

from peer_tui.screens.record_forms import follow_format, format_select
from peer_tui.screens.text import clean
from peer_tui.screens.training_forms import TrainingForm
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.screens.widgets.keyed_radio_set import KeyedRadioSet
from peer_tui.services import training_after as after
from peer_tui.services import training_document as doc
from peer_tui.timeutil import local_today

FORMATS = {"individual": "individual", "group": "group", "live_observation":
           "live observation"}


class CredentialForm(TrainingForm):
    FIRST_FIELD = "#issuing_body"
    HINT = ("Ctrl+S saves \u00b7 Esc cancels \u00b7 a renewal is a new "
            "credential; the old one stays on record")
    done_words = "credential recorded"

    def __init__(self, trainee_id: int, name: str) -> None:
        super().__init__()
        self.trainee_id, self.person = trainee_id, name
        self.title = f"Credential: {clean(self.person)}"

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled("Issuing body",
                                 Input(id="issuing_body", max_length=100,
                                       placeholder="e.g. State Certification Board"))
        yield from self.labelled("Credential number", Input(id="number", max_length=60))
        yield FieldLabel("Issued on")
        yield DateInput(local_today(), required=True, prefer="past", id="issued_on")
        yield FieldLabel("Expires on")
        yield DateInput(local_today() + timedelta(days=730), required=True,
                        prefer="future", id="expires_on")

    def action_save(self) -> None:
        """Ctrl+S, training coordinators: save the credential."""
        data: dict = {"trainee_id": self.trainee_id}
        if not (self.date_value("issued_on", data) and self.date_value("expires_on", data)):
            return
        data.update(issuing_body=self.query_one("#issuing_body", Input).value,
                    number=self.query_one("#number", Input).value)
        self.submit(after.add_credential, data, group="save")


class HoursForm(TrainingForm):
    """KIND: supervision (supervisor, format), continuing_education (course, provider) or
    practice (a note)."""

    FIRST_FIELD = "#minutes"
    HINT = "Ctrl+S saves \u00b7 Esc cancels \u00b7 hours like 1.5 or 1:30"

    TITLES = {"supervision": "Supervision", "continuing_education": "Continuing education",
              "practice": "Practice hours"}

    def __init__(self, trainee_id: int, name: str, kind: str) -> None:
        super().__init__()
        self.trainee_id, self.person, self.kind = trainee_id, name, kind
        self.title = f"{self.TITLES[self.kind]}: {clean(self.person)}"
        self.done_words = f"{self.TITLES[self.kind].lower()} logged"

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled("Hours",
                                 Input(id="minutes", max_length=10, placeholder="e.g. 1.5"))
        yield FieldLabel("Date")
        yield DateInput(local_today(), required=True, prefer="past", id="done_on")
        if self.kind == "supervision":
            yield from self.labelled("Supervisor",
                                     Input(self.app.actor.display_name, id="who", max_length=100))
            yield FieldLabel("Format (1 individual, 2 group, 3 live observation)")
            with KeyedRadioSet(id="format"):
                for key, label in FORMATS.items():
                    yield RadioButton(label, value=key == "individual", name=key)
        elif self.kind == "continuing_education":
            yield from self.labelled("Course or workshop", Input(id="detail", max_length=200))
            yield from self.labelled("Provider (optional)", Input(id="who", max_length=100))
        else:
            yield from self.labelled("Where, or a note (optional)",
                                     Input(id="detail", max_length=200))


    def action_save(self) -> None:
        """Ctrl+S, training coordinators: log the hours."""
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
        self.submit(after.log_hours, data, group="save")


class TrainingExportForm(TrainingForm):
    """Print a transcript or a certificate: a format and a file name."""

    FIRST_FIELD = "#fmt"
    HINT = "Ctrl+S writes the file \u00b7 Esc cancels"

    def __init__(self, trainee_id: int, kind: str) -> None:
        super().__init__()
        self.trainee_id, self.kind = trainee_id, kind
        self.title = f"Print the {self.kind}"

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled("Format", format_select())
        yield from self.labelled(
            "Save to",
            Input(str(doc.default_path(self.trainee_id, self.kind, "html")), id="path"))
        yield self.error_slot("kind")
        yield Static(Text("The export is recorded in the audit log."), classes="form-hint")

    def on_select_changed(self, event: Select.Changed) -> None:
        follow_format(self.query_one("#path", Input), event.value)

    def has_typing(self) -> bool:
        return False

    def action_save(self) -> None:
        """Ctrl+S, staff on a training record: write the transcript or certificate file."""
        self.submit(doc.export, self.trainee_id, self.kind, self.query_one("#fmt", Select).value,
                    self.query_one("#path", Input).value, group="save")

    def _done(self, path) -> None:
        self.saved(f"Written: {path}")
        self.dismiss(None)
