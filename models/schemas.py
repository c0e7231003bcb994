"""Shared pydantic building blocks for input schemas, and plain-language error messages.

Every input is validated by a schema before it touches a model. Feature schemas live beside
their feature (``models/*_schemas.py``) and build on the types here.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError

from peer_tui.safe_text import unsafe_character_problem

FIELD_LABELS: dict[str, str] = {}


def _no_control_chars(value: str) -> str:
    """Refuse terminal escape sequences, other control characters and hidden text-direction
    characters (tabs/newlines allowed): the rule every input path shares (``safe_text``)."""
    problem = unsafe_character_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _single_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        raise ValueError("must be on one line")
    return value


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_no_control_chars),
    AfterValidator(_single_line),
]
OptionalShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=100),
    AfterValidator(_no_control_chars),
    AfterValidator(_single_line),
]
Summary = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    AfterValidator(_no_control_chars),
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=20_000),
    AfterValidator(_no_control_chars),
]
Pin = Annotated[str, StringConstraints(pattern=r"^[0-9]{4,8}$")]


def text_type(max_length: int, *, required: bool = True, one_line: bool = True):
    """A str type with the forms' rules, for inputs that are not forms (settings, the
    questionnaire file, command-line flags): stripped, bounded, no unsafe characters."""
    rules = [StringConstraints(strip_whitespace=True, min_length=1 if required else 0,
                               max_length=max_length), AfterValidator(_no_control_chars)]
    if one_line:
        rules.append(AfterValidator(_single_line))
    return Annotated[(str, *rules)]


class InputSchema(BaseModel):
    """Base for every input schema: unknown fields are an error, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "missing":
        return "Required."
    if kind == "string_too_short":
        return "Required." if ctx.get("min_length") == 1 else (
            f"Use at least {ctx.get('min_length')} characters.")
    if kind == "string_too_long":
        return f"Too long: at most {ctx.get('max_length')} characters."
    if kind == "string_pattern_mismatch":
        return "Must be 4 to 8 digits." if "{4,8}" in str(ctx.get("pattern")) else "Wrong format."
    if kind in ("int_parsing", "int_type"):
        return "Must be a whole number."
    if kind in ("greater_than_equal", "greater_than"):
        return f"Must be at least {ctx.get('ge', ctx.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        return f"Must be at most {ctx.get('le', ctx.get('lt'))}."
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return "Not a date."
    if kind == "literal_error":
        return f"Choose one of: {ctx.get('expected', '')}."
    if kind == "too_short":
        return "Give at least one."
    if kind == "extra_forbidden":
        return "Unknown field."
    msg = error.get("msg", "Invalid.")
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg[:1].upper() + msg[1:] + ("" if msg.endswith(".") else ".")


def field_errors(exc: ValidationError) -> dict[str, str]:
    """{field name: one plain sentence} for showing beside each field; '' = whole form."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        errors.setdefault(field, _message(error))
    return errors
