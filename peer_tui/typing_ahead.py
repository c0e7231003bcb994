"""What is typed while the staff app starts: kept as typed, and not shown.

Staff type the sign-in at once, right after the command. Until Textual takes the terminal
(some 200 ms later) the terminal is in its ordinary line mode: each key typed is echoed where
the command was typed, so the PIN stayed readable above the prompt once the app ended, and
Enter arrives as a newline (Ctrl+J), which submits nothing. From the first moment of the
start the terminal echoes nothing and passes each key as typed; what it was is put back when
the app ends (Textual puts back what it found, which is this).
"""

from __future__ import annotations

import sys
from typing import Callable

try:
    import termios
except ImportError:  # not a POSIX system: nothing to hold
    termios = None  # type: ignore[assignment]


def hold_typing() -> Callable[[], None]:
    """Keys typed from now on are not echoed and reach the app as typed (Ctrl+C still
    interrupts). Returns what puts the terminal back as it was; nothing when standard input
    is not a terminal."""
    stdin = sys.__stdin__
    if termios is None or stdin is None or not stdin.isatty():
        return lambda: None
    fd = stdin.fileno()
    try:
        before = termios.tcgetattr(fd)
    except termios.error:
        return lambda: None
    held = termios.tcgetattr(fd)
    held[0] &= ~termios.ICRNL  # Enter stays Enter (a carriage return), not a newline
    held[3] &= ~(termios.ECHO | termios.ICANON)  # nothing shown, each key as it comes
    held[6][termios.VMIN], held[6][termios.VTIME] = 1, 0
    termios.tcsetattr(fd, termios.TCSANOW, held)

    def put_back() -> None:
        try:
            termios.tcsetattr(fd, termios.TCSANOW, before)
        except termios.error:
            pass  # the terminal is gone (closed while the app ran)

    return put_back
