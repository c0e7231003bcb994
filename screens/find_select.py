"""A Select you can type into: letters open its list and find the option, as in the list.

A plain Select ignores letters until its list is open, so a dialog whose first field is a
picker (a goal's recovery domain) lost what was typed right after opening it. Here the first
letter opens the list and every letter goes to the list's own type-to-find; Enter picks.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Select


class FindSelect(Select):
    def on_key(self, event: events.Key) -> None:
        character = event.character
        if not (event.is_printable and character) or character.isspace():
            return  # Space, Enter and the arrows keep their meaning (open the list)
        event.stop()
        event.prevent_default()
        if not self.expanded:
            self.action_show_overlay()
        overlay = self.query_one("SelectOverlay")  # the list part (not a public class)
        # Opening moves focus to the list on the app's queue; send the letter after it, so
        # the list's search (reset when it gains focus) sees every letter in order.
        self.app.call_later(overlay.post_message, events.Key(event.key, character))
