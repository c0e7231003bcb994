"""One resident's check-in while it is under way: who, their own lists, answers so far.

Held by the kiosk app only between sign-in and the thank-you screen (or the idle reset);
dropping it is how a check-in is discarded. Screens compare the app's current session with
the one they were built for, so a late service answer never lands in the next resident's
check-in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peer_tui.kiosk_i18n import SOURCE_LANGUAGE, _
from peer_tui.models.checkin_schemas import Question
from peer_tui.models.instrument_schemas import Instrument
from peer_tui.services.assessments import KioskBarc, barc
from peer_tui.services.checkin import CheckInContext, ThankYou
from peer_tui.services.checkin_rules import answer_words
from peer_tui.services.kiosk_auth import KioskResident


@dataclass
class KioskSession:
    resident: KioskResident
    context: CheckInContext
    questions: tuple[Question, ...]
    answers: dict = field(default_factory=dict)
    crisis_concern_id: int | None = None
    crisis_pending: bool = False
    cannot_save: str = ""  # why answers cannot be saved now (a full disk), told up front
    language: str = "en"
    """The language the resident chose; QUESTIONS are in it, and staff are told of it."""
    barc_status: KioskBarc | None = None
    """Whether the BARC-10 is due (read at sign-in) and the resident's last total."""
    barc_answers: list = field(default_factory=list)
    saved: ThankYou | None = None
    """Set once the check-in itself is saved: what follows (the BARC-10) is extra."""
    staff_told: bool = False

    def __post_init__(self) -> None:
        self.barc_answers = [None] * len(self.barc_instrument.items)

    @property
    def barc_instrument(self) -> Instrument:
        return barc()

    @property
    def barc_language(self) -> str | None:
        """The language the BARC-10 is shown in: the resident's when a validated translation
        exists, else English (the kiosk says so), else none."""
        for code in (self.language, SOURCE_LANGUAGE):
            if self.barc_instrument.text(code) is not None:
                return code
        return None

    @property
    def offers_barc(self) -> bool:
        """Due, and there is a validated text to show (the resident's language or English)."""
        return bool(self.barc_status and self.barc_status.due
                    and self.barc_language is not None)

    @property
    def count(self) -> int:
        return len(self.questions)

    def answer_text(self, question: Question) -> str:
        """The answer as the summary screen shows it: the words staff will read, in the
        resident's language."""
        return answer_words(question, self.answers.get(question.id), self.context,
                            translate=_)
