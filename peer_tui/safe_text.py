"""The one rule for characters that must never leave the program raw, and the one sanitiser.

Stored text can hold bytes that a terminal executes rather than shows: ESC starts a control
sequence (``ESC[2J`` clears the screen, ``ESC]0;...BEL`` retitles the window), U+009B is the
one-byte form of ESC[, NUL and BEL do their own damage. Unicode's bidirectional controls
(U+202E RIGHT-TO-LEFT OVERRIDE and friends) make a name display as something else.

Everything that shows stored text - a widget, a notification, the terminal itself, an export,
a CSV - passes it through ``clean`` (or ``clean_document`` for whole files); every input path
refuses these characters with ``unsafe_character_problem``. Both use the same sets, so what
the forms refuse is exactly what the screens and files would have to hide. No dependencies:
services, models and screens all import it.
"""

from __future__ import annotations

import re

PLACEHOLDER = "\N{REPLACEMENT CHARACTER}"
"""Shown where an unsafe character was: visible, so a planted character is noticed."""

#: Unicode's Bidi_Control characters: marks, embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_LINE_BREAKS = "\n\t"
#: C0 controls except newline and tab, DEL, and the C1 controls (U+0080-U+009F).
CONTROL_CHARACTERS = frozenset(
    chr(i) for i in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(i) not in _LINE_BREAKS)
UNSAFE = CONTROL_CHARACTERS | BIDI_CONTROLS

_TO_PLACEHOLDER = {ord(ch): PLACEHOLDER for ch in UNSAFE}
_TO_NOTHING = {ord(ch): None for ch in UNSAFE}
_UNSAFE_PATTERN = re.compile("[" + "".join(re.escape(ch) for ch in sorted(UNSAFE)) + "]")


def clean(value: object) -> str:
    """str(VALUE) with every unsafe character shown as a visible placeholder; newline and
    tab kept. None becomes ''."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text.translate(_TO_PLACEHOLDER) if has_unsafe(text) else text


def clean_line(value: object) -> str:
    """``clean``, on one line: newlines and tabs (and runs of spaces) become one space."""
    return " ".join(clean(value).split())


def strip_unsafe(text: str) -> str:
    """TEXT with unsafe characters removed (they are zero-width, so nothing moves)."""
    return text.translate(_TO_NOTHING) if has_unsafe(text) else text


def clean_document(text: str) -> str:
    """A whole file about to be written (an export, a CSV): unsafe characters become
    placeholders, newlines and tabs stay. Normalises CRLF first so Windows line ends survive
    as line ends rather than placeholders."""
    return clean(text.replace("\r\n", "\n"))


def has_unsafe(text: str) -> bool:
    return _UNSAFE_PATTERN.search(text) is not None


def unsafe_character_problem(text: str) -> str | None:
    """Why TEXT cannot be stored, as the end of a sentence, or None when it is fine.

    The first offending character decides: a control character (ESC, NUL, BEL...) or a
    hidden text-direction character, named by its code point so it can be found.
    """
    found = _UNSAFE_PATTERN.search(text)
    if found is None:
        return None
    ch = found.group()
    if ch in BIDI_CONTROLS:
        return (f"must not contain hidden text-direction characters (U+{ord(ch):04X}); "
                "they can make text display as something else")
    return "must not contain control characters"


__all__ = ["PLACEHOLDER", "BIDI_CONTROLS", "CONTROL_CHARACTERS", "UNSAFE", "clean",
           "clean_line", "clean_document", "strip_unsafe", "has_unsafe",
           "unsafe_character_problem"]
