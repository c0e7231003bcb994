"""The footer every screen shows: Textual's, with each key made in the footer's style."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """Textual's Footer, rebuilt (as it is whenever the keys change: each screen opened, each
    move of the focus) without restyling every key twice.

    A FooterKey starts compact and takes the footer's (not compact) look from a binding only
    when it is mounted, so each key of each rebuild gained the compact class and lost it again,
    two style passes over the key with nothing to show for them: about half the style work of
    opening a screen. Each bound key is made in the footer's look from the start instead, and
    the binding, finding nothing to change, changes nothing. (The command palette's key is not
    bound: it stays compact, as Textual draws it.)"""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
