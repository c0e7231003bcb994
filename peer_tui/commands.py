"""What each command-line command does, once the arguments are parsed."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from peer_tui.checks import PROBLEMS, one_line, open_upgraded, require_writable_database
from peer_tui.console import fail, read_new_pin, read_pin
from peer_tui.models import migrations
from peer_tui.models.db import (DatabaseProblem, close_database, database, default_database_path,
                                is_sqlite, is_url, open_read_only)
from peer_tui.models.postgres import is_postgres_url
from peer_tui.services import audit_pending, auth, backup, pg_backup
from peer_tui.services.errors import validate
from peer_tui.services.house import (HouseInput, add_house, ensure_house, house_ids_named,
                                    house_info, house_list, house_named)
from peer_tui.settings import get_settings
from peer_tui.storage import resolve_target


def run_command(args) -> int:
    """Run ARGS' command (not the staff app's: ``staff_start``): its exit code (a failure is
    one line on stderr)."""
    try:
        get_settings()
        target = resolve_target(getattr(args, "db", None))
        return COMMANDS[args.command](args, target)
    except PROBLEMS as exc:
        return fail(one_line(exc))


def _kiosk(args, target) -> int:
    """The kiosk never creates a database: it says which one it looked for and how to make it."""
    if not args.serve and (args.host is not None or args.port is not None):
        return fail("--host and --port go with --serve (the kiosk in a browser).", 2)
    # Deferred (start-up): the check-in services load only for the kiosk.
    import peer_tui.services.checkin as checkin

    checkin.questionnaire()  # a house's broken questionnaire stops here, in one line
    try:
        open_upgraded(target, create=False, empty_ok=False)
    except DatabaseProblem as exc:
        return fail(_no_kiosk_database(target, exc))
    require_writable_database(target)
    info = house_info()
    if not info.has_staff:
        return fail("This database has no staff yet: run `peer-tui init` (or `peer-tui demo`) "
                    "first, so that someone can unlock the kiosk.")
    try:
        house_id, house_name = house_named(args.house or get_settings().kiosk_house)
    except ValueError as exc:
        return fail(str(exc))
    if args.serve:
        return _kiosk_server(args, house_name)
    audit_pending.reserve()  # room for an audit row even if the disk fills up later
    audit_pending.flush_now()
    # Deferred: Textual loads only for the commands that draw (start-up time of the others).
    from peer_tui.kiosk_app import KioskApp

    app = KioskApp(house_name=house_name, is_demo=info.is_demo, served=served_session(args),
                   house_id=house_id)
    app.run()
    for problem in app.exit_problems:
        print(f"peer-tui: {problem}", file=sys.stderr)
    return 0


def served_session(args) -> bool:
    """One browser's session of --serve. The flag counts only under textual-serve's web driver:
    typed at the house computer it would make F12 a way out without a staff PIN."""
    return bool(args.served) and "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


def _kiosk_server(args, house: str) -> int:
    """The checks above passed: serve the kiosk of HOUSE, each browser session its own kiosk
    process."""
    # Deferred: textual-serve and aiohttp load only when the kiosk is served to browsers.
    from peer_tui import kiosk_web

    close_database()  # this process only serves pages; each kiosk opens its own connection
    port = kiosk_web.DEFAULT_PORT if args.port is None else args.port
    if not 0 < port < 65536:
        return fail(f"--port {port} is not a port (1-65535).", 2)
    return kiosk_web.serve(getattr(args, "db", None), args.host or kiosk_web.DEFAULT_HOST, port,
                           house=house)


def _no_kiosk_database(target, exc: DatabaseProblem) -> str:
    where = target or str(default_database_path())
    if is_url(where) and not where.startswith("sqlite:"):
        found = f"the database at {where.split('@')[-1]} has no peer-tui tables"
    elif "empty" in str(exc) or "no database" in str(exc) or "does not exist" in str(exc):
        found = f"there is no peer-tui database at {where}"
    else:
        return f"The kiosk cannot use the database at {where}: {exc}"
    db = f" --db {target}" if target else ""
    return (f"The kiosk looked for its database and {found}; it never creates one. Make it "
            f"first with `peer-tui{db} init --username admin --name \"Your Name\"` (or "
            f"`peer-tui{db} demo` to try it out), then start the kiosk again.")


def _demo(args, target) -> int:
    # Deferred: the demo's made-up people are loaded only when a demo is made.
    from peer_tui import demo

    if target and is_postgres_url(target):
        # A server's database is never dropped by us: the demo goes into an empty one (three
        # houses of an organisation), and one with staff is refused by populate.
        open_upgraded(target)
        print(f"Demo organisation ready: {demo.populate()}.")
        print("Start it with: peer-tui --db URL   (sign in as admin, PIN 2468; a kiosk: "
              "peer-tui --db URL kiosk --house \"Cedar House\")")
        return 0
    path = demo.prepare_demo_target(target)
    open_upgraded(path)
    counts = demo.populate()
    print(f"Demo database ready at {path}: {counts}.")
    print("Start it with: peer-tui --db " + str(path) + "   (sign in as admin, PIN 2468)")
    return 0


def _init(args, target) -> int:
    open_upgraded(target)
    if auth.staff_count():
        return fail("This database already has staff; add more with `peer-tui staff add`.")
    # Every flag is checked before the PIN is asked for, so a typo costs no typing.
    house = args.house.strip() or "Main house"
    validate(HouseInput, {"house": house})
    auth.check_new_staff(args.username, args.name, "admin")
    pin = read_new_pin()
    with database.atomic():
        ensure_house(house)
        info = auth.create_staff(args.username, args.name, "admin", pin)
    print(f"Administrator {info.username} created. Start peer-tui and sign in.")
    return 0


def _staff(args, target) -> int:
    open_upgraded(target, create=False)
    action = args.staff_command
    if action == "list":
        rows = auth.list_staff(include_inactive=True)
        if not rows:
            print("No staff accounts yet. Create the first with `peer-tui init`.")
        for row in rows:
            state = "active" if row.active else "inactive"
            print(f"{row.username:<20} {row.role:<16} {state:<9} {row.display_name}")
        return 0
    if action == "add":
        auth.check_new_staff(args.username, args.name, args.role)
        try:
            houses = house_ids_named(args.house) if args.house else None
        except ValueError as exc:
            return fail(str(exc))
        info = auth.create_staff(args.username, args.name, args.role, read_new_pin(),
                                 houses=houses)
        print(f"Staff account {info.username} ({info.role}) created.")
    elif action == "deactivate":
        info = auth.deactivate_staff(args.username)
        print(f"Staff account {info.username} deactivated; its history is kept.")
    elif action == "reset-pin":
        auth.staff_info(args.username)  # "no such account" before asking for a PIN
        info = auth.reset_pin(args.username, read_new_pin())
        print(f"New PIN set for {info.username}; any lockout is cleared.")
    return 0


def _backup(args, target) -> int:
    try:
        open_upgraded(target, create=False)
    except DatabaseProblem as problem:
        # Reading is all a backup needs: a read-only file or disk is backed up as it is.
        if "read-only" not in str(problem) and "Cannot open" not in str(problem):
            raise
        open_read_only(target)
    result = backup.backup_to(args.dest)
    if result.integrity != "ok":
        return fail(f"Backup written to {result.path} but its check failed: {result.integrity}")
    print(f"Backup written to {result.path} ({result.size_bytes / 1e6:.1f} MB); integrity ok.")
    return 0


def _check(args, target) -> int:
    """Read-only: a check never changes what it checks (and works on a read-only disk)."""
    try:
        open_read_only(target)
    except DatabaseProblem as problem:
        if "server cannot be reached" not in str(problem):
            raise
        print("server: cannot be reached (stopped, restarting, or the network is down)")
        return 1
    if is_sqlite():
        problems = backup.integrity_problems(database)
    else:
        print(f"server: reachable, {pg_backup.server_version()}")
        problems = pg_backup.integrity_problems()
    version = migrations.current_version()
    print(f"schema version: {version} (this program: {migrations.LATEST_VERSION})")
    print(f"integrity: {backup.summary(problems)}")
    # Deferred (start-up): the audit chain's check loads only for `check`.
    import peer_tui.services.audit_chain as audit_chain

    # A damaged SQLite file cannot be read; a server reads its tables whatever was dropped.
    chain = audit_chain.verify() if not (problems and is_sqlite()) else None
    if chain is not None:
        print(f"audit chain: {chain.describe()}")
    if version != migrations.LATEST_VERSION or problems or not chain.intact:
        return 1
    return 0


def _restore(args, target) -> int:
    replaced = backup.restore_from(Path(args.file), target)
    if replaced is None:
        print(f"Restored from {args.file} (there was no database there before).")
    else:
        print(f"Restored from {args.file}. The database it replaced is kept as {replaced}.")
    return 0


def _report(args, target) -> int:
    # Deferred (start-up): the report services load only for the report.
    import peer_tui.services.program_report as program_report
    from peer_tui.services.report_scope import Period, last_month, month_period

    open_upgraded(target, create=False)
    if args.month and (args.start or args.end):
        return fail("Give either --month or --from and --to, not both.")
    if bool(args.start) != bool(args.end):
        return fail("A date range needs both --from and --to (YYYY-MM-DD).")
    if args.start:
        try:
            period = Period(date.fromisoformat(args.start), date.fromisoformat(args.end))
        except ValueError:
            return fail("Give --from and --to as YYYY-MM-DD, for example 2026-11-01.")
    else:
        period = month_period(args.month) if args.month else last_month()
    house_id = program_report.house_named(args.house)  # a wrong name before the PIN
    settings = get_settings()
    result = auth.sign_in(args.user, read_pin("PIN: "), resuming=args.user,
                          max_attempts=settings.staff_max_attempts,
                          lockout_minutes=settings.staff_lockout_minutes)
    if result.actor is None:
        return fail(result.message)
    written = program_report.export_report(
        result.actor, period, house_id, args.format, args.out, internal=args.internal,
        threshold=settings.report_small_count,
        contact_alert_days=settings.contact_alert_days,
        followup_points=settings.followup_points)
    audience = "for the program's own use" if args.internal else (
        f"for outside the program (counts under {settings.report_small_count} hidden)")
    if len(written) == 1:
        print(f"Program report for {period.label} written to {written[0]}, {audience}.")
    else:
        print(f"Program report for {period.label}, {audience}, one table per section:")
        print("\n".join(f"  {path}" for path in written))
    return 0


def _house(args, target) -> int:
    open_upgraded(target, create=False)
    if args.house_command == "add":
        try:
            name = add_house(args.name)
        except ValueError as exc:
            return fail(str(exc))
        print(f"House {name} added. Give staff access with `peer-tui staff add ... --house`.")
        return 0
    for name, residents, staff in house_list():
        print(f"{name:<40} {residents:>5} residents {staff:>4} staff")
    return 0


COMMANDS = {
    "kiosk": _kiosk,
    "demo": _demo,
    "init": _init,
    "staff": _staff,
    "house": _house,
    "backup": _backup,
    "check": _check,
    "restore": _restore,
    "report": _report,
}
