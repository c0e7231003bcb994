"""Backups of a PostgreSQL database with the server's own tools: ``pg_dump`` writes one
owner-only file in its custom format, checked afterwards by reading its table of contents;
a restore runs the file through ``pg_restore`` and ``psql`` as ONE transaction that first
empties the schema, so staff see the whole restore or none of it. Before a restore the
database it replaces is dumped beside the backup, so a restore can be undone as on SQLite.

These need the PostgreSQL client programs (Debian: postgresql-client) of the server's major
version or newer; without them every command says so and changes nothing. Every failure is a
DatabaseProblem with one sentence.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from peer_tui.models.db import DatabaseProblem, database, describe_error, new_unique_file
from peer_tui.models.postgres import make_postgres
from peer_tui.services.backup_file import read_head, restorable_version

CUSTOM_FORMAT_MAGIC = b"PGDMP"
SQLITE_HEADER = b"SQLite format 3\x00"
TIMEOUT_SECONDS = 3600  # a dump of a large organisation takes minutes, not hours


def client(program: str) -> str:
    """The path of PROGRAM (pg_dump, pg_restore, psql): on the PATH, else the newest of
    Debian's versioned folders (a newer client reads and dumps older servers)."""
    found = shutil.which(program)
    if found:
        return found
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                     key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    for folder in reversed(folders):
        if (folder / program).is_file():
            return str(folder / program)
    raise DatabaseProblem(f"{program} is not installed: install the PostgreSQL client "
                          "programs (Debian: apt-get install postgresql-client), or back up "
                          "with the server's own tools; nothing was changed.")


def _run(args: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PGCONNECT_TIMEOUT": "5"}
    try:
        done = subprocess.run(args, capture_output=True, env=env, timeout=TIMEOUT_SECONDS,
                              **kwargs)
    except subprocess.TimeoutExpired:
        raise DatabaseProblem(f"{what} took over an hour and was stopped.") from None
    if done.returncode != 0:
        said = " ".join(done.stderr.decode(errors="replace").split())[:300]
        raise DatabaseProblem(f"{what} failed: {said or f'exit code {done.returncode}'}.")
    return done


def _url() -> str:
    url = getattr(database.obj, "url", "")
    if not url:
        raise DatabaseProblem("The open database is not a PostgreSQL database opened from a "
                              "URL.")
    return url


def _dump(url: str, dest: Path) -> None:
    """pg_dump the database at URL into DEST (already created, owner-only)."""
    try:
        _run([client("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(dest), "--dbname", url], "pg_dump")
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    dest.chmod(0o600)


def contents(path: Path) -> str:
    """The dump's table of contents (pg_restore --list): reading it checks the whole file's
    structure."""
    return _run([client("pg_restore"), "--list", str(path)],
                f"Reading {path}").stdout.decode(errors="replace")


def check_dump(path: Path) -> str:
    """'ok' when PATH is a readable peer-tui dump, else what is wrong, in a few words."""
    try:
        listing = contents(path)
    except DatabaseProblem as problem:
        return str(problem).rstrip(".")
    missing = [t for t in ("schema_version", "audit_log", "resident")
               if not re.search(rf"TABLE DATA \S+ {t} ", listing)]
    return f"no {', '.join(missing)} table in it" if missing else "ok"


def dump_checked(dest: Path) -> None:
    """pg_dump the open PostgreSQL database into DEST (just created, empty, owner-only) and
    read it back; a dump that cannot be read is removed."""
    _dump(_url(), dest)
    integrity = check_dump(dest)
    if integrity != "ok":
        dest.unlink(missing_ok=True)
        raise DatabaseProblem(f"The dump could not be read back ({integrity}); no backup was "
                              "kept.")


def schema_version_of(path: Path) -> int | None:
    """The highest schema version recorded in the dump at PATH (read from its data, without a
    database), None when it has none."""
    script = _run([client("pg_restore"), "--data-only", "--table=schema_version",
                   "--file=-", str(path)], f"Reading {path}").stdout.decode(errors="replace")
    match = re.search(r"^COPY \S*schema_version \(([^)]*)\) FROM stdin;\n(.*?)^\\\.$",
                      script, re.M | re.S)
    if match is None:
        return None
    column = [c.strip().strip('"') for c in match.group(1).split(",")].index("version")
    versions = [int(line.split("\t")[column]) for line in match.group(2).splitlines()
                if line.strip()]
    return max(versions) if versions else None


def check_backup(path: Path) -> int:
    """Refuse a file that is not a sound peer-tui dump; return its schema version."""
    head = read_head(path)
    if head == SQLITE_HEADER:
        raise DatabaseProblem(f"{path} is a SQLite backup; a PostgreSQL database is restored "
                              "from a pg_dump file (peer-tui backup with a postgresql:// "
                              "--db); nothing was changed.")
    if not head.startswith(CUSTOM_FORMAT_MAGIC):
        raise DatabaseProblem(f"{path} is not a peer-tui backup (not a pg_dump file); nothing "
                              "was changed.")
    return restorable_version(path, check_dump(path), "cannot be restored",
                              schema_version_of)


def _has_tables(url: str) -> bool:
    db = make_postgres(url)
    try:
        db.connect()
        return bool(db.get_tables())
    except Exception as exc:  # noqa: BLE001 - the driver's words, said once
        raise DatabaseProblem(describe_error(exc, "The database")) from None
    finally:
        db.close()


def restore_from(path: Path, url: str) -> Path | None:
    """Replace the database at URL with the dump at PATH after checking it. The database it
    replaces is first dumped beside PATH; that file is returned (None when it was empty)."""
    path = Path(path).expanduser()
    check_backup(path)
    kept = None
    if _has_tables(url):
        name = urlparse(url).path.strip("/") or "database"
        kept = new_unique_file(path.parent, f"{name}.replaced-{datetime.now():%Y%m%d-%H%M%S}",
                               ".dump")
        _dump(url, kept)
    script = _run([client("pg_restore"), "--no-owner", "--no-privileges", "--file=-",
                   str(path)], f"Reading {path}").stdout
    # One transaction: empty the schema, then rebuild it from the dump. Anything that fails
    # (a lock not granted, a permission) leaves the database as it was.
    _run([client("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1",
          "--single-transaction", "--dbname", url,
          "--command", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", "--file=-"],
         "Restore (nothing was changed)", input=script)
    return kept


# The triggers that keep the audit log append-only and assessments saved once (migrations 2,
# 5, 11 and 12); a database without one of them no longer refuses what it must.
GUARDS = ("audit_log_append_only", "audit_log_no_truncate", "audit_chain_no_truncate",
          "assessment_saved_once", "assessment_no_truncate")


def server_version() -> str:
    """'PostgreSQL 15.18': the open server answers (the connectivity half of ``check``)."""
    return "PostgreSQL " + database.execute_sql("SHOW server_version").fetchone()[0].split()[0]


def integrity_problems() -> list[str]:
    """What ``check`` finds wrong with the open PostgreSQL database, one entry per problem.
    The server keeps its own pages consistent; what can go wrong is what someone with a SQL
    shell did: an append-only trigger dropped, a constraint added NOT VALID and never
    checked, an index left invalid by a failed CREATE INDEX CONCURRENTLY."""
    problems = []
    present = {name for (name,) in database.execute_sql(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").fetchall()}
    problems += [f"trigger {name} is missing" for name in GUARDS if name not in present]
    problems += [f"constraint {name} on {table} is not validated" for name, table in
                 database.execute_sql(
                     "SELECT c.conname, c.conrelid::regclass::text FROM pg_constraint c "
                     "JOIN pg_namespace n ON n.oid = c.connamespace "
                     "WHERE n.nspname = current_schema() AND NOT c.convalidated "
                     "ORDER BY 1").fetchall()]
    problems += [f"index {name} is invalid" for (name,) in database.execute_sql(
        "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c "
        "ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND NOT i.indisvalid ORDER BY 1").fetchall()]
    return problems


__all__ = ["dump_checked", "restore_from", "check_backup", "check_dump", "client",
           "server_version", "integrity_problems", "GUARDS"]
