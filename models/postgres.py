"""PostgreSQL, for several houses sharing one server: opened from a URL, with transactions that
are as safe as SQLite's.

SQLite runs one write transaction at a time (every transaction begins IMMEDIATE), so a
service that reads, decides and writes never works from a value another process has just
changed. PostgreSQL's default (READ COMMITTED) would let two terminals read the same summary
or counter and each write its own stale version. Here every transaction takes one
transaction-level advisory lock right after BEGIN: transactions run one after another, exactly
as on SQLite, with no serialization failures to retry; reads outside a transaction are not held
up. Transactions are a few milliseconds long, so the queue stays short even for an
organisation of several houses. A lock not granted within BUSY_TIMEOUT_SECONDS fails as "locked"
and the user is told to try again, as on SQLite.
"""

from __future__ import annotations

from peewee import PostgresqlDatabase, __exception_wrapper__

BUSY_TIMEOUT_SECONDS = 5
CONNECT_TIMEOUT_SECONDS = 5

# Any constant: the one advisory lock every peer-tui transaction takes (a bigint key).
TRANSACTION_LOCK_KEY = 0x7065657274756900  # "peertui\0"


class PostgresDatabase(PostgresqlDatabase):
    """A PostgresqlDatabase whose transactions run one at a time (see the module docstring)."""

    url = ""

    def begin(self, isolation_level=None):
        super().begin(isolation_level)
        with __exception_wrapper__:
            self.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (TRANSACTION_LOCK_KEY,))


def is_postgres_url(target: str) -> bool:
    return target.split("://", 1)[0] in ("postgres", "postgresql")


def make_postgres(url: str) -> PostgresDatabase:
    """The database at URL (postgresql://user:password@host:port/name?option=value).

    A server that does not answer fails within CONNECT_TIMEOUT_SECONDS rather than hanging a
    terminal; a lock (or a statement) that waits longer than BUSY_TIMEOUT_SECONDS fails.
    """
    from playhouse.db_url import parse

    params = parse(url)
    params.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    timeout_ms = BUSY_TIMEOUT_SECONDS * 1000
    options = params.pop("options", "")
    params["options"] = f"{options} -c lock_timeout={timeout_ms}".strip()
    # Never let the driver fall back to the server's default database name silently.
    if not params.get("database"):
        raise ValueError("the URL names no database (postgresql://user@host/NAME)")
    db = PostgresDatabase(**params)
    db.url = url  # for pg_dump and for child processes that open the same database
    return db


__all__ = ["PostgresDatabase", "make_postgres", "is_postgres_url", "TRANSACTION_LOCK_KEY"]
