"""What the timeline's small forms share: field errors, save/cancel keys, the "changed" signal.

Every form here is a modal that validates in a service, shows each error under its field and
keeps everything typed. Esc on a form with typing asks for a second Esc before discarding.
After a save, ``app.timeline_changed.publish(resident_ids)`` (the staff app's signal) tells any
open timeline pane (and anything else that subscribes) to reload, so a new entry shows at once.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, RadioButton, Select, Static

from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.first_field import OpensOnFirstField
from peer_tui.screens.text import clean
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.screens.widgets.keyed_radio_set import KeyedRadioSet
from peer_tui.services.errors import InvalidInput, ServiceError


def now_hhmm() -> str:
    return datetime.now().strftime("%H:%M")


class FormModal(OpensOnFirstField, ServiceCaller, ModalScreen):
    """A modal form: ``ctrl+s`` saves (``save``), Esc cancels, errors show under fields.

    Every form defines its own ``action_save`` (what it saves, and who may): there is no
    shared one to fall back on, so a form without it is caught by the tests, not shipped
    with a Ctrl+S that does nothing.

    It opens with its first field focused (``FIRST_FIELD``, else the first focusable widget)
    and keys typed while it opens land there (``first_field.OpensOnFirstField``). Subclasses
    declare ``FIRST_FIELD`` instead of calling ``focus()`` in ``on_mount``.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > .form-box { width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1; }
    FormModal .form-title { text-style: bold; width: 1fr; }
    FormModal .form-message { color: $error; height: auto; }
    FormModal .form-hint { color: $text-muted; height: auto; }
    FormModal .field-error { color: $error; height: auto; }
    FormModal .when-row { height: auto; }
    FormModal .when-row > Vertical { height: auto; width: 1fr; }
    FormModal .when-row > Vertical.time { width: 12; }
    FormModal .when-row > Vertical.minutes { width: 12; }
    FormModal TextArea { height: 6; }
    FormModal SelectionList { height: auto; max-height: 10; }
    """

    _armed_discard = False
    saving = False

    #: The form's title: TITLE when it is always the same, else set in ``__init__`` (a plain
    #: attribute here, not the screen's reactive title).
    title = ""
    TITLE = ""
    #: The keys the form takes, under its title.
    HINT = "Ctrl+S saves \u00b7 Esc cancels"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield from self.compose_heading(self.title, self.HINT)
            yield from self.compose_fields()

    def compose_fields(self) -> ComposeResult:
        """The form's own fields, under its title and hint."""
        yield from ()

    def error_slot(self, field: str) -> Static:
        """An error line under FIELD, hidden until there is something to say."""
        slot = Static("", id=f"err-{field}", classes="field-error", markup=False)
        slot.display = False
        return slot

    def message_slot(self) -> Static:
        """The form-wide message (errors not tied to one field), hidden until needed."""
        slot = Static("", classes="form-message", markup=False)
        slot.display = False
        return slot

    def compose_heading(self, title: str, hint: str) -> ComposeResult:
        """The form's TITLE, the HINT that names its keys, and the form-wide message."""
        yield Static(Text(title), classes="form-title")
        yield Static(Text(hint), classes="form-hint")
        yield self.message_slot()

    def labelled(self, label: str, widget: Widget) -> ComposeResult:
        """WIDGET under its LABEL, with the error line named by the widget's id below."""
        yield FieldLabel(label)
        yield widget
        yield self.error_slot(str(widget.id))

    def compose_choice(self, label: str, field: str, choices: dict[str, str],
                       chosen: str) -> ComposeResult:
        """One of CHOICES (key: words) picked by arrows or its number, CHOSEN at first."""
        yield FieldLabel(label)
        with KeyedRadioSet(id=field):
            for key, words in choices.items():
                yield RadioButton(words, value=key == chosen, name=key)
        yield self.error_slot(field)

    #: What the confirmation names after "Saved: " ("goal added").
    done_words = "saved"

    def submit(self, service, *args, done=None, group: str = "service") -> None:
        """Save once: SERVICE(actor, *ARGS) in a worker, then DONE (else ``_done``) with what
        it returned; its errors go under the fields, and Ctrl+S while it runs does nothing."""
        if self.saving:
            return
        self.saving = True
        self.clear_errors()
        self.run_service(service, self.app.actor, *args, done=done or self._done,
                         failed=self.failed, group=group)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Ctrl+S while a save runs does nothing, in every form: the first press is saving.
        if action == "save" and self.saving:
            return False
        return super().check_action(action, parameters)

    def _done(self, value) -> None:
        self.saved(f"Saved: {self.done_words}.")
        self.dismiss(value)

    def compose_when(self, on, at: str, *, minutes: int | None = None) -> ComposeResult:
        """Date, time (and duration) on one row, each with its error slot below."""
        with Horizontal(classes="when-row"):
            with Vertical():
                yield DateInput(on, required=True, prefer="past", id="on")
                yield self.error_slot("on")
            with Vertical(classes="time"):
                yield Input(at, placeholder="HH:MM", id="at", max_length=5)
                yield self.error_slot("at")
            if minutes is not None:
                with Vertical(classes="minutes"):
                    yield Input(str(minutes), placeholder="minutes", id="duration_minutes",
                                max_length=4)
                    yield self.error_slot("duration_minutes")

    def chosen(self, field: str, missing: str):
        """What the Select FIELD holds; None, with MISSING under it and the focus on it, when
        nothing is chosen yet."""
        box = self.query_one(f"#{field}", Select)
        if box.is_blank():
            self.show_errors({field: missing})
            box.focus()
            return None
        return box.value

    def dates_readable(self, *ids: str) -> bool:
        """False (and the message under the field) when a date cannot be read, or when it
        looks the other way from its field and the warning was not yet seen once."""
        for field in ids:
            box = self.query_one(f"#{field}", DateInput)
            if box.text.strip() and box.value is None:
                self.show_errors({field: box.error})
                box.focus()
                return False
        for field in ids:
            box = self.query_one(f"#{field}", DateInput)
            if not box.direction_confirmed():
                box.focus()
                return False
        return True

    def when_values(self, data: dict) -> bool:
        """Put on/at (and minutes) into DATA; False (errors shown) if the date is unreadable."""
        day = self.query_one("#on", DateInput)
        data["at"] = self.query_one("#at", Input).value
        if self.query("#duration_minutes"):
            raw = self.query_one("#duration_minutes", Input).value.strip()
            data["duration_minutes"] = raw or None
        if day.value is None:
            self.show_errors({"on": day.error or "Type a date."})
            return False
        if not day.direction_confirmed():
            day.focus()
            return False
        data["on"] = day.value
        return True

    def clear_errors(self) -> None:
        for slot in self.query(".field-error"):
            slot.update("")
            slot.display = False
        for message in self.query(".form-message"):
            message.update("")
            message.display = False

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; unknown fields and '' go to the form message."""
        self.clear_errors()
        loose = []
        for field, message in errors.items():
            slots = self.query(f"#err-{field}")
            if field and slots:
                slots.first().update(Text(message))
                slots.first().display = True
            elif field == "on" and self.query("#on"):
                self.query_one("#on", DateInput).show_error(message)
            else:
                loose.append(message)
        if loose:
            box = self.query_one(".form-message", Static)
            box.update(Text(" ".join(loose)))
            box.display = True
            # It stands under the title: on a form taller than the screen it would be
            # scrolled out of sight, and the key that raised it would seem to do nothing.
            box.scroll_visible(animate=False)

    def failed(self, exc: ServiceError) -> None:
        self.saving = False
        if isinstance(exc, InvalidInput):
            self.show_errors(exc.errors)
        else:
            self.show_errors({"": str(exc)})

    def has_typing(self) -> bool:
        """Forms override: True when discarding would lose something typed."""
        return False

    def action_cancel(self) -> None:
        """Esc: close the form, asking a second Esc when something typed would be lost."""
        if self.has_typing() and not self._armed_discard:
            self._armed_discard = True
            self.show_errors({"": "Press Esc again to discard what you typed "
                                  "(Ctrl+S saves it)."})
            return
        self.dismiss(None)

    def on_input_changed(self) -> None:
        self._armed_discard = False

    def on_text_area_changed(self) -> None:
        self._armed_discard = False


class AboutOneResident:
    """For a form about one resident (mixed in before FormModal): it keeps their id and
    name, and its TITLE names them as {name}."""

    TITLE = "{name}"

    def __init__(self, resident_id: int, resident_name: str) -> None:
        super().__init__()
        self.resident_id, self.resident_name = resident_id, resident_name
        self.title = self.TITLE.format(name=clean(resident_name))
