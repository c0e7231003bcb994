"""Meetings attended, counted per resident by recovery pathway (what houses are asked about).

Counted from what residents tick at the kiosk ("which meetings or groups have you been to
since your last check-in?"): one per meeting or group ticked, in the last 7 and 30 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peewee import fn

from peer_tui.models.checkin_results import MeetingAttendance
from peer_tui.services.permissions import Actor, require
from peer_tui.timeutil import day_start_utc, local_today
from peer_tui.services.house_scope import require_resident

PATHWAY_ORDER = ("non_clinical", "clinical", "self_managed", "")
PATHWAY_WORDS = {"clinical": "clinical", "non_clinical": "non-clinical (mutual aid)",
                 "self_managed": "self-managed", "": "other"}


@dataclass(frozen=True)
class MeetingCounts:
    """Meetings by pathway key ('' for a group with no pathway), in the last 7 and 30 days."""

    last_7: dict[str, int]
    last_30: dict[str, int]

    @property
    def total_7(self) -> int:
        return sum(self.last_7.values())

    @property
    def total_30(self) -> int:
        return sum(self.last_30.values())

    def lines(self) -> list[str]:
        """'non-clinical (mutual aid): 2 in 7 days, 6 in 30 days', one per pathway seen."""
        return [f"{PATHWAY_WORDS.get(key, key)}: {self.last_7.get(key, 0)} in 7 days, "
                f"{self.last_30.get(key, 0)} in 30 days"
                for key in PATHWAY_ORDER if key in self.last_30]


def _counts(resident_id: int, since: date) -> dict[str, int]:
    return dict(MeetingAttendance
                .select(MeetingAttendance.pathway, fn.COUNT(MeetingAttendance.id))
                .where(MeetingAttendance.resident == resident_id,
                       MeetingAttendance.reported_at >= day_start_utc(since))
                .group_by(MeetingAttendance.pathway).tuples())


def meeting_counts(actor: Actor, resident_id: int, today: date | None = None) -> MeetingCounts:
    """Meetings the resident reported in the 7 and 30 days up to TODAY (local days)."""
    require(actor, clinical=True)
    require_resident(actor, resident_id)
    today = today or local_today()
    return MeetingCounts(_counts(resident_id, today - timedelta(days=6)),
                         _counts(resident_id, today - timedelta(days=29)))


__all__ = ["MeetingCounts", "meeting_counts", "PATHWAY_WORDS"]
