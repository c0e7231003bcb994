"""The words of typed dates: month and weekday names, number and ordinal words, units.

Plain tables and look-ups for ``peer_tui.dates`` and its helpers; no date arithmetic here.
"""

from __future__ import annotations

import re
import unicodedata

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_EXTRA = {"weds": 2, "thur": 3, "thurs": 3, "tues": 1}

ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen")
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
_ORDINAL_ONES = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                 "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                 "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth")
_ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30}

# What a count of units means; None marks units too small to name a day.
UNITS: dict[str, tuple[str, int] | None] = {}
for _names, _meaning in (
        (("day", "days", "d", "dy", "dys"), ("days", 1)),
        (("week", "weeks", "wk", "wks", "w"), ("days", 7)),
        (("fortnight", "fortnights"), ("days", 14)),
        (("month", "months", "mo", "mos", "mon", "mons", "mth", "mths", "mnth", "mnths"),
         ("months", 1)),
        (("year", "years", "yr", "yrs", "y"), ("years", 1)),
        (("decade", "decades"), ("years", 10)),
        (("hour", "hours", "hr", "hrs", "h"), ("hours", 1)),
        (("minute", "minutes", "min", "mins", "m", "second", "seconds", "sec", "secs", "s"),
         None)):
    for _name in _names:
        UNITS[_name] = _meaning

# Zones a pasted time may carry, as hours from UTC (only used to notice a different day).
ZONES = {"utc": 0, "gmt": 0, "z": 0, "wet": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
         "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10,
         "bst": 1, "cet": 1, "cest": 2, "west": 1, "eet": 2, "eest": 3, "msk": 3, "sgt": 8,
         "hkt": 8, "jst": 9, "kst": 9, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13,
         "brt": -3, "brst": -2}

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_QUOTES = "\u2018\u2019\u02bc\u0060\u00b4"


def month_number(word: str) -> int | None:
    """1-12 for a month name or an abbreviation of at least three letters ("sept")."""
    if len(word) < 3 or not word.isalpha():
        return None
    for number, name in enumerate(MONTHS, 1):
        if name.startswith(word):
            return number
    return None


def weekday_number(word: str) -> int | None:
    """0 (Monday) - 6 for a weekday name or an abbreviation of at least three letters."""
    if word in _WEEKDAY_EXTRA:
        return _WEEKDAY_EXTRA[word]
    if len(word) < 3 or not word.isalpha():
        return None
    for number, name in enumerate(WEEKDAYS):
        if name.startswith(word):
            return number
    return None


def count_value(words: str) -> int | None:
    """A count typed as digits or words: "3", "three", "twenty one", "a", "a couple of"."""
    words = words.strip()
    if words.isdigit():
        return int(words)
    if words in ("a", "an", "one"):
        return 1
    if words in ("a couple of", "couple of", "a couple", "a pair of"):
        return 2
    if words in ONES:
        return ONES.index(words)
    parts = words.split()
    if parts and parts[0] in TENS and len(parts) <= 2:
        if len(parts) == 1:
            return TENS[parts[0]]
        if parts[1] in ONES[1:10]:
            return TENS[parts[0]] + ONES.index(parts[1])
    return None


COUNT_PATTERN = (r"(?:\d{1,6}|an?|a couple(?: of)?|couple of|a pair of|"
                 rf"(?:{'|'.join(TENS)})(?: (?:{'|'.join(ONES[1:10])}))?|"
                 rf"{'|'.join(sorted(ONES, key=len, reverse=True))})")
UNIT_PATTERN = "(?:" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")"


def _ordinal_word_value(first: str, second: str | None) -> tuple[int, int] | None:
    """(value, words used) for "first" .. "thirty first"; None when not an ordinal word."""
    if first in TENS and second in _ORDINAL_ONES[1:10]:
        return TENS[first] + _ORDINAL_ONES.index(second), 2
    if first in _ORDINAL_ONES[1:]:
        return _ORDINAL_ONES.index(first), 1
    if first in _ORDINAL_TENS:
        return _ORDINAL_TENS[first], 1
    return None


def ordinals_to_digits(text: str) -> str:
    """ "the twenty first of may" -> "the 21st of may"; "second" only where it is a day.

    "a second" or "five seconds" stay as they are (they are units of time).
    """
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        found = _ordinal_word_value(words[i], words[i + 1] if i + 1 < len(words) else None)
        if found and (words[i] != "second" or _second_is_a_day(words, i)):
            value, used = found
            suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
                value % 10, "th")
            out.append(f"{value}{suffix}")
            i += used
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _second_is_a_day(words: list[str], i: int) -> bool:
    before = words[i - 1] if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return (before == "the" or month_number(before) is not None or after in ("of", "day")
            or weekday_number(after) is not None or month_number(after) is not None)


def normalise(text: str) -> str:
    """Lower case, ASCII digits, plain dashes and quotes, single spaces, no wrapping quotes
    or closing punctuation. Characters that are no part of a date are kept, to be refused."""
    text = unicodedata.normalize("NFKC", text)
    chars = []
    for ch in text:
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            chars.append(str(digit))
        elif ch in _DASHES:
            chars.append("-")
        elif ch in _QUOTES:
            chars.append("'")
        elif ch.isspace():
            chars.append(" ")
        else:
            chars.append(ch)
    cleaned = " ".join("".join(chars).lower().split())
    cleaned = re.sub(r"[.?!]+$", "", cleaned).strip()
    if len(cleaned) >= 2 and cleaned[0] == cleaned[-1] and cleaned[0] in "\"'":
        cleaned = cleaned[1:-1].strip()
    return cleaned


def printable(text: str) -> str:
    """TEXT with control characters shown as '?', for quoting it back in a message."""
    return "".join("?" if unicodedata.category(ch).startswith("C") else ch for ch in text)
