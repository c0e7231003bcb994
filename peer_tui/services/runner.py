"""Calling a service from a worker thread: a connection for the thread, errors as sentences."""

from __future__ import annotations

from peewee import DatabaseError, IntegrityError

from peer_tui.models.db import database, describe_error
from peer_tui.services.audit import take_unrecorded
from peer_tui.services.errors import ServiceError
from peer_tui.services.storage_health import database_file_problem


class StorageError(ServiceError):
    """The database refused the work (locked, read-only, full, damaged); nothing was saved."""


def call(fn, *args, **kwargs):
    """Run FN inside a connection for this thread; driver errors become StorageError."""
    take_unrecorded()  # a warning is about this call only, never an earlier one
    problem = database_file_problem()  # writes to a deleted file would "succeed" and be lost
    if problem:
        raise StorageError(problem)
    try:
        with database.connection_context():
            return fn(*args, **kwargs)
    except ServiceError:
        raise
    except IntegrityError as exc:
        raise StorageError(f"Not saved: the change conflicts with existing data ({exc}).") from None
    except DatabaseError as exc:
        raise StorageError("Not saved. " + describe_error(exc, "The database")) from None
