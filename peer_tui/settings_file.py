"""Where the settings file is, and its problem, without pydantic: the staff app's start checks
whether there is a file before it loads what validates one (``peer_tui.checks``)."""

from __future__ import annotations

import os
from pathlib import Path

KIOSK_HOUSE_DEFAULT = ""  # the kiosk_house setting without a settings file


class SettingsProblem(Exception):
    pass


def settings_path() -> Path:
    if os.environ.get("PEER_TUI_SETTINGS"):
        return Path(os.environ["PEER_TUI_SETTINGS"])
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(Path.home(), ".config")
    return Path(base) / "peer-tui" / "settings.json"
