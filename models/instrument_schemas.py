"""Standardised instruments (the BARC-10) as data: the file's schema and the pure scoring.

An instrument file in assets/ (``barc10.json``) names its items, rating scale, scoring,
cut-off and citation, and carries the words residents read per language. Words exist only
for languages with a *validated* translation: a validated instrument must not be shown in
a home-made translation, so a language without one simply does not offer it.

Staff-facing parts (each item's short label, the domains it speaks to, the cut-off) are in
English like the rest of the staff screens.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from peer_tui.models.schemas import text_type
from peer_tui.models.seed import load_asset_json

Key = text_type(40)
Words = text_type(300)
LongWords = text_type(600)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(_Strict):
    min: int = Field(ge=0, le=9)
    max: int = Field(ge=1, le=9)

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.max <= self.min:
            raise ValueError("scale max must be above min")
        return self

    @property
    def points(self) -> int:
        return self.max - self.min + 1


class Scoring(_Strict):
    method: str = Field(pattern="^sum$")
    """Only a plain sum so far; anything else is refused rather than guessed."""
    min_total: int
    max_total: int
    higher_is: Words


class Cutoff(_Strict):
    total: int
    meaning: LongWords


class Item(_Strict):
    id: Key
    staff_label: Words
    """A few words for staff screens ("support from friends")."""
    domains: tuple[Key, ...] = ()
    """Recovery domain keys (assets/domains.json) the item speaks to: plan prompts."""


class LanguageText(_Strict):
    validated: bool
    """Only a validated translation is ever shown to a resident."""
    translation_source: LongWords
    items: tuple[Words, ...]
    labels: tuple[Words, ...]


class Instrument(_Strict):
    key: Key
    name: Words
    title: Words
    citation: LongWords
    short_citation: Words
    """For screens with little room; printed and exported results carry ``credit``."""
    source: Words
    scale: Scale
    scoring: Scoring
    cutoff: Cutoff | None = None
    items: tuple[Item, ...] = Field(min_length=1)
    texts: dict[str, LanguageText]

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("item ids must be unique")
        n = len(self.items)
        if (self.scoring.min_total, self.scoring.max_total) != (
                n * self.scale.min, n * self.scale.max):
            raise ValueError(f"totals must run from {n * self.scale.min} to "
                             f"{n * self.scale.max} for {n} items on this scale")
        for language, text in self.texts.items():
            if len(text.items) != n:
                raise ValueError(f"{language}: {len(text.items)} statements for {n} items")
            if len(text.labels) != self.scale.points:
                raise ValueError(f"{language}: {len(text.labels)} labels for a "
                                 f"{self.scale.points}-point scale")
        if not any(t.validated for t in self.texts.values()):
            raise ValueError("at least one language needs a validated text")
        return self

    def text(self, language: str) -> LanguageText | None:
        """The resident's words in LANGUAGE, or None when no validated translation exists."""
        found = self.texts.get(language)
        return found if found is not None and found.validated else None

    def label(self, value: int, language: str = "en") -> str:
        text = self.text(language) or self.texts["en"]
        return text.labels[value - self.scale.min]

    @property
    def credit(self) -> str:
        """The line printed with every result: citation and where it is published."""
        return f"{self.name}: {self.citation} Source: {self.source}"

    @property
    def short_credit(self) -> str:
        return f"{self.short_citation}; {self.source.split(' (')[0]}"


def score(instrument: Instrument, answers: Sequence[int | None]) -> int | None:
    """The total of ANSWERS (one per item, in order), or None when any item was skipped.

    Never a guessed total: a skipped item is not filled in from the others. An answer off the
    scale, or the wrong number of answers, is a programming error and raises ValueError.
    """
    if len(answers) != len(instrument.items):
        raise ValueError(f"{len(answers)} answers for {len(instrument.items)} items")
    for value in answers:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or not instrument.scale.min <= value <= instrument.scale.max):
            raise ValueError(f"{value!r} is not on the {instrument.scale.min}-"
                             f"{instrument.scale.max} scale")
    if any(value is None for value in answers):
        return None
    return sum(answers)  # type: ignore[arg-type]


@lru_cache(maxsize=4)
def load_instrument(key: str = "barc10") -> Instrument:
    """The packaged instrument KEY (assets/KEY.json), checked against the schema and against
    the recovery domains it names."""
    instrument = Instrument.model_validate(load_asset_json(f"{key}.json"))
    domains = {d["key"] for d in load_asset_json("domains.json")}
    unknown = sorted({d for item in instrument.items for d in item.domains} - domains)
    if unknown:
        raise ValueError(f"{key}: unknown domains {', '.join(unknown)}")
    return instrument


def answers_json(answers: Sequence[int | None]) -> str:
    return json.dumps(list(answers))


def answers_from_json(text: str) -> tuple[int | None, ...]:
    return tuple(json.loads(text or "[]"))
