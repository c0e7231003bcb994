"""Marks: what a piece of text means (overdue, due, urgent, done...), named where the text is
made and coloured by the CSS of the widget that shows it.

Code that builds a cell or a line says ``marked("LATE 8d", "alert")``; it never names a
colour. A widget that shows marked text lists ``MARK_CLASSES`` among its component classes,
puts ``marks_css("ItsType")`` in its DEFAULT_CSS, and passes the text through
``with_looks(text, self)`` before showing it. So the theme, and a terminal of 16 colours,
decide the look in one place, and the words (``!!``, ``LATE``, ``URG``) still say it all
without colour.
"""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style
from rich.text import Span, Text
from textual.widget import Widget

# mark -> its look, in Textual CSS (theme variables, so every theme has them)
LOOKS = {
    "alert": "color: $error; text-style: bold;",       # overdue, late, voided
    "urgent": "color: $error; text-style: bold reverse;",
    "warn": "color: $warning;",                        # due soon, corrected
    "warn-strong": "color: $warning; text-style: bold;",
    "good": "color: $success;",                        # achieved, met, added
    "good-strong": "color: $success; text-style: bold;",
}
MARK_CLASSES = frozenset(f"mark--{name}" for name in LOOKS)


def marks_css(widget_type: str) -> str:
    """The component-class rules for WIDGET_TYPE's DEFAULT_CSS."""
    return "\n".join(f"{widget_type} > .mark--{name} {{ {look} }}"
                     for name, look in LOOKS.items())


@lru_cache(maxsize=None)
def mark(name: str) -> Style:
    """A style that only names a mark; ``with_looks`` gives it the widget's look."""
    if name not in LOOKS:
        raise KeyError(f"no mark called {name!r}")
    return Style(meta={"mark": name})


def marked(text: str, name: str) -> Text:
    """TEXT under the mark NAME ("" for none)."""
    return Text(text, style=mark(name) if name else "")


def with_looks(text: Text, widget: Widget) -> Text:
    """TEXT with each mark replaced by the look WIDGET's CSS gives it (only what the rule
    sets, so a table's row background and cursor still show through)."""
    def look(style):
        if _has_mark(style):
            try:
                return widget.get_component_rich_style(f"mark--{style.meta['mark']}",
                                                       partial=True)
            except KeyError:  # not styled yet (before mount): the words still say it
                return Style()
        return style

    if not (_has_mark(text.style) or any(_has_mark(s.style) for s in text.spans)):
        return text
    copy = text.copy()
    copy.style = look(text.style)
    copy.spans = [Span(s.start, s.end, look(s.style)) for s in text.spans]
    return copy


def _has_mark(style) -> bool:
    return isinstance(style, Style) and bool(style._meta) and "mark" in style.meta
