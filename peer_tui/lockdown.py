"""Signals the kiosk ignores from the first moment of its process.

Kept apart from the kiosk app so the command line can call it before importing Textual (which
takes a few hundred milliseconds, during which the terminal is not yet in raw mode and Ctrl+C
or Ctrl+\\ would still reach the process as signals).
"""

from __future__ import annotations

import signal

STOP_SIGNALS = ("SIGINT", "SIGQUIT", "SIGTSTP")


def ignore_stop_signals() -> dict:
    """Ctrl+C, Ctrl+\\ and Ctrl+Z (and kill -INT, -QUIT, -TSTP) do nothing from now on.

    Returns the handlers there were, for ``restore_signals``.
    """
    previous = {}
    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            number = getattr(signal, name)
            previous[number] = signal.signal(number, signal.SIG_IGN)
    return previous


def restore_signals(previous: dict) -> None:
    """Put back what ``ignore_stop_signals`` replaced (a caller in the same process, e.g. a
    test, gets its own Ctrl+C back once the kiosk has closed)."""
    for number, handler in previous.items():
        if handler is not None:
            signal.signal(number, handler)
