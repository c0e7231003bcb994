"""Correct or void a timeline entry: a new linked entry, or a void with a reason. Audited."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static, TextArea

from peer_tui.screens.event_form import FormModal
from peer_tui.screens.text import clean, one_line
from peer_tui.screens.widgets.field_label import FieldLabel
from peer_tui.services import timeline as service
from peer_tui.services.timeline import EventDetail
from peer_tui.timeutil import fmt_datetime, to_local


class EventCorrectScreen(FormModal):
    """MODE "correct": a corrected copy of the entry; "void": a reason. Dismisses True."""

    def __init__(self, detail: EventDetail, mode: str) -> None:
        super().__init__()
        self.detail = detail
        self.mode = mode

    def compose(self) -> ComposeResult:
        d = self.detail
        verb = "Correct" if self.mode == "correct" else "Void"
        with VerticalScroll(classes="form-box"):
            yield Static(Text(f"{verb} entry #{d.id} of {fmt_datetime(d.occurred_at)}"),
                         classes="form-title")
            yield Static(Text(one_line(d.summary, 84)), classes="form-hint")
            yield Static(Text("Nothing is deleted: the original stays on the timeline, "
                              "marked. Ctrl+S saves \u00b7 Esc cancels."), classes="form-hint")
            yield self.message_slot()
            if self.mode == "correct":
                local = to_local(d.occurred_at)
                yield FieldLabel("When, and minutes")
                yield from self.compose_when(local.date(), local.strftime("%H:%M"),
                                             minutes=d.duration_minutes or 15)
                yield from self.labelled("Summary",
                                         Input(clean(d.summary), id="summary", max_length=300))
                yield from self.labelled("Note",
                                         TextArea(clean(d.note), id="note", soft_wrap=True))
            yield from self.labelled("Why (kept with the record)",
                                     Input(id="reason", max_length=500,
                                           placeholder="e.g. wrong resident, wrong time, typo"))

    def first_field(self):
        return self.query_one("#reason" if self.mode == "void" else "#summary")

    def has_typing(self) -> bool:
        return bool(self.query_one("#reason", Input).value.strip())

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the correction or void, with its reason."""
        reason = self.query_one("#reason", Input).value
        if self.mode == "void":
            self.submit(service.void_event, self.detail.id, reason,
                        done=lambda _: self._saved("Saved: entry voided."), group="save")
            return
        data: dict = {"reason": reason}
        if not self.when_values(data):
            return
        data["summary"] = self.query_one("#summary", Input).value
        data["note"] = self.query_one("#note", TextArea).text
        self.submit(service.correct_event, self.detail.id, data,
                    done=lambda _: self._saved("Saved: correction recorded."), group="save")

    def _saved(self, message: str) -> None:
        self.saved(message)
        self.app.timeline_changed.publish([self.detail.resident_id])
        self.dismiss(True)
