"""Errors services raise; each carries a sentence a person can act on."""

from __future__ import annotations


class ServiceError(Exception):
    """Something the user can fix or should know; ``str()`` is shown as it is."""


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class InvalidInput(ServiceError):
    """Validation failed; ``errors`` maps field names to sentences ('' for the whole form)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        first = next(iter(errors.items()), ("", "Invalid input."))
        label = f"{first[0]}: " if first[0] else ""
        super().__init__(f"{label}{first[1]}")


def validate(schema, data: dict):
    """Build SCHEMA from DATA or raise InvalidInput with per-field sentences."""
    # Deferred (start-up): the sign-in is drawn before pydantic loads, and these errors are
    # raised there; a SCHEMA is a pydantic model, so both are loaded by the time this runs.
    from pydantic import ValidationError

    from peer_tui.models.schemas import field_errors

    try:
        return schema(**data)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc)) from None


def existing(model, row_id: int, missing: str):
    """The row of MODEL with id ROW_ID, or NotFound saying MISSING (a sentence such as
    "That referral does not exist.")."""
    row = model.get_or_none(model.id == row_id)
    if row is None:
        raise NotFound(missing)
    return row
