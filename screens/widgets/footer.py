"""The footer every screen shows: Textual's, rebuilt once per change of keys, with each key made
in the footer's look."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.compose import compose
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
      timeline's twice), and each rebuild is a new set of key widgets to style and lay out.
    - By relabelling the key widgets it has, not by making new ones: a key shown takes the
      key, words and state of the one wanted in its place, and only the keys beyond the
      shorter of the two lists are mounted or removed. Removing a footer's keys and mounting
      and styling as many new ones took 8-15 ms on each change of keys (the profile's keys,
      then the timeline's, on each opening of a resident); relabelling is a layout of one
      line. Keys in groups (a binding group) are still built anew."""

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
        if not await self._relabel():
            await self.recompose()

    async def _relabel(self) -> bool:
        """The keys shown made into those wanted, in place; False: not plain keys (groups,
        labels), or not composed yet, so the footer is built anew."""
        shown = list(self.children)
        wanted = compose(self)  # made as a rebuild makes them (Textual's own compose())
        if not shown or not all(type(w) is FooterKey for w in shown + wanted):
            return False
        for widget, made in zip(shown, wanted):
            if _kind(widget) != _kind(made):
                return False
        for widget, made in zip(shown, wanted):
            widget.key, widget.action = made.key, made.action
            widget.key_display, widget.description = made.key_display, made.description
            widget._disabled = made._disabled  # noqa: SLF001 - FooterKey's own state
            widget.set_class(made._disabled, "-disabled")  # noqa: SLF001
            widget.tooltip = made.tooltip
            widget.refresh(layout=True)  # as wide as its new words
        if len(wanted) > len(shown):
            await self.mount_all(wanted[len(shown):])
        elif len(shown) > len(wanted):
            await self.remove_children(shown[len(wanted):])
        return True

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


def _kind(key: FooterKey) -> tuple[bool, bool]:
    """What a key's look depends on besides its words: the palette's key, a grouped key."""
    return key.has_class("-command-palette"), key.has_class("-grouped")
