"""Starting the staff app: its sign-in is drawn before the database layer is loaded.

Everything the command line checks before the app starts (the settings file, the database:
there, not another program's file, not locked, writable, not from a newer peer-tui, brought
up to date) needs peewee, and pydantic when there is a settings file, and Textual takes
about 100 ms to import on a 2-core machine. So the checks run in a child process (a fork,
on the other core) while this one loads Textual and the sign-in screen, and they load only
what they check (``peer_tui.checks``: about 50 ms without a settings file; pydantic adds
about 60 ms for one), so the app seldom waits for them. A failed check is said in the same
one line, with the same exit code, before the app takes the terminal. Once the sign-in is
drawn, the app imports the database layer a module per step while the person types, then
opens the database itself (``Opening``), before the PIN's Enter needs it. The child goes on
to make the daily backup, in its own process, and the command line waits for it when the
app ends (a half-made copy is never left behind).

Without fork (or when it fails), the checks run here first, and the backup in a thread.
"""

from __future__ import annotations

import io
import json
import os
import sys
import traceback

from peer_tui.console import fail
from peer_tui.heap import hold_collection, release_collection
from peer_tui.typing_ahead import hold_typing


def start_staff_app(args) -> int:
    put_back_terminal = hold_typing()  # the sign-in typed at once is kept, and not shown
    checks = Checks(args)
    # Until the sign-in is drawn (the app freezes what start-up made), or the app does not
    # start: the child, forked just now, collects as usual.
    hold_collection()
    try:
        # Deferred: Textual loads only for the commands that draw (start-up time of the
        # others), here while the child checks.
        from peer_tui.app import PeerTuiApp

        code, facts = checks.verdict()
        if facts is None:
            return code
        opening = Opening(getattr(args, "db", None))
        try:
            PeerTuiApp(opening=opening, **facts).run()
        finally:
            put_back_terminal()  # before the wait for the backup: typing shows again
            problem = checks.backup_problem()
    finally:
        put_back_terminal()
        release_collection()
    if opening.problem:
        return fail(opening.problem)
    if problem:
        print(f"peer-tui: {problem}", file=sys.stderr)
    return 0


class Checks:
    """The command line's checks of the staff app (its ``staff-app`` command), run in a child
    process; the child then makes the daily backup."""

    def __init__(self, args) -> None:
        self.args = args
        self._pid = 0
        self._pipe = None
        self._daily = None  # the backup's thread, without a child
        if hasattr(os, "fork"):
            self._fork()

    def _fork(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: never returns
            os.close(read)
            _child(self.args, write)
        os.close(write)
        self._pid, self._pipe = pid, os.fdopen(read, "rb")

    def verdict(self) -> tuple[int, dict | None]:
        """(exit code, what the sign-in shows, or None: no app to start), once the checks are
        done; what they printed (a problem, an upgrade made) is written out here, as the
        command would have."""
        if self._pipe is not None:
            said = json.loads(self._pipe.readline() or _no_answer())
        else:
            said = _checked(self.args)
            if said["facts"] is not None:
                # Deferred: loaded by the checks just now.
                from peer_tui.checks import daily_backup

                self._daily = daily_backup()
        sys.stdout.write(said["out"])
        sys.stderr.write(said["err"])
        return said["code"], said["facts"]

    def backup_problem(self) -> str:
        """Once the app has ended: wait for the daily backup; what went wrong with it, if
        anything."""
        if self._daily is not None:
            return self._daily.join()
        if self._pipe is None:
            return ""
        with self._pipe:
            problem = self._pipe.read().decode(errors="replace").strip()
        os.waitpid(self._pid, 0)
        return problem


def _child(args, write: int) -> None:
    """Check ARGS, write the verdict (one line of JSON) to WRITE, then make the daily backup
    and write what went wrong with it, if anything; end without returning."""
    try:
        with os.fdopen(write, "wb") as pipe:
            try:
                said = _checked(args)
            except BaseException:  # noqa: BLE001 - said as the command itself would say it
                said = {"code": 1, "facts": None, "out": "", "err": traceback.format_exc()}
            pipe.write(json.dumps(said).encode() + b"\n")
            pipe.flush()
            if said["facts"] is not None:
                # Deferred: loaded by the checks just now.
                from peer_tui.checks import daily_backup

                pipe.write(daily_backup().join().encode())
    finally:
        os._exit(0)


def _no_answer() -> str:
    return json.dumps({"code": fail("the start-up checks ended without an answer."),
                       "facts": None, "out": "", "err": ""})


def _checked(args) -> dict:
    """Run the staff app's checks with what they print kept: the exit code, the facts for
    the sign-in (None: no app to start), the printed text."""
    # Deferred: the checks' modules load in the child (or before the app without fork).
    from peer_tui.checks import staff_app_checks

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        result = staff_app_checks(getattr(args, "db", None))
        return {"code": 0 if isinstance(result, dict) else result,
                "facts": result if isinstance(result, dict) else None,
                "out": sys.stdout.getvalue(), "err": sys.stderr.getvalue()}
    finally:
        sys.stdout, sys.stderr = out, err


class Opening:
    """The database opened in the app's process, once its sign-in is drawn (``PeerTuiApp``
    calls ``open()`` after importing ``modules`` a step at a time). Then ``settings``, or
    ``problem``: one line, said once the app has ended."""

    # pydantic in three steps (about 10-25 ms each here, instead of 60 ms in the step of
    # the first module that needs it), then the command line's modules, dependencies first.
    modules = ("pydantic_core", "pydantic.fields", "pydantic.main", "peewee",
               "peer_tui.commands", "peer_tui.services.alerts")

    def __init__(self, db: str | None) -> None:
        self.db = db  # --db as given, checked by the child
        self.settings = None
        self.problem = ""

    def open(self) -> None:
        # Deferred: imported ahead by the app (``modules``), after its sign-in is drawn.
        from peer_tui.checks import PROBLEMS, one_line, open_for_staff_app

        try:
            self.settings = open_for_staff_app(self.db)
        except PROBLEMS as exc:
            self.problem = one_line(exc)
