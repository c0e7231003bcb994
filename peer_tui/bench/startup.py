"""Child process for the start-up measurement: process start to first screen painted.

``python -m peer_tui.bench.startup app --db PATH`` goes through the real command line
(open and check the database, daily backup, build the staff app) with the app run headless;
``... startup minimal`` paints a one-label Textual app, our floor. Either prints one JSON line:
the wall-clock time the screen was painted and the process's peak RSS. The parent subtracts
the time it started the process.
"""

from __future__ import annotations

import json
import resource
import sys
import time

SIZE = (100, 30)


def _report(extra: dict | None = None) -> None:
    data = {"painted_at": _PAINTED.get("at"),
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    data.update(extra or {})
    sys.stdout.write(json.dumps(data) + "\n")


_PAINTED: dict[str, float] = {}


def _probe(app, pred) -> None:
    """Schedule: when PRED holds and the screen has refreshed, note the time and exit."""
    from peer_tui.bench.probe import painted

    async def watch() -> None:
        await painted(app, pred, timeout=60)
        _PAINTED["at"] = time.time()
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
    import peer_tui.app as app_module
    from peer_tui import cli

    base = app_module.PeerTuiApp

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

    app_module.PeerTuiApp = Probed
    code = cli.main(["--db", db])
    _report({"exit": code})
    return code


def main(argv: list[str]) -> int:
    if argv[:1] == ["minimal"]:
        return minimal()
    if argv[:2] and argv[0] == "app" and "--db" in argv:
        return staff_app(argv[argv.index("--db") + 1])
    print("usage: python -m peer_tui.bench.startup minimal | app --db PATH", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
