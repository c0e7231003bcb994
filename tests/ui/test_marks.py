"""Colours live in CSS: code names what a cell means (a mark), the widget's CSS gives the
look, and a 16-colour terminal gets the terminal's own red, yellow and green."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult

from peer_tui.screens.colours import theme_for
from peer_tui.screens.widgets.marks import LOOKS, mark, marked
from peer_tui.screens.widgets.plain_static import PlainStatic
from peer_tui.screens.widgets.safe_table import SafeTable

ROOT = Path(__file__).resolve().parents[2]
COLOUR_WORDS = re.compile(r"\b(red|yellow|green|blue|magenta|cyan|white|black|#[0-9a-f]{3,6})\b",
                          re.I)


class Host(App):
    def compose(self) -> ComposeResult:
        yield SafeTable()
        yield PlainStatic(id="text")


async def test_a_marked_cell_takes_its_look_from_the_theme():
    app = Host()
    async with app.run_test() as pilot:
        table = app.query_one(SafeTable)
        table.add_column("when")
        table.add_row(marked("LATE 8d", "alert"))
        cell = table.get_row_at(0)[0]
        error = app.theme_variables["error"].lower()
        assert cell.plain == "LATE 8d"
        assert cell.style.bold and cell.style.color.triplet.hex == error
        assert cell.style.bgcolor is None  # the row's stripe and cursor still show

        app.theme = "ansi-dark"
        await pilot.pause()
        table.add_row(marked("LATE 9d", "alert"))
        assert table.get_row_at(1)[0].style.color.number == 1  # the terminal's own red


async def test_marked_text_in_a_static_is_coloured_by_its_css():
    app = Host()
    async with app.run_test():
        shown = app.query_one("#text", PlainStatic)
        text = Text("Achieved ")
        text.append("yes", style=mark("good"))
        shown.update(text)
        looks = {span.style.color.triplet.hex for span in shown.content.spans
                 if span.style and span.style.color}
        assert looks == {app.theme_variables["success"].lower()}


def test_a_terminal_of_16_colours_gets_the_ansi_theme():
    assert theme_for("standard") == theme_for("windows") == "ansi-dark"
    assert theme_for("truecolor") is None and theme_for("256") is None
    assert theme_for(None) is None


def test_screens_name_marks_never_colours():
    """No style written in the screens' Python names a colour: colours are the CSS's."""
    found = []
    for path in [*(ROOT / "screens").rglob("*.py"), *(ROOT / "peer_tui").glob("*app.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "style":
                strings = [n.value for n in ast.walk(node.value)
                           if isinstance(n, ast.Constant) and isinstance(n.value, str)]
                found += [f"{path.name}:{node.lineno} {s!r}" for s in strings
                          if COLOUR_WORDS.search(s)]
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
                    and any(isinstance(t, ast.Name) and "STYLE" in t.id for t in node.targets)):
                found += [f"{path.name}:{node.lineno} {v.value!r}" for v in node.value.values
                          if isinstance(v, ast.Constant) and isinstance(v.value, str)
                          and COLOUR_WORDS.search(v.value)]
    assert found == []


def test_every_mark_has_a_look():
    assert set(LOOKS) >= {"alert", "urgent", "warn", "good"}
    for name in LOOKS:
        assert mark(name).meta == {"mark": name}
