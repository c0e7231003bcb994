"""Child process for the start-up measurement: process start to first screen painted.

``python -m peer_tui.bench.startup app --db PATH`` goes through the real command line
(the database checked and the daily backup made by its child process, the staff app built)
with the app run headless;
``... startup minimal`` paints a one-label Textual app, our floor. Either prints one JSON line:
the wall-clock time the screen was painted and the process's peak RSS. The parent subtracts
the time it started the process. Also the processor time the process had used when the screen
was painted, and (read once the app has ended) what its child processes used: the staff
app's checks run in one, on the other core, while this process loads Textual. Processor time
does not grow with the machine's load as wall-clock time does.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import json
import resource
import sys
import time

SIZE = (100, 30)


def _cpu_ms(who: int) -> float:
    used = resource.getrusage(who)
    return (used.ru_utime + used.ru_stime) * 1000


def _report(extra: dict | None = None) -> None:
    data = {"painted_at": _PAINTED.get("at"), "cpu_ms": _PAINTED.get("cpu_ms"),
            "children_cpu_ms": _cpu_ms(resource.RUSAGE_CHILDREN),
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    data.update(extra or {})
    sys.stdout.write(json.dumps(data) + "\n")


_PAINTED: dict[str, float] = {}


def _probe(app, pred) -> None:
    """Schedule: when PRED holds and the screen has refreshed, note the time and exit."""
    from peer_tui.bench.probe import painted

    async def watch() -> None:
        # The first frame of an app: nothing came before it to correct, and the app ends.
        await painted(app, pred, timeout=60, settle=False)
        _PAINTED["at"] = time.time()
        _PAINTED["cpu_ms"] = _cpu_ms(resource.RUSAGE_SELF)
        app.exit()

    app.run_worker(watch(), exclusive=False)


def minimal() -> int:
    from textual.app import App
    from textual.widgets import Label

    class Minimal(App):
        def compose(self):
            yield Label("peer-tui", id="hello")

        def on_mount(self) -> None:
            _probe(self, lambda: self.query_one("#hello").is_mounted)

    Minimal().run(headless=True, size=SIZE)
    _report()
    return 0


def staff_app(db: str) -> int:
    from peer_tui import cli

    def probed(base):
        class Probed(base):  # type: ignore[misc, valid-type]
            def on_mount(self) -> None:
                # Textual calls the app's own on_mount as well (each class's handler, most
                # derived first): calling it here too pushed a second sign-in screen.
                _probe(self, self._signin_ready)

            def _signin_ready(self) -> bool:
                """the sign-in screen with its username field focused"""
                from peer_tui.screens.signin import SignInScreen

                return isinstance(self.screen, SignInScreen) and \
                    self.focused is not None and self.focused.id == "username"

            def run(self, **kwargs):
                return super().run(headless=True, size=SIZE)

        return Probed

    # The app class is replaced as its module is imported, where the command line imports
    # it: importing it here first would load Textual before the command line starts its
    # checks beside that import, and measure another order of work than a real start's.
    sys.meta_path.insert(0, _Replace("peer_tui.app", "PeerTuiApp", probed))
    code = cli.main(["--db", db])
    _report({"exit": code})
    return code


class _Replace(importlib.abc.MetaPathFinder):
    """Once module NAME is imported, its ATTR is replaced by WRAP(ATTR)."""

    def __init__(self, name: str, attr: str, wrap) -> None:
        self.name, self.attr, self.wrap = name, attr, wrap

    def find_spec(self, name, path, target=None):
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module

        def exec_module(module) -> None:
            run(module)
            setattr(module, self.attr, self.wrap(getattr(module, self.attr)))

        spec.loader.exec_module = exec_module
        return spec


def main(argv: list[str]) -> int:
    if argv[:1] == ["minimal"]:
        return minimal()
    if argv[:2] and argv[0] == "app" and "--db" in argv:
        return staff_app(argv[argv.index("--db") + 1])
    print("usage: python -m peer_tui.bench.startup minimal | app --db PATH", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
