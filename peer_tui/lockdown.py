"""Signals the kiosk ignores from the first moment of its process.

Kept apart from the kiosk app so the command line can call it before importing Textual (which
takes a few hundred milliseconds, during which the terminal is not yet in raw mode and Ctrl+C
or Ctrl+\\ would still reach the process as signals).
"""

from __future__ import annotations

import signal

STOP_SIGNALS = ("SIGINT", "SIGQUIT", "SIGTSTP")


def ignore_stop_signals() -> None:
    """Ctrl+C, Ctrl+\\ and Ctrl+Z (and kill -INT, -QUIT, -TSTP) do nothing from now on."""
    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
