"""Group note: one session (a house meeting, a SMART Recovery group...) for many attendees.

Attendees are picked by typing part of a name or the initials (``PeoplePicker``): twelve
people wherever they sit in the list take a few keys each, no scrolling. Each attendee gets
the entry on their timeline, with an optional addendum of their own. Saved in one
transaction.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Select, Static, TextArea

from peer_tui.screens.event_form import FormModal, now_hhmm
from peer_tui.screens.text import clean, plain
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.screens.widgets.people_picker import PeoplePicker, PickChoice
from peer_tui.services import groups
from peer_tui.timeutil import local_today


class GroupNoteScreen(FormModal):
    """Log one group for many residents. Dismisses the number of attendees saved."""

    FIRST_FIELD = "#name"
    TITLE = "Group note: one entry for every attendee"
    HINT = ("Ctrl+S saves \u00b7 Esc cancels \u00b7 Attendees: type part of a "
            "name or the initials, Space or Enter picks \u00b7 Ctrl+T picks "
            "all shown")

    BINDINGS = [Binding("ctrl+t", "tick_all", "Pick all shown")]

    DEFAULT_CSS = """
    GroupNoteScreen > .form-box { width: 100; height: 100%; }
    GroupNoteScreen TextArea { height: 4; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.choices: list[groups.AttendeeChoice] = []
        self.addenda: dict[int, str] = {}
        self.addendum_for: int | None = None

    def compose_fields(self) -> ComposeResult:
        yield from self.labelled(
            "Group name",
            Input(id="name", max_length=200, placeholder="e.g. House meeting"))
        yield FieldLabel("Attendees")
        yield PeoplePicker(id="attendees",
                           placeholder="type a name or initials (mj), Space picks")
        yield self.error_slot("attendee_ids")
        yield from self.labelled("Note (goes on every attendee's timeline)",
                                 TextArea(id="note", soft_wrap=True))
        yield FieldLabel("When, and minutes")
        yield from self.compose_when(local_today(), now_hhmm(), minutes=60)
        yield FieldLabel("Facilitator")
        yield Select[int]([], prompt="Me", id="facilitator")
        yield self.error_slot("facilitator_id")
        yield from self.labelled("Topic", Input(id="topic", max_length=100))
        yield Static("Addendum for the highlighted attendee (optional)",
                     id="addendum-label", markup=False, classes="form-hint")
        yield Input(id="addendum", max_length=2000)
        yield self.error_slot("addenda")

    def on_mount(self) -> None:
        self.run_service(groups.attendee_choices, self.app.actor, done=self._residents,
                         group="residents")
        self.run_service(groups.facilitator_choices, done=self._staff, group="staff")

    @property
    def picker(self) -> PeoplePicker:
        return self.query_one("#attendees", PeoplePicker)

    @property
    def picked(self) -> set[int]:
        return self.picker.picked

    def _staff(self, staff) -> None:
        select = self.query_one("#facilitator", Select)
        select.set_options([(plain(name), sid) for sid, name in staff])
        if any(sid == self.app.actor.id for sid, _ in staff):
            select.value = self.app.actor.id

    def _residents(self, choices) -> None:
        self.choices = choices
        self.picker.set_choices(PickChoice(c.id, c.name, c.room) for c in choices)

    def on_input_changed(self, event: Input.Changed) -> None:
        # (FormModal's own handler also runs: Textual dispatches up the class hierarchy.)
        if event.input.id == "addendum" and self.addendum_for is not None:
            self.addenda[self.addendum_for] = event.value

    @on(PeoplePicker.Highlighted)
    def _highlighted(self, event: PeoplePicker.Highlighted) -> None:
        if event.choice is None:
            return
        self.addendum_for = None
        self.query_one("#addendum-label", Static).update(
            Text(f"Addendum for {clean(event.choice.name)} (optional)"))
        self.query_one("#addendum", Input).value = self.addenda.get(event.choice.id, "")
        self.addendum_for = event.choice.id

    @on(PeoplePicker.Changed)
    def _picked_changed(self) -> None:
        self._armed_discard = False

    def action_tick_all(self) -> None:
        """Ctrl+T, clinical staff: pick every resident the search shows."""
        self.picker.pick_all_shown()

    def has_typing(self) -> bool:
        return bool(self.query_one("#name", Input).value.strip()
                    or self.query_one("#note", TextArea).text.strip() or self.picked)

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the note to every picked resident's timeline."""
        data: dict = {}
        if not self.when_values(data):
            return
        facilitator = self.query_one("#facilitator", Select).value
        data.update(
            name=self.query_one("#name", Input).value,
            topic=self.query_one("#topic", Input).value,
            note=self.query_one("#note", TextArea).text,
            facilitator_id=facilitator if isinstance(facilitator, int) else None,
            attendee_ids=sorted(self.picked),
            addenda={rid: text for rid, text in self.addenda.items()
                     if rid in self.picked and text.strip()})
        self.submit(groups.log_group, data, done=self._saved, group="save")

    def _saved(self, result) -> None:
        count = len(result.event_ids)
        self.saved(f"Saved: group note for {count} attendee{'s' if count != 1 else ''}.")
        self.app.timeline_changed.publish(sorted(self.picked))
        self.dismiss(count)
