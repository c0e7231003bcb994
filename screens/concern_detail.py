"""One concern: what was raised, the team's discussion, acknowledge, assign, resolve.

The dialog opens in the note field, so every key it names works while typing: Enter saves the
field it is pressed in, Ctrl+A acknowledges, Esc closes (a plain letter is text).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Select, Static
from textual.widgets.select import InvalidSelectValueError

from peer_tui.models.event_schemas import SEVERITY_LABELS
from peer_tui.screens.event_form import FormModal
from peer_tui.screens.text import clean, plain
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.screens.widgets.find_select import FindSelect
from peer_tui.screens.widgets.marks import mark
from peer_tui.screens.widgets.plain_static import PlainStatic
from peer_tui.services import concerns
from peer_tui.services.concerns import ConcernDetail
from peer_tui.timeutil import fmt_datetime


def concern_text(info: ConcernDetail) -> Text:
    row = info.row
    text = Text()
    text.append(f"{SEVERITY_LABELS.get(row.severity, row.severity).upper()}", style="bold")
    text.append(f" \u00b7 {row.status} \u00b7 ")
    text.append(clean(row.resident_name), style="bold")
    text.append(f"\nRaised {fmt_datetime(row.raised_at)} by {clean(info.raised_by) or '-'}"
                f"; assigned to {clean(row.assignee_name) or 'nobody yet'}")
    if row.assignee_name and info.assigned_by:
        text.append(f" (by {clean(info.assigned_by)}, {fmt_datetime(info.assigned_at)})")
    if info.acknowledged_at is not None:
        text.append(f"\nAcknowledged {fmt_datetime(info.acknowledged_at)} by "
                    f"{clean(info.acknowledged_by)}")
    elif row.severity == "urgent" and row.status == "open":
        text.append("\nNot acknowledged yet (Ctrl+A acknowledges)", style=mark("alert"))
    text.append("\n\n" + clean(row.summary))
    if info.notes:
        text.append("\n\nDiscussion", style="bold underline")
        for note in info.notes:
            text.append(f"\n{fmt_datetime(note.created_at)} {clean(note.author)}: ",
                        style="bold")
            text.append(clean(note.body))
    if row.status == "resolved":
        text.append(f"\n\nResolved {fmt_datetime(info.resolved_at)} by "
                    f"{clean(info.resolved_by)}: ", style=mark("good-strong"))
        text.append(clean(info.resolution))
    return text


class ConcernDetailScreen(FormModal):
    """Read and act on one concern. Dismisses True if anything was saved."""

    FIRST_FIELD = "#body"
    HINT = ("Enter on a field saves it \u00b7 Ctrl+A acknowledges \u00b7 "
            "Esc closes")

    BINDINGS = [Binding("ctrl+a", "acknowledge", "Acknowledge", priority=True)]

    DEFAULT_CSS = "ConcernDetailScreen #concern-text { height: auto; }"

    def __init__(self, concern_id: int) -> None:
        super().__init__()
        self.concern_id = concern_id
        self.info: ConcernDetail | None = None
        self.changed = False
        self.title = f"Concern #{self.concern_id}"

    def compose_fields(self) -> ComposeResult:
        yield PlainStatic("Loading\u2026", id="concern-text")
        yield from self.labelled("Add a discussion note (Enter adds it)",
                                 Input(id="body", max_length=2000))
        yield from self.labelled("Resolve: what was done (Enter resolves)",
                                 Input(id="resolution", max_length=2000))
        yield FieldLabel("Assigned to (choosing someone saves it)")
        yield FindSelect([], prompt="nobody yet", id="assignee")
        yield self.error_slot("assignee_id")

    def on_mount(self) -> None:
        self.run_service(concerns.assignee_choices, done=self._team_loaded, group="team")
        self.load()

    def _team_loaded(self, team) -> None:
        self.query_one("#assignee", Select).set_options(
            [(plain(name), sid) for sid, name in team])
        self._show_assignee()

    def _show_assignee(self) -> None:
        select = self.query_one("#assignee", Select)
        if self.info is None or select.expanded:
            return
        wanted = self.info.row.assignee_id
        try:
            select.value = wanted if wanted is not None else Select.NULL
        except InvalidSelectValueError:  # no longer on the team: the text above names them
            select.value = Select.NULL
        select.disabled = self.info.row.status != "open"

    def load(self) -> None:
        self.run_service(concerns.detail, self.app.actor, self.concern_id,
                         done=self._loaded, failed=self.failed, group="load")

    def _loaded(self, info: ConcernDetail) -> None:
        self.info = info
        self.query_one("#concern-text", Static).update(concern_text(info))
        open_ = info.row.status == "open"
        resolution = self.query_one("#resolution", Input)
        if not open_ and resolution.has_focus:
            # Just resolved: focus goes to the concern itself (arrows scroll it, Esc closes),
            # never on to a note field where the next key would start a note.
            self.query_one(".form-box").focus()
        resolution.disabled = not open_
        self._show_assignee()

    def _chosen_assignee(self) -> int | None | bool:
        """The assignee the picker shows when it differs from the saved one; False if not."""
        if self.info is None or self.info.row.status != "open":
            return False
        value = self.query_one("#assignee", Select).value
        chosen = value if isinstance(value, int) else None
        return False if chosen == self.info.row.assignee_id else chosen

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        # A pick from the list saves at once; letters typed on the picker only find someone
        # ("sa" passes Sam on the way to Sara): that is saved when the picker is left.
        if event.select.id == "assignee" and not getattr(event.select, "search_text", ""):
            self._save_assignee()

    def on_descendant_blur(self, event) -> None:
        if getattr(event.widget, "id", None) == "assignee":
            self._save_assignee()

    def _save_assignee(self, then=None) -> bool:
        chosen = self._chosen_assignee()
        if chosen is False:
            return False

        def saved(_) -> None:
            self._after("Saved: concern assigned." if chosen else
                        "Saved: no longer assigned.", None)
            if then is not None:
                then()
        self.clear_errors()
        self.run_service(concerns.assign, self.app.actor, self.concern_id, chosen,
                         done=saved, failed=self.failed, group="save")
        return True

    def has_typing(self) -> bool:
        return any(self.query_one(f, Input).value.strip() for f in ("#body", "#resolution"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "body":
            self._do(concerns.add_note, event.value, "Saved: note added.", "#body")
        elif event.input.id == "resolution":
            self._do(concerns.resolve, event.value, "Saved: concern resolved.", "#resolution")

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the note or resolution being typed."""
        focused = self.focused
        if isinstance(focused, Input):
            self.on_input_submitted(Input.Submitted(focused, focused.value))

    def action_acknowledge(self) -> None:
        """Ctrl+A, clinical staff: acknowledge the concern (someone has it)."""
        self.run_service(concerns.acknowledge, self.app.actor, self.concern_id,
                         done=lambda _: self._after("Saved: acknowledged.", None),
                         failed=self.failed, group="save")

    def _do(self, fn, value: str, message: str, field: str) -> None:
        self.clear_errors()
        self.run_service(fn, self.app.actor, self.concern_id, value,
                         done=lambda _: self._after(message, field), failed=self.failed,
                         group="save")

    def _after(self, message: str, field: str | None) -> None:
        self.changed = True
        self.saved(message)
        if field:
            self.query_one(field, Input).value = ""
        if self.info is not None:
            self.app.timeline_changed.publish([self.info.row.resident_id])
        if hasattr(self.app, "poll_urgent"):
            self.app.poll_urgent()
        self.load()

    def action_cancel(self) -> None:
        """Esc: close, asking a second Esc when something typed would be lost."""
        if self.has_typing() and not self._armed_discard:
            super().action_cancel()
            return
        # Someone found in the picker and not yet saved is saved on the way out.
        if not self._save_assignee(then=lambda: self.dismiss(True)):
            self.dismiss(self.changed or None)
