"""The bold label above a form field."""

from __future__ import annotations

from textual.widgets import Label


class FieldLabel(Label):
    """A fixed label (never user text) above a field."""

    DEFAULT_CSS = "FieldLabel { margin-top: 1; text-style: bold; }"
