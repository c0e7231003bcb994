"""? help: this screen's own keys first, then the keys that work everywhere, then the rest.

Read from the live bindings, so a key hidden for a role (``screens.roles``) is not listed,
and a key listed is one that works. Key and description sit in two columns so long lines
wrap under their description, never under the key, at 80 columns as at 120.
"""

from __future__ import annotations

from importlib.resources import files

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_WIDTH = 10


def _key_table() -> Table:
    table = Table(show_header=False, box=None, expand=True, padding=(0, 1, 0, 0))
    table.add_column("Key", no_wrap=True, width=KEY_WIDTH, style="bold", overflow="ellipsis")
    table.add_column("What it does", ratio=1, overflow="fold")
    return table


def binding_rows(screen) -> tuple[list[tuple[str, str]], list[tuple[str, str]],
                                  list[tuple[str, str]]]:
    """(this screen's keys, the keys that work everywhere, the focused widget's own keys:
    cursor movement and the like), each as (key, description), in binding order."""
    own: list[tuple[str, str]] = []
    everywhere: list[tuple[str, str]] = []
    widget: list[tuple[str, str]] = []
    seen: dict[str, tuple[list, int]] = {}
    for active in screen.active_bindings.values():
        binding: Binding = active.binding
        label = binding.tooltip or binding.description  # the tooltip is the longer words
        if not label or not active.enabled:
            continue
        shown = binding.key_display or screen.app.get_key_display(binding)
        if shown.startswith("^"):
            shown = "Ctrl+" + shown[1:].upper()
        if binding.action in seen:  # a second key for the same thing: name it beside the first
            rows, index = seen[binding.action]
            key, text = rows[index]
            if rows is not widget and len(key) + len(shown) + 2 <= KEY_WIDTH:
                rows[index] = (f"{key}, {shown}", text)
            continue
        if active.node is screen.app or binding.action.startswith("app."):
            rows = everywhere
        elif _textual_own(type(active.node), binding.action):
            rows = widget  # Textual's own widget keys (arrows, page up...) come last
        else:
            rows = own
        seen[binding.action] = (rows, len(rows))
        rows.append((shown, label))
    return own, everywhere, widget


def _textual_own(cls: type, action: str) -> bool:
    """True when ACTION is bound by one of Textual's own widget classes in CLS's ancestry
    (a DataTable's arrows inside our SafeTable, say), not by a class of this program."""
    for klass in cls.__mro__:
        if klass.__module__.startswith("textual.") and any(
                b.action == action for b in Binding.make_bindings(
                    klass.__dict__.get("BINDINGS", []))):
            return True
    return False


def describe_bindings(screen) -> Table:
    """Kept for callers that want one table: own keys, then the app's."""
    own, everywhere, widget = binding_rows(screen)
    table = _key_table()
    for key, text in own + everywhere + widget:
        table.add_row(Text(key), Text(text))
    return table


def general_help() -> list[tuple[str, list[tuple[str, str]], str]]:
    """help.txt as (heading, key rows, prose). A line '  KEY  text' is a key row; other
    indented lines are prose, joined so they wrap to the width of the box."""
    text = files("peer_tui.assets").joinpath("help.txt").read_text(encoding="utf-8")
    sections = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        rows: list[tuple[str, str]] = []
        prose: list[str] = []
        for line in lines[1:]:
            body = line.strip()
            parts = body.split("  ", 1)
            if line.startswith("  ") and len(parts) == 2 and not prose and parts[0] and \
                    len(parts[0]) <= KEY_WIDTH:
                rows.append((parts[0], parts[1].strip()))
            else:
                prose.append(body)
        sections.append((lines[0].strip(), rows, " ".join(prose)))
    return sections


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close help")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-box { width: 84; max-width: 100%; height: 90%; border: round $primary;
        padding: 0 1; background: $surface; }
    HelpScreen .help-heading { text-style: bold; margin-top: 1; }
    """

    def __init__(self, for_screen) -> None:
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        own, everywhere, widget = binding_rows(self.for_screen)
        title = getattr(self.for_screen, "TITLE_TEXT", "") or "this screen"
        with VerticalScroll(id="help-box"):
            yield Static(Text(f"Keys on {title}"), classes="help-heading")
            yield self._table(own or [("", "No keys of its own.")])
            yield Static(Text("Everywhere"), classes="help-heading")
            general = general_help()
            extra = next((rows for heading, rows, _ in general if heading == "Everywhere"), [])
            yield self._table(everywhere + extra)
            for heading, rows, prose in general:
                if heading == "Everywhere":
                    continue
                yield Static(Text(heading), classes="help-heading")
                if rows:
                    yield self._table(rows)
                if prose:
                    yield Static(Text(prose))
            if widget:
                yield Static(Text("In the highlighted list or field"), classes="help-heading")
                yield self._table(widget)
            yield Static(Text("\nEsc closes this help.", style="italic"))

    @staticmethod
    def _table(rows: list[tuple[str, str]]) -> Static:
        table = _key_table()
        for key, text in rows:
            table.add_row(Text(key), Text(text))
        return Static(table)
