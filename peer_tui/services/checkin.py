"""The resident's self check-in: questions, their own choices, crisis alert, submit, thank-you.

Two writes, each one transaction:

- ``raise_crisis`` the moment a resident answers yes to the safety question or asks for help
  now: an urgent concern with its timeline entry, before the rest of the check-in, so staff see
  it even if the resident walks away;
- ``submit_checkin`` at the end: the check-in row, its timeline entry, the audit row and the
  caseload summary (last check-in, mood, "wants to talk today").

The kiosk passes resident ids it got from ``kiosk_auth.resident_sign_in``; these functions
return plain values and never a row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from peer_tui.models.base import utcnow
from peer_tui.models.checkin_schemas import (
    AnswerProblem,
    Questionnaire,
    check_answer,
    is_danger,
)
from peer_tui.models.db import database
from peer_tui.models.events import CheckIn, Concern, Event
from peer_tui.models.people import Resident
from peer_tui.models.plans import ActionStep, Goal, PlanSupport, RecoveryPlan
from peer_tui.models.seed import load_asset_json
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit
from peer_tui.services.concerns import raise_concern
from peer_tui.services.errors import InvalidInput, NotFound

CRISIS_SUMMARIES = {
    "safety": "Kiosk: the resident answered yes to the safety question. Check on them now.",
    "help_now": "Kiosk: the resident pressed 'help now'. Check on them now.",
}
THANK_YOU_STEPS = 3
OPEN_GOAL = ("not_started", "in_progress")


@lru_cache(maxsize=1)
def questionnaire() -> Questionnaire:
    """The questions, from assets/questionnaire.json (validated; a broken file fails loudly)."""
    return Questionnaire(**load_asset_json("questionnaire.json"))


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


@dataclass(frozen=True)
class CheckInContext:
    """The resident's own lists the questions choose from: open goals, meetings and groups."""

    goals: tuple[Choice, ...]
    supports: tuple[Choice, ...]


@dataclass(frozen=True)
class ThankYou:
    """All the thank-you screen shows: their own next steps and the next plan review."""

    steps: tuple[str, ...]
    next_review: date | None
    checkin_id: int | None = None
    """The saved check-in (not shown; for callers that need to find it)."""


def _plan_id(resident_id: int) -> int | None:
    return (RecoveryPlan.select(RecoveryPlan.id)
            .where(RecoveryPlan.resident == resident_id).scalar())


def checkin_context(resident_id: int) -> CheckInContext:
    plan = _plan_id(resident_id)
    if plan is None:
        return CheckInContext((), ())
    goals = tuple(Choice(g.id, g.own_words) for g in Goal.select(Goal.id, Goal.own_words)
                  .where(Goal.plan == plan, Goal.status.in_(OPEN_GOAL))
                  .order_by(Goal.position, Goal.id).limit(9))
    supports = tuple(Choice(s.id, s.name) for s in PlanSupport.select(
        PlanSupport.id, PlanSupport.name)
        .where(PlanSupport.plan == plan, PlanSupport.kind.in_(("group", "resource")))
        .order_by(PlanSupport.id).limit(9))
    return CheckInContext(goals, supports)


def raise_crisis(resident_id: int, reason: str = "safety") -> int:
    """Record an urgent concern from the kiosk now. Returns the concern id."""
    summary = CRISIS_SUMMARIES.get(reason, CRISIS_SUMMARIES["help_now"])
    return raise_concern(None, resident_id, {"severity": "urgent", "summary": summary},
                         source="kiosk")


def _clean(resident_id: int, answers: dict) -> dict:
    questions = questionnaire()
    known = {q.id for q in questions.questions}
    unknown = set(answers) - known
    if unknown:
        raise InvalidInput({"": f"Unknown question: {sorted(unknown)[0]}."})
    context = checkin_context(resident_id)
    cleaned: dict = {}
    for question in questions.questions:
        allowed: frozenset[int] = frozenset()
        if question.type == "goal":
            allowed = frozenset(g.id for g in context.goals)
        elif question.type == "supports":
            allowed = frozenset(s.id for s in context.supports)
        try:
            value = check_answer(question, answers.get(question.id), allowed)
        except AnswerProblem as exc:
            raise InvalidInput({question.id: str(exc)}) from None
        if value is not None:
            cleaned[question.id] = value
    return cleaned


def _summary(cleaned: dict) -> str:
    parts = []
    if "mood" in cleaned:
        low, high = questionnaire().by_id("mood").scale_range
        parts.append(f"mood {cleaned['mood']}/{high}")
    if "craving" in cleaned:
        parts.append(f"craving {cleaned['craving']}/{questionnaire().by_id('craving').scale_range[1]}")
    text = "Kiosk check-in: " + (", ".join(parts) or "answered")
    if cleaned.get("wants_to_talk") == "yes":
        text += "; would like to talk today"
    return text


def submit_checkin(resident_id: int, answers: dict, *,
                   crisis_concern_id: int | None = None) -> ThankYou:
    """Save the check-in and its timeline entry in one transaction; return the thank-you.

    An answer in a question's ``danger_values`` without a crisis concern (one not raised at
    the moment of answering) raises it here, in the same transaction.
    """
    cleaned = _clean(resident_id, answers)
    unsafe = any(is_danger(q, cleaned.get(q.id)) for q in questionnaire().questions)
    now = utcnow()
    with database.atomic():
        resident = Resident.get_or_none(Resident.id == resident_id)
        if resident is None or resident.status != "active":
            raise NotFound("This check-in cannot be saved: ask staff for help.")
        if crisis_concern_id is not None and not Concern.select().where(
                Concern.id == crisis_concern_id, Concern.resident == resident_id).exists():
            crisis_concern_id = None
        if unsafe and crisis_concern_id is None:
            crisis_concern_id = raise_crisis(resident_id, "safety")
        stored = dict(cleaned)
        if crisis_concern_id is not None:
            stored["crisis_concern_id"] = crisis_concern_id
        row = CheckIn.create(
            resident=resident_id, submitted_at=now, source="kiosk",
            mood=cleaned.get("mood"), craving=cleaned.get("craving"),
            used_since_last=cleaned.get("use", ""),
            wants_to_talk=cleaned.get("wants_to_talk") == "yes",
            safety_concern=unsafe or crisis_concern_id is not None,
            answers=json.dumps(stored, sort_keys=True))
        Event.create(resident=resident_id, occurred_at=now, kind="checkin", staff=None,
                     channel="kiosk", summary=_summary(cleaned)[:300], checkin=row.id)
        audit.record(resident_id, "checkin_submit", "check_in", row.id,
                     resident_id=resident_id, actor_kind="resident")
        refresh_resident_summary(resident_id)
    return replace(thank_you(resident_id), checkin_id=row.id)


def thank_you(resident_id: int) -> ThankYou:
    """The resident's own next few undone action steps and the next review date."""
    plan = RecoveryPlan.get_or_none(RecoveryPlan.resident == resident_id)
    if plan is None:
        return ThankYou((), None)
    steps = (ActionStep.select(ActionStep.text)
             .join(Goal)
             .where(Goal.plan == plan.id, Goal.status.in_(OPEN_GOAL),
                    ActionStep.done == False, ActionStep.owner == "resident")  # noqa: E712
             .order_by(ActionStep.due_date.is_null(), ActionStep.due_date,
                       ActionStep.position, ActionStep.id)
             .limit(THANK_YOU_STEPS))
    return ThankYou(tuple(s.text for s in steps), plan.next_review_date)


__all__ = ["questionnaire", "Choice", "CheckInContext", "ThankYou", "checkin_context",
           "raise_crisis", "submit_checkin", "thank_you", "CRISIS_SUMMARIES"]
