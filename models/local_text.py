"""Texts in more than one language in the data files (questionnaire, crisis lines).

A text in a data file is either a plain string (English) or an object with one string per
language, ``{"en": "How did you sleep?", "es": "¿Cómo durmió?"}``, which must have English.
The models keep English in the field itself (what staff read, and every older file's shape)
and the other languages in ``translations``; ``split_languages`` turns the file's shape into
that before the fields are checked, so each language's text meets the field's own rules.
"""

from __future__ import annotations

SOURCE = "en"


def split_languages(raw, fields: tuple[str, ...], *, flat: bool = False):
    """RAW (a dict from the file) with each of FIELDS that holds per-language texts turned
    into its English text, and the other languages moved to ``translations``:
    ``{lang: {field: text}}``, or ``{lang: text}`` when FLAT (one field only)."""
    if not isinstance(raw, dict) or not any(isinstance(raw.get(f), dict) for f in fields):
        return raw
    out = dict(raw)
    moved: dict = {}
    for name in fields:
        value = raw.get(name)
        if not isinstance(value, dict):
            continue
        if SOURCE not in value:
            raise ValueError(f"{name} needs its English text (\"{SOURCE}\")")
        out[name] = value[SOURCE]
        for code, text in value.items():
            if code == SOURCE:
                continue
            if flat:
                moved[code] = text
            else:
                moved.setdefault(code, {})[name] = text
    if moved:
        out["translations"] = moved
    return out


__all__ = ["SOURCE", "split_languages"]
