"""Layering: models and services never import Textual; nothing imports bare models/screens."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_models_and_services_do_not_import_textual():
    code = (
        "import importlib, pkgutil, sys\n"
        "import peer_tui.models as m, peer_tui.services as s\n"
        "for pkg in (m, s):\n"
        "    for info in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + info.name)\n"
        "print('textual' in sys.modules, 'rich' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False False"


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
