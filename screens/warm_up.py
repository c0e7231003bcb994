"""Importing the screens a session opens next, one module at a time, while the app waits.

The caseload and what its keys open (the resident view above all) import about a hundred
modules, 100-150 ms on a 2-core machine: imported at once, at the PIN's Enter or at the first
Enter on a resident, they held the event loop that long. ``WarmUp`` imports them one module
per step on the event loop, dependencies first, so that a step runs one module's own body
(a few milliseconds) and between steps the loop draws and reads keys. No step runs just
after a key or a click, just after a screen opened, or while a worker's answer is awaited:
the steps use the time the app waits for a person. It never imports in a thread: a thread
importing holds the loop on Python's import locks, and keys typed meanwhile can reach the
wrong field.

Which modules a module needs is read from its source: the ``import`` and ``from ... import``
lines at the left margin (imports inside functions are deferred on purpose and are not
followed, except in a root: what its keys open is what comes next). A dependency the reading
misses only makes a step longer; the import itself is Python's, so nothing can be missed.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import re
import sys
from time import monotonic
from typing import Callable, Iterator

from peer_tui.heap import freeze_imported_ahead

# Steps after the imports (``ahead``: building what a key will show) are taken. The test
# suite turns them off but in the tests of them: when an app is first idle long enough is up
# to the machine, and a test must see the same app each time it runs.
AHEAD = True
STEP_SECONDS = 0.002  # between two modules: a frame or a key can come in between
QUIET_SECONDS = 0.05  # no import this soon after a key, a click or a new screen
PACKAGE = "peer_tui"

_TOP = re.compile(rf"^(?:from\s+({PACKAGE}[\w.]*)\s+import\s+(\([^)]*\)|[^\n]*)"
                  rf"|import\s+({PACKAGE}[\w.]*))", re.M)
_ANYWHERE = re.compile(_TOP.pattern.replace("^", r"^[ \t]*", 1), re.M)


def _source(name: str) -> tuple[str, bool] | None:
    """The source of module NAME and whether it is a package (None: not ours, or no file)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not (spec.origin or "").endswith(".py"):
        return None
    try:
        with open(spec.origin, encoding="utf-8") as handle:
            return handle.read(), spec.submodule_search_locations is not None
    except OSError:
        return None


def needs(name: str, deep: bool = False) -> list[str]:
    """The modules of this program that module NAME imports at its top (DEEP: anywhere)."""
    found = _source(name)
    if found is None:
        return []
    modules: list[str] = []
    for match in (_ANYWHERE if deep else _TOP).finditer(found[0]):
        package, names, plain = match.groups()
        if plain:
            modules.append(plain)
            continue
        modules.append(package)
        parent = _source(package)
        # "from peer_tui.screens import caseload_columns as cols" names a module too.
        if parent is not None and parent[1]:
            for item in names.strip("()").split(","):
                word = item.split(" as ")[0].strip()
                if word.isidentifier() and _source(f"{package}.{word}") is not None:
                    modules.append(f"{package}.{word}")
    return modules


def import_order(roots: tuple[str, ...], deep: bool = True) -> Iterator[str]:
    """The modules ROOTS need and are not imported yet, each after those it needs (with
    DEEP, also what a root imports inside its functions: after the root itself, so that
    what the root shows first is in before what its keys open, and also for a root that
    is imported already)."""
    seen: set[str] = set()

    def visit(name: str) -> Iterator[str]:
        if name in seen or name in sys.modules:
            return
        seen.add(name)
        for module in needs(name):
            yield from visit(module)
        yield name

    for root in roots:
        yield from visit(root)
        if deep:
            for module in needs(root, deep=True):
                yield from visit(module)


def _drawing_due(screen) -> bool:
    """SCREEN has something still to lay out or draw (or to run once it is drawn): the
    frames that end an opening come a moment after its last answer, and an import then
    held them back (the timeline's second frame, as its footer took the tab's keys)."""
    if screen is None:
        return False
    return bool(getattr(screen, "_layout_required", False)
                or getattr(screen, "_repaint_required", False)
                or getattr(screen, "_dirty_widgets", None)
                or getattr(screen, "_callbacks", None))


class WarmUp:
    """Imports ROOTS (and what they import) a module per step on APP's event loop, then
    calls THEN (on the loop, at a quiet moment like a step)."""

    def __init__(self, app, *roots: str, deep: bool = True, then=None) -> None:
        self.app = app
        self._order = import_order(roots, deep)
        self._then = then
        self.imported = 0  # modules this warm-up imported
        self.done = False
        # Steps after the imports (``ahead``), each with the module it waits for (None:
        # all of them).
        self._ahead: list[tuple[Callable[[], None], str | None]] = []
        self._stepping = False
        self._screen = None  # the screen shown at the step before
        self._screen_since = monotonic()

    def start(self) -> None:
        if self._stepping:
            return
        self._stepping = True
        self._after(STEP_SECONDS)

    def ahead(self, step: Callable[[], None], after: str | None = None) -> None:
        """Run STEP once the imports are in, at a moment the app waits, as an import would
        be (building ahead what a key will show: a step of the same few milliseconds).
        AFTER: once that module is imported, before the imports still to come."""
        if not AHEAD:
            return
        self._ahead.append((step, after))
        if not self._stepping:
            self.start()

    def _next_ahead(self) -> Callable[[], None] | None:
        """The first step ahead that may run now (taken off the list), or None."""
        for index, (step, after) in enumerate(self._ahead):
            if self.done or (after is not None and after in sys.modules):
                del self._ahead[index]
                return step
        return None

    def _after(self, seconds: float) -> None:
        """The next step in SECONDS. Not with the app's set_timer: a one-shot Textual timer
        whose task finds more than its delay gone between two readings of the clock (the
        process put aside by a busy machine) skips its only tick and never calls back, and
        the warm-up stopped partway for good (about one start in 24 at a load of 6, with
        steps 2 ms apart). asyncio's own timer always fires; the step then runs among the
        app's messages, and not at all once the app is closing."""
        asyncio.get_running_loop().call_later(seconds, self.app.call_later, self._step)

    def _busy(self) -> bool:
        """A key or a click just now, a screen just opened, a worker whose answer the
        screen waits for, or a drawing still to come: the import waits (it would hold all
        of them back)."""
        now = monotonic()
        screen = self.app.screen_stack[-1] if self.app.screen_stack else None
        if screen is not self._screen:
            self._screen, self._screen_since = screen, now
        since = max(getattr(self.app, "last_activity", 0.0), self._screen_since)
        return now - since < QUIET_SECONDS or _drawing_due(screen) or \
            any(not worker.is_finished for worker in self.app.workers)

    def _step(self) -> None:
        if self._busy():
            self._after(QUIET_SECONDS)
            return
        step = self._next_ahead()
        if step is not None:
            step()
            self._after(STEP_SECONDS)
            return
        for name in self._order:
            if name in sys.modules:
                continue
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the screen's own import says what is wrong
                self._stepping = False
                return
            self.imported += 1
            self._after(STEP_SECONDS)
            return
        if not self.done:
            self.done = True
            if self.imported:
                freeze_imported_ahead()  # they live as long as the program, as start-up's do
            if self._then is not None:
                self._then()
        step = self._next_ahead()
        if step is not None:
            step()
            self._after(STEP_SECONDS)
            return
        self._stepping = False
