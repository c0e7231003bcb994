"""Writing a printable document: a new file readable by its owner only, and on the audit
trail (and the disclosure log) in one go, or not at all.

A disclosure is on the record or does not exist: a half-written file, or one whose rows
could not be saved (a full disk), is removed again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from peer_tui.models.db import database
from peer_tui.safe_text import clean_document
from peer_tui.services.errors import InvalidInput

FORMATS = ("html", "txt")


def target_path(path: str, default: Path) -> Path:
    target = Path(path.strip()).expanduser() if path.strip() else default
    if target.exists():
        raise InvalidInput({"path": f"{target} already exists; choose a new file name."})
    return target


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInput({"fmt": "Choose html or txt."})


def write_new_file(target: Path, text: str, record: Callable[[], None]) -> Path:
    """Write TEXT (cleaned of control characters) to TARGET, a new owner-only file, then run
    RECORD (the audit and disclosure rows) in one transaction; undo the file if it fails."""
    return write_new_files({target: text}, record)[0]


def write_new_files(texts: dict[Path, str], record: Callable[[], None]) -> list[Path]:
    """Each text of TEXTS to its own new owner-only file, then RECORD once: all of them and
    the record, or none (the files already written are removed again)."""
    taken = [target for target in texts if target.exists()]
    if taken:
        raise InvalidInput({"path": f"{taken[0]} already exists; choose a new file name."})
    written: list[Path] = []
    try:
        for target, text in texts.items():
            _write_one(target, clean_document(text))
            written.append(target)
        with database.atomic():
            record()
    except BaseException as exc:
        for target in written:
            target.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InvalidInput({"path": f"Cannot write {exc.filename or 'the file'}: "
                                        f"{exc.strerror}."}) from None
        raise
    return written


def _write_one(target: Path, text: str) -> None:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise InvalidInput({"path": f"{target} already exists; choose a new file name."}) \
            from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
