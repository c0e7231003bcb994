"""A screen kept and shown again is restyled only if the app's look changed meanwhile."""

from __future__ import annotations

from textual import events


class KeepsStylesWhenShown:
    """Mixin for a Screen that is shown again and again (the resident view, reused).

    Textual restyles every widget of a screen each time it is shown again, in case the
    theme or the app's classes changed while it was away. Nothing but those reaches a
    screen not shown, and while shown Textual keeps its styles up to date; so when neither
    changed, that pass (every widget of the view, on every open) is skipped."""

    _look_when_left: tuple | None = None

    def _app_look(self) -> tuple:
        app = self.app  # type: ignore[attr-defined]
        # _css_update_count: Textual's own count of stylesheet changes (a new theme or
        # terminal colours), the one it compares to decide the same for a screen it shows.
        return (app.theme, app.ansi_color, app.app_focus, frozenset(app.classes),
                getattr(app, "_css_update_count", None))

    def styled_now(self) -> None:
        """Its widgets have just been styled, not shown (the screen was mounted ahead of
        use): its first showing need not restyle them either, unless the look changes
        before it."""
        self._look_when_left = self._app_look()

    def _on_screen_suspend(self) -> None:
        self._look_when_left = self._app_look()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._look_when_left is not None and self._look_when_left == self._app_look():
            event.refresh_styles = False
