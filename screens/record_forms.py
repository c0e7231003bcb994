"""Resident record forms: add / edit, discharge, readmit, kiosk code and PIN.

Built on the shared ``FormModal`` (Ctrl+S saves, Esc asks before discarding, errors under
each field, nothing typed is lost on an error). Each dismisses with the resident id when
saved and None when cancelled.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Select, Static

from peer_tui.screens.event_form import AboutOneResident, FormModal
from peer_tui.screens.text import clean
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.screens.widgets.find_select import FindSelect
from peer_tui.services import documents, records
from peer_tui.services.errors import ServiceError
from peer_tui.timeutil import local_today

TEXT_FIELDS = ("first_name", "last_name", "preferred_name", "pronouns", "room")
NEW_FILE = "Save to (empty: a new file in peer-tui-exports)"


def format_select() -> FindSelect:
    """The formats a printable document is written in, HTML first."""
    return FindSelect([("HTML (print from a browser)", "html"), ("Plain text", "txt")],
                      value="html", allow_blank=False, id="fmt")


def follow_format(path: Input, fmt: object) -> None:
    """A file name that ends in a format's extension takes the newly chosen format's."""
    if fmt in documents.FORMATS and path.value.endswith((".html", ".txt")):
        path.value = path.value.rsplit(".", 1)[0] + "." + str(fmt)


class RecordForm(FormModal):
    """What the record forms share: a title, the hint, and the date fields' own errors."""

    DEFAULT_CSS = """
    RecordForm .pair { height: auto; }
    RecordForm .pair > Vertical { height: auto; width: 1fr; }
    RecordForm .duplicates { background: $warning 20%; height: auto; padding: 0 1; }
    """

    HINT = "Ctrl+S saves \u00b7 Esc cancels \u00b7 Tab moves between fields"

    def field(self, label: str, widget, name: str) -> ComposeResult:
        with Vertical():
            yield FieldLabel(label)
            yield widget
            if not isinstance(widget, DateInput):  # a date field has its own message line
                yield self.error_slot(name)

    def text_field(self, label: str, name: str, record, max_length: int) -> ComposeResult:
        """An Input named NAME under LABEL, holding RECORD's NAME (None: a new record, empty)."""
        yield from self.field(label, Input(clean(getattr(record, name)) if record else "",
                                           id=name, max_length=max_length), name)

    def day_field(self, label: str, name: str = "on") -> ComposeResult:
        """The day something was done: today until changed, read as a past date, required."""
        yield from self.field(label, DateInput(local_today(), id=name, required=True,
                                               prefer="past"), name)

    def compose_file_fields(self, path: str = "", path_label: str = NEW_FILE) -> ComposeResult:
        """Where a printable document goes: its format, then the file to write."""
        yield from self.field("Format", format_select(), "fmt")
        yield from self.field(path_label, Input(path, id="path"), "path")

    def values(self, *names: str) -> dict:
        """What the fields NAMES hold, by name: each one's value (words, choice, date or tick)."""
        return {name: self.query_one(f"#{name}").value for name in names}  # type: ignore

    def show_errors(self, errors: dict[str, str]) -> None:
        dates = {n: m for n, m in errors.items() if n and self.query(f"DateInput#{n}")}
        super().show_errors({n: m for n, m in errors.items() if n not in dates})
        for name, message in dates.items():
            self.query_one(f"#{name}", DateInput).show_error(message)


class ResidentFormScreen(RecordForm):
    """Add a resident (RESIDENT_ID None) or edit one's profile and assigned staff."""

    FIRST_FIELD = "#first_name"

    def __init__(self, resident_id: int | None) -> None:
        super().__init__()
        self.resident_id = resident_id
        self.title = "Add a resident" if resident_id is None else "Edit profile"
        # Editing: keys typed ahead wait for the loaded values instead of being overwritten.
        self.OPENS_AFTER_LOAD = resident_id is not None
        self.confirm_duplicate = False
        self.loaded = None

    def compose_fields(self) -> ComposeResult:
        yield Static(id="duplicates", classes="duplicates", markup=False)
        with Horizontal(classes="pair"):
            yield from self.field("First name", Input(id="first_name", max_length=100),
                                  "first_name")
            yield from self.field("Last name", Input(id="last_name", max_length=100),
                                  "last_name")
        with Horizontal(classes="pair"):
            yield from self.field("Goes by (optional)",
                                  Input(id="preferred_name", max_length=100),
                                  "preferred_name")
            yield from self.field("Pronouns (optional)",
                                  Input(id="pronouns", max_length=40), "pronouns")
        with Horizontal(classes="pair"):
            yield from self.field("Date of birth (optional)",
                                  DateInput(None, id="date_of_birth", prefer="past",
                                            placeholder="e.g. 1990-04-02"),
                                  "date_of_birth")
            yield from self.field("Room", Input(id="room", max_length=40), "room")
        with Horizontal(classes="pair"):
            if self.resident_id is None:
                yield from self.field("Status", Select(
                    [("Active (admitted)", "active"), ("Waitlist", "waitlist")],
                    value="active", allow_blank=False, id="status"), "status")
            yield from self.field("Intake date", DateInput(
                local_today() if self.resident_id is None else None, id="intake_date",
                prefer="past"),
                "intake_date")
        with Horizontal(classes="pair"):
            yield from self.field("Peer specialist", Select([], id="peer_specialist_id",
                                                            prompt="not assigned"),
                                  "peer_specialist_id")
            yield from self.field("Case manager", Select([], id="case_manager_id",
                                                         prompt="not assigned"),
                                  "case_manager_id")
        yield Button("Save (Ctrl+S)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#duplicates", Static).display = False
        self.run_service(records.staff_choices, done=self._staff_loaded,
                         failed=self._load_failed)

    def _load_failed(self, exc: ServiceError) -> None:
        self.show_errors({"": f"The form could not be filled: {exc}"})
        self.call_later(self.open_first_field)

    def _staff_loaded(self, staff) -> None:
        options = [(clean(name), sid) for sid, name, _ in staff]
        for field in ("peer_specialist_id", "case_manager_id"):
            self.query_one(f"#{field}", Select).set_options(options)
        if self.resident_id is not None:
            self.run_service(records.resident_form, self.app.actor, self.resident_id,
                             done=self._fill, failed=self._load_failed)

    def _fill(self, form: records.ResidentForm) -> None:
        self.loaded = form
        for name in TEXT_FIELDS:
            self.query_one(f"#{name}", Input).value = clean(getattr(form, name))
        for name in ("date_of_birth", "intake_date"):
            value = getattr(form, name)
            self.query_one(f"#{name}", DateInput).load(value)
        for name in ("peer_specialist_id", "case_manager_id"):
            value = getattr(form, name)
            self.query_one(f"#{name}", Select).value = value if value else Select.NULL
        self.call_later(self.open_first_field)

    def collect(self) -> dict | None:
        if not self.dates_readable("date_of_birth", "intake_date"):
            return None
        data = {name: self.query_one(f"#{name}", Input).value for name in TEXT_FIELDS}
        data["date_of_birth"] = self.query_one("#date_of_birth", DateInput).value
        data["intake_date"] = self.query_one("#intake_date", DateInput).value
        for name in ("peer_specialist_id", "case_manager_id"):
            value = self.query_one(f"#{name}", Select).value
            data[name] = None if value is Select.NULL else value
        if self.resident_id is None:
            data["status"] = self.query_one("#status", Select).value
        return data

    def has_typing(self) -> bool:
        values = {n: self.query_one(f"#{n}", Input).value for n in TEXT_FIELDS}
        if self.loaded is None:
            return any(v.strip() for v in values.values())
        return any(values[n] != clean(getattr(self.loaded, n)) for n in TEXT_FIELDS)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            await self.run_action("save")  # as Ctrl+S: not again while a save runs

    def action_save(self) -> None:
        """Ctrl+S, case managers and administrators: save the resident's profile."""
        data = self.collect()
        if data is None:
            return
        self.saving = True
        self.clear_errors()
        if self.resident_id is None:
            self.run_service(records.add_resident, self.app.actor, data,
                             confirm_duplicate=self.confirm_duplicate, done=self._added,
                             failed=self._failed)
        else:
            self.run_service(records.update_profile, self.app.actor, self.resident_id, data,
                             confirm_duplicate=self.confirm_duplicate, done=self._updated,
                             failed=self._failed)

    def _failed(self, exc: ServiceError) -> None:
        if isinstance(exc, records.PossibleDuplicate):
            self.saving = False
            self.confirm_duplicate = True
            box = self.query_one("#duplicates", Static)
            box.update(Text("Possible duplicate - already on file:\n" + "\n".join(
                clean(m) for m in exc.matches) + "\nCheck it is not the same person. Ctrl+S "
                "again saves a new record anyway; Esc goes back."))
            box.display = True
            box.scroll_visible()
            return
        self.failed(exc)

    def _added(self, resident_id: int) -> None:
        self.saved("Saved: resident added.")
        self.dismiss(resident_id)

    def _updated(self, changed: list[str]) -> None:
        self.saved("Saved: profile updated." if changed else "Nothing changed.")
        self.dismiss(self.resident_id if changed else None)


class OneResidentForm(AboutOneResident, RecordForm):
    """A record form about one resident, whose name its TITLE gives ({name}); once saved it
    says "Saved: " and its ``done_words``, and closes with the resident's id."""

    def _done(self, _) -> None:
        self.saved(f"Saved: {self.done_words}.")
        self.dismiss(self.resident_id)


class DischargeScreen(OneResidentForm):
    FIRST_FIELD = "#reason"
    TITLE = "Discharge {name}"
    done_words = "discharged. The record is kept"

    def compose_fields(self) -> ComposeResult:
        yield from self.day_field("Discharge date")
        yield from self.field("Reason", Input(id="reason", max_length=500,
                                              placeholder="e.g. moved to own flat"),
                              "reason")
        yield from self.field("How the stay ended (as the program report counts it)",
                              Select([(words[:1].upper() + words[1:], key) for key, words
                                      in records.DISCHARGE_KINDS.items()], id="kind",
                                     prompt="Choose one"), "kind")
        yield Checkbox("Completed the program (alumni)", id="alumni")
        yield Static(Text("The record is kept; readmit with d on the resident view."),
                     classes="form-hint")

    def has_typing(self) -> bool:
        return bool(self.query_one("#reason", Input).value.strip())

    def action_save(self) -> None:
        """Ctrl+S, case managers and administrators: discharge the resident."""
        if not self.dates_readable("on"):
            return
        kind = self.chosen("kind", "Choose how the stay ended.")
        if kind is None:
            return
        self.submit(records.discharge, self.resident_id, self.query_one("#on", DateInput).value,
                    self.query_one("#reason", Input).value,
                    self.query_one("#alumni", Checkbox).value, kind)


class ReadmitScreen(OneResidentForm):
    FIRST_FIELD = "#room"
    TITLE = "Readmit {name}"
    done_words = "readmitted"

    def compose_fields(self) -> ComposeResult:
        yield from self.day_field("Intake date")
        yield from self.field("Room", Input(id="room", max_length=40), "room")

    def action_save(self) -> None:
        """Ctrl+S, case managers and administrators: readmit the resident."""
        if not self.dates_readable("on"):
            return
        self.submit(records.readmit, self.resident_id, self.query_one("#on", DateInput).value,
                    self.query_one("#room", Input).value)


class KioskCredentialsScreen(OneResidentForm):
    FIRST_FIELD = "#code"
    TITLE = "Kiosk code and PIN for {name}"
    done_words = "kiosk code and PIN set"

    def compose_fields(self) -> ComposeResult:
        yield from self.field("Kiosk code (4-8 digits, unique)", Input(
            id="code", restrict=r"[0-9]*", max_length=8), "code")
        with Horizontal(classes="pair"):
            yield from self.field("New PIN (4-8 digits)", Input(
                id="pin", password=True, restrict=r"[0-9]*", max_length=8), "pin")
            yield from self.field("The same PIN again", Input(
                id="pin2", password=True, restrict=r"[0-9]*", max_length=8), "pin2")
        yield Static(Text("Give the resident their code and PIN in private. Setting them "
                          "clears a kiosk lockout."), classes="form-hint")

    def has_typing(self) -> bool:
        return any(self.query_one(f"#{n}", Input).value for n in ("code", "pin", "pin2"))

    def action_save(self) -> None:
        """Ctrl+S, case managers and administrators: set the kiosk code and PIN."""
        pin, again = (self.query_one(f"#{n}", Input).value for n in ("pin", "pin2"))
        if pin != again:
            self.show_errors({"pin2": "The two PINs are not the same."})
            return
        self.submit(records.set_kiosk_credentials, self.resident_id,
                    self.query_one("#code", Input).value, pin)
