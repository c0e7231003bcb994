"""The check-in questionnaire as data (assets/questionnaire.json) and its answer rules.

A house adapts the questions, and what each answer sets in motion, by pointing the
``questionnaire`` setting at its own copy of the JSON file; this module refuses a file that
would break the kiosk (duplicate ids, a choice with more options than number keys, a danger
value or a goal status on a question that cannot have one) and checks every answer before it
is stored.

What an answer sets in motion is data, on the option (or on the question, for any answer):
``follow_up`` (the resident's peer specialist follows up today), ``concern`` (a concern of
that severity for the case-management team; ``true`` means high) and, on goal questions,
``goal_status`` (a status change proposed for the goal, which staff confirm).

A question's ``short``, ``text`` and ``hint`` and an option's ``label`` are English or one text
per language (``models/local_text.py``); the kiosk asks in the resident's language
(``Questionnaire.localized``), and staff read the answers in English.
"""

from __future__ import annotations

from typing import Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from peer_tui.kiosk_i18n import N_
from peer_tui.models.local_text import split_languages
from peer_tui.models.schemas import _no_control_chars, text_type

QuestionType = Literal["scale", "choice", "multi", "text", "goal", "supports"]
Severity = Literal["low", "medium", "high", "urgent"]
GoalStatus = Literal["in_progress", "achieved"]
DEFAULT_CONCERN = "high"
# Number keys 1-9 pick options; lists longer than that would be unreachable.
MAX_OPTIONS = 9
# The question ids the check-in row keeps in its own columns (the rest stay in the JSON).
REQUIRED_IDS = ("mood", "safety")
# What the kiosk shows from the file follows the forms' text rules (no control characters).
OptionKey, OptionLabel, ShortLabel = text_type(40), text_type(60), text_type(20)
QuestionText, QuestionHint = text_type(160), text_type(160, required=False)


def _severity(value):
    """``true`` asks for a concern of the default severity; ``false`` for none."""
    if value is True:
        return DEFAULT_CONCERN
    return None if value is False else value


class Rules(BaseModel):
    """What an answer sets in motion (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    follow_up: bool = False
    """The resident's peer specialist follows up today (on the hand-off, needs attention)."""
    concern: Severity | None = None
    """A concern of this severity is raised for the case-management team."""

    @field_validator("concern", mode="before")
    @classmethod
    def _concern_default(cls, value):
        return _severity(value)

    @property
    def acts(self) -> bool:
        return self.follow_up or self.concern is not None


class Option(Rules):
    key: OptionKey
    label: OptionLabel
    goal_status: GoalStatus | None = None
    """(goal questions) The status proposed for the goal the resident picked."""
    translations: dict[str, OptionLabel] = {}
    """The label in other languages than English, by language code."""

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, raw):
        return split_languages(raw, ("label",), flat=True)

    def localized(self, code: str) -> Option:
        label = self.translations.get(code)
        return self.model_copy(update={"label": label}) if label else self


class QuestionWords(BaseModel):
    """A question's words in one more language; a text left out is shown in English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    short: ShortLabel | None = None
    text: QuestionText | None = None
    hint: QuestionHint | None = None


class Question(Rules):
    """One screen of the check-in. Its own ``follow_up``/``concern`` apply to any answer."""

    id: str = Field(pattern=r"^[a-z_]{1,30}$")
    short: ShortLabel
    """Label on the summary screen."""
    text: QuestionText
    type: QuestionType
    skippable: bool = True
    hint: QuestionHint = ""
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    max_length: int = Field(300, ge=1, le=1000)
    danger_values: tuple[str, ...] = ()
    """Answers that open the crisis screen and alert staff at once."""
    translations: dict[str, QuestionWords] = {}
    """short, text and hint in other languages than English, by language code."""

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, raw):
        return split_languages(raw, ("short", "text", "hint"))

    def localized(self, code: str) -> Question:
        """This question as the kiosk asks it in language CODE (English where untranslated)."""
        words = self.translations.get(code)
        update: dict = words.model_dump(exclude_none=True) if words else {}
        update["options"] = tuple(o.localized(code) for o in self.options)
        return self.model_copy(update=update)

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        keys = [o.key for o in self.options]
        if len(set(keys)) != len(keys):
            raise ValueError(f"question {self.id}: option keys repeat")
        if len(keys) > MAX_OPTIONS:
            raise ValueError(f"question {self.id}: at most {MAX_OPTIONS} options")
        if self.type in ("choice", "multi", "goal") and not keys:
            raise ValueError(f"question {self.id}: needs options")
        if self.type == "scale":
            if keys:
                if not all(k.lstrip("-").isdigit() for k in keys):
                    raise ValueError(f"question {self.id}: scale option keys are numbers")
            elif self.min is None or self.max is None or self.min > self.max:
                raise ValueError(f"question {self.id}: a scale needs options or min and max")
        for value in self.danger_values:
            if value not in keys:
                raise ValueError(f"question {self.id}: danger value {value!r} is no option")
        if self.type != "goal" and any(o.goal_status for o in self.options):
            raise ValueError(f"question {self.id}: only a goal question can set goal_status")
        return self

    def option(self, key) -> Option | None:
        return next((o for o in self.options if o.key == str(key)), None)

    @property
    def scale_range(self) -> tuple[int, int]:
        if self.options:
            numbers = [int(o.key) for o in self.options]
            return min(numbers), max(numbers)
        return int(self.min), int(self.max)  # type: ignore[arg-type]

    def label_for(self, key: str) -> str:
        return next((o.label for o in self.options if o.key == key), key)


class Questionnaire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Questionnaire:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids repeat")
        for needed in REQUIRED_IDS:
            if needed not in ids:
                raise ValueError(f"the questionnaire needs a {needed!r} question")
        if not self.by_id("safety").danger_values:
            raise ValueError("the safety question needs danger_values")
        return self

    def by_id(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def localized(self, code: str) -> Questionnaire:
        """The questions in language CODE; ids, keys and rules stay as they are."""
        return self.model_copy(update={"questions": tuple(q.localized(code)
                                                          for q in self.questions)})


def is_danger(question: Question, value) -> bool:
    """True if VALUE (a cleaned answer) is one that must alert staff at once."""
    if not question.danger_values or value is None:
        return False
    values = value if isinstance(value, list) else [value]
    return any(str(v) in question.danger_values for v in values)


class AnswerProblem(ValueError):
    """An answer that does not fit its question; the message is a sentence for the resident.

    The message is kept with its values apart, so the kiosk can say it in the resident's
    language (``words``); ``str()`` is the English sentence."""

    def __init__(self, message: str, **values) -> None:
        self.message = message
        self.values = values
        super().__init__(message.format(**values))

    def words(self, translate: Callable[[str], str]) -> str:
        return translate(self.message).format(**self.values)


def check_answer(question: Question, value, allowed_ids: frozenset[int] = frozenset()):
    """Return VALUE cleaned for storage, None for skipped, or raise AnswerProblem.

    ALLOWED_IDS are the resident's own goal or support ids for those question types.
    """
    if value is None or value == "" or value == []:
        if not question.skippable:
            raise AnswerProblem(N_("Please choose an answer."))
        return None
    kind = question.type
    if kind == "scale":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise AnswerProblem(N_("Type a number."))
        try:
            number = int(str(value).strip())
        except ValueError:
            raise AnswerProblem(N_("Type a number.")) from None
        low, high = question.scale_range
        if not low <= number <= high:
            raise AnswerProblem(N_("Type a number from {low} to {high}."), low=low, high=high)
        return number
    if kind == "choice":
        if isinstance(value, bool):  # yes/no questions may be answered with a bool
            value = "yes" if value else "no"
        if not isinstance(value, str) or value not in {o.key for o in question.options}:
            raise AnswerProblem(N_("Pick one of the answers."))
        return value
    if kind == "multi":
        keys = {o.key for o in question.options}
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, str) for v in value) or not set(value) <= keys:
            raise AnswerProblem(N_("Pick from the list."))
        return [o.key for o in question.options if o.key in value]
    if kind == "supports":
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, int) and v in allowed_ids for v in value):
            raise AnswerProblem(N_("Pick from your own list."))
        return sorted(set(value))
    if kind == "goal":
        # Type checks first: an unhashable value would raise TypeError in the set lookups.
        if not isinstance(value, dict) or not isinstance(value.get("goal_id"), int) or \
                not isinstance(value.get("progress"), str) or \
                value.get("goal_id") not in allowed_ids or \
                value.get("progress") not in {o.key for o in question.options}:
            raise AnswerProblem(N_("Pick one of your goals and how it is going."))
        return {"goal_id": value["goal_id"], "progress": value["progress"]}
    # text
    text = " ".join(str(value).split())
    if len(text) > question.max_length:
        raise AnswerProblem(N_("Too long: at most {limit} characters."),
                            limit=question.max_length)
    try:
        _no_control_chars(text)
    except ValueError:
        raise AnswerProblem(N_("Use letters, numbers and punctuation only.")) from None
    return text or None
