"""A RadioSet that takes a digit or a first letter, for the forms' short choices."""

from __future__ import annotations

from textual.widgets import RadioButton, RadioSet


class KeyedRadioSet(RadioSet):
    """A RadioSet where a digit (1, 2...) or a label's first letter picks a button at once.

    Arrow keys then Enter work as usual; this saves the arrows for the common choices.
    """

    def on_key(self, event) -> None:
        buttons = list(self.query(RadioButton))
        index = None
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
        elif event.character and event.character.isalpha():
            letter = event.character.casefold()
            index = next((i for i, b in enumerate(buttons)
                          if str(b.label).strip().casefold().startswith(letter)), None)
        if index is not None and 0 <= index < len(buttons):
            event.stop()
            event.prevent_default()
            buttons[index].value = True
            self._selected = index
