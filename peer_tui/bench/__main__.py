"""``python -m peer_tui.bench generate|run``: the scale database and the benchmark."""

from __future__ import annotations

import argparse
import sys
from datetime import date


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m peer_tui.bench",
        description="Generate a scale database and measure peer-tui on it.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    gen = sub.add_parser("generate", help="build a synthetic database (raw driver, fast)")
    gen.add_argument("--db", required=True, help="the new database file")
    gen.add_argument("--residents", type=int, default=10_000)
    gen.add_argument("--events", type=int, default=1_000_000)
    gen.add_argument("--staff", type=int, default=200)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--today", type=date.fromisoformat, default=None,
                     help="the last day of the history (YYYY-MM-DD; default today)")
    gen.add_argument("--force", action="store_true", help="replace an existing file")
    run = sub.add_parser("run", help="measure the app on a generated database")
    run.add_argument("--db", required=True, help="a database made by `generate`")
    run.add_argument("--json", metavar="OUT", help="also write the medians here")
    run.add_argument("--repeat", type=int, default=5, help="repetitions (default 5)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "generate":
        from peer_tui.bench.generate import Progress, generate

        if min(args.residents, args.staff) < 1 or args.events < 0:
            print("bench: --residents and --staff must be at least 1, --events at least 0.",
                  file=sys.stderr)
            return 2
        try:
            result = generate(args.db, residents=args.residents, events=args.events,
                              staff=args.staff, seed=args.seed, today=args.today,
                              force=args.force, progress=Progress())
        except FileExistsError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
        print(f"{result.path}: {result.residents:,} residents, {result.events:,} events, "
              f"{result.checkins:,} check-ins, {result.concerns:,} concerns, "
              f"{result.staff} staff in {result.seconds:.1f} s")
        print(f"median events per admitted resident: {result.median_events}; busiest "
              f"resident: id {result.busiest_resident} ({result.busiest_events:,} events)")
        print("sign in as `bench` (or any staffNNNN), PIN 2468; kiosk codes from 100001, "
              "PIN 1357")
        return 0
    from peer_tui.bench.run import run_benchmark

    return run_benchmark(args.db, json_out=args.json, repeat=args.repeat)


if __name__ == "__main__":
    raise SystemExit(main())
