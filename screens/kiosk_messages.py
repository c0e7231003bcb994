"""What kiosk screens tell the kiosk app, which decides what comes next.

A kiosk screen never calls the app: it posts one of these, and ``KioskApp`` handles each
with ``@on``. The app keeps the resident's session and the order of the screens; a screen
only says what the resident did. (Textual messages may be dataclasses: ``Message`` sets
itself up in ``__post_init__``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.message import Message

from peer_tui.screens.kiosk_session import KioskSession
from peer_tui.services.assessments import BarcResult, KioskBarc
from peer_tui.services.checkin import CheckInContext, ThankYou
from peer_tui.services.kiosk_auth import KioskResident, StaffExit


@dataclass
class CheckInStarted(Message):
    """A resident signed in: their check-in begins at the first question. BARC says
    whether the BARC-10 is due after it; CANNOT_SAVE, when not empty, says why answers cannot
    be saved right now (each question repeats it)."""

    resident: KioskResident
    context: CheckInContext
    barc: KioskBarc | None = None
    cannot_save: str = ""


@dataclass
class Answered(Message):
    """Question INDEX is answered: the next question (or the summary) comes."""

    index: int


@dataclass
class Back(Message):
    """The resident goes back to question INDEX (from a question or from the summary)."""

    index: int


@dataclass
class HelpRequested(Message):
    """The crisis screen, over the current one. BACK says where Enter returns to; ENDED_AT
    is the question the check-in stops at if the resident ends it there; THEN receives the
    crisis screen's result."""

    reason: str
    back: str
    ended_at: str
    then: Callable[[str], None] | None = None


@dataclass
class AlertStaff(Message):
    """The crisis screen opened: staff must be told about SESSION's resident (once)."""

    session: KioskSession
    reason: str


@dataclass
class EndCheckIn(Message):
    """Save what SESSION's resident answered so far (ended from the crisis screen); FAILED
    receives the problem when it cannot be saved."""

    session: KioskSession
    ended_at: str
    failed: Callable[[Exception], None]


@dataclass
class CheckInSent(Message):
    """SESSION's check-in is saved: the thank-you screen comes."""

    session: KioskSession
    thanks: ThankYou


@dataclass
class BarcShown(Message):
    """BARC-10 statement INDEX comes (after a saved check-in); -1 is the offer again."""

    index: int


@dataclass
class SaveBarc(Message):
    """SESSION's BARC-10 answers are to be saved; FAILED receives the problem when they
    cannot be."""

    session: KioskSession
    failed: Callable[[Exception], None]


@dataclass
class BarcDone(Message):
    """SESSION's resident is through with the BARC-10 (RESULT None: not taken now)."""

    session: KioskSession
    result: BarcResult | None = None


@dataclass
class LanguageChosen(Message):
    """The resident picked LANGUAGE on the welcome screen: the kiosk speaks it until it goes
    back to the start."""

    language: str


class StartOver(Message):
    """Back to a new welcome screen; the resident's screens and answers are dropped."""


@dataclass
class StaffUnlocked(Message):
    """A staff member's username and PIN were accepted: the kiosk ends."""

    result: StaffExit
