"""The date reader: a table of what people type at the desk, each with the day it is typed
on, the house's order, the field's direction and the date it must become, or the refusal
(and a piece of its message) it must get. Misreading is the one thing that must never happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peer_tui.dates import (
    DateInputError, describe, direction_problem, parse_date, read_date,
)

WED = date(2026, 11, 25)   # the day of the examples in the brief
THU = date(2026, 11, 26)   # Thanksgiving; "next friday" is 8 days away
SUN = date(2026, 11, 29)   # the last day of a Monday-Sunday week
MAR = date(2026, 3, 11)    # a Wednesday just after the US clocks changed
F, P, N = "future", "past", None
D = date


@dataclass(frozen=True)
class No:
    """A refusal whose message contains FRAGMENT."""

    fragment: str


ISSUE = [
    # Year-less dates follow the field's direction (due date vs contact date).
    ("3/15", WED, False, F, D(2027, 3, 15)),
    ("3/15", WED, False, P, D(2026, 3, 15)),
    ("March 5", WED, False, F, D(2027, 3, 5)),
    ("March 5", WED, False, P, D(2026, 3, 5)),
    # The misreads that must not come back.
    ("8.25", WED, False, F, No("type the year too")),
    ("12.25", WED, False, F, No("type the year too")),
    ("24.12", WED, True, F, No("type the year too")),
    ("08/35", WED, False, F, No("not a day and a month")),
    ("6/32", WED, False, F, No("not a day and a month")),
    ("1/99", WED, False, F, No("not a day and a month")),
    # Everyday phrases that must be read.
    ("in a week", WED, False, F, D(2026, 12, 2)),
    ("a week from now", WED, False, F, D(2026, 12, 2)),
    ("7 days from now", WED, False, F, D(2026, 12, 2)),
    ("next week", WED, False, F, D(2026, 12, 2)),
    ("day after tomorrow", WED, False, F, D(2026, 11, 27)),
    ("the day before yesterday", WED, False, P, D(2026, 11, 23)),
    ("a week ago", WED, False, P, D(2026, 11, 18)),
    ("last week", WED, False, P, D(2026, 11, 18)),
    ("in a month", WED, False, F, D(2026, 12, 25)),
    ("next month", WED, False, F, D(2026, 12, 25)),
    ("last month", WED, False, P, D(2026, 10, 25)),
    ("end of month", WED, False, F, D(2026, 11, 30)),
    ("last day of the month", WED, False, F, D(2026, 11, 30)),
    ("on Monday", WED, False, F, D(2026, 11, 30)),
    ("on Monday", WED, False, P, D(2026, 11, 23)),
    ("in three weeks", WED, False, F, D(2026, 12, 16)),
    ("six days ago", WED, False, P, D(2026, 11, 19)),
    ("5th of March", WED, False, F, D(2027, 3, 5)),
    ("the 5th of March", WED, False, F, D(2027, 3, 5)),
    ("5th", WED, False, F, D(2026, 12, 5)),
    ("22nd August 2027", WED, False, F, D(2027, 8, 22)),
    ("Tuesday Jul 22, 2027", WED, False, F, No("is a Thursday, not a Tuesday")),
    ("Thursday Jul 22, 2027", WED, False, F, D(2027, 7, 22)),
    ("2 days later", WED, False, F, D(2026, 11, 27)),
    ("next friday", THU, False, F, D(2026, 12, 4)),
    ("friday 13", MAR, False, F, No('"friday the 13th"')),
]

RELATIVE = [
    ("today", WED, False, F, WED),
    ("  TODAY ", WED, False, F, WED),
    ("Today!", WED, False, F, WED),
    ('"tomorrow"', WED, False, F, D(2026, 11, 26)),
    ("now", WED, False, P, WED),
    ("right now", WED, False, P, WED),
    ("tomorrow", WED, False, F, D(2026, 11, 26)),
    ("tmrw", WED, False, F, D(2026, 11, 26)),
    ("yesterday", WED, False, P, D(2026, 11, 24)),
    ("the day after tomorrow", WED, False, F, D(2026, 11, 27)),
    ("day before yesterday", WED, False, P, D(2026, 11, 23)),
    ("tonight", WED, False, F, WED),
    ("this morning", WED, False, P, WED),
    ("last night", WED, False, P, D(2026, 11, 24)),
    ("tomorrow morning", WED, False, F, D(2026, 11, 26)),
    ("yesterday afternoon", WED, False, P, D(2026, 11, 24)),
    ("friday night", WED, False, F, D(2026, 11, 27)),
    ("eod", WED, False, F, WED),
    ("eod friday", WED, False, F, D(2026, 11, 27)),
    ("tomorrow eod", WED, False, F, D(2026, 11, 26)),
    ("in 3 days", WED, False, F, D(2026, 11, 28)),
    ("in three days", WED, False, F, D(2026, 11, 28)),
    ("3 days from now", WED, False, F, D(2026, 11, 28)),
    ("3 days from today", WED, False, F, D(2026, 11, 28)),
    ("three days later", WED, False, F, D(2026, 11, 28)),
    ("after 3 days", WED, False, F, D(2026, 11, 28)),
    ("3 days hence", WED, False, F, D(2026, 11, 28)),
    ("in 3 days' time", WED, False, F, D(2026, 11, 28)),
    ("in 3days", WED, False, F, D(2026, 11, 28)),
    ("3 days ago", WED, False, P, D(2026, 11, 22)),
    ("three days back", WED, False, P, D(2026, 11, 22)),
    ("3 days earlier", WED, False, P, D(2026, 11, 22)),
    ("3 days before", WED, False, P, D(2026, 11, 22)),
    ("in 2 weeks", WED, False, F, D(2026, 12, 9)),
    ("2 weeks ago", WED, False, P, D(2026, 11, 11)),
    ("in a fortnight", WED, False, F, D(2026, 12, 9)),
    ("a fortnight ago", WED, False, P, D(2026, 11, 11)),
    ("in twenty one days", WED, False, F, D(2026, 12, 16)),
    ("twenty-one days ago", WED, False, P, D(2026, 11, 4)),
    ("in twelve weeks", WED, False, F, D(2027, 2, 17)),
    ("in an hour", WED, False, F, No("Hours from now")),
    ("in 1 week and 2 days", WED, False, F, D(2026, 12, 4)),
    ("1 year 2 months ago", WED, False, P, D(2025, 9, 25)),
    ("in 6 months", WED, False, F, D(2027, 5, 25)),
    ("18 months ago", WED, False, P, D(2025, 5, 25)),
    ("in a year", WED, False, F, D(2027, 11, 25)),
    ("a decade ago", WED, False, P, D(2016, 11, 25)),
    ("in a couple of days", WED, False, F, D(2026, 11, 27)),
    ("in 48 hours", WED, False, F, D(2026, 11, 27)),
    ("24 hours ago", WED, False, P, D(2026, 11, 24)),
    ("in 0 days", WED, False, F, WED),
    ("1d ago", WED, False, P, D(2026, 11, 24)),
    ("2y ago", WED, False, P, D(2024, 11, 25)),
    ("3w later", WED, False, F, D(2026, 12, 16)),
    ("in 2 wks", WED, False, F, D(2026, 12, 9)),
    ("in 1 mo", WED, False, F, D(2026, 12, 25)),
    ("in 2 yrs", WED, False, F, D(2028, 11, 25)),
    ("+3 days", WED, False, F, D(2026, 11, 28)),
    ("-2 weeks", WED, False, P, D(2026, 11, 11)),
    ("today + 1 month", WED, False, F, D(2026, 12, 25)),
    ("tomorrow + 1 week", WED, False, F, D(2026, 12, 3)),
    ("now - 1 day", WED, False, P, D(2026, 11, 24)),
    ("a week from tomorrow", WED, False, F, D(2026, 12, 3)),
    ("2 weeks from next wednesday", WED, False, F, D(2026, 12, 16)),
    ("2 days after next friday", WED, False, F, D(2026, 12, 6)),
    ("2 weeks after yesterday", WED, False, F, D(2026, 12, 8)),
    ("the day after 3/15", WED, False, F, D(2027, 3, 16)),
    ("a week before 2027-01-10", WED, False, F, D(2027, 1, 3)),
    ("3 days before christmas", WED, False, F, D(2026, 12, 22)),
    ("a year from christmas", WED, False, F, No("its year too")),
    ("a year after christmas 2026", WED, False, F, D(2027, 12, 25)),
    ("within 2 weeks", WED, False, F, D(2026, 12, 9)),
    ("3 fridays from now", THU, False, F, D(2026, 12, 11)),
    ("2 mondays ago", THU, False, P, D(2026, 11, 16)),
    ("3 days", WED, False, F, No('Say "in 3 days" or "3 days ago"')),
    ("a week", WED, False, F, No('Say "in a week"')),
    ("in 3 days ago", WED, False, F, No("pick one")),
    ("in a few days", WED, False, F, No("Cannot read")),
    ("several days ago", WED, False, P, No("Cannot read")),
    ("in 1.5 days", WED, False, F, No("Cannot read")),
    ("in 5 hours", WED, False, F, No("Hours from now")),
    ("in 36 hours", WED, False, F, No("Hours from now")),
    ("30 minutes ago", WED, False, P, No("minutes or seconds")),
    ("next 3 days", WED, False, F, No("span")),
    ("for 10 days", WED, False, F, No("Say")),
    ("in 100000 days", WED, False, F, No("too far away")),
    ("200 years ago", WED, False, P, No("too far away")),
    ("in 9999 days", WED, False, F, D(2054, 4, 11)),
]

WEEKDAYS = [
    ("friday", THU, False, F, D(2026, 11, 27)),
    ("fri", THU, False, F, D(2026, 11, 27)),
    ("fri.", THU, False, F, D(2026, 11, 27)),
    ("Friday", THU, False, P, D(2026, 11, 20)),
    ("this friday", THU, False, F, D(2026, 11, 27)),
    ("this coming friday", THU, False, F, D(2026, 11, 27)),
    ("coming friday", THU, False, F, D(2026, 11, 27)),
    ("next friday", THU, False, P, D(2026, 12, 4)),
    ("next fri", THU, False, F, D(2026, 12, 4)),
    ("friday next week", THU, False, F, D(2026, 12, 4)),
    ("friday of next week", THU, False, F, D(2026, 12, 4)),
    ("on friday next week", THU, False, F, D(2026, 12, 4)),
    ("next week friday", THU, False, F, D(2026, 12, 4)),
    ("next week's friday", THU, False, F, D(2026, 12, 4)),
    ("last friday", THU, False, P, D(2026, 11, 20)),
    ("past friday", THU, False, P, D(2026, 11, 20)),
    ("previous friday", THU, False, P, D(2026, 11, 20)),
    ("thursday", THU, False, F, No("Today is Thursday")),
    ("thurs", THU, False, P, No("Today is Thursday")),
    ("this thursday", THU, False, F, No("Today is Thursday")),
    ("next thursday", THU, False, F, D(2026, 12, 3)),
    ("last thursday", THU, False, P, D(2026, 11, 19)),
    ("coming thursday", THU, False, F, D(2026, 12, 3)),
    ("wednesday", THU, False, F, D(2026, 12, 2)),
    ("wednesday", THU, False, P, D(2026, 11, 25)),
    ("weds", THU, False, P, D(2026, 11, 25)),
    ("past wednesday", THU, False, P, D(2026, 11, 25)),
    ("this past wednesday", THU, False, P, D(2026, 11, 25)),
    ("last wednesday", THU, False, P, No("read two ways")),
    ("previous monday", THU, False, P, No("read two ways")),
    ("this monday", THU, False, F, No("read two ways")),
    ("wednesday this week", THU, False, P, D(2026, 11, 25)),
    ("monday of this week", THU, False, P, D(2026, 11, 23)),
    ("monday last week", THU, False, P, D(2026, 11, 16)),
    ("monday of last week", THU, False, P, D(2026, 11, 16)),
    ("last week's monday", THU, False, P, D(2026, 11, 16)),
    ("sunday from last week", THU, False, P, D(2026, 11, 22)),
    ("next monday", THU, False, F, D(2026, 11, 30)),
    ("next sunday", THU, False, F, D(2026, 12, 6)),
    ("last sunday", THU, False, P, D(2026, 11, 22)),
    ("friday after next", THU, False, F, No("read two ways")),
    ("the monday after next", THU, False, F, No("read two ways")),
    ("next friday", SUN, False, F, D(2026, 12, 4)),
    ("next sunday", SUN, False, F, D(2026, 12, 6)),
    ("next monday", SUN, False, F, D(2026, 11, 30)),
    ("monday", SUN, False, F, D(2026, 11, 30)),
    ("last saturday", SUN, False, P, No("read two ways")),
    ("saturday", SUN, False, P, D(2026, 11, 28)),
    ("last monday", SUN, False, P, No("read two ways")),
    ("next friday", D(2026, 11, 28), False, F, D(2026, 12, 4)),
    ("last friday", D(2026, 11, 28), False, P, No("read two ways")),
    ("friday the 4th", WED, False, F, D(2026, 12, 4)),
    ("fri 4th", WED, False, F, D(2026, 12, 4)),
    ("friday the 13th", WED, False, F, No("13 December 2026 is a Sunday, not a Friday")),
    ("sunday the 13th", WED, False, F, D(2026, 12, 13)),
    ("friday 12/4", WED, False, F, D(2026, 12, 4)),
    ("monday 12/4", WED, False, F, No("is a Friday, not a Monday")),
    ("every friday", WED, False, F, No("Cannot read")),
    ("13 friday", WED, False, F, No("Cannot read")),
    ("friday friday", WED, False, F, No("Cannot read")),
    ("next next friday", WED, False, F, No("Cannot read")),
]

PERIODS = [
    ("end of week", WED, False, F, D(2026, 11, 29)),
    ("end of the week", WED, False, F, D(2026, 11, 29)),
    ("the end of this week", WED, False, F, D(2026, 11, 29)),
    ("start of week", WED, False, P, D(2026, 11, 23)),
    ("beginning of next week", WED, False, F, D(2026, 11, 30)),
    ("start of next week", WED, False, F, D(2026, 11, 30)),
    ("end of next week", WED, False, F, D(2026, 12, 6)),
    ("end of last week", WED, False, P, D(2026, 11, 22)),
    ("end of week", SUN, False, F, SUN),
    ("end of the month", WED, False, F, D(2026, 11, 30)),
    ("by the end of next month", WED, False, F, D(2026, 12, 31)),
    ("end of last month", WED, False, P, D(2026, 10, 31)),
    ("start of month", WED, False, P, D(2026, 11, 1)),
    ("beginning of next month", WED, False, F, D(2026, 12, 1)),
    ("first day of next month", WED, False, F, D(2026, 12, 1)),
    ("last day of next month", WED, False, F, D(2026, 12, 31)),
    ("end of february", WED, False, F, D(2027, 2, 28)),
    ("end of february", WED, False, P, D(2026, 2, 28)),
    ("the last day of february", WED, False, F, D(2027, 2, 28)),
    ("last day of feb 2028", WED, False, F, D(2028, 2, 29)),
    ("last day in october 2027", WED, False, F, D(2027, 10, 31)),
    ("end of year", WED, False, F, D(2026, 12, 31)),
    ("end of next year", WED, False, F, D(2027, 12, 31)),
    ("beginning of next year", WED, False, F, D(2027, 1, 1)),
    ("start of 2027", WED, False, F, D(2027, 1, 1)),
    ("end of 2026", WED, False, F, D(2026, 12, 31)),
    ("eom", WED, False, F, D(2026, 11, 30)),
    ("eoy", WED, False, F, D(2026, 12, 31)),
    ("by eom", WED, False, F, D(2026, 11, 30)),
    ("next year", WED, False, F, D(2027, 11, 25)),
    ("last year", WED, False, P, D(2025, 11, 25)),
    ("the following week", WED, False, F, D(2026, 12, 2)),
    ("previous month", WED, False, P, D(2026, 10, 25)),
    ("next month", D(2027, 1, 31), False, F, D(2027, 2, 28)),
    ("this week", WED, False, F, No("not one day")),
    ("this month", WED, False, F, No("not one day")),
    ("past week", WED, False, P, No("span")),
    ("the week after next", WED, False, F, No("Cannot read")),
    ("mid month", WED, False, F, No("Cannot read")),
    ("the 15th", WED, False, F, D(2026, 12, 15)),
    ("the 15th", WED, False, P, D(2026, 11, 15)),
    ("on the 15th", WED, False, F, D(2026, 12, 15)),
    ("the 30th", WED, False, F, D(2026, 11, 30)),
    ("the 31st", WED, False, F, D(2026, 12, 31)),
    ("the 31st", WED, False, N, No("November has no day 31")),
    ("the 25th", WED, False, F, No("The 25th is today")),
    ("the 1st", WED, False, F, D(2026, 12, 1)),
    ("on the first", WED, False, F, D(2026, 12, 1)),
    ("the twenty-first", WED, False, F, D(2026, 12, 21)),
    ("1st", WED, False, P, D(2026, 11, 1)),
    ("the 32nd", WED, False, F, No("No month has a day 32")),
    ("the 20th of next month", WED, False, F, D(2026, 12, 20)),
    ("20 of next month", WED, False, F, D(2026, 12, 20)),
    ("20th day of next month", WED, False, F, D(2026, 12, 20)),
    ("the 10th of last month", WED, False, P, D(2026, 10, 10)),
    ("the 1st of the month", WED, False, P, D(2026, 11, 1)),
    ("31st of this month", WED, False, F, No("has no day 31")),
    ("first monday of next month", WED, False, F, D(2026, 12, 7)),
    ("the first monday of the month", WED, False, P, D(2026, 11, 2)),
    ("last friday of the month", WED, False, F, D(2026, 11, 27)),
    ("last friday in october", WED, False, F, D(2027, 10, 29)),
    ("2nd tuesday of march", WED, False, F, D(2027, 3, 9)),
    ("second monday in october 2027", WED, False, F, D(2027, 10, 11)),
    ("third thursday of november 2026", WED, False, P, D(2026, 11, 19)),
    ("the 5th friday of december 2026", WED, False, F, No("no 5th Friday")),
]

HOLIDAYS = [
    ("christmas", WED, False, F, D(2026, 12, 25)),
    ("christmas", WED, False, P, D(2025, 12, 25)),
    ("christmas", WED, False, N, D(2026, 12, 25)),
    ("xmas", WED, False, F, D(2026, 12, 25)),
    ("christmas eve", WED, False, F, D(2026, 12, 24)),
    ("christmas 2027", WED, False, F, D(2027, 12, 25)),
    ("last christmas", WED, False, F, D(2025, 12, 25)),
    ("new year's day", WED, False, F, D(2027, 1, 1)),
    ("new years eve", WED, False, F, D(2026, 12, 31)),
    ("thanksgiving", WED, False, F, D(2026, 11, 26)),
    ("thanksgiving", THU, False, F, No("is today")),
    ("thanksgiving 2027", WED, False, F, D(2027, 11, 25)),
    ("easter", WED, False, F, D(2027, 3, 28)),
    ("good friday 2027", WED, False, F, D(2027, 3, 26)),
    ("memorial day", WED, False, F, D(2027, 5, 31)),
    ("labor day 2027", WED, False, F, D(2027, 9, 6)),
    ("halloween", WED, False, P, D(2026, 10, 31)),
    ("4th of july", WED, False, F, D(2027, 7, 4)),
    ("fourth of july", WED, False, F, D(2027, 7, 4)),
    ("independence day", WED, False, F, D(2027, 7, 4)),
    ("mlk day", WED, False, F, D(2027, 1, 18)),
    ("mother's day", WED, False, F, D(2027, 5, 9)),
    ("black friday", WED, False, F, D(2026, 11, 27)),
    ("memorial day of next year", WED, False, F, D(2027, 5, 31)),
]

WRITTEN = [
    ("2027-03-15", WED, False, F, D(2027, 3, 15)),
    ("2027-3-5", WED, False, F, D(2027, 3, 5)),
    ("2027/03/15", WED, True, F, D(2027, 3, 15)),
    ("2027.03.15", WED, False, F, D(2027, 3, 15)),
    ("2027 03 15", WED, False, F, D(2027, 3, 15)),
    ("20270315", WED, False, F, D(2027, 3, 15)),
    ("2028-02-29", WED, False, F, D(2028, 2, 29)),
    ("1900-01-01", WED, False, P, D(1900, 1, 1)),
    ("2200-12-31", WED, False, F, D(2200, 12, 31)),
    ("2027-02-29", WED, False, F, No("not a real date")),
    ("2027-13-01", WED, False, F, No("not a real date")),
    ("1899-12-31", WED, False, P, No("out of range")),
    ("2201-01-01", WED, False, F, No("out of range")),
    ("0001-01-01", WED, False, P, No("out of range")),
    ("3/15/2027", WED, False, F, D(2027, 3, 15)),
    ("03/15/2027", WED, False, F, D(2027, 3, 15)),
    ("3-15-2027", WED, False, F, D(2027, 3, 15)),
    ("3.15.2027", WED, False, F, D(2027, 3, 15)),
    ("3 15 2027", WED, False, F, D(2027, 3, 15)),
    ("3/15/27", WED, False, F, D(2027, 3, 15)),
    ("12/31/30", WED, False, F, D(2030, 12, 31)),
    ("3/15/26", WED, False, F, No("type the year in full")),
    ("3/15/26", WED, False, P, D(2026, 3, 15)),
    ("3/3/94", WED, False, F, No("type the year in full (1994?)")),
    ("3/3/94", WED, False, P, D(1994, 3, 3)),
    ("1/1/50", WED, False, F, No("type the year in full")),
    ("5/3/65", WED, False, P, D(1965, 5, 3)),
    ("5/3/18", D(2018, 5, 1), False, P, D(2018, 5, 3)),
    ("12/11/2026", WED, False, P, D(2026, 12, 11)),
    ("12/11/2026", WED, True, P, D(2026, 11, 12)),
    ("3/4", WED, False, F, D(2027, 3, 4)),
    ("3/4", WED, True, F, D(2027, 4, 3)),
    ("4/3/2027", WED, True, F, D(2027, 3, 4)),
    ("01.02.2027", WED, True, F, D(2027, 2, 1)),
    ("15/3", WED, False, F, D(2027, 3, 15)),
    ("15/3/2027", WED, False, F, D(2027, 3, 15)),
    ("25.8.2027", WED, False, F, D(2027, 8, 25)),
    ("10.09.2027", WED, False, F, No("day.month or month.day")),
    ("10.09.2027", WED, True, F, D(2027, 9, 10)),
    ("04.04.2027", WED, False, F, D(2027, 4, 4)),
    ("8.25.2027", WED, False, F, D(2027, 8, 25)),
    ("25/12", WED, True, F, D(2026, 12, 25)),
    ("12/25", WED, True, F, D(2026, 12, 25)),
    ("2/15", WED, False, F, D(2027, 2, 15)),
    ("2 / 15", WED, False, F, D(2027, 2, 15)),
    ("2-15", WED, False, F, D(2027, 2, 15)),
    ("11/25", WED, False, F, No("25 November is today")),
    ("11/25", WED, False, N, WED),
    ("11/26", WED, False, F, D(2026, 11, 26)),
    ("11/24", WED, False, F, D(2027, 11, 24)),
    ("\u0663/\u0661\u0665", WED, False, F, D(2027, 3, 15)),     # Arabic-Indic digits
    ("\uff13\uff0f\uff11\uff15", WED, False, F, D(2027, 3, 15)),  # full-width 3/15
    ("13/13", WED, False, F, No("not a day and a month")),
    ("0/5", WED, False, F, No("not a day and a month")),
    ("2/30", WED, False, F, No("not a real date")),
    ("2/29/27", WED, False, F, No("not a real date")),
    ("feb 29", WED, False, F, No("no 29 February in 2027")),
    ("feb 29", D(2027, 6, 1), False, F, D(2028, 2, 29)),
    ("3/2027", WED, False, F, No("a month and a year")),
    ("2027-03", WED, False, F, No("a month and a year")),
    ("March 15", WED, False, F, D(2027, 3, 15)),
    ("15 March", WED, False, F, D(2027, 3, 15)),
    ("15th March", WED, False, F, D(2027, 3, 15)),
    ("the 15th of March", WED, False, P, D(2026, 3, 15)),
    ("15 of march", WED, False, F, D(2027, 3, 15)),
    ("March the 15th", WED, False, F, D(2027, 3, 15)),
    ("March fifteenth", WED, False, F, D(2027, 3, 15)),
    ("the fifteenth of march", WED, False, F, D(2027, 3, 15)),
    ("third day of october", WED, False, F, D(2027, 10, 3)),
    ("Mar 15", WED, False, F, D(2027, 3, 15)),
    ("Mar. 15", WED, False, F, D(2027, 3, 15)),
    ("mar15", WED, False, F, D(2027, 3, 15)),
    ("15mar", WED, False, F, D(2027, 3, 15)),
    ("Sept 1", WED, False, F, D(2027, 9, 1)),
    ("1 dec. 2026", WED, False, F, D(2026, 12, 1)),
    ("dec 21", WED, False, F, D(2026, 12, 21)),
    ("december twenty first", WED, False, F, D(2026, 12, 21)),
    ("twenty-first of december", WED, False, F, D(2026, 12, 21)),
    ("15 March 2027", WED, False, F, D(2027, 3, 15)),
    ("March 15, 2027", WED, False, F, D(2027, 3, 15)),
    ("march 15th, 2027", WED, False, F, D(2027, 3, 15)),
    ("2027 March 15", WED, False, F, D(2027, 3, 15)),
    ("15-Mar-2027", WED, False, F, D(2027, 3, 15)),
    ("15/Mar/2027", WED, False, F, D(2027, 3, 15)),
    ("Mar-15-2027", WED, False, F, D(2027, 3, 15)),
    ("2027-mar-15", WED, False, F, D(2027, 3, 15)),
    ("15-mar-27", WED, False, F, D(2027, 3, 15)),
    ("Jan 1, '27", WED, False, F, D(2027, 1, 1)),
    ("march 15 27", WED, False, F, No("is 27 the year")),
    ("aug 9 96", WED, False, P, D(1996, 8, 9)),
    ("Thu, 22 Jul 2027", WED, False, F, D(2027, 7, 22)),
    ("Jul 22 2027, Thursday", WED, False, F, D(2027, 7, 22)),
    ("tuesday august 23nd 2016 at 5pm", WED, False, P, D(2016, 8, 23)),
    ("Tues 9th Aug, 2015", WED, False, P, No("is a Sunday, not a Tuesday")),
    ("March", WED, False, F, No("Which day of March")),
    ("march 2027", WED, False, F, No("Which day of March")),
    ("jan '27", WED, False, F, No("Which day of January")),
    ("2027", WED, False, F, No("is a year")),
    ("june 31", WED, False, F, No("not a real date")),
    ("april 31 2027", WED, False, F, No("not a real date")),
]

TIMES = [
    ("tomorrow at 5pm", WED, False, F, D(2026, 11, 26)),
    ("5pm tomorrow", WED, False, F, D(2026, 11, 26)),
    ("tomorrow 17:00", WED, False, F, D(2026, 11, 26)),
    ("tomorrow at 5:30 p.m.", WED, False, F, D(2026, 11, 26)),
    ("tomorrow 7.25 pm", WED, False, F, D(2026, 11, 26)),
    ("tomorrow at noon", WED, False, F, D(2026, 11, 26)),
    ("tomorrow at 5", WED, False, F, D(2026, 11, 26)),
    ("tomorrow at 12am", WED, False, F, D(2026, 11, 26)),
    ("friday at 9am", WED, False, F, D(2026, 11, 27)),
    ("9am friday", WED, False, F, D(2026, 11, 27)),
    ("next friday at 1pm", THU, False, F, D(2026, 12, 4)),
    ("march 5 at 3pm", WED, False, F, D(2027, 3, 5)),
    ("1 day ago at 2 PM", WED, False, P, D(2026, 11, 24)),
    ("yesterday 15:00", WED, False, P, D(2026, 11, 24)),
    ("today at 3am", WED, False, P, WED),
    ("2027-03-15 10:00", WED, False, F, D(2027, 3, 15)),
    ("2027-03-15T10:00:00Z", WED, False, F, D(2027, 3, 15)),
    ("2027-03-15T10:00:00.123+05:00", WED, False, F, D(2027, 3, 15)),
    ("20270315T101500", WED, False, F, D(2027, 3, 15)),
    ("Mon, 15 Mar 2027 10:00:00 +0000", WED, False, F, D(2027, 3, 15)),
    ("Mon Mar 15 10:00:00 UTC 2027", WED, False, F, D(2027, 3, 15)),
    ("3/15/2027 10:00 AM", WED, False, F, D(2027, 3, 15)),
    ("15 march 2027 10:00 utc", WED, False, F, D(2027, 3, 15)),
    ("midnight", WED, False, F, No("Midnight")),
    ("tomorrow at midnight", WED, False, F, No("Midnight")),
    ("tomorrow at 25:00", WED, False, F, No("not a time of day")),
    ("tomorrow at 13pm", WED, False, F, No("not a time of day")),
    ("tonight at 8pm", WED, False, F, No('"today at 8pm"')),
    ("this morning at 3", WED, False, P, No("With a time")),
    ("2027-03-15T23:00:00-05:00", WED, False, F, No("another day")),
    ("15 march 2027 23:24 edt", WED, False, F, No("another day")),
    ("3pm-4pm tomorrow", WED, False, F, No("Cannot read")),
    ("tomorrow 3:00 to 4:00", WED, False, F, No("two times")),
    ("march 10:30 5", WED, False, F, No("not inside it")),
    ("in 30 minutes", WED, False, F, No("minutes or seconds")),
]

REFUSED = [
    ("", WED, False, F, No("Type a date")),
    ("   ", WED, False, F, No("Type a date")),
    ("x" * 81, WED, False, F, No("too long")),
    ("soon", WED, False, F, No("Cannot read")),
    ("tomorrowish", WED, False, F, No("Cannot read")),
    ("someday 13", WED, False, F, No("Cannot read")),
    ("[b]3/15[/b]", WED, False, F, No("Cannot read")),
    ("[/]", WED, False, F, No("Cannot read")),
    ("[@click=app.quit]x[/]", WED, False, F, No("Cannot read")),
    ("3/15; drop table", WED, False, F, No("Cannot read")),
    ("ma\u00f1ana", WED, False, F, No("Cannot read")),
    ("3/15/20266", WED, False, F, No("Cannot read")),
    ("-3/15", WED, False, F, No("Cannot read")),
    ("3//15", WED, False, F, No("Cannot read")),
    ("3 15", WED, False, F, No("Cannot read")),
    ("15", WED, False, F, No('"the 15th"')),
    ("monday to friday", WED, False, F, No("not a range or a list")),
    ("between monday and friday", WED, False, F, No("not a range or a list")),
    ("3/15 - 3/20", WED, False, F, No("not a range or a list")),
    ("3/15-3/20", WED, False, F, No("not a range or a list")),
    ("march 5-10", WED, False, F, No("not a range or a list")),
    ("until friday", WED, False, F, No("not a range or a list")),
    ("monday or tuesday", WED, False, F, No("not a range or a list")),
    ("around friday", WED, False, F, No("Cannot read")),
    ("about 3 days ago", WED, False, P, No("Cannot read")),
    ("mid march", WED, False, F, No("Cannot read")),
    ("next march", WED, False, F, No("Cannot read")),
    ("in the morning", WED, False, F, No("time of day")),
    ("this weekend", WED, False, F, No("Cannot read")),
    ("a week on tuesday", WED, False, F, No("Cannot read")),
    ("tab\t3/15", WED, False, F, No("Cannot read")),
]

# A year-less date falling on today is today in a field that looks back (or has no
# direction): it is the last such day, and date libraries agree. Looking ahead they split
# (today, or next year's), so it is refused. A weekday naming today is refused both ways:
# libraries read "thursday" on a Thursday as today, a week on or a week back.
ON_TODAY = [
    ("Nov 26", THU, False, P, THU),
    ("Nov 26", THU, False, N, THU),
    ("Nov 26", THU, False, F, No('26 November is today: type "today", or add the year')),
    ("26 November", THU, False, P, THU),
    ("november 26th", THU, False, P, THU),
    ("26 Nov", THU, True, F, No("is today")),
    ("26/11", THU, True, P, THU),
    ("26/11", THU, True, N, THU),
    ("26/11", THU, True, F, No("is today")),
    ("11/26", THU, False, P, THU),
    ("11-26", THU, False, P, THU),
    ("Nov 26 2026", THU, False, F, THU),          # with the year it is just a date
    ("11/26/26", THU, False, F, THU),
    ("the 26th", THU, False, P, THU),
    ("the 26th", THU, False, N, THU),
    ("26th", THU, False, P, THU),
    ("on the 26th", THU, False, F, No("The 26th is today")),
    ("thanksgiving", THU, False, P, THU),
    ("christmas", D(2026, 12, 25), False, P, D(2026, 12, 25)),
    ("christmas", D(2026, 12, 25), False, F, No("is today")),
    ("next christmas", D(2026, 12, 25), False, F, D(2027, 12, 25)),
    ("last christmas", D(2026, 12, 25), False, P, D(2025, 12, 25)),
    ("christmas 2027", D(2026, 12, 25), False, F, D(2027, 12, 25)),
    ("a year from christmas", D(2026, 12, 25), False, F, No("Christmas is today")),
    ("end of november", D(2026, 11, 30), False, P, D(2026, 11, 30)),
    ("end of november", D(2026, 11, 30), False, F, No("is today")),
    ("end of month", D(2026, 11, 30), False, F, D(2026, 11, 30)),
    ("last thursday of november", THU, False, P, THU),
    ("4th thursday in november", THU, False, F, No("is today")),
    ("Thursday Nov 26", THU, False, P, THU),
    ("thursday the 26th", THU, False, P, THU),
    ("feb 29", D(2028, 2, 29), False, P, D(2028, 2, 29)),
    ("the day after 11/26", THU, False, P, D(2026, 11, 27)),
    ("the day after 11/26", THU, False, F, No("is today")),
    ("11/27", THU, False, P, D(2025, 11, 27)),
    ("11/27", THU, False, F, D(2026, 11, 27)),
    ("11/25", THU, False, F, D(2027, 11, 25)),
    ("the 27th", THU, False, P, D(2026, 10, 27)),
    ("thursday", THU, False, N, No("Today is Thursday")),
    ("on thursday", THU, False, F, No("Today is Thursday")),
    ("this thursday", THU, False, P, No("Today is Thursday")),
    ("this thursday", THU, False, N, No("Today is Thursday")),
]

NOW = datetime(2026, 11, 25, 15, 0)   # Wednesday, 3pm
TUE, THUR = D(2026, 11, 24), D(2026, 11, 26)

# A time of day alone names a day: today when "today" is a plain date or the field has no
# direction; with a clock, the next such time (looking ahead) or the last one (looking back).
TIME_ALONE = [
    ("5pm", WED, False, F, WED),
    ("5pm", WED, False, P, WED),
    ("17:00", WED, False, F, WED),
    ("noon", WED, False, F, WED),
    ("at noon", WED, False, P, WED),
    ("at 5", WED, False, F, WED),
    ("at 5:30pm", WED, False, P, WED),
    ("3pm", WED, False, N, WED),
    ("by 5pm", WED, False, F, WED),
    ("due at 5pm", WED, False, F, WED),
    ("11:00:00 PM", WED, False, F, WED),
    ("11 p.m.", WED, False, F, WED),
    ("11p", WED, False, F, WED),
    ("11a", WED, False, P, WED),
    ("12am", WED, False, F, WED),
    ("12pm", WED, False, P, WED),
    ("00:00", WED, False, F, WED),
    ("0:00", WED, False, P, WED),
    ("23:59", WED, False, F, WED),
    ("5:30", WED, False, F, WED),
    ("3pm", NOW, False, F, WED),                  # exactly now: today, both ways
    ("3pm", NOW, False, P, WED),
    ("15:00", NOW, False, F, WED),
    ("3pm", NOW.replace(microsecond=500), False, F, WED),  # equal to the second
    ("3pm", NOW.replace(second=40), False, F, THUR),       # 40 seconds ago: passed
    ("15:00:40", NOW.replace(second=40), False, P, WED),
    ("15:00:41", NOW.replace(second=40), False, P, TUE),
    ("14:59", NOW, False, F, THUR),
    ("14:59", NOW, False, P, WED),
    ("15:01", NOW, False, F, WED),
    ("15:01", NOW, False, P, TUE),
    ("at 5:30pm", NOW, False, F, WED),
    ("at 5:30pm", NOW, False, P, TUE),
    ("9am", NOW, False, F, THUR),
    ("9am", NOW, False, P, WED),
    ("9am", NOW, False, N, WED),
    ("11pm", NOW, False, N, WED),
    ("noon", NOW, False, F, THUR),
    ("noon", NOW, False, P, WED),
    ("12pm", NOW, False, F, THUR),
    ("12pm", NOW.replace(hour=11), False, F, WED),
    ("12pm", NOW.replace(hour=11), False, P, TUE),
    ("12am", NOW, False, F, THUR),
    ("12am", NOW, False, P, WED),
    ("00:00", NOW, False, F, THUR),
    ("00:00", NOW, False, P, WED),
    ("0:00", NOW, False, F, THUR),
    ("00:00", NOW.replace(hour=0), False, F, WED),
    ("23:59", NOW, False, F, WED),
    ("23:59", NOW, False, P, TUE),
    ("23:59", NOW.replace(hour=23, minute=59), False, F, WED),
    ("23:59", NOW.replace(hour=23, minute=59, second=59), False, F, THUR),
    ("11pm", datetime(2026, 12, 31, 23, 30), False, F, D(2027, 1, 1)),
    ("1am", datetime(2026, 1, 1, 0, 30), False, P, D(2025, 12, 31)),
    ("4pm", datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc), False, F, WED),
    ("at 5", NOW, False, F, No('"5" could be 5am or 5pm')),
    ("5 o'clock", NOW, False, P, No('type "5am" or "5pm"')),
    ("at 5", NOW.replace(hour=4), False, F, WED),    # 5am and 5pm both to come
    ("at 5", NOW.replace(hour=18), False, F, THUR),  # both passed
    ("at 5", NOW.replace(hour=18), False, P, WED),
    ("at 5", NOW, False, N, WED),
    ("5:30", NOW, False, P, No("5:30am or 5:30pm")),
    ("05:30", NOW, False, F, THUR),                  # a 24-hour time, as written
    ("17:30", NOW, False, P, TUE),
    ("15h30", NOW, False, F, WED),
    ("12:15", NOW, False, F, THUR),                  # 12:15pm and 12:15am both passed
    ("12:15", NOW.replace(hour=10), False, F, No("12:15pm or 12:15am")),
    ("24:00", WED, False, F, No("end of a day")),
    ("24:00", NOW, False, P, No("end of a day")),
    ("tomorrow 24:00", WED, False, F, No("end of a day")),
    ("midnight", NOW, False, P, No("Midnight")),
    ("at midnight", WED, False, N, No("Midnight")),
    ("3pm utc", WED, False, F, No("zone")),
    ("15:00 +05:00", NOW, False, F, No("zone")),
    ("3pm 4pm", WED, False, F, No("two times")),
    ("at", WED, False, F, No("Cannot read")),
    ("25:00", WED, False, F, No("not a time of day")),
    ("13pm", WED, False, F, No("not a time of day")),
    ("2300", WED, False, F, No("is a year")),
    ("tonight at 8pm", NOW, False, F, No('"today at 8pm"')),
    ("tomorrow at 3pm", NOW, False, P, THUR),       # a day typed: the clock plays no part
    ("today at 9am", NOW, False, F, WED),
    ("nov 25", NOW, False, P, WED),
    ("nov 25", NOW, False, F, No("is today")),
    ("in 2 days", NOW, False, F, D(2026, 11, 27)),
    ("friday", NOW, False, P, D(2026, 11, 20)),
]

CASES = (ISSUE + RELATIVE + WEEKDAYS + PERIODS + HOLIDAYS + WRITTEN + TIMES + REFUSED + ON_TODAY
         + TIME_ALONE)


def _id(case) -> str:
    text, today, day_first, prefer, _ = case
    clock = f"{today:%H%M%S.%f}" if isinstance(today, datetime) else ""
    return f"{text[:30]!r}@{today:%a%d%b}{clock}{'/dmy' if day_first else ''}/{prefer}"


@pytest.mark.parametrize("text,today,day_first,prefer,expected", CASES,
                         ids=[_id(case) for case in CASES])
def test_reads_or_refuses(text, today, day_first, prefer, expected):
    if isinstance(expected, No):
        with pytest.raises(DateInputError) as caught:
            parse_date(text, today=today, day_first=day_first, prefer=prefer)
        assert expected.fragment in str(caught.value)
    else:
        assert parse_date(text, today=today, day_first=day_first, prefer=prefer) == expected


def test_the_table_is_large_and_has_no_duplicates():
    keys = [case[:4] for case in CASES]
    assert len(CASES) >= 300
    assert len(set(keys)) == len(keys)


def test_next_friday_on_a_thursday_says_which_friday():
    reading = read_date("next friday", today=THU, prefer="future")
    assert reading.value == D(2026, 12, 4)
    assert reading.note == "Friday of next week"
    assert describe(reading.value, THU) == "Fri 4 Dec 2026, in 8 days"
    assert read_date("this friday", today=THU, prefer="future").note == "Friday of this week"


def test_the_time_typed_is_kept_apart_from_the_day():
    reading = read_date("since yesterday 15:00".removeprefix("since "), today=WED,
                        prefer="past")
    assert (reading.value, reading.time, reading.had_time) == (D(2026, 11, 24), time(15), True)
    assert read_date("tomorrow at 5:30pm", today=WED).time == time(17, 30)
    vague = read_date("tomorrow at 5", today=WED)
    assert (vague.time, vague.had_time) == (None, True)
    assert read_date("tomorrow", today=WED).had_time is False


@pytest.mark.parametrize("value,expected", [
    (D(2026, 11, 27), "Fri 27 Nov 2026, in 2 days"),
    (WED, "Wed 25 Nov 2026, today"),
    (D(2026, 11, 26), "Thu 26 Nov 2026, tomorrow"),
    (D(2026, 11, 24), "Tue 24 Nov 2026, yesterday"),
    (D(2026, 11, 11), "Wed 11 Nov 2026, 14 days ago"),
    (D(2027, 3, 25), "Thu 25 Mar 2027, in 4 months"),
    (D(2027, 3, 15), "Mon 15 Mar 2027, in about 3 months"),
    (D(2024, 11, 25), "Mon 25 Nov 2024, 2 years ago"),
])
def test_describe_shows_weekday_and_distance(value, expected):
    assert describe(value, WED) == expected


@pytest.mark.parametrize("value,prefer,expected", [
    (D(2026, 11, 24), "future", "in the past"),
    (WED, "future", ""),
    (D(2026, 11, 26), "past", "in the future"),
    (D(2026, 11, 26), None, ""),
])
def test_direction_problem(value, prefer, expected):
    assert direction_problem(value, today=WED, prefer=prefer) == expected


def test_a_time_alone_says_which_day_and_keeps_no_time():
    reading = read_date("2pm", today=NOW, prefer="future")
    assert (reading.value, reading.time, reading.had_time) == (THUR, time(14), True)
    assert reading.note == "the next 2pm: today's has passed"
    reading = read_date("at 5:30pm", today=NOW, prefer="past")
    assert (reading.value, reading.note) == (TUE, "the last 5:30pm: today's is still to come")
    reading = read_date("4pm", today=NOW, prefer="future")
    assert (reading.value, reading.note, reading.had_time) == (WED, "", True)
    assert read_date("at 5", today=WED, prefer="future").time is None  # 5am or 5pm


def test_a_time_alone_without_today_is_placed_by_this_computer_s_clock():
    assert parse_date("noon", prefer=None) == datetime.now().date()
    assert parse_date("23:59", prefer="future") == datetime.now().date()


def test_today_may_be_given_as_a_moment():
    from datetime import datetime

    assert parse_date("tomorrow", today=datetime(2026, 11, 25, 23, 59)) == D(2026, 11, 26)


def test_an_unknown_direction_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_date("today", today=WED, prefer="sideways")


def test_long_bad_input_is_shortened_in_the_message():
    with pytest.raises(DateInputError) as caught:
        parse_date("q" * 35, today=WED)
    assert "q" * 27 + "..." in str(caught.value)
    assert "q" * 28 not in str(caught.value)


WORDS = ["in", "a", "the", "of", "next", "last", "this", "on", "at", "day", "days", "week",
         "ago", "from", "now", "after", "before", "friday", "monday", "march", "5", "5th",
         "2027", "3/15", "-", "+", "/", ".", ":", ",", "'", "am", "pm", "noon", "tomorrow",
         "today", "and", "to", "end", "first", "12", "31", "99", "'27", "10:30", "jan",
         "christmas", "within", "hours", "t", "z", "utc", "3pm", "12am", "0:00", "23:59",
         "24:00", "5:30", "by", "o'clock", "midnight"]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=90),
                 st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)),
       st.sampled_from(["future", "past", None]), st.booleans(),
       st.sampled_from([WED, NOW, NOW.replace(hour=0), NOW.replace(hour=23, minute=59)]))
def test_anything_typed_is_read_or_refused_never_a_crash(text, prefer, day_first, today):
    try:
        value = parse_date(text, today=today, prefer=prefer, day_first=day_first)
    except DateInputError as exc:
        assert str(exc)
    else:
        assert D(1900, 1, 1) <= value <= D(2200, 12, 31)
