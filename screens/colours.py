"""Colours follow the terminal. On a terminal of 16 colours the apps take Textual's ANSI
theme, whose $error, $warning and $success are the terminal's own red, yellow and green: a
true-colour theme squeezed into 16 colours turns $warning and $error into the same red, and
the marks (``screens/widgets/marks.py``) that tell "due" from "overdue" would look alike."""

from __future__ import annotations

from textual.app import App

FEW_COLOURS = {"standard", "windows"}  # rich's names for 16-colour terminals
FEW_COLOURS_THEME = "ansi-dark"


def theme_for(color_system: str | None) -> str | None:
    """The theme a terminal with COLOR_SYSTEM needs, or None to keep the app's own."""
    return FEW_COLOURS_THEME if color_system in FEW_COLOURS else None


def follow_the_terminal(app: App) -> None:
    """Called once the app runs (its console knows the terminal by then). Headless runs
    (tests, snapshots) keep the app's theme, whatever TERM the machine running them has."""
    if app.is_headless:
        return
    theme = theme_for(app.console.color_system)
    if theme is not None:
        app.theme = theme
