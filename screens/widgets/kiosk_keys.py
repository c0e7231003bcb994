"""What a resident presses or taps at the kiosk: the key line at the bottom (``KeysBar``) and
the answer lines it is built with.

Every key the kiosk names on screen can also be tapped (a tablet in a browser): the tap runs
the kiosk app's ``tap`` action, which is the same key press, so a tap can do exactly what the
key does and nothing else. On a touch screen (served to a browser) the key line is three rows
tall and the answer lines have a row of room under them, so a finger hits the one it means.
Their look is the kiosk's (``assets/kiosk.tcss``: ``.keys``, and ``.touch`` on the app).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

# The names the key line shows for keys that are not one letter or digit.
KEY_NAMES = {"Enter": "enter", "Esc": "escape", "Up": "up", "F1": "f1", "F12": "f12"}


def tap(key: str | None) -> Style:
    """A style that makes its text a tap on KEY (no style for None)."""
    return Style.from_meta({"@click": f"app.tap({key!r})"}) if key else Style()


def key_name(label: str) -> str | None:
    """The key a key-line LABEL stands for ("Enter" -> "enter", "B" -> "b"); None for a
    range such as "1-4" (those answers are tapped on their own lines)."""
    if label in KEY_NAMES:
        return KEY_NAMES[label]
    return label.lower() if len(label) == 1 else None


def keys_text(*pairs: tuple[str, str], tall: bool = False, width: int = 0) -> Text:
    """The bottom line of every kiosk screen: the keys that work here, in plain words.
    TALL draws each key as a three-row button (touch screens). Keys that do not fit in WIDTH
    go on to another line (a language with longer words), never off the screen."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0
    for key, what in pairs:
        size = len(key) + len(what) + 3 + (3 if lines[-1] else 0)
        if width and lines[-1] and used + size > width:
            lines.append([])
            size -= 3
            used = 0
        lines[-1].append((key, what))
        used += size
    return Text("\n").join(_chip_rows(line, tall) for line in lines)


def _chip_rows(pairs: list[tuple[str, str]], tall: bool) -> Text:
    rows = [Text(), Text(), Text()] if tall else [Text()]
    middle = rows[len(rows) // 2]
    for key, what in pairs:
        if middle:
            for row in rows:
                row.append("   ")
        touch = tap(key_name(key))
        chip, words = f" {key} ", f" {what}"
        for row in rows:
            if row is middle:
                row.append(chip, style=Style(reverse=True, bold=True) + touch)
                row.append(words, style=touch)
            else:
                row.append(" " * len(chip), style=Style(reverse=True) + touch)
                row.append(" " * len(words), style=touch)
    return Text("\n").join(rows)


class KeysBar(Static):
    """The key line; ``show`` changes the keys it names. It grows a line rather than cut
    a key off."""

    def __init__(self, *pairs: tuple[str, str], **kwargs) -> None:
        super().__init__(classes="keys", markup=False, **kwargs)
        self.pairs = pairs

    def on_mount(self) -> None:
        self.show(*self.pairs)

    def on_resize(self) -> None:
        self.show(*self.pairs)

    def show(self, *pairs: tuple[str, str]) -> None:
        self.pairs = pairs
        self.update(keys_text(*pairs, tall=getattr(self.app, "touch", False),
                              width=self.content_region.width))


def answer_lines(lines, *, tick: bool, touch: bool, width: int = 60) -> Text:
    """(number, label, selected) rows as the question screen lists them; each row is a tap on
    its number, as wide as WIDTH so the whole row can be hit, with a row of room on touch."""
    text = Text()
    for number, label, selected in lines:
        mark = ("[x] " if selected else "[ ] ") if tick else ("> " if selected else "  ")
        hit = tap(number)
        row = Text(f"  {number}  ", style=Style(bold=True) + hit)
        row.append(mark + label, style=(Style(reverse=True) if selected else Style()) + hit)
        if row.cell_len < width:
            row.append(" " * (width - row.cell_len), style=hit)
        text.append_text(row)
        text.append("\n")
        if touch:
            text.append(" " * width + "\n", style=hit)
    return text


__all__ = ["KeysBar", "answer_lines", "key_name", "keys_text", "tap"]
