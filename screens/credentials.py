"""A name and a PIN from two fields, read the same way by the staff sign-in, the kiosk's
resident sign-in and the kiosk's staff unlock: what is missing is said, where it is missing."""

from __future__ import annotations

from typing import Callable

from textual.dom import DOMNode
from textual.widgets import Input


def read_credentials(node: DOMNode, name_field: str, missing_name: str, missing_pin: str,
                     say: Callable[[str], None]) -> tuple[str, str] | None:
    """The name typed in NAME_FIELD and the PIN typed in #pin under NODE; None once SAY has
    told what is missing (MISSING_NAME first, then MISSING_PIN), with the cursor put where it
    is missing. The words come from the caller: the kiosk's are in the resident's language."""
    name, pin = node.query_one(name_field, Input), node.query_one("#pin", Input)
    if not name.value.strip():
        say(missing_name)
        name.focus()
        return None
    if not pin.value:
        say(missing_pin)
        pin.focus()
        return None
    return name.value, pin.value


def pin_answered(node: DOMNode, accepted: bool, refusal: str,
                 say: Callable[[str], None]) -> bool:
    """After the PIN was checked: the #pin field under NODE is emptied either way; when not
    ACCEPTED, SAY tells the REFUSAL and the cursor goes back to the PIN. Returns ACCEPTED."""
    pin = node.query_one("#pin", Input)
    pin.value = ""
    if not accepted:
        say(refusal)
        pin.focus()
    return accepted
