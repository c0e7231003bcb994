"""The BARC-10 as data: its file against the schema, the words kept as published, and the
pure scoring (a skipped statement means no total, never a guessed one)."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from peer_tui.models.instrument_schemas import Instrument, load_instrument, score
from peer_tui.models.seed import load_asset_json

STATEMENTS = [
    "There are more important things to me in life than using substances.",
    "In general I am happy with my life.",
    "I have enough energy to complete the tasks I set myself.",
    "I am proud of the community I live in and feel part of it.",
    "I get lots of support from friends.",
    "I regard my life as challenging and fulfilling without the need for using drugs or "
    "alcohol.",
    "My living space has helped to drive my recovery journey.",
    "I take full responsibility for my actions.",
    "I am happy dealing with a range of professional people.",
    "I am making good progress on my recovery journey.",
]
LABELS = ["strongly disagree", "disagree", "somewhat disagree", "somewhat agree", "agree",
          "strongly agree"]


@pytest.fixture
def barc():
    return load_instrument("barc10")


def test_the_file_keeps_the_published_words_and_cites_its_source(barc):
    english = barc.text("en")
    assert list(english.items) == STATEMENTS
    assert list(english.labels) == LABELS
    assert "Vilsaint" in barc.citation and "Drug and Alcohol Dependence 177 (2017) 71-76" \
        in barc.citation
    assert "PhenX Toolkit" in barc.source
    assert barc.citation in barc.credit and "PhenX" in barc.credit
    assert (barc.scale.min, barc.scale.max, barc.cutoff.total) == (1, 6, 47)


@pytest.mark.parametrize("answers, total", [
    ([1] * 10, 10),
    ([6] * 10, 60),
    ([1, 2, 3, 4, 5, 6, 5, 4, 3, 2], 35),
])
def test_totals(barc, answers, total):
    assert score(barc, answers) == total


@pytest.mark.parametrize("skipped", [0, 4, 9])
def test_a_skipped_statement_means_no_total(barc, skipped):
    answers = [6] * 10
    answers[skipped] = None
    assert score(barc, answers) is None


@pytest.mark.parametrize("answers", [[0] * 10, [7] * 10, [6] * 9, [6] * 11, ["6"] * 10,
                                     [True] * 10, [5.5] * 10])
def test_answers_off_the_scale_are_refused(barc, answers):
    with pytest.raises(ValueError):
        score(barc, answers)


def test_only_a_validated_translation_is_offered(barc):
    data = load_asset_json("barc10.json")
    data["texts"]["xx"] = dict(data["texts"]["en"], validated=False)
    instrument = Instrument.model_validate(data)
    assert instrument.text("en") is not None
    assert instrument.text("xx") is None  # present but not validated
    assert instrument.text("es") is None  # absent


@pytest.mark.parametrize("break_it, words", [
    (lambda d: d["texts"]["en"]["items"].pop(), "statements for 10 items"),
    (lambda d: d["texts"]["en"]["labels"].pop(), "labels for a 6-point scale"),
    (lambda d: d["items"].append(dict(d["items"][0])), "unique"),
    (lambda d: d["scoring"].update(method="mean"), "method"),
    (lambda d: d["scoring"].update(max_total=50), "totals must run"),
    (lambda d: d["texts"]["en"].update(validated=False), "validated"),
    (lambda d: d.update(extra="x"), "extra"),
    (lambda d: d["texts"]["en"]["items"].__setitem__(0, "a\x1b[2Jb"), "control"),
])
def test_a_broken_file_is_refused_naming_the_problem(break_it, words):
    data = json.loads(json.dumps(load_asset_json("barc10.json")))
    break_it(data)
    with pytest.raises(ValidationError) as err:
        Instrument.model_validate(data)
    assert words in str(err.value).lower() or words in str(err.value)
