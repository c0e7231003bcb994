"""Audit rows that could not be written when they happened (a full disk), kept until one can.

Leaving the kiosk must work even when the database cannot take a write: the staff member is
let out, the failure is reported on stderr, and the row waits in a small file beside the
database. The next audit write that succeeds (the next exit, or the next start of either
mode) records it, marked as recorded late, and empties the file.

On a full disk even a new file may not fit, so the kiosk reserves the file's space when it
starts (``reserve``): a note is then written into blocks the file already owns.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, TypeVar

from peer_tui.models.base import utcnow
from peer_tui.models.db import database, default_database_path, is_sqlite
from peer_tui.services import audit

T = TypeVar("T")
RESERVED_BYTES = 4096
NAME_SUFFIX = ".audit-pending"


def pending_path() -> Path:
    if is_sqlite():
        source = Path(database.obj.database)
        return source.with_name(source.name + NAME_SUFFIX)
    return default_database_path().with_name("server" + NAME_SUFFIX)


@contextmanager
def _locked(path: Path):
    """The file opened for update under an exclusive lock (two kiosks, or kiosk and staff)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)


def _content(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).rstrip(b"\n")


def reserve() -> None:
    """Make sure the file holds at least RESERVED_BYTES (newline padding). Best effort."""
    try:
        path = pending_path()
        with _locked(path) as fd:
            size = os.fstat(fd).st_size
            if size < RESERVED_BYTES:
                os.lseek(fd, size, os.SEEK_SET)
                os.write(fd, b"\n" * (RESERVED_BYTES - size))
                os.fsync(fd)
    except OSError:
        pass  # no room even now: remember() falls back to stderr alone


def remember(action: str, actor_id: int | None, table: str, record_id: int | None,
             problem: str, at: datetime | None = None, *, actor_kind: str | None = None,
             resident_id: int | None = None) -> bool:
    """Keep one audit row for later. False if even that failed (stderr is all there is)."""
    note = json.dumps({"action": action, "actor_id": actor_id, "table": table,
                       "record_id": record_id, "problem": problem,
                       "at": (at or utcnow()).isoformat(timespec="seconds"),
                       "actor_kind": actor_kind, "resident_id": resident_id})
    try:
        with _locked(pending_path()) as fd:
            content = _content(fd)
            os.lseek(fd, len(content) + (1 if content else 0), os.SEEK_SET)
            os.write(fd, note.encode() + b"\n")
            os.fsync(fd)
        return True
    except OSError:
        return False


def _notes(fd: int) -> list[dict]:
    notes = []
    for line in _content(fd).split(b"\n"):
        try:
            note = json.loads(line)
        except ValueError:
            continue  # padding, or a note cut short by the full disk itself
        if isinstance(note, dict) and "action" in note:
            notes.append(note)
    return notes


def write_with_kept(write: Callable[[], T]) -> T:
    """Run WRITE (audit rows) in one transaction with every kept row, then empty the file.

    The file stays locked until the transaction has committed, so a row is never lost
    between the file and the database, nor recorded twice by two processes.
    """
    path = pending_path()
    if not path.exists():
        with database.atomic():
            return write()
    with _locked(path) as fd:
        notes = _notes(fd)
        with database.atomic():
            result = write()
            for note in notes:
                audit.record(note.get("actor_id"), str(note["action"]), str(note.get("table", "")),
                             note.get("record_id"), actor_kind=note.get("actor_kind"),
                             resident_id=note.get("resident_id"),
                             detail=f"recorded late: it happened at {note.get('at')} UTC, when "
                                    f"the audit log could not be written ({note.get('problem')})")
        if notes:
            size = os.fstat(fd).st_size
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, b"\n" * size)  # keep the reserved space: overwrite, never truncate
            os.fsync(fd)
    return result


def flush_now() -> bool:
    """Record the kept rows, if any, in their own transaction. False if that failed."""
    try:
        write_with_kept(lambda: None)
        return True
    except Exception:  # noqa: BLE001 - still no room: they stay in the file for next time
        return False


__all__ = ["pending_path", "reserve", "remember", "write_with_kept", "flush_now"]
