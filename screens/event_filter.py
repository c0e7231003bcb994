"""Timeline filter (kinds, staff, date range) and jump-to-date dialogs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Select, SelectionList

from peer_tui.screens.event_form import FormModal
from peer_tui.screens.text import plain
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.services import timeline as service
from peer_tui.services.timeline import TimelineFilter


class EventFilterScreen(FormModal):
    """Choose what the timeline shows. Dismisses a TimelineFilter (None: unchanged)."""

    FIRST_FIELD = "#kinds"
    TITLE = "Filter the timeline"
    HINT = "Ctrl+S applies \u00b7 Ctrl+R clears all \u00b7 Esc cancels"

    BINDINGS = [Binding("ctrl+r", "clear", "Clear filters")]

    DEFAULT_CSS = """
    EventFilterScreen .dates { height: auto; }
    EventFilterScreen .dates > Vertical { height: auto; width: 1fr; }
    """

    def __init__(self, current: TimelineFilter) -> None:
        super().__init__()
        self.current = current

    def compose_fields(self) -> ComposeResult:
        yield FieldLabel("Kinds (none ticked: all kinds)")
        yield SelectionList[str](
            *[(plain(label), key, key in self.current.kinds)
              for key, label in service.KIND_LABELS.items()], id="kinds")
        yield FieldLabel("Staff")
        yield Select[int]([], prompt="Anyone", id="staff")
        with Horizontal(classes="dates"):
            with Vertical():
                yield from self.labelled(
                    "From",
                    DateInput(self.current.date_from, id="date_from", prefer="past",
                              confirm=False))
            with Vertical():
                yield from self.labelled(
                    "To",
                    DateInput(self.current.date_to, id="date_to", prefer="past",
                              confirm=False))

    def on_mount(self) -> None:
        self.run_service(service.staff_choices, done=self._staff_loaded, group="staff")

    def _staff_loaded(self, staff) -> None:
        select = self.query_one("#staff", Select)
        select.set_options([(plain(name), sid) for sid, name in staff])
        if self.current.staff_id is not None:
            select.value = self.current.staff_id

    def action_clear(self) -> None:
        """Ctrl+R, clinical staff: clear every filter field."""
        self.dismiss(TimelineFilter())

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: show the timeline with these filters."""
        errors = {}
        dates = {}
        for field in ("date_from", "date_to"):
            widget = self.query_one(f"#{field}", DateInput)
            if widget.text.strip() and widget.value is None:
                errors[field] = widget.error
            dates[field] = widget.value
        if not errors and dates["date_from"] and dates["date_to"] \
                and dates["date_from"] > dates["date_to"]:
            errors["date_to"] = "The end date is before the start date."
        if errors:
            self.show_errors(errors)
            return
        staff = self.query_one("#staff", Select).value
        self.dismiss(TimelineFilter(
            kinds=tuple(self.query_one("#kinds", SelectionList).selected),
            staff_id=staff if isinstance(staff, int) else None, **dates))


class JumpToDateScreen(FormModal):
    """Ask for a date; dismisses it (the timeline then starts at that day)."""

    FIRST_FIELD = "#day"

    DEFAULT_CSS = "JumpToDateScreen > .form-box { width: 60; }"

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield from self.compose_heading("Jump to a date",
                                            "Enter or Ctrl+S goes there \u00b7 Esc cancels")
            yield DateInput(None, required=True, prefer="past", id="day")

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: start the timeline at this date."""
        day = self.query_one("#day", DateInput)
        if day.value is None:
            day.show_error(day.error or "Type a date.")
            return
        if not day.direction_confirmed(again="Enter"):
            return
        self.dismiss(day.value)
