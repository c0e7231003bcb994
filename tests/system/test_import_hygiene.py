"""Layering: the import contracts of pyproject.toml hold, imports inside functions are the
listed deferrals, models and services never load Textual, nothing imports bare models/screens.

The contracts say what may import what; the tests here also say what they cannot: what is
loaded at run time, and that the installed package has every module."""

from __future__ import annotations

import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def python_says(code: str) -> str:
    """What a fresh interpreter running CODE prints (it must succeed)."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_models_and_services_do_not_import_textual():
    code = (
        "import importlib, pkgutil, sys\n"
        "import peer_tui.models as m, peer_tui.services as s\n"
        "for pkg in (m, s):\n"
        "    for info in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + info.name)\n"
        "print('textual' in sys.modules, 'rich' in sys.modules)\n"
    )
    assert python_says(code) == "False False"


def test_no_bare_imports_of_project_folders():
    bare = re.compile(r"^\s*(from|import)\s+(models|screens|assets)\b", re.M)
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("peer_tui", "screens", "models", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if bare.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_module_is_in_the_installed_package():
    import peer_tui.models
    import peer_tui.screens

    assert {i.name for i in pkgutil.iter_modules(peer_tui.models.__path__)} >= {
        "db", "migrations", "people", "events", "plans", "audit"}
    assert "base" in {i.name for i in pkgutil.iter_modules(peer_tui.screens.__path__)}


# -- the architecture as contracts ----------------------------------------------------------------
def installed_layout(into: Path) -> Path:
    """The package as pip installs it (screens/ and models/ mapped into peer_tui), built from
    the source tree, so the contracts see every module whichever way the project is installed."""
    import shutil
    import tomllib

    package_dir = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-dir"]
    for package, folder in package_dir.items():
        target = into.joinpath(*package.split("."))
        target.mkdir(parents=True, exist_ok=True)
        for source in (ROOT / folder).glob("*.py"):
            shutil.copy(source, target / source.name)
    return into


def lint_imports(layout: Path) -> subprocess.CompletedProcess:
    linter = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(layout)}
    return subprocess.run([str(linter), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
                          capture_output=True, text=True, cwd=layout, env=env, timeout=300)


def test_the_import_contracts_hold(tmp_path):
    """Layers (apps > screens > services > models), no Textual below the screens, no cycles
    among services: pyproject.toml's [tool.importlinter] contracts."""
    result = lint_imports(installed_layout(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_contracts(tmp_path):
    """The contracts are read and enforced: a service that imports a screen is refused."""
    layout = installed_layout(tmp_path)
    service = layout / "peer_tui" / "services" / "house.py"
    service.write_text(service.read_text() + "\nfrom peer_tui.screens import base  # noqa\n")
    result = lint_imports(layout)
    assert result.returncode != 0
    assert "peer_tui.services.house -> peer_tui.screens.base" in result.stdout


def function_level_imports() -> set[str]:
    """'importer -> imported' for every import made inside a function, outside the benchmark
    (a tool on top of the app, loading what each measurement needs)."""
    import ast
    import tomllib

    package_dir = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-dir"]
    found = set()
    for package, folder in package_dir.items():
        if package == "peer_tui.bench":
            continue
        for source in (ROOT / folder).glob("*.py"):
            module = package if source.stem == "__init__" else f"{package}.{source.stem}"
            tree = ast.parse(source.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom):
                        names = [node.module] if node.module != "peer_tui" else [
                            f"peer_tui.{alias.name}" for alias in node.names]
                    elif isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    else:
                        continue
                    found.update(f"{module} -> {name}" for name in names)
    return found


def test_imports_inside_functions_are_the_listed_deferrals():
    """An import inside a function hides a cycle or a cost: each one is listed, with its
    reason, in pyproject.toml's [tool.peer-tui.deferred-imports]; every other import sits at
    the top of its module."""
    import tomllib

    listed = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["peer-tui"][
        "deferred-imports"]
    assert all(reason.strip() for reason in listed.values())
    assert function_level_imports() == set(listed)


def test_the_staff_app_loads_only_what_the_sign_in_needs():
    """What the command line and the staff app import before the sign-in is drawn leaves out
    the staff screens, the training course's schemas and the date words (deferred, each with
    its reason in pyproject.toml)."""
    code = (
        "import sys\n"
        "import peer_tui.commands, peer_tui.app\n"
        "from peer_tui.settings import get_settings\n"
        "get_settings()\n"
        "later = ['peer_tui.screens.caseload', 'peer_tui.screens.resident',\n"
        "         'peer_tui.models.training_seed', 'peer_tui.models.training_schemas',\n"
        "         'peer_tui.shift', 'peer_tui.dates']\n"
        "print([name for name in later if name in sys.modules])\n"
    )
    assert python_says(code) == "[]"


def test_the_app_s_own_process_loads_no_staff_screen_before_the_sign_in():
    """The process that draws the sign-in (the command line, the start, the app; the checks
    run in a child) leaves out what only a signed-in session opens: the staff screens' base
    with Textual's DataTable, help, the lock, and importlib's resource readers."""
    code = (
        "import sys\n"
        "import peer_tui.cli, peer_tui.staff_start, peer_tui.app, peer_tui.screens.signin\n"
        "later = ['peer_tui.screens.base', 'textual.widgets._data_table',\n"
        "         'peer_tui.screens.help', 'peer_tui.screens.lock', 'importlib.readers']\n"
        "print([name for name in later if name in sys.modules])\n"
    )
    assert python_says(code) == "[]"
