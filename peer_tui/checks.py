"""What the command line checks before a command runs (the settings file; the database
opened, brought up to date, writable) and how a problem is said: in one line.

The staff app's checks run in a child process while the app's own process loads Textual
(``staff_start``), and the app waits for their verdict before it takes the terminal. So
this module loads only what those checks need: peewee and the models they read, and pydantic
only when there is a settings file to validate (without one the settings are the defaults,
with nothing to check). The other commands' modules (``commands``) load the rest."""

from __future__ import annotations

import sqlite3
import sys

import peewee

from peer_tui.console import fail
from peer_tui.models.db import DatabaseProblem, describe_error
from peer_tui.services import audit_pending
from peer_tui.services.errors import InvalidInput, ServiceError
from peer_tui.services.house_facts import computer_house_name, house_info
from peer_tui.services.storage_health import require_writable
from peer_tui.settings_file import KIOSK_HOUSE_DEFAULT, SettingsProblem, settings_path
from peer_tui.storage import open_and_upgrade, resolve_target

PROBLEMS = (DatabaseProblem, ServiceError, SettingsProblem, ValueError, peewee.DatabaseError,
            sqlite3.DatabaseError)


def one_line(exc: Exception) -> str:
    """What a person reads of a problem in PROBLEMS."""
    if isinstance(exc, InvalidInput):
        return "; ".join(f"{k}: {v}" if k else v for k, v in exc.errors.items())
    if isinstance(exc, (peewee.DatabaseError, sqlite3.DatabaseError)):
        return describe_error(exc, "The database")
    return str(exc)


def open_upgraded(target, *, create=True, empty_ok=True):
    """TARGET opened and brought up to date; an upgrade is said on stderr."""
    db, old, new, backup = open_and_upgrade(target, create=create, empty_ok=empty_ok)
    if backup is not None:
        print(f"peer-tui: upgraded the database from schema {old} to {new}; the old one is "
              f"kept as {backup}", file=sys.stderr)
    return db


def require_writable_database(target) -> None:
    """The apps cannot work read-only (even a sign-in is audited): say so at once."""
    require_writable(str(target) if target else "The database")


def kiosk_house_checked() -> str:
    """The kiosk_house setting, the settings file checked first (SettingsProblem)."""
    if not settings_path().exists():
        return KIOSK_HOUSE_DEFAULT  # no file: the defaults, nothing to check
    # Deferred (start-up): pydantic loads here only to check a settings file.
    from peer_tui.settings import get_settings

    return get_settings().kiosk_house


def staff_app_checks(db: str | None) -> int | dict:
    """The staff app's checks before it starts (DB: --db as given): the settings file, then
    the database opened, brought up to date and writable. Returns what its sign-in shows,
    or the exit code of a problem (said in one line on stderr). Run in a child process
    while the command line loads Textual (``staff_start``, which starts the app)."""
    try:
        kiosk_house = kiosk_house_checked()
        target = resolve_target(db)
        open_upgraded(target)
        require_writable_database(target)
        audit_pending.flush_now()  # audit rows a kiosk could not write (a full disk) land now
        info = house_info()
        # The sign-in names the house this computer belongs to (the kiosk_house setting).
        return {"house_name": computer_house_name(kiosk_house), "is_demo": info.is_demo,
                "first_run": not info.has_staff}
    except PROBLEMS as exc:
        return fail(one_line(exc))


def daily_backup():
    """The daily backup of the database the checks opened, under way (``join()`` waits)."""
    # Deferred (start-up): the backup, and the settings it keeps by, load once the checks
    # have given their verdict.
    from peer_tui.services.backup import BackgroundBackup
    from peer_tui.settings import get_settings

    return BackgroundBackup(get_settings().backups_keep)


def open_for_staff_app(db: str | None):
    """The settings, with the database the checks passed (DB: --db as given) opened in the
    app's own process, once its sign-in is drawn. A problem (the database changed or taken
    since the checks) is raised as one of PROBLEMS."""
    # Deferred (start-up): the app imports it ahead, after its sign-in is drawn.
    from peer_tui.settings import get_settings

    settings = get_settings()
    target = resolve_target(db)
    open_and_upgrade(target)  # brought up to date by the checks, so nothing to say here
    require_writable_database(target)
    return settings
