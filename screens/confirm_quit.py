"""Ctrl+Q with unsaved text in a form asks first: quitting would lose what was typed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from peer_tui.screens.first_field import OpensOnFirstField
from peer_tui.screens.text import one_line


def unsaved_form_titles(stack: list[Screen]) -> list[str]:
    """Titles of the open forms (anywhere in the stack) holding text that is not saved."""
    titles = []
    for screen in stack:
        typing = getattr(screen, "has_typing", None) or getattr(
            screen, "has_unsaved_changes", None)
        try:
            unsaved = bool(typing and typing())
        except Exception:  # noqa: BLE001 - a half-built form: treat as nothing typed
            unsaved = False
        if unsaved:
            title = screen.query(".form-title")
            text = str(getattr(title.first(), "content", "")) if title else ""
            titles.append(one_line(text or "a form", 60))
    return titles


class QuitConfirmScreen(OpensOnFirstField, ModalScreen[bool]):
    """Dismisses True to quit, False to stay. Ctrl+Q again also quits (the app's binding)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Quit and lose it"),
        Binding("n,escape", "answer(False)", "Stay"),
    ]

    DEFAULT_CSS = """
    QuitConfirmScreen { align: center middle; }
    QuitConfirmScreen #quit-box { width: 64; max-width: 100%; height: auto;
        border: round $warning; background: $surface; padding: 1 2; }
    QuitConfirmScreen #quit-title { text-style: bold; margin-bottom: 1; }
    """

    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.titles = titles

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-box"):
            yield Static(Text("Quit with unsaved text?"), id="quit-title")
            forms = "\n".join(f"  \u2022 {t}" for t in self.titles)
            yield Static(Text(f"Not saved yet:\n{forms}\n\n"
                              "y or Ctrl+Q quits and loses it \u00b7 n or Esc goes back "
                              "(Ctrl+S in the form saves it)"))

    def action_answer(self, quit_now: bool) -> None:
        """y quits and loses the unsaved typing; n or Esc stays."""
        self.dismiss(quit_now)
