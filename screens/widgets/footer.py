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
      draws it.
    - Not at all when the keys are the ones shown: a focus move or a tab often reports keys
      that did not change (opening a resident reported the profile's keys twice and the
      timeline's twice), and each rebuild is a new set of key widgets to style and lay out."""

    _rebuild_waiting = False
    _shown: tuple | None = None  # what the keys shown were built from

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_waiting:
            self._rebuild_waiting = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_waiting = False
        if not self.is_attached:
            return  # its screen closed before the rebuild came round
        wanted = self._keys_wanted()
        if wanted == self._shown:
            return
        self._shown = wanted
        await self.recompose()

    def _keys_wanted(self) -> tuple:
        """Everything of the screen's keys that Footer.compose draws (and nothing else)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple((key, binding.key, binding.action, binding.description,
                      binding.key_display, binding.group, binding.tooltip, enabled, tooltip)
                     for key, (_node, binding, enabled, tooltip)
                     in self.screen.active_bindings.items() if binding.show or key == palette)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
