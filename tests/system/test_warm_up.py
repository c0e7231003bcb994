"""Warming up: the screens a sign-in opens next are imported a module per step, dependencies
first, while the app waits; each step runs one module of the program, not a chain of them.

Run in fresh interpreters: in the test process every module is imported already."""

from __future__ import annotations

import json
import subprocess
import sys

from peer_tui.app import NEXT_SCREENS
from peer_tui.screens.warm_up import needs


def fresh(code: str):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[-1])


def test_a_module_needs_its_top_imports_and_a_root_also_what_its_keys_open():
    top = needs("peer_tui.screens.caseload")
    assert "peer_tui.services.caseload_query" in top
    assert "peer_tui.screens.caseload_columns" in top  # from peer_tui.screens import ... as
    assert "peer_tui.screens.resident" not in top  # imported where Enter opens it
    assert "peer_tui.screens.resident" in needs("peer_tui.screens.caseload", deep=True)


def test_each_step_imports_one_module_of_the_program():
    steps = fresh(
        "import importlib, json, sys\n"
        "import peer_tui.app\n"
        "from peer_tui.app import NEXT_SCREENS\n"
        "from peer_tui.screens.warm_up import import_order\n"
        "ours = lambda: {m for m in sys.modules if m.startswith('peer_tui')}\n"
        "steps = []\n"
        "for name in import_order(NEXT_SCREENS):\n"
        "    if name in sys.modules:\n"
        "        continue\n"
        "    before = ours()\n"
        "    importlib.import_module(name)\n"
        "    steps.append(sorted(ours() - before))\n"
        "print(json.dumps(steps))\n")
    assert len(steps) > 50  # the caseload and the resident view are most of the program
    assert [step for step in steps if len(step) != 1] == []


def test_the_app_imports_them_while_the_sign_in_waits_and_freezes_them(tmp_path):
    """Then, like start-up's objects, what it imported is kept out of the collector's full
    passes (frozen once the last module is in)."""
    imported, frozen_more = fresh(
        "import asyncio, gc, json, sys\n"
        "from peer_tui.storage import open_and_upgrade\n"
        "from peer_tui.app import PeerTuiApp, NEXT_SCREENS\n"
        "async def main():\n"
        "    app = PeerTuiApp(first_run=False)\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "        at_start = gc.get_freeze_count()\n"
        "        for _ in range(3000):\n"  # a guard against a run that never ends, not a time
        "            if app.warm_up.done:\n"
        "                break\n"
        "            await pilot.pause(0.01)\n"
        "        return ([name in sys.modules for name in NEXT_SCREENS],\n"
        "                gc.get_freeze_count() > at_start > 0)\n"
        f"open_and_upgrade({str(tmp_path / 'warm.db')!r})\n"
        "print(json.dumps(asyncio.run(main())))\n")
    assert imported == [True] * len(NEXT_SCREENS) and frozen_more


def test_a_busy_machine_does_not_stop_it_partway(tmp_path):
    """On a busy machine the process is put aside for a few milliseconds at any moment. A
    one-shot Textual timer whose task is put aside between its two first readings of the
    clock finds its moment gone, skips its only tick and never calls back: a step scheduled
    with one ended the warm-up there. Here Textual's timers read a clock that is 5 ms later
    at every reading (each step is 2 ms apart), and the warm-up still imports every module."""
    imported = fresh(
        "import asyncio, json, sys, time\n"
        "import textual.timer\n"
        "from peer_tui.storage import open_and_upgrade\n"
        "from peer_tui.app import PeerTuiApp, NEXT_SCREENS\n"
        "class PutAside:\n"
        "    sleep = staticmethod(textual.timer._time.sleep)\n"
        "    lag = 0.0\n"
        "    def get_time(self):\n"
        "        self.lag += 0.005\n"
        "        return time.monotonic() + self.lag\n"
        "textual.timer._time = PutAside()\n"
        "async def main():\n"
        "    app = PeerTuiApp(first_run=False)\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "        for _ in range(3000):\n"  # a guard against a run that never ends, not a time
        "            if app.warm_up.done:\n"
        "                break\n"
        "            await pilot.pause(0.01)\n"
        "        return [name in sys.modules for name in NEXT_SCREENS]\n"
        f"open_and_upgrade({str(tmp_path / 'warm.db')!r})\n"
        "print(json.dumps(asyncio.run(main())))\n")
    assert imported == [True] * len(NEXT_SCREENS)


class _Idle:
    """An app that is always waiting for a person: no screen change, keys or workers."""

    screen_stack: list = []
    last_activity = -1e9
    workers: list = []

    def call_later(self, callback) -> None:
        callback()


def test_a_step_waiting_for_a_module_runs_once_it_is_in_before_the_rest(monkeypatch):
    """The resident view is built as soon as what it shows first is imported, not after
    the forms and dialogs its keys open (most of the modules behind it)."""
    import types

    from peer_tui.screens import warm_up

    imported: list[str] = []

    def importing(name):
        imported.append(name)
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))

    monkeypatch.setattr(warm_up.importlib, "import_module", importing)
    monkeypatch.setattr(warm_up, "AHEAD", True)
    steps = warm_up.WarmUp(_Idle())
    steps._order = iter(["_warm_a", "_warm_view", "_warm_form", "_warm_dialog"])  # noqa: SLF001
    steps._after = lambda seconds: None  # noqa: SLF001 - the test takes the steps
    steps._screen_since = -1e9  # noqa: SLF001 - no screen opened just now
    ran: list[tuple] = []
    steps.ahead(lambda: ran.append(("at the end", list(imported))))
    steps.ahead(lambda: ran.append(("the view", list(imported))), after="_warm_view")
    for _ in range(8):
        steps._step()  # noqa: SLF001
    assert ran == [("the view", ["_warm_a", "_warm_view"]),
                   ("at the end", ["_warm_a", "_warm_view", "_warm_form", "_warm_dialog"])]


def test_what_a_root_opens_comes_after_the_root_itself():
    """A root's own imports first (what it shows), then what its keys open; also for a
    root imported already (the caseload, imported at the PIN's Enter)."""
    order = fresh(
        "import json, sys\n"
        "import peer_tui.app\n"
        "import peer_tui.screens.caseload\n"
        "from peer_tui.app import NEXT_SCREENS\n"
        "from peer_tui.screens.warm_up import import_order\n"
        "print(json.dumps(list(import_order(NEXT_SCREENS))))\n")
    view = order.index("peer_tui.screens.resident")
    for opened in ("peer_tui.screens.contact_form", "peer_tui.screens.event_filter",
                   "peer_tui.screens.widgets.plan_pane"):
        assert order.index(opened) > view
    assert "peer_tui.screens.report_view" in order  # a caseload key's, imported already


def test_no_import_while_the_screen_has_a_drawing_to_come(monkeypatch):
    """An opening's last frames come a moment after its last answer: an import then held
    them back. The step waits until the screen has nothing left to draw."""
    import types

    from peer_tui.screens import warm_up

    imported: list[str] = []

    def importing(name):
        imported.append(name)
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))

    monkeypatch.setattr(warm_up.importlib, "import_module", importing)
    screen = types.SimpleNamespace(_layout_required=False, _repaint_required=False,
                                   _dirty_widgets={"the footer's keys"}, _callbacks=[])
    app = _Idle()
    app.screen_stack = [screen]
    steps = warm_up.WarmUp(app)
    steps._order = iter(["_warm_a"])  # noqa: SLF001
    steps._after = lambda seconds: None  # noqa: SLF001 - the test takes the steps
    steps._screen, steps._screen_since = screen, -1e9  # noqa: SLF001 - shown long ago
    steps._step()  # noqa: SLF001
    assert imported == []
    screen._dirty_widgets = set()
    steps._step()  # noqa: SLF001
    assert imported == ["_warm_a"]
