"""? help: the keys that work on the current screen, from its live bindings."""

from __future__ import annotations

from importlib.resources import files

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def describe_bindings(screen) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, expand=True)
    table.add_column("Key", no_wrap=True)
    table.add_column("What it does")
    seen = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        label = binding.description or binding.tooltip
        if not label or (binding.action in seen and not binding.show):
            continue
        seen.add(binding.action)
        shown = binding.key_display or screen.app.get_key_display(binding)
        table.add_row(Text(shown), Text(label + ("" if active.enabled else " (not here)")))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close help")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-box { width: 80; max-width: 100%; height: 90%; border: round $primary;
        padding: 0 1; background: $surface; }
    """

    def __init__(self, for_screen) -> None:
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        general = files("peer_tui.assets").joinpath("help.txt").read_text(encoding="utf-8")
        with VerticalScroll(id="help-box"):
            title = getattr(self.for_screen, "TITLE_TEXT", "") or "this screen"
            yield Static(Text(f"Keys on {title}", style="bold"))
            yield Static(describe_bindings(self.for_screen))
            yield Static(Text("\n" + general))
            yield Static(Text("Esc closes this help.", style="italic"))
