"""The checks every backup file passes before it replaces a database, SQLite file and
pg_dump alike: it is there and readable, and it holds a schema this peer-tui knows."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from peer_tui.models.db import DatabaseProblem
from peer_tui.models.migrations import LATEST_VERSION


def read_head(path: Path) -> bytes:
    """The first 16 bytes of PATH (where a file says what kind it is); refused when there is
    no such file or it cannot be read."""
    if not path.is_file():
        raise DatabaseProblem(f"There is no backup file at {path}.")
    try:
        with open(path, "rb") as handle:
            return handle.read(16)
    except OSError as exc:
        raise DatabaseProblem(f"Cannot read {path}: {exc.strerror}.") from None


def restorable_version(path: Path, check: str, fault: str,
                       read_version: Callable[[Path], int | None]) -> int:
    """The schema version the backup at PATH holds (READ_VERSION reads it, once the file's
    own CHECK is "ok"); refused, saying the file FAULT (e.g. "is damaged") when CHECK is not,
    and when it holds no schema (not a peer-tui database) or one newer than this peer-tui."""
    if check != "ok":
        raise DatabaseProblem(f"{path} {fault} ({check}); nothing was changed.")
    version = read_version(path)
    if version is None:
        raise DatabaseProblem(f"{path} is not a peer-tui database; nothing was changed.")
    if version > LATEST_VERSION:
        raise DatabaseProblem(f"{path} was made by a newer peer-tui (schema {version}); "
                              "nothing was changed.")
    return version
