"""What every command-line command shares: one-line failures, exit codes and PIN prompts."""

from __future__ import annotations

import getpass
import sys

EXIT_PROBLEM = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_PROBLEM) -> int:
    print(f"peer-tui: {message}", file=sys.stderr)
    return code


def read_pin(prompt: str) -> str:
    """A PIN from the terminal (hidden), or one line of stdin when it is not a terminal."""
    if sys.stdin is not None and not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    return getpass.getpass(prompt)


def read_new_pin() -> str:
    first = read_pin("New PIN (4-8 digits): ")
    second = read_pin("The same PIN again: ")
    if first != second:
        raise ValueError("The two PINs are not the same.")
    return first
