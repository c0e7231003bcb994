"""What an app really writes to the terminal, in a Pilot test, and what must never be in it.

``run_test`` normally uses a headless driver that writes nothing. ``capture_terminal``
swaps in a driver that says it is not headless and keeps every write, so the app renders each
frame into terminal sequences exactly as it would for a real terminal, and the test reads
them. ``leaks`` then removes the escape sequences Textual itself writes (cursor moves, colours,
synchronised output, pointer shape, hyperlinks, clipboard) and returns whatever forbidden
characters are left: every one of them came from the text being shown.
"""

from __future__ import annotations

import re

#: Unicode's Bidi_Control characters (marks, embeddings, overrides, isolates).
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI + "]")

# The sequences Textual writes while displaying (textual/_compositor.py, app.py, strip.py).
# Anything else with an ESC in it - ESC[2J, ESC]0;title - is text that leaked.
TEXTUAL_SEQUENCES = re.compile(
    r"\x1b\[[0-9;]*[Hm]"                      # cursor position, colours and styles
    r"|\x1b\[\?[0-9;]*[hl]"                   # synchronised output, cursor visibility
    r"|\x1b\]22;[a-z-]*\x07"                  # pointer shape
    r"|\x1b\]8;[^\x00-\x1f]*?\x1b\\"          # hyperlink start/end
    r"|\x1b\]52;c;[A-Za-z0-9+/=]*\x07"        # copy to clipboard (base64)
)


class Terminal:
    """Every write the app made, and a cursor for reading only what is new."""

    def __init__(self) -> None:
        self.writes: list[str] = []
        self._seen = 0

    def take(self) -> str:
        """What was written since the last take (a lone BEL write is the app's own bell)."""
        new = [w for w in self.writes[self._seen:] if w != "\x07"]
        self._seen = len(self.writes)
        return "".join(new)


def leaks(output: str) -> list[str]:
    """Each forbidden character left in OUTPUT once Textual's own sequences are removed,
    with a little context, for the failure message."""
    text = TEXTUAL_SEQUENCES.sub("", output)
    return [repr(text[max(0, m.start() - 20): m.end() + 20]) for m in FORBIDDEN.finditer(text)]


def record_terminal(monkeypatch) -> Terminal:
    """Make ``run_test`` record the terminal output (see the module docstring); the
    ``terminal`` fixture in conftest.py calls this."""
    from textual.drivers import headless_driver

    recorded = Terminal()

    class RecordingDriver(headless_driver.HeadlessDriver):
        @property
        def is_headless(self) -> bool:
            return False

        def write(self, data: str) -> None:
            recorded.writes.append(data)

        def flush(self) -> None:
            pass

    monkeypatch.setattr(headless_driver, "HeadlessDriver", RecordingDriver)
    return recorded
