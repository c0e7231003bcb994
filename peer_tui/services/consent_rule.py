"""What a consent permits today: one rule, in Python (``status_of``) and as a SQL condition
(``in_effect_sql``), for the consent screens, the disclosure check and needs attention.

Kept apart from ``consents.py`` so that ``attention.py`` can use it without importing the
consent services (which read the caseload's name helper, which reads attention)."""

from __future__ import annotations

from datetime import date

from peer_tui.models.people import Consent


def status_of(c, today: date) -> str:
    """draft, revoked, ended, expired, not yet in effect, or in effect (for a row or a
    view with the same attribute names)."""
    if not c.signed:
        return "draft"
    if c.revoked_on is not None and c.revoked_on <= today:
        return "revoked"
    if c.ended_on is not None and c.ended_on <= today:
        return "ended"
    if c.expires_on is not None and c.expires_on < today:
        return "expired"
    if c.signed_on > today:
        return "not yet in effect"
    return "in effect"


def in_effect_sql(today: date, alias=Consent):
    """``status_of(...) == "in effect"`` as a SQL condition on ALIAS."""
    return ((alias.signed == True)  # noqa: E712
            & (alias.revoked_on.is_null() | (alias.revoked_on > today))
            & (alias.ended_on.is_null() | (alias.ended_on > today))
            & (alias.expires_on.is_null() | (alias.expires_on >= today))
            & (alias.signed_on <= today))
