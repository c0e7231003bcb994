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
        "import json, sys\n"
        "import peer_tui.app\n"
        "def run(self, **kwargs):\n"  # where the app would take the terminal
        "    print(json.dumps([sorted(m for m in ('pydantic', 'peewee') if m in sys.modules),\n"
        "                      self.house_name, self.is_demo, self.first_run]))\n"
        "peer_tui.app.PeerTuiApp.run = run\n"
        "from peer_tui import cli\n"
        f"sys.exit(cli.main(['--db', {str(db)!r}]))\n")
    started = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, timeout=120)
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout) == [[], "Harbor House", True, False]
    # The child made the daily backup, and the command line waited for it.
    assert list((tmp_path / "backups").glob("house-auto-*.db"))
