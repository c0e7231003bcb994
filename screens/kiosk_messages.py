"""What kiosk screens tell the kiosk app, which decides what comes next.

A kiosk screen never calls the app: it posts one of these, and ``KioskApp`` handles each
with ``@on``. The app keeps the resident's session and the order of the screens; a screen
only says what the resident did.
"""

from __future__ import annotations

from typing import Callable

from textual.message import Message

from peer_tui.screens.kiosk_session import KioskSession
from peer_tui.services.assessments import KioskBarc
from peer_tui.services.checkin import CheckInContext, ThankYou
from peer_tui.services.kiosk_auth import KioskResident, StaffExit


class CheckInStarted(Message):
    """A resident signed in: their check-in begins at the first question. BARC says
    whether the BARC-10 is due after it."""

    def __init__(self, resident: KioskResident, context: CheckInContext,
                 barc: KioskBarc | None = None) -> None:
        super().__init__()
        self.resident = resident
        self.context = context
        self.barc = barc


class Answered(Message):
    """Question INDEX is answered: the next question (or the summary) comes."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class Back(Message):
    """The resident goes back to question INDEX (from a question or from the summary)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class HelpRequested(Message):
    """The crisis screen, over the current one. BACK says where Enter returns to; ENDED_AT
    is the question the check-in stops at if the resident ends it there; THEN receives the
    crisis screen's result."""

    def __init__(self, reason: str, *, back: str, ended_at: str,
                 then: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.reason = reason
        self.back = back
        self.ended_at = ended_at
        self.then = then


class AlertStaff(Message):
    """The crisis screen opened: staff must be told about SESSION's resident (once)."""

    def __init__(self, session: KioskSession, reason: str) -> None:
        super().__init__()
        self.session = session
        self.reason = reason


class EndCheckIn(Message):
    """Save what SESSION's resident answered so far (ended from the crisis screen);
    FAILED receives the problem when it cannot be saved."""

    def __init__(self, session: KioskSession, ended_at: str,
                 failed: Callable[[Exception], None]) -> None:
        super().__init__()
        self.session = session
        self.ended_at = ended_at
        self.failed = failed


class CheckInSent(Message):
    """SESSION's check-in is saved: the thank-you screen comes."""

    def __init__(self, session: KioskSession, thanks: ThankYou) -> None:
        super().__init__()
        self.session = session
        self.thanks = thanks


class StartOver(Message):
    """Back to a new welcome screen; the resident's screens and answers are dropped."""


class StaffUnlocked(Message):
    """A staff member's username and PIN were accepted: the kiosk ends."""

    def __init__(self, result: StaffExit) -> None:
        super().__init__()
        self.result = result
