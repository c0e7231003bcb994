"""The footer every screen shows: Textual's, rebuilt once per change of keys, with each key made
in the footer's look."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """Textual's Footer, rebuilt (as it is whenever the keys change: each screen opened, each
    move of the focus) with less work and the same keys.

    - Once per change: Textual schedules a whole rebuild for every report that the keys may
      have changed, and opening one screen sends several (mount, focus, tabs), so the footer
      was built some six times in a row, each time from the same keys. A rebuild already
      waiting covers the reports that come before it runs (it reads the keys as they are then).
    - Each key in the footer's look from the start: a FooterKey starts compact and takes the
      footer's (not compact) look from a binding only when mounted, so each key of each
      rebuild gained the compact class and lost it again, two style passes with nothing to
      show for them. The command palette's key is not bound: it stays compact, as Textual
      draws it."""

    _rebuild_waiting = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_waiting:
            self._rebuild_waiting = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_waiting = False
        await self.recompose()

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
