"""The benchmark: start-up, caseload, filter, timeline, check-in, stalls and memory.

Every app measurement runs in a fresh child process (``startup`` and ``scenario``), repeated;
so does bare Textual doing the same steps (``floor``), and the app's steps are shown as ratios
of that floor beside the budgets; ``--json`` writes every median.
Run it by hand on a generated database; no wall-clock limit belongs in the test suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from peer_tui.bench import services as svc

# (key, label, budget, unit). Budgets at 10k residents / 1M events. A ratio is the app's step
# over bare Textual doing the same step in the same run (``floor``): a busy machine slows both
# sides alike, so the ratios are what compares between runs and machines.
ROWS = (
    ("startup_ratio", "1. start-up / minimal Textual app", 1.3, "x"),
    ("startup_ms", "   start-up to sign-in painted", None, "ms"),
    ("minimal_startup_ms", "   minimal Textual app painted", None, "ms"),
    ("caseload_ratio", "2. caseload after sign-in / plain screen", 2, "x"),
    ("caseload_after_signin_ms", "   PIN accepted to caseload painted", None, "ms"),
    ("caseload_ms", "   sign-in key to caseload painted", None, "ms"),
    ("filter_keystroke_ms", "3. filter keystroke to rows", 30, "ms"),
    ("timeline_first_page_ratio", "4. busiest resident / plain screen", 3, "x"),
    ("timeline_first_page_ms", "   open to first timeline rows", None, "ms"),
    ("timeline_scroll_ratio", "5. timeline PageDown / line scroll", 3, "x"),
    ("timeline_scroll_ms", "   PageDown deep in the timeline", None, "ms"),
    ("floor_plain_screen_ms", "   floor: plain screen push", None, "ms"),
    ("floor_line_scroll_ms", "   floor: 20,000-row list scroll", None, "ms"),
    ("checkin_commit_ms", "6. kiosk check-in commit", 10, "ms"),
    ("stall_ms", "7. longest event-loop stall (2-5)", 50, "ms"),
    ("maxrss_mb", "8. peak RSS of the app process", 150, "MB"),
    ("report_house_ms", "9. month's program report, one house", 1000, "ms"),
    ("report_organisation_ms", "10. month's program report, organisation", 5000, "ms"),
)
# ratio key: (the app's step, the floor it is divided by)
RATIOS = {
    "caseload_ratio": ("caseload_after_signin_ms", "floor_plain_screen_ms"),
    "timeline_first_page_ratio": ("timeline_first_page_ms", "floor_plain_screen_ms"),
    "timeline_scroll_ratio": ("timeline_scroll_ms", "floor_line_scroll_ms"),
}


def _python() -> list[str]:
    return [sys.executable, "-m"]


def _child(args: list[str], timeout: float = 180) -> dict:
    env = dict(os.environ, PYTHONSAFEPATH="1")
    # As installed: compiled bytecode kept, or each start would compile the program anew.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    proc = subprocess.run(_python() + args, capture_output=True, text=True, timeout=timeout,
                          env=env)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(args[:2])} failed: {proc.stderr.strip()[-400:]}")
    return json.loads(lines[-1])


def _startup(kind: str, db: str) -> tuple[float, float, dict]:
    """(milliseconds from process start to painted, peak RSS MB, processor milliseconds:
    ``cpu`` of the process to painted, ``children`` of its own children) of one child."""
    args = ["peer_tui.bench.startup", "minimal"] if kind == "minimal" else \
        ["peer_tui.bench.startup", "app", "--db", db]
    started = time.time()
    data = _child(args)
    if data.get("painted_at") is None:
        raise RuntimeError(f"start-up probe ({kind}) saw no painted screen")
    return (data["painted_at"] - started) * 1000, data["maxrss_kb"] / 1024, \
        {"cpu": data.get("cpu_ms"), "children": data.get("children_cpu_ms")}


def measure_startup(db: str, repeat: int, say) -> dict:
    say("start-up: one warm-up start (it makes the daily backup if there is none yet)")
    first_ms, _, _ = _startup("app", db)
    app_ms, minimal_ms, rss, app_cpu, child_cpu, minimal_cpu = [], [], [], [], [], []
    for i in range(repeat):
        say(f"start-up {i + 1}/{repeat}")
        ms, _, cpu = _startup("minimal", db)
        minimal_ms.append(ms)
        minimal_cpu.append(cpu["cpu"])
        ms, mb, cpu = _startup("app", db)
        app_ms.append(ms)
        rss.append(mb)
        app_cpu.append(cpu["cpu"])
        child_cpu.append(cpu["children"])
    return {"startup_ms": median(app_ms), "minimal_startup_ms": median(minimal_ms),
            "startup_ratio": median(app_ms) / median(minimal_ms),
            "first_start_ms": first_ms, "startup_rss_mb": median(rss),
            # Processor time to painted: the app's own process, its checking child (on the
            # other core), the minimal app's process.
            "startup_cpu_ms": median(app_cpu), "startup_child_cpu_ms": median(child_cpu),
            "minimal_startup_cpu_ms": median(minimal_cpu),
            "startup_cpu_ratio": median(app_cpu) / median(minimal_cpu),
            "samples": {"startup_ms": app_ms, "minimal_startup_ms": minimal_ms}}


def measure_scenario(db: str, repeat: int, say) -> dict:
    runs = []
    for i in range(repeat):
        say(f"app scenario {i + 1}/{repeat}")
        runs.append(_child(["peer_tui.bench.scenario", "--db", db]))
    out: dict = {"runs": runs}

    def collect(key: str) -> list[float]:
        values: list[float] = []
        for run in runs:
            value = run.get(key)
            values += value if isinstance(value, list) else [] if value is None else [value]
        return values

    for key, target in (("signin_to_caseload_ms", "caseload_ms"),
                        ("caseload_after_signin_ms", "caseload_after_signin_ms"),
                        ("filter_keystroke_ms", "filter_keystroke_ms"),
                        ("timeline_first_page_ms", "timeline_first_page_ms"),
                        ("timeline_scroll_ms", "timeline_scroll_ms"),
                        ("timeline_reopen_ms", "timeline_reopen_ms"),
                        ("stall_ms", "stall_ms"), ("loop_stall_ms", "loop_stall_ms"),
                        ("maxrss_mb", "maxrss_mb")):
        values = collect(key)
        if values:
            out[target] = median(values)
            out[target + "_max"] = max(values)
    phases: dict[str, list[float]] = {}
    for run in runs:
        for phase, gap in run.get("stall_by_phase_ms", {}).items():
            phases.setdefault(phase, []).append(gap)
    out["stall_by_phase_ms"] = {p: median(v) for p, v in phases.items()}
    out["notes"] = sorted({n for run in runs for n in run.get("notes", [])})
    return out


def measure_floor(repeat: int, say) -> dict:
    """Bare Textual doing the app's steps, in child processes between the app's own runs."""
    plain, scroll = [], []
    for i in range(repeat):
        say(f"bare Textual floor {i + 1}/{repeat}")
        data = _child(["peer_tui.bench.floor", "--repeat", "5"])
        plain.append(data["plain_screen_ms"])
        scroll.append(data["line_scroll_ms"])
    return {"floor_plain_screen_ms": median(plain), "floor_line_scroll_ms": median(scroll),
            "floor_plain_screen_ms_max": max(plain), "floor_line_scroll_ms_max": max(scroll)}


def add_ratios(results: dict) -> None:
    for key, (value, floor) in RATIOS.items():
        if results.get(value) is not None and results.get(floor):
            results[key] = results[value] / results[floor]


def evaluate(results: dict) -> list[tuple[str, str, str, str]]:
    """Table rows: label, median, budget, verdict."""
    table = []
    for key, label, budget, unit in ROWS:
        value = results.get(key)
        shown = "-" if value is None else (f"{value:.2f}" if unit == "x" else f"{value:.1f}")
        limit = "" if budget is None else f"<= {budget:g} {unit}"
        verdict = "" if budget is None or value is None else \
            ("ok" if value <= budget else "MISSED")
        if budget is not None and value is None:
            verdict = "not measured"
        table.append((label, f"{shown} {unit}" if value is not None else shown, limit, verdict))
    return table


def format_table(rows) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("measurement (median)", "value", "budget", "")
    widths = [max(w, len(h)) for w, h in zip(widths, head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def run_benchmark(db: str, *, json_out: str | None = None, repeat: int = 5,
                  say=None) -> int:
    say = say or (lambda text: print(f"bench: {text}", file=sys.stderr, flush=True))
    if not Path(db).is_file():
        print(f"bench: there is no database at {db}; make one with `generate`.",
              file=sys.stderr)
        return 1
    repeat = max(1, repeat)
    results: dict = {"db": str(Path(db).name), "repeat": repeat,
                     "python": sys.version.split()[0], "cpus": os.cpu_count()}
    results["load_before"] = round(os.getloadavg()[0], 2)
    results.update(svc.describe(db))
    results.update(measure_startup(db, repeat, say))
    results.update(measure_floor(repeat, say))
    scenario = measure_scenario(db, repeat, say)
    results.update({k: v for k, v in scenario.items() if k != "runs"})
    add_ratios(results)
    say("services: check-in commit, page queries, program report, daily backup")
    services = svc.measure_services(db, say)
    results["notes"] = results.get("notes", []) + services.pop("notes", [])
    results.update(services)
    results["scenario_runs"] = scenario["runs"]
    results["load_after"] = round(os.getloadavg()[0], 2)
    table = format_table(evaluate(results))
    print(table)
    for line in _extra_lines(results):
        print(line)
    if json_out:
        Path(json_out).write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


def _extra_lines(results: dict) -> list[str]:
    lines = [f"database: {results.get('residents', '?'):,} residents, "
             f"{results.get('events', '?'):,} events; busiest resident "
             f"{results.get('busiest_resident')} ({results.get('busiest_events', 0):,} events)"]
    lines.append(f"machine load (1-minute average) before/after: {results['load_before']} / "
                 f"{results['load_after']} on {results['cpus']} CPUs: other busy processes "
                 "skew every number")
    if results.get("startup_cpu_ms") is not None:
        lines.append(f"start-up processor time to painted: the app's process "
                     f"{results['startup_cpu_ms']:.0f} ms (and its checking child "
                     f"{results['startup_child_cpu_ms']:.0f} ms, on the other core), the "
                     f"minimal app {results['minimal_startup_cpu_ms']:.0f} ms: "
                     f"{results['startup_cpu_ratio']:.2f}x")
    if results.get("first_start_ms") is not None:
        lines.append(f"first start of the run (daily backup if none yet today): "
                     f"{results['first_start_ms']:.0f} ms; the backup alone: "
                     f"{results.get('backup_ms', 0):.0f} ms")
    if results.get("checkin_commit_typical_ms") is not None:
        lines.append(f"check-in commit ({results.get('checkin_measured_with')}): busiest "
                     f"resident {results['checkin_commit_ms']:.1f} ms, a typical resident "
                     f"{results['checkin_commit_typical_ms']:.1f} ms")
    if results.get("timeline_reopen_ms") is not None:
        lines.append(f"busiest resident opened again (Escape, then open): "
                     f"{results['timeline_reopen_ms']:.1f} ms to the first timeline page")
    if results.get("floor_plain_screen_ms") is not None:
        lines.append("floor (bare Textual, same run): plain screen push "
                     f"{results['floor_plain_screen_ms']:.1f} ms, 20,000-row Line-API list "
                     f"scrolled to its middle {results['floor_line_scroll_ms']:.1f} ms")
    how = {run.get("timeline_scroll_how") for run in results.get("scenario_runs", [])} - {None}
    if how:
        lines.append("timeline scroll measured as: " + "; ".join(sorted(how)))
    phases = results.get("stall_by_phase_ms") or {}
    if phases:
        lines.append("longest stall by phase (median of runs): " + ", ".join(
            f"{p} {v:.0f} ms" for p, v in phases.items()))
    for key in ("filter_keystroke_ms", "timeline_scroll_ms", "floor_plain_screen_ms",
                "floor_line_scroll_ms", "stall_ms", "maxrss_mb"):
        if results.get(key + "_max") is not None:
            lines.append(f"worst {key}: {results[key + '_max']:.1f}")
    for key in sorted(k for k in results if k.startswith("service_")):
        lines.append(f"{key[8:]}: {results[key]:.1f} ms (service call, median)")
    for note in results.get("notes", []):
        lines.append(f"note: {note}")
    return lines


def temp_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="peer-tui-bench-"))
