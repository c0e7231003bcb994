"""Plan revisions as editing sessions.

Sitting down with a resident to go through the plan means a dozen small saves; a revision
per save buried the history (and the timeline) in "action step added". A staff member's
saves no more than ``plan_session_minutes`` (a setting) after their previous one fold into
the revision they are working on: its snapshot and words follow the latest state, and so
does the one timeline entry that stands for it. Another staff member's save, a sign-off
(which fixes what the resident signed) or a pause longer than the window starts a new one.
Each save still writes its own audit row.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from peer_tui.models.events import Event
from peer_tui.models.plans import PlanRevision, RecoveryPlan
from peer_tui.services.permissions import Actor
from peer_tui.settings import get_settings

SUMMARY_LIMIT = 500
EVENT_SUMMARY_LIMIT = 300
_COUNTED = re.compile(r"(.*) \(x(\d+)\)")


def session_window() -> timedelta:
    return timedelta(minutes=get_settings().plan_session_minutes)


def revision_to_fold(actor: Actor, plan: RecoveryPlan, now: datetime) -> PlanRevision | None:
    """The revision ACTOR's save at NOW belongs to, or None when it starts a new one."""
    window = session_window()
    if not window or not plan.revision_number:
        return None
    last = PlanRevision.get_or_none(PlanRevision.plan == plan,
                                    PlanRevision.number == plan.revision_number)
    if last is None or last.author_id != actor.id or last.signed_off_on is not None:
        return None
    return last if now - (last.updated_at or last.created_at) <= window else None


def merge_summary(summary: str, phrase: str) -> str:
    """SUMMARY with PHRASE added; a phrase said again is counted ("step added (x3)")."""
    counts: dict[str, int] = {}
    for part in (p for p in summary.split("; ") if p):
        match = _COUNTED.fullmatch(part)
        text, count = (match.group(1), int(match.group(2))) if match else (part, 1)
        counts[text] = counts.get(text, 0) + count
    counts[phrase] = counts.get(phrase, 0) + 1
    merged = "; ".join(text if n == 1 else f"{text} (x{n})" for text, n in counts.items())
    return merged if len(merged) <= SUMMARY_LIMIT else merged[:SUMMARY_LIMIT - 1] + "\u2026"


def record(actor: Actor, plan: RecoveryPlan, folding: PlanRevision | None, summary: str,
           snapshot: str, now: datetime) -> PlanRevision:
    """Write the save into FOLDING (the open session) or into revision plan.revision_number,
    new, with the timeline entry that stands for it."""
    if folding is None:
        revision = PlanRevision.create(plan=plan, number=plan.revision_number, author=actor.id,
                                       created_at=now, updated_at=now,
                                       change_summary=merge_summary("", summary),
                                       snapshot=snapshot)
    else:
        revision = folding
        revision.change_summary = merge_summary(revision.change_summary, summary)
        revision.snapshot, revision.updated_at = snapshot, now
    words = f"Plan revision {revision.number}: {revision.change_summary}"
    if len(words) > EVENT_SUMMARY_LIMIT:
        words = words[:EVENT_SUMMARY_LIMIT - 1] + "\u2026"
    # The session's one timeline entry says everything the session did so far. It stays where
    # the session began on the timeline (occurred_at) and counts as recorded at the latest
    # save, so "what was recorded since..." (the shift hand-off) never misses a late edit.
    updated = revision.event_id is not None and Event.update(
        summary=words, recorded_at=now).where(Event.id == revision.event_id).execute()
    if not updated:
        revision.event = Event.create(resident=plan.resident_id, occurred_at=now,
                                      recorded_at=now, kind="plan_change", staff=actor.id,
                                      summary=words)
    revision.save()
    return revision
