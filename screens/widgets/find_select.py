"""A Select you can type into: letters pick the option they start (or are part of).

A plain Select ignores letters until its list is open, so a dialog whose first field is a
picker (a goal's recovery domain) lost what was typed right after opening it. Here letters
typed on the closed picker find the option at once ("fam" picks Family & relationships);
Enter after them accepts it and moves to the next field. Without letters, Enter, Space and
the arrows open the list as usual, and the open list finds as you type by itself.
"""

from __future__ import annotations

from time import monotonic

from textual import events
from textual.widgets import Select

#: Letters further apart than this start a new search, as in the list itself.
RESET_SECONDS = 1.0


class FindSelect(Select):
    def __init__(self, options, **kwargs) -> None:
        self._choices = list(options)
        super().__init__(options, **kwargs)
        self.search_text = ""
        self._typed_at = 0.0

    def set_options(self, options) -> None:
        self._choices = list(options)
        super().set_options(self._choices)

    def _find(self, text: str):
        wanted = text.casefold()
        prompts = [(str(prompt).casefold(), value) for prompt, value in self._choices]
        for test in (str.startswith, str.__contains__):
            found = next((value for prompt, value in prompts if test(prompt, wanted)), None)
            if found is not None:
                return found
        return None

    def on_key(self, event: events.Key) -> None:
        if self.expanded:
            return  # the open list handles its own keys
        if event.key == "enter" and self.search_text:
            event.stop()
            event.prevent_default()
            self.search_text = ""
            self.screen.focus_next()
            return
        character = event.character
        if not (event.is_printable and character) or character.isspace():
            return  # Space and the arrows keep their meaning (open the list)
        event.stop()
        event.prevent_default()
        now = monotonic()
        if now - self._typed_at > RESET_SECONDS:
            self.search_text = ""
        self._typed_at = now
        self.search_text += character
        found = self._find(self.search_text)
        if found is not None:
            self.value = found

    def on_blur(self) -> None:
        self.search_text = ""
