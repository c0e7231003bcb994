"""The one sanitiser and the one input rule (``peer_tui.safe_text``), and where they apply:
the screens' text helpers, the last step before the terminal, exports, and every input path
that is not a form (command-line flags, the settings file, the questionnaire file)."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from peer_tui import safe_text
from peer_tui.models.schemas import InputSchema, Name
from terminal_capture import FORBIDDEN

HOSTILE = "a\x1b[2Jb\x07c\x9bd\u202ee\x00f\x7fg\x85h\u2066i\r"


def test_every_forbidden_character_is_unsafe_and_nothing_else():
    """The program's sets are exactly what the terminal test forbids (plus nothing)."""
    for code in range(0x3000):
        ch = chr(code)
        assert (ch in safe_text.UNSAFE) == bool(FORBIDDEN.match(ch)), hex(code)


def test_clean_shows_a_placeholder_for_each_unsafe_character():
    shown = safe_text.clean(HOSTILE)
    assert not FORBIDDEN.search(shown)
    assert len(shown) == len(HOSTILE)  # one for one: styles and widths line up
    assert shown == "a\ufffd[2Jb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffdh\ufffdi\ufffd"
    assert safe_text.clean("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert safe_text.clean(None) == "" and safe_text.clean(42) == "42"
    assert safe_text.clean_line("a\nb\t c") == "a b c"
    assert safe_text.strip_unsafe(HOSTILE) == "a[2Jbcdefghi"


def test_documents_keep_their_line_ends():
    assert safe_text.clean_document("one\r\ntwo\x1b[2J\n") == "one\ntwo\ufffd[2J\n"


@pytest.mark.parametrize("text, words", [
    ("Ana\x1b[31m", "control characters"), ("nul\x00", "control characters"),
    ("csi\x9b2J", "control characters"), ("Sam\u202eevil", "U+202E"),
    ("x\u2066y", "U+2066"), ("\u200fname", "U+200F"),
])
def test_names_refuse_control_and_text_direction_characters(text, words):
    class Form(InputSchema):
        name: Name

    with pytest.raises(ValidationError) as refused:
        Form(name=text)
    assert words in str(refused.value)
    assert Form(name="Zo\u00eb \u05e9\u05dc\u05d5\u05dd [b]").name  # other scripts are fine


def test_table_cells_given_as_text_are_cleaned_keeping_their_style():
    from peer_tui.screens.text import cleaned

    text = Text("ok ")
    text.append("red\x1b[2J", style="red")
    shown = cleaned(text)
    assert shown.plain == "ok red\ufffd[2J" and shown.spans == text.spans
    assert text.plain == "ok red\x1b[2J"  # the caller's Text is not changed
    plain_text = Text("fine")
    assert cleaned(plain_text) is plain_text


def test_the_last_step_before_the_terminal_removes_what_slipped_through():
    from textual._compositor import LayoutUpdate
    from textual.geometry import Region
    from textual.strip import Strip

    from peer_tui.screens.terminal_guard import safe_update

    strip = Strip([Segment("name: "), Segment(HOSTILE, Style(bold=True))])
    update = safe_update(LayoutUpdate([[strip]], Region(0, 0, 30, 1)))
    (safe,) = update.strips[0]
    assert safe.cell_length == strip.cell_length  # nothing moves on screen
    assert "".join(s.text for s in safe) == "name: a[2Jbcdefghi"
    assert [s.style for s in safe] == [s.style for s in strip]
    clean_strip = Strip([Segment("plain")])
    assert safe_update(LayoutUpdate([[clean_strip]], Region(0, 0, 5, 1))).strips[0][0] \
        is clean_strip


def test_settings_refuse_control_characters_in_crisis_lines():
    from peer_tui.settings import Settings

    with pytest.raises(ValidationError, match="control characters"):
        Settings(crisis_lines=[{"name": "988\x1b]0;x\x07", "how": "Call 988"}])
    with pytest.raises(ValidationError, match="U\\+202E"):
        Settings(crisis_lines=[{"name": "988", "how": "Call \u202e889"}])


def test_the_questionnaire_file_follows_the_same_rules():
    from importlib.resources import files

    from peer_tui.models.checkin_schemas import Questionnaire

    data = json.loads(files("peer_tui.assets").joinpath("questionnaire.json").read_text())
    Questionnaire(**data)
    for field, value in (("text", "How are you?\x1b[2J"), ("hint", "\u202eecnah"),
                         ("short", "Mood\x00")):
        broken = json.loads(json.dumps(data))
        broken["questions"][0][field] = value
        with pytest.raises(ValidationError):
            Questionnaire(**broken)
    broken = json.loads(json.dumps(data))
    broken["questions"][0]["options"][0]["label"] = "Very low\x9b2J"
    with pytest.raises(ValidationError, match="control characters"):
        Questionnaire(**broken)
