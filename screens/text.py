"""The one safe way to show user text: never parsed as markup, never a raw control character.

A resident called ``[b]Sam[/b]`` or a note containing ``[@click=app.quit]`` must render
literally. Widgets that parse markup (Static, Label, Button, DataTable str cells, notify) get
``rich.text.Text`` or ``markup=False`` through these helpers (the widgets built on them,
``PlainStatic`` and ``SafeTable``, are in ``screens/widgets``). ``clean`` is the program's one
sanitiser (``peer_tui.safe_text``): terminal control and text-direction characters become a
visible placeholder.
"""

from __future__ import annotations

from rich.text import Text

from peer_tui.safe_text import clean, clean_line, has_unsafe


def plain(value: object, style: str = "") -> Text:
    """User text as a Text that renders literally."""
    return Text(clean(value), style=style, no_wrap=False)


def one_line(value: object, limit: int = 80) -> str:
    text = clean_line(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def cleaned(text: Text) -> Text:
    """TEXT with unsafe characters shown as placeholders, keeping its styles (each character
    is replaced by exactly one, so every style span still covers the same letters)."""
    if not has_unsafe(text.plain):
        return text
    copy = text.copy()
    copy.plain = clean(text.plain)
    return copy


def sort_key(value: object):
    """Key for DataTable.sort over Text cells (Text objects cannot be compared)."""
    return value.plain.casefold() if isinstance(value, Text) else value
