"""Every action method of every screen, pane and app is driven by at least one Pilot test.

A test says which actions it drives with ``@pytest.mark.actions("Class.action", ...)``
(``Class`` is the class that defines ``action_<action>``); conftest.py fails that test if a
listed action never ran. This test reads the marks of every test file (without running them)
and fails when an action of the program has none: a new key needs a test that presses it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import action_methods

TESTS = Path(__file__).resolve().parent.parent

#: Actions with no marked test yet, each with the reason it is here (none today: every key
#: has a test). The test below also fails when an entry gets a test, so this only shrinks.
NOT_YET: dict[str, str] = {}


def marked_actions() -> dict[str, list[str]]:
    """``"Class.action"`` -> the tests whose ``@pytest.mark.actions(...)`` names it."""
    marked: dict[str, list[str]] = {}
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for decorator in node.decorator_list:
                if (isinstance(decorator, ast.Call)
                        and ast.unparse(decorator.func) == "pytest.mark.actions"):
                    for arg in decorator.args:
                        assert isinstance(arg, ast.Constant), f"{path.name}::{node.name}"
                        marked.setdefault(arg.value, []).append(f"{path.name}::{node.name}")
    return marked


def test_every_action_method_has_a_test():
    actions, marked = set(action_methods()), marked_actions()
    untested = sorted(actions - set(marked) - set(NOT_YET))
    assert not untested, (
        "these actions have no test: write a Pilot test that presses their key, checks the "
        "effect and is marked @pytest.mark.actions(...) with them:\n  " + "\n  ".join(untested))


def test_marks_name_real_actions_and_the_allow_list_only_shrinks():
    actions, marked = set(action_methods()), marked_actions()
    assert not set(marked) - actions, f"marks naming no action: {sorted(set(marked) - actions)}"
    assert not set(NOT_YET) - actions, f"gone from the program: {sorted(set(NOT_YET) - actions)}"
    tested = sorted(set(NOT_YET) & set(marked))
    assert not tested, f"tested now, take them off NOT_YET: {tested}"


def test_the_list_of_actions_is_read_from_the_program():
    """The scan itself works: it finds actions of screens, panes, dialogs and both apps."""
    actions = action_methods()
    for name in ("CaseloadScreen.filter", "PlanPane.edit", "GoalForm.save",
                 "TimelinePane.jump", "PeerTuiApp.lock", "KioskApp.staff_unlock"):
        assert name in actions, name


def test_every_action_says_what_its_key_does():
    """Each action's docstring names its key and whom it is for (``"s, clinical staff: ..."``),
    which is what a reader of the screen's code looks for first."""
    undocumented = sorted(name for name, (cls, attr) in action_methods().items()
                          if not (getattr(cls, attr).__doc__ or "").strip())
    assert not undocumented, "these actions have no docstring:\n  " + "\n  ".join(undocumented)


def test_every_form_saves_with_its_own_action():
    """Ctrl+S is bound once, on FormModal; each form that opens (a class nothing else builds
    on) defines what it saves. A form without ``action_save`` would answer Ctrl+S with
    nothing at all."""
    from peer_tui.screens.event_form import FormModal

    action_methods()  # imports every screen module, so every form class exists

    def forms(cls: type) -> list[type]:
        below = cls.__subclasses__()
        return [cls] if not below else [f for sub in below for f in forms(sub)]

    leaves = forms(FormModal)
    assert len(leaves) > 30
    unsaved = sorted(f.__name__ for f in leaves if not callable(getattr(f, "action_save", None)))
    assert not unsaved, f"forms whose Ctrl+S does nothing: {unsaved}"
