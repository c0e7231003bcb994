"""The command line starts the staff app with its checks in a child process: the app's own
process reaches the sign-in without pydantic or peewee, and knows what the sign-in shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_the_sign_in_starts_before_the_database_layer_loads(tmp_path):
    db = tmp_path / "house.db"
    env = {**os.environ, "PEER_TUI_DATABASE": "", "PYTHONSAFEPATH": "1"}
    made = subprocess.run([sys.executable, "-m", "peer_tui", "--db", str(db), "demo"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert made.returncode == 0, made.stderr
    code = (
        "import gc, json, sys\n"
        "import peer_tui.app\n"
        "def run(self, **kwargs):\n"  # where the app would take the terminal
        "    print(json.dumps([sorted(m for m in ('pydantic', 'peewee') if m in sys.modules),\n"
        "                      self.house_name, self.is_demo, self.first_run,\n"
        "                      gc.isenabled()]))\n"
        "peer_tui.app.PeerTuiApp.run = run\n"
        "from peer_tui import cli\n"
        f"code = cli.main(['--db', {str(db)!r}])\n"
        "print(json.dumps(gc.isenabled()))\n"
        "sys.exit(code)\n")
    started = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, timeout=120)
    assert started.returncode == 0, started.stderr
    at_run, after = started.stdout.splitlines()
    # No collector passes while the app starts (its first screen releases them); a start
    # that ends without drawing releases them too.
    assert json.loads(at_run) == [[], "Harbor House", True, False, False]
    assert json.loads(after) is True
    # The child made the daily backup, and the command line waited for it.
    assert list((tmp_path / "backups").glob("house-auto-*.db"))
