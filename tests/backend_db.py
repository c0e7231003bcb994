"""The test databases of the tests that run on both backends, and scratch PostgreSQL ones.

PEER_TUI_TEST_POSTGRES names a server the tests may create databases on, as a URL of any
database there (``postgresql://peer@127.0.0.1:5432/postgres``). Each pytest-xdist worker works
in databases of its own, named after the run and the worker id: a migrated template and a demo template
built once, and per test a fresh copy of one of them (CREATE DATABASE ... TEMPLATE is several
times faster than running the migrations again).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

SERVER_URL = os.environ.get("PEER_TUI_TEST_POSTGRES", "")
WORKER = re.sub(r"\W", "", os.environ.get("PYTEST_XDIST_WORKER", "main")) or "main"
# Two test runs on one server (two checkouts) must not share databases either.
RUN = re.sub(r"\W", "", os.environ.get("PYTEST_XDIST_TESTRUNUID", ""))[:8] or str(os.getpid())
PREFIX = f"peertui_test_{RUN}_{WORKER}"

_built: set[str] = set()
_admin = None


def available() -> bool:
    return bool(SERVER_URL)


def url_of(name: str) -> str:
    """SERVER_URL with its database name replaced by NAME."""
    base, _, query = SERVER_URL.partition("?")
    base = base.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{query}" if query else "")


def _server():
    """One connection to the server's own database, for CREATE and DROP DATABASE."""
    global _admin
    from peer_tui.models.postgres import make_postgres

    if _admin is None:
        _admin = make_postgres(SERVER_URL)
        _admin.connect()
    return _admin


def _recreate(name: str, template: str | None = None) -> None:
    server = _server()
    server.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.execute_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template
                                                       else ""))


def _template(kind: str, build) -> str:
    """The template database of KIND, made by BUILD(url) the first time it is needed."""
    name = f"{PREFIX}_{kind}"
    if name not in _built:
        _recreate(name)
        build(url_of(name))
        _built.add(name)
    return name


def fresh(kind: str, build) -> str:
    """The URL of a new database copied from the template of KIND (see _template)."""
    template = _template(kind, build)
    name = PREFIX
    _recreate(name, template)
    return url_of(name)


def drop_all() -> None:
    """Remove this worker's databases (at the end of the session)."""
    global _admin
    if _admin is None:
        return
    for name in [PREFIX, *sorted(_built)]:
        _admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _built.clear()
    _admin.close()
    _admin = None


def current_target() -> str:
    """What --db would name for the database the test has open: a file path or a URL (for
    child processes and the command line)."""
    from peer_tui.models.db import database, is_sqlite

    return str(database.obj.database) if is_sqlite() else database.obj.url


def urgent_concern_from_another_process(resident_id: int, summary: str) -> None:
    """An urgent concern about RESIDENT_ID, saying SUMMARY, raised in the test's database by a
    second process, as the kiosk on the house computer raises one."""
    code = ("import sys\n"
            "from peer_tui.storage import open_and_upgrade\n"
            "from peer_tui.services import concerns\n"
            "open_and_upgrade(sys.argv[1])\n"
            "concerns.raise_concern(None, int(sys.argv[2]), {'severity': 'urgent', "
            "'summary': sys.argv[3]}, source='kiosk')\n")
    subprocess.run([sys.executable, "-c", code, current_target(), str(resident_id), summary],
                   check=True, env=dict(os.environ))


def behind_the_back(sql: str) -> None:
    """Run SQL (one or several statements) on the test's database the way someone with a SQL
    shell would, outside the program: its own connection, each statement committed."""
    from peer_tui.models.db import database, is_sqlite

    if is_sqlite():
        import sqlite3

        conn = sqlite3.connect(database.obj.database)
        try:
            conn.executescript(sql)
        finally:
            conn.close()
        return
    import psycopg2

    conn = psycopg2.connect(**database.obj.connect_params, dbname=database.obj.database)
    conn.autocommit = True
    try:
        conn.cursor().execute(sql)
    finally:
        conn.close()


class OwnServer:
    """A PostgreSQL server of one test's own, which the test may stop and start again (the
    shared server must stay up for everyone else). It lives in a temporary folder and listens
    only on a Unix socket there. initdb refuses to run as root: as root, the server runs as
    the postgres account (or nobody). PEER_TUI_TEST_PG_BIN names the folder of initdb and
    pg_ctl; by default the one on the PATH or the newest of Debian's."""

    def __init__(self) -> None:
        import shutil
        import tempfile
        from pathlib import Path

        self.bin = Path(os.environ.get("PEER_TUI_TEST_PG_BIN") or "")
        if not (self.bin / "initdb").is_file():
            found = shutil.which("initdb")
            debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                            key=lambda p: int(p.parent.parent.name)
                            if p.parent.parent.name.isdigit() else 0)
            if found:
                self.bin = Path(found).resolve().parent
            elif debian:
                self.bin = debian[-1].parent
            else:
                raise RuntimeError("initdb not found: set PEER_TUI_TEST_PG_BIN")
        self.folder = Path(tempfile.mkdtemp(prefix="peer-tui-own-pg-"))
        self.folder.chmod(0o755)
        self.as_user: list[str] = []
        if os.getuid() == 0:
            import pwd

            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                user = pwd.getpwnam("nobody")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.as_user = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                            "--clear-groups"]
        self._run("initdb", "-D", str(self.folder / "data"), "-U", "peer", "-A", "trust",
                  "--no-sync", "-E", "UTF8")
        self.start()

    def _run(self, program: str, *args: str) -> None:
        import subprocess

        subprocess.run([*self.as_user, str(self.bin / program), *args], check=True,
                       capture_output=True, timeout=120)

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://peer@/{name}?host={self.folder}"

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-l",
                  str(self.folder / "server.log"), "-w", "-o",
                  f"-c listen_addresses='' -k {self.folder} -c fsync=off", "start")

    def stop(self) -> None:
        """Stop at once, as a crash or an administrator would: sessions are cut off."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        import shutil

        try:
            self.stop()
        except Exception:  # noqa: BLE001 - already stopped
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
