"""The questionnaire's texts in both languages: the packaged file's shape, a house's own file
with English only, and one-line refusals for a translation that breaks the text rules."""

from __future__ import annotations

import copy

import pytest

from peer_tui.models.seed import load_asset_json
from peer_tui.services.questionnaire_file import parse
from peer_tui.settings import SettingsProblem

SOURCE = "Questionnaire file house.json"


@pytest.fixture
def raw():
    return copy.deepcopy(load_asset_json("questionnaire.json"))


def test_staff_read_english_and_the_kiosk_asks_in_spanish(raw):
    questionnaire = parse(raw, SOURCE)
    sleep = questionnaire.by_id("sleep")
    assert (sleep.short, sleep.text, sleep.options[0].label) == (
        "Sleep", "How did you sleep last night?", "Well")
    spanish = questionnaire.localized("es").by_id("sleep")
    assert (spanish.short, spanish.text, spanish.options[0].label) == (
        "Sueño", "¿Cómo durmió anoche?", "Bien")
    # Only the words change: ids, keys and what the answers set in motion stay.
    assert [o.key for o in spanish.options] == [o.key for o in sleep.options]
    use = questionnaire.localized("es").by_id("use")
    assert use.option("yes").concern == "high"


def test_a_house_file_in_english_only_still_works_and_shows_english(raw):
    for question in raw["questions"]:
        for name in ("short", "text", "hint"):
            if isinstance(question.get(name), dict):
                question[name] = question[name]["en"]
        for option in question.get("options", []):
            option["label"] = option["label"]["en"]
    spanish = parse(raw, SOURCE).localized("es")
    assert spanish.by_id("mood").text == "How are you feeling today?"


def test_a_partial_translation_falls_back_to_english_text_by_text(raw):
    raw["questions"][2]["hint"] = "Think of last night only."
    spanish = parse(raw, SOURCE).localized("es").by_id("sleep")
    assert spanish.text == "¿Cómo durmió anoche?" and spanish.hint == "Think of last night only."


@pytest.mark.parametrize("change, said", [
    (lambda q: q.__setitem__("text", {"es": "¿Cómo durmió?"}), 'needs its English text ("en")'),
    (lambda q: q["options"][0].__setitem__("label", {"en": "Well", "es": "x" * 61}),
     "option well, translations, es: Too long: at most 60 characters."),
    (lambda q: q.__setitem__("text", {"en": "How?", "es": "[b]\x07"}),
     "Must not contain control characters."),
])
def test_a_bad_translation_is_refused_in_one_line_naming_the_question(raw, change, said):
    change(raw["questions"][2])
    with pytest.raises(SettingsProblem) as info:
        parse(raw, SOURCE)
    message = str(info.value)
    assert message.startswith(f"{SOURCE} is not valid: question sleep") and said in message
    assert "\n" not in message
