"""Rebuild the old-schema fixture databases in tests/data (one per past schema version).

Each fixture is made by the peer-tui of the last commit at which that schema version was the
newest, so the upgrade tests open files exactly as an older installation left them:

    python tests/make_schema_fixtures.py            # all of them
    python tests/make_schema_fixtures.py 4 5        # only these versions

For each version: check the commit out into a temporary git worktree, install it in its own
virtual environment, run its ``peer-tui --db FILE demo``, then, with that same old Python,
``schema_fixture_writes.py`` shrinks the file to a few residents (the demo has forty) and
writes the rows the demo leaves out (a concern note, a plan review, audit rows, and from
schema 4 a goal-update proposal and a meeting attended), so every table has data.

schema_v1.sqlite3 is older than this script: it was built with ``migrate_to(1)`` and holds one
resident; no released version stopped at schema 1 (the first commit already had migration 2).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# version -> the last commit whose models/migrations.py ends at that version
COMMITS = {
    2: "18cfb6a",  # Benchmark reports the machine load before and after
    3: "b08f2b1",  # Date reader: a moment given as today counts as its calendar day
    4: "332ecdf",  # Check-in follow-up test also reads the caseload's needs-attention rule
    5: "47fa166",  # Plan details dialog: every field keeps its height
    6: "15703d8",  # Date field docstring: everything typed is read at the moment it was typed
    7: "95d4d02",  # tests/README: the registry of keys, thresholds, the roles matrix
    8: "d8aa780",  # Tests after the last landings met: a schema 7 fixture
    9: "dbac63b",  # README: referral and directory keys
    10: "b8b4abd",  # Schema 8 and 9 fixtures
    11: "dc10a35",  # Tests that met referrals, consents and the BARC-10 after the rebase
    12: "300b0ee",  # The roles matrix names require where it now lives
    13: "5807e85",  # Trainee view: the Checks column has a fixed width
    14: "b17a3c1",  # BARC-10 staff test: the plan tab's answers are read after settle alone
    15: "7e1d231",  # The caseload's keys are read from an index alone
    16: "124cb78",  # staff_start: its docstring says what the checks load now
    17: "84f9259",  # Sign-in: its button is Textual's primary Button
}
KEEP_RESIDENTS = 3
HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def fixture_path(version: int) -> Path:
    return HERE / "data" / f"schema_v{version}.sqlite3"


def build(version: int, scratch: Path) -> None:
    commit = COMMITS[version]
    tree = scratch / f"v{version}"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), commit],
                   check=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(tree / ".venv")], check=True)
        python = tree / ".venv" / "bin" / "python"
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(tree)],
                       check=True)
        db = scratch / f"v{version}.db"
        subprocess.run([str(tree / ".venv" / "bin" / "peer-tui"), "--db", str(db), "demo"],
                       check=True, cwd=tree)
        subprocess.run([str(python), str(HERE / "schema_fixture_writes.py"), str(db),
                        str(KEEP_RESIDENTS)], check=True, cwd=tree)
        target = fixture_path(version)
        target.unlink(missing_ok=True)
        shutil.copy(db, target)
        print(f"schema {version}: {target.name} from {commit}, "
              f"{target.stat().st_size // 1024} KiB")
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
                       check=False)


def main(argv: list[str]) -> None:
    versions = [int(v) for v in argv] or sorted(COMMITS)
    with tempfile.TemporaryDirectory(prefix="peer-tui-fixtures-") as scratch:
        for version in versions:
            build(version, Path(scratch))


if __name__ == "__main__":
    main(sys.argv[1:])
