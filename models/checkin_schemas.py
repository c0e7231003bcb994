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
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


def is_danger(question: Question, value) -> bool:
    """True if VALUE (a cleaned answer) is one that must alert staff at once."""
    if not question.danger_values or value is None:
        return False
    values = value if isinstance(value, list) else [value]
    return any(str(v) in question.danger_values for v in values)


class AnswerProblem(ValueError):
    """An answer that does not fit its question; the message is a sentence for the resident."""


def check_answer(question: Question, value, allowed_ids: frozenset[int] = frozenset()):
    """Return VALUE cleaned for storage, None for skipped, or raise AnswerProblem.

    ALLOWED_IDS are the resident's own goal or support ids for those question types.
    """
    if value is None or value == "" or value == []:
        if not question.skippable:
            raise AnswerProblem("Please choose an answer.")
        return None
    kind = question.type
    if kind == "scale":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise AnswerProblem("Type a number.")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise AnswerProblem("Type a number.") from None
        low, high = question.scale_range
        if not low <= number <= high:
            raise AnswerProblem(f"Type a number from {low} to {high}.")
        return number
    if kind == "choice":
        if isinstance(value, bool):  # yes/no questions may be answered with a bool
            value = "yes" if value else "no"
        if not isinstance(value, str) or value not in {o.key for o in question.options}:
            raise AnswerProblem("Pick one of the answers.")
        return value
    if kind == "multi":
        keys = {o.key for o in question.options}
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, str) for v in value) or not set(value) <= keys:
            raise AnswerProblem("Pick from the list.")
        return [o.key for o in question.options if o.key in value]
    if kind == "supports":
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, int) and v in allowed_ids for v in value):
            raise AnswerProblem("Pick from your own list.")
        return sorted(set(value))
    if kind == "goal":
        # Type checks first: an unhashable value would raise TypeError in the set lookups.
        if not isinstance(value, dict) or not isinstance(value.get("goal_id"), int) or \
                not isinstance(value.get("progress"), str) or \
                value.get("goal_id") not in allowed_ids or \
                value.get("progress") not in {o.key for o in question.options}:
            raise AnswerProblem("Pick one of your goals and how it is going.")
        return {"goal_id": value["goal_id"], "progress": value["progress"]}
    # text
    text = " ".join(str(value).split())
    if len(text) > question.max_length:
        raise AnswerProblem(f"Too long: at most {question.max_length} characters.")
    try:
        _no_control_chars(text)
    except ValueError:
        raise AnswerProblem("Use letters, numbers and punctuation only.") from None
    return text or None
