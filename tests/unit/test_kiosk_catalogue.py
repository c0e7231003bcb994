"""Every kiosk string is in the catalogue, in English and Spanish, and nothing is shown bare.

English is the messages themselves (assets/locale/kiosk.pot lists them); Spanish is
es/LC_MESSAGES/kiosk.po, read by the program from its compiled kiosk.mo. The strings are
found as ``pybabel extract`` finds them, over the files babel.cfg names; a string a resident
reads that is not wrapped in ``_``/``N_``/``ngettext`` is caught by reading the kiosk's code.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from peer_tui import kiosk_i18n
from peer_tui.models.seed import load_asset_json
from peer_tui.screens.widgets.kiosk_keys import KEY_NAMES
from peer_tui.services.questionnaire_file import load as load_questionnaire
from peer_tui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "assets" / "locale"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def extracted() -> dict:
    """msgid (or (singular, plural)) -> where it is, as pybabel extract reads the kiosk."""
    with open(LOCALE / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map):
        found[message] = f"{filename}:{lineno}"
    return found


def catalogue(path: Path, locale: str | None = None):
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def test_the_kiosk_has_strings_to_translate():
    found = extracted()
    assert len(found) > 80
    assert "Press Enter to check in" in found  # the welcome screen
    assert "Type a number from {low} to {high}." in found  # an answer's refusal


@pytest.mark.parametrize("path", ["kiosk.pot", "es/LC_MESSAGES/kiosk.po"])
def test_every_kiosk_string_is_in_the_catalogue(path):
    """English (the template) and Spanish list every string the kiosk shows, and no other."""
    ids = {m.id if isinstance(m.id, str) else tuple(m.id)
           for m in catalogue(LOCALE / path) if m.id}
    found = extracted()
    missing = sorted(f"{where}: {message!r}" for message, where in found.items()
                     if message not in ids)
    assert missing == [], f"not in {path} (README, 'Kiosk languages', says how to add them)"
    assert sorted(map(str, ids - set(found))) == [], f"{path} has strings the kiosk no longer has"


def test_spanish_translates_every_string_with_the_same_placeholders():
    spanish = catalogue(LOCALE / "es" / "LC_MESSAGES" / "kiosk.po", "es")
    for message in spanish:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"marked fuzzy: {message.id!r}"
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, (message.id, text)


def test_the_compiled_catalogue_is_the_po_file():
    """kiosk.mo (what the program reads) says what kiosk.po says: compiled after each edit."""
    po = catalogue(LOCALE / "es" / "LC_MESSAGES" / "kiosk.po", "es")
    with open(LOCALE / "es" / "LC_MESSAGES" / "kiosk.mo", "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    for message in po:
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert mo.gettext(message.id) == message.string, message.id
        else:
            singular, plural = message.id
            assert mo.ngettext(singular, plural, 1) == message.string[0]
            assert mo.ngettext(singular, plural, 30) in message.string[1:]


def test_the_installed_package_reads_spanish():
    kiosk_i18n.set_language("es")
    try:
        assert kiosk_i18n._("Press Enter to check in") == "Pulse Enter para registrarse"
        assert kiosk_i18n._("a string no catalogue has") == "a string no catalogue has"
    finally:
        kiosk_i18n.set_language("en")
    assert kiosk_i18n._("Press Enter to check in") == "Press Enter to check in"


# -- nothing a resident reads is left out of the catalogue ----------------------------------
KIOSK_SCREENS = sorted((ROOT / "screens").glob("kiosk_*.py")) + [ROOT / "peer_tui" /
                                                                 "kiosk_app.py"]
STAFF_ONLY = {"kiosk_unlock.py"}  # the staff exit: staff read it, in English
# Screen modules the kiosk uses that are not its own: a word shown through one of them would
# slip past a check of the kiosk's files alone. Each is read by the check as well, or adds no
# words of its own (and says why).
SHARED_AND_READ = {
    "credentials.py",  # the sign-in's two fields: the caller gives the words
    "widgets/kiosk_keys.py",  # the key line and answer rows: the screens give the words
    "widgets/tap_static.py",  # the welcome's big buttons: the welcome gives the words
}
WORDLESS = {
    "base.py": "runs a screen's services; a failure's words are the service's, shown inside a "
               "sentence from the catalogue",
    "text.py": "makes a text safe to show, adds none",
    "colours.py": "picks a theme",
    "terminal_guard.py": "cleans each frame before it reaches the terminal",
}
MARKERS = {"_", "N_", "ngettext"}
# Strings in these places are never shown: styles, ids, worker groups, log lines, the
# language names each written in its own language, staff's stderr after an exit.
NOT_SHOWN_CALLS = {"Binding", "query_one", "query", "log", "error", "run_service"}
NOT_SHOWN_KEYWORDS = {"style", "group", "id", "classes", "overflow", "placeholder_style"}
OWN_LANGUAGE = {"English: press L", "Español: pulse L"}
PROSE = re.compile(r"[A-Za-z]{2,}[,.:;!?]? +[A-Za-z]{2,}")
# Calls whose arguments are shown to the resident, and keywords that are.
SHOWN_CALLS = {"Static", "Text", "keys_text", "KeysBar", "show", "append", "_say", "say",
               "Label", "update", "notify", "TapStatic", "PlainStatic", "set_text"}
SHOWN_KEYWORDS = {"placeholder", "back"}
NOT_SHOWN_NAMES = {"TITLE"}  # the app's title: the kiosk has no header to show it in


def _bare_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and \
                isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))  # docstrings
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # attribute docstrings
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in MARKERS or name in NOT_SHOWN_CALLS:
                skip.update(id(n) for n in ast.walk(node))
            for keyword in node.keywords:
                if keyword.arg in NOT_SHOWN_KEYWORDS:
                    skip.update(id(n) for n in ast.walk(keyword.value))
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in NOT_SHOWN_NAMES
                                                for t in node.targets):
            skip.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, ast.Attribute) and node.attr == "exit_problems":
            parent_calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                            and isinstance(n.func, ast.Attribute) and n.func.value is node]
            for call in parent_calls:
                skip.update(id(n) for n in ast.walk(call))
    bare = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                id(node) not in skip and PROSE.search(node.value) and \
                node.value not in OWN_LANGUAGE:
            bare[id(node)] = node
    # A single word is prose too where it is shown: "next" on the key line, "Now" as an answer.
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        shown = node.args[:1] if name == "plain" else node.args if name in SHOWN_CALLS else []
        shown = [*shown, *(k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS)]
        for argument in shown:
            for constant in _words_in(argument, skip):
                bare[id(constant)] = constant
    return [f"{path.name}:{n.lineno}: {n.value!r}"
            for n in sorted(bare.values(), key=lambda n: (n.lineno, n.col_offset))]


def _words_in(node: ast.AST, skip: set[int]):
    """String constants with a word in them under NODE, not inside a marker or a call that
    shows nothing (getattr, a style)."""
    if id(node) in skip:
        return
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in MARKERS or name in NOT_SHOWN_CALLS or name == "getattr":
            return
        if name == "plain" and node.args:  # plain(text, style)
            yield from _words_in(node.args[0], skip)
            return
    if isinstance(node, ast.keyword) and node.arg in NOT_SHOWN_KEYWORDS:
        return
    if isinstance(node, ast.Compare):  # `q.type == "goal"` picks a text, is not one
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
            re.search(r"[A-Za-z]{2,}", node.value) and node.value not in OWN_LANGUAGE and \
            node.value not in KEY_NAMES and node.value not in KEY_NAMES.values():
        yield node
    for child in ast.iter_child_nodes(node):
        yield from _words_in(child, skip)


def test_no_kiosk_screen_shows_a_string_outside_the_catalogue():
    shared = [ROOT / "screens" / name for name in sorted(SHARED_AND_READ)]
    bare = [line for path in [*KIOSK_SCREENS, *shared] if path.name not in STAFF_ONLY
            for line in _bare_strings(path)]
    assert bare == [], "wrap these in _() (or N_() where made ahead of time)"


def screen_modules_the_kiosk_uses() -> set[str]:
    """The screens/ modules the kiosk's files import (as paths under screens/), not kiosk_*."""
    names = set()
    for path in KIOSK_SCREENS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            if node.module in ("peer_tui.screens", "peer_tui.screens.widgets"):
                folder = node.module.removeprefix("peer_tui.screens").lstrip(".")
                names.update(f"{folder}/{alias.name}.py".lstrip("/") for alias in node.names)
            elif node.module.startswith("peer_tui.screens."):
                names.add("/".join(node.module.split(".")[2:]) + ".py")
    return {name for name in names if not name.startswith("kiosk_")}


def test_every_screen_module_the_kiosk_uses_is_read_or_adds_no_words():
    """A helper shared with staff mode (the sign-in fields) cannot carry an English word onto
    a kiosk screen unnoticed: it is read like the kiosk's own files, or listed as wordless."""
    assert screen_modules_the_kiosk_uses() == SHARED_AND_READ | set(WORDLESS)


def test_the_bare_string_check_catches_one(tmp_path):
    sample = tmp_path / "kiosk_sample.py"
    sample.write_text('def compose(self):\n    yield Static("Press Enter to go on")\n'
                      '    yield Static(_("Wrapped words"), id="some id")\n'
                      '    yield KeysBar(("Enter", "next"), ("B", _("back")))\n'
                      '    yield Static(plain(f"Hi {name}", "bold"), classes="keys now")\n')
    assert _bare_strings(sample) == ["kiosk_sample.py:2: 'Press Enter to go on'",
                                     "kiosk_sample.py:4: 'next'",
                                     "kiosk_sample.py:5: 'Hi '"]


# -- the data files carry both languages ------------------------------------------------------
def test_the_packaged_questionnaire_is_in_every_kiosk_language():
    questionnaire = load_questionnaire("")
    for code in kiosk_i18n.LANGUAGES:
        if code == kiosk_i18n.SOURCE_LANGUAGE:
            continue
        for question in questionnaire.questions:
            words = question.translations.get(code)
            assert words is not None and words.short and words.text, (code, question.id)
            assert bool(words.hint) == bool(question.hint), (code, question.id)
            for option in question.options:
                assert option.translations.get(code), (code, question.id, option.key)


def test_the_packaged_crisis_lines_are_in_every_kiosk_language():
    for line in Settings().crisis_lines:
        for code in kiosk_i18n.LANGUAGES:
            if code != kiosk_i18n.SOURCE_LANGUAGE:
                words = line.translations.get(code)
                assert words is not None and words.name and words.how, (code, line.name)


def test_crisis_lines_say_988_and_samhsa_speak_spanish():
    lines = {line.name: line for line in Settings().crisis_lines}
    lifeline = lines["988 Suicide & Crisis Lifeline"]
    assert "AYUDA" in lifeline.how and "press 2" in lifeline.how
    spanish = lifeline.localized("es")
    assert "marque 2" in spanish.how and "AYUDA" in spanish.how
    assert "español" in lines["SAMHSA National Helpline"].localized("es").how
    assert load_asset_json("crisis_lines.json")  # the file itself, as shipped


def test_the_house_default_setting_offers_exactly_the_kiosk_languages():
    annotation = Settings.model_fields["kiosk_language"].annotation
    assert set(annotation.__args__) == set(kiosk_i18n.LANGUAGES)
