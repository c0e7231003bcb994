"""The kiosk's words in the resident's language: English, and Spanish from a gettext catalogue.

Every string a resident reads at the kiosk goes through ``_`` (or ``ngettext``). A string made
ahead of time (a module constant, a service's refusal) is marked with ``N_``, which changes
nothing, and translated with ``_`` where it is shown. The messages are English; the catalogue
is standard gettext under ``assets/locale``: ``kiosk.pot`` lists every message (made by
``pybabel extract``), ``es/LC_MESSAGES/kiosk.po`` translates it, and the compiled
``kiosk.mo`` beside it is what the program reads, with the standard library's ``gettext``
(README, "Kiosk languages", says how to update them). A test fails when a kiosk string is
missing from the catalogue.

Staff mode is not translated: staff read every check-in in English, told which language the
resident answered in. One kiosk process serves one resident at a time, so the language is the
process's: the kiosk sets it at the welcome screen and puts the house default back on reset.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from importlib.resources import files

DOMAIN = "kiosk"
LANGUAGES = {"en": "English", "es": "Español"}
"""The kiosk's languages, each named in its own words (as the welcome screen offers them)."""
SOURCE_LANGUAGE = "en"
LANGUAGE_NAMES_IN_ENGLISH = {"en": "English", "es": "Spanish"}
"""For staff, who read the kiosk's check-ins in English."""

_language = SOURCE_LANGUAGE


def N_(message: str) -> str:
    """Marks MESSAGE for the catalogue; it is translated later, where it is shown."""
    return message


def locale_dir():
    return files("peer_tui.assets").joinpath("locale")


@lru_cache(maxsize=None)
def translations(code: str) -> gettext.NullTranslations:
    """The catalogue for CODE; English (the messages themselves) needs none."""
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path = locale_dir().joinpath(code, "LC_MESSAGES", f"{DOMAIN}.mo")
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def set_language(code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(f"no kiosk language {code!r}")
    translations(code)  # a missing catalogue fails here, not in the middle of a screen
    global _language
    _language = code


def language() -> str:
    return _language


def _(message: str) -> str:
    return translations(_language).gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(_language).ngettext(singular, plural, count)


def other_language(code: str) -> str:
    """The language the welcome screen's L key switches to from CODE."""
    codes = list(LANGUAGES)
    return codes[(codes.index(code) + 1) % len(codes)]


__all__ = ["LANGUAGES", "LANGUAGE_NAMES_IN_ENGLISH", "N_", "SOURCE_LANGUAGE", "_", "language",
           "ngettext", "other_language", "set_language", "translations"]
