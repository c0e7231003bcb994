"""Reading the check-in questionnaire: the packaged one, or a house's own JSON file.

A house points the ``questionnaire`` setting at its own file to change the questions or what
the answers set in motion. The file is checked against the schema when the program starts,
and a mistake is reported in one line that names the question and option, not pydantic's
locations.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from peer_tui.models.checkin_schemas import Questionnaire
from peer_tui.models.schemas import _message
from peer_tui.models.seed import load_asset_json
from peer_tui.settings import SettingsProblem


def _where(loc: tuple, raw) -> str:
    """('questions', 3, 'options', 1, 'concern') -> "question use, option yes, concern"."""
    parts: list[str] = []
    node = raw
    items = list(loc)
    while items:
        name = items.pop(0)
        index = items.pop(0) if items and isinstance(items[0], int) else None
        node = node.get(name) if isinstance(node, dict) else None
        if index is None:
            parts.append(str(name))
            continue
        entry = node[index] if isinstance(node, list) and index < len(node) else None
        label = {"questions": "question", "options": "option"}.get(str(name), str(name))
        tag = entry.get("id" if name == "questions" else "key") if isinstance(entry, dict) \
            else None
        parts.append(f"{label} {tag}" if isinstance(tag, str) else f"{label} {index + 1}")
        node = entry
    return ", ".join(parts)


def parse(raw, source: str) -> Questionnaire:
    """Build the questionnaire from RAW (parsed JSON); SettingsProblem in one line if bad."""
    if not isinstance(raw, dict):
        raise SettingsProblem(f"{source} is not valid: it must be a JSON object with "
                              "\"questions\".")
    try:
        return Questionnaire(**raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        said = error.get("msg", "").removeprefix("Value error, ")
        if error["type"] == "value_error" and said.startswith("question"):
            problem = said.rstrip(".") + "."  # our own check: it names the question already
        else:
            where = _where(tuple(error["loc"]), raw)
            problem = (f"{where}: " if where else "") + _message(error)
        raise SettingsProblem(f"{source} is not valid: {problem}") from None


def load(path: str | None) -> Questionnaire:
    """The house's questionnaire at PATH, or the packaged one when PATH is empty."""
    if not path:
        return parse(load_asset_json("questionnaire.json"), "The packaged questionnaire")
    source = f"Questionnaire file {path}"
    try:
        raw = json.loads(Path(path).expanduser().read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsProblem(f"{source} cannot be read: {exc.strerror or exc}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SettingsProblem(f"{source} is not valid JSON: {exc}.") from None
    return parse(raw, source)


__all__ = ["load", "parse"]
