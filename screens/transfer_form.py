"""Moving a resident to another house (T on the resident screen): which house, which room."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from peer_tui.screens.record_forms import OneResidentForm
from peer_tui.screens.text import plain
from peer_tui.screens.widgets.find_select import FindSelect
from peer_tui.services import transfer


class TransferScreen(OneResidentForm):
    """Dismisses with the new house's name once the move is saved (None when cancelled)."""

    FIRST_FIELD = "#house"
    TITLE = "Move {name} to another house"
    DEFAULT_CSS = """
    TransferScreen .form-box Vertical { height: auto; }
    """

    def compose_fields(self) -> ComposeResult:
        yield from self.field("To the house", FindSelect([], prompt="choose a house",
                                                          id="house"), "house")
        yield from self.field("Room there (may stay empty)", Input(
            id="room", max_length=20), "room")
        yield Static(Text("The move is an entry on the timeline. Staff who do not work "
                          "in the new house are no longer assigned; a kiosk code in use "
                          "there is cleared."), classes="form-hint")

    def on_mount(self) -> None:
        self.run_service(transfer.destinations, self.app.actor, self.resident_id,
                         done=self._loaded, failed=self.failed, group="houses")

    def _loaded(self, houses) -> None:
        self.query_one("#house", Select).set_options([(plain(h.name), h.id) for h in houses])

    def has_typing(self) -> bool:
        return bool(self.query_one("#room", Input).value) or \
            self.query_one("#house", Select).value is not Select.BLANK

    def action_save(self) -> None:
        """Ctrl+S, case managers and administrators: move the resident to the chosen house."""
        house = self.chosen("house", "Choose the house to move to.")
        if house is None:
            return
        self.submit(transfer.transfer, self.resident_id, house,
                    self.query_one("#room", Input).value)

    def _done(self, moved: transfer.Transferred) -> None:
        self.saved(f"Saved: moved to {moved.house_name}.")
        self.dismiss(moved.house_name)
