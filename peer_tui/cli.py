"""The peer-tui command line. Every failure is one line on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import os
import sys

from peer_tui import __version__
from peer_tui.console import EXIT_USAGE, fail
from peer_tui.lockdown import ignore_stop_signals, restore_signals


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, not a usage dump."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(EXIT_USAGE, f"peer-tui: {message} (see peer-tui --help)\n")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS,
                        help="database file or URL (default: $PEER_TUI_DATABASE, else a file "
                             "in your data folder)")
    parser = OneLineParser(
        prog="peer-tui", parents=[common],
        description="Caseload, recovery plans and engagement timeline for a recovery "
                    "residence, and a self check-in kiosk for residents.",
        epilog="With no command, starts staff mode.",
    )
    parser.add_argument("--version", action="version", version=f"peer-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    kiosk = sub.add_parser("kiosk", parents=[common],
                           help="start the resident self check-in kiosk")
    kiosk.add_argument("--serve", action="store_true",
                       help="serve the kiosk to browsers (a tablet) instead of this terminal")
    kiosk.add_argument("--host", default=None,
                       help="with --serve: the address to listen on (default 127.0.0.1)")
    kiosk.add_argument("--port", type=int, default=None,
                       help="with --serve: the port to listen on (default 8080)")
    # One browser's session of --serve (the server starts it): F12 ends it, no staff exit.
    kiosk.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    kiosk.add_argument("--house", default="", metavar="NAME",
                       help="the house whose residents sign in here (needed when the database "
                            "has several; default: the kiosk_house setting)")
    sub.add_parser("demo", parents=[common],
                   help="create (or refresh) a demo database with made-up people")
    init = sub.add_parser("init", parents=[common], help="create the first administrator")
    init.add_argument("--username", required=True)
    init.add_argument("--name", required=True, help="display name")
    init.add_argument("--house", default="", help="house name (asked once)")
    staff = sub.add_parser("staff", parents=[common], help="manage staff accounts")
    staff_sub = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True,
                                     parser_class=OneLineParser)
    add = staff_sub.add_parser("add", parents=[common], help="add a staff account")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--role", required=True,
                     choices=["admin", "case_manager", "peer_specialist", "front_desk"])
    add.add_argument("--house", action="append", default=[], metavar="NAME",
                     help="a house the account works in (repeat for several; default: the "
                          "first house)")
    staff_sub.add_parser("list", parents=[common], help="list staff accounts")
    deact = staff_sub.add_parser("deactivate", parents=[common], help="deactivate an account")
    deact.add_argument("username")
    reset = staff_sub.add_parser("reset-pin", parents=[common],
                                 help="set a new PIN and clear a lockout")
    reset.add_argument("username")
    house = sub.add_parser("house", parents=[common], help="the houses of the organisation")
    house_sub = house.add_subparsers(dest="house_command", metavar="ACTION", required=True,
                                     parser_class=OneLineParser)
    house_add = house_sub.add_parser("add", parents=[common], help="add a house")
    house_add.add_argument("name")
    house_sub.add_parser("list", parents=[common], help="list houses, residents and staff")
    backup = sub.add_parser("backup", parents=[common],
                            help="copy the database safely (online backup) and check the copy")
    backup.add_argument("dest", help="a new file, or a folder to put a dated copy in")
    sub.add_parser("check", parents=[common], help="check integrity and schema version")
    report = sub.add_parser(
        "report", parents=[common],
        help="the program report for a month (or dates) as CSV, HTML or text",
        description="Write the program report to a new file. For outside the program unless "
                    "--internal: small counts are shown as '<5' (the report_small_count "
                    "setting) and per-staff figures are left out.")
    report.add_argument("--month", default="", help="YYYY-MM (default: last month)")
    report.add_argument("--from", dest="start", default="", metavar="YYYY-MM-DD",
                        help="first day of a date range instead of a month")
    report.add_argument("--to", dest="end", default="", metavar="YYYY-MM-DD",
                        help="last day of the range (included)")
    report.add_argument("--house", default="", help="a house's name (default: every house)")
    report.add_argument("--format", required=True, choices=["csv", "html", "txt"])
    report.add_argument("--out", required=True,
                        help="a new file to write; for csv the name of the tables, one per "
                             "section: nov.csv writes nov-residents.csv, nov-engagement.csv...")
    report.add_argument("--user", required=True,
                        help="your staff username (a case manager or administrator); the PIN "
                             "is asked for, or read from standard input")
    report.add_argument("--internal", action="store_true",
                        help="for the program's own use: per-staff figures, nothing hidden")
    restore = sub.add_parser("restore", parents=[common],
                             help="replace the database with a checked backup")
    restore.add_argument("file")
    return parser


def staff_app_args(argv: list[str]) -> argparse.Namespace | None:
    """What the parser makes of ARGV when ARGV only starts the staff app (nothing, ``--db
    PATH`` or ``--db=PATH``), without building it; None for anything else.

    Building the parser of every command is 5 ms of processor time, a tenth of what the
    staff app's start adds to Textual's before the sign-in is drawn. Anything else (a
    command, --help, a misspelt flag, a path that looks like a flag) goes to the parser."""
    if not argv:
        return argparse.Namespace(command=None)
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return argparse.Namespace(db=argv[1], command=None)
    if len(argv) == 1 and argv[0].startswith("--db="):
        return argparse.Namespace(db=argv[0].removeprefix("--db="), command=None)
    return None


def main(argv: list[str] | None = None) -> int:
    # Everything we create (database, WAL, backups) is readable by its owner only.
    os.umask(0o077)
    argv = sys.argv[1:] if argv is None else argv
    args = staff_app_args(argv) or build_parser().parse_args(argv)
    previous: dict = {}
    if args.command == "kiosk" and not args.serve:  # (the server itself stops on Ctrl+C)
        # Before anything slow is imported: until Textual puts the terminal in raw mode,
        # Ctrl+C and Ctrl+\ arrive as signals and would end the kiosk with a traceback.
        previous = ignore_stop_signals()
    try:
        if args.command is None:
            # Deferred: the staff app draws its sign-in before the database layer loads.
            from peer_tui.staff_start import start_staff_app

            return start_staff_app(args)
        # Deferred: `--help` and usage errors answer without loading the database layer,
        # and the kiosk's signals are ignored before it loads.
        from peer_tui.commands import run_command

        return run_command(args)
    except KeyboardInterrupt:
        return fail("interrupted.", 130)
    finally:
        if previous:
            restore_signals(previous)


if __name__ == "__main__":
    raise SystemExit(main())
