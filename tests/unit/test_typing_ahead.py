"""What is typed while the staff app starts: not echoed, passed as typed, and the terminal
put back as it was."""

from __future__ import annotations

import io
import os
import pty
import select
import sys
import termios

from peer_tui.typing_ahead import hold_typing


def test_typing_is_held_while_the_app_starts_and_the_terminal_put_back(monkeypatch):
    master, slave = pty.openpty()
    stdin = os.fdopen(slave, "r")
    try:
        monkeypatch.setattr(sys, "__stdin__", stdin)
        before = termios.tcgetattr(slave)
        assert before[3] & termios.ECHO  # an ordinary terminal echoes what is typed
        put_back = hold_typing()
        os.write(master, b"admin\t2468\r")
        assert os.read(slave, 100) == b"admin\t2468\r"  # each key as typed, Enter as Enter
        assert not select.select([master], [], [], 0.2)[0]  # nothing shown: no PIN on screen
        assert termios.tcgetattr(slave)[3] & termios.ISIG  # Ctrl+C still interrupts
        put_back()
        assert termios.tcgetattr(slave) == before
    finally:
        stdin.close()
        os.close(master)


def test_nothing_is_held_when_standard_input_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "__stdin__", io.StringIO("admin\n"))
    hold_typing()()  # nothing to hold, nothing to put back
