"""The resident's self check-in: questions, their own choices, crisis alert, submit, thank-you.

Two writes, each one transaction:

- ``raise_crisis`` the moment a resident answers yes to the safety question or asks for help
  now: an urgent concern with its timeline entry, before the rest of the check-in, so staff see
  it even if the resident walks away;
- ``submit_checkin`` at the end (or when the resident ends early from the crisis screen): the
  check-in row, its timeline entry with every answer in words, what the answers set in motion
  under the questionnaire's rules (a follow-up for the peer specialist due today, a concern, a
  goal update for staff to confirm, meetings attended), the audit row and the caseload summary.

The kiosk passes resident ids it got from ``kiosk_auth.resident_sign_in``; these functions
return plain values and never a row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from peewee import JOIN

from peer_tui.kiosk_i18n import LANGUAGE_NAMES_IN_ENGLISH, SOURCE_LANGUAGE
from peer_tui.models.base import utcnow
from peer_tui.models.checkin_results import GoalUpdateProposal, MeetingAttendance
from peer_tui.models.checkin_schemas import (
    AnswerProblem,
    Questionnaire,
    check_answer,
    is_danger,
)
from peer_tui.models.db import database
from peer_tui.models.events import CheckIn, Concern, Event
from peer_tui.models.people import Resident, Staff
from peer_tui.models.plans import ActionStep, Goal, PlanSupport, RecoveryPlan
from peer_tui.models.resources import Resource
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import audit
from peer_tui.services import checkin_rules as rules
from peer_tui.services.concerns import raise_concern
from peer_tui.services.errors import InvalidInput, NotFound
from peer_tui.services.questionnaire_file import load
from peer_tui.settings import get_settings
from peer_tui.timeutil import local_today

CRISIS_SUMMARIES = {
    "safety": "Kiosk: the resident answered yes to the safety question. Check on them now.",
    "help_now": "Kiosk: the resident pressed 'help now'. Check on them now.",
}
THANK_YOU_STEPS = 3
OPEN_GOAL = ("not_started", "in_progress")


@lru_cache(maxsize=1)
def questionnaire() -> Questionnaire:
    """The questions: the house's file (``questionnaire`` setting) or the packaged one."""
    return load(get_settings().questionnaire)


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


def _clean(answers: dict, context: CheckInContext, *,
           ended_early: bool = False) -> dict:
    """ANSWERS checked against their questions. Ended early, a required one may be missing.

    A refusal names the question by its label (the resident reads it), never by its id.
    """
    questions = questionnaire()
    known = {q.id for q in questions.questions}
    if set(answers) - known:
        raise InvalidInput({"": "This check-in has an answer to a question the kiosk does not "
                                "ask; ask staff for help."})
    cleaned: dict = {}
    for question in questions.questions:
        allowed: frozenset[int] = frozenset()
        if question.type == "goal":
            allowed = frozenset(g.id for g in context.goals)
        elif question.type == "supports":
            allowed = frozenset(s.id for s in context.supports)
        if ended_early and answers.get(question.id) in (None, "", []):
            continue
        try:
            value = check_answer(question, answers.get(question.id), allowed)
        except AnswerProblem as exc:
            raise InvalidInput({"": f"{question.short}: {exc}"}) from None
        if value is not None:
            cleaned[question.id] = value
    return cleaned


def submit_checkin(resident_id: int, answers: dict, *,
                   crisis_concern_id: int | None = None,
                   ended_at: str | None = None, language: str = SOURCE_LANGUAGE) -> ThankYou:
    """Save the check-in, its timeline entry and what it sets in motion; return the thank-you.

    ENDED_AT is the question the resident ended on from the crisis screen: what they answered
    so far is saved even if a required question is unanswered. An answer in a question's
    ``danger_values`` without a crisis concern (one not raised at the moment of answering)
    raises it here, in the same transaction. LANGUAGE is the one the resident answered in:
    staff read the entry in English, with a note naming it when it was another.
    """
    if language not in LANGUAGE_NAMES_IN_ENGLISH:
        raise InvalidInput({"": "This check-in names a language the kiosk does not have."})
    answered_in = "" if language == SOURCE_LANGUAGE else LANGUAGE_NAMES_IN_ENGLISH[language]
    questions = questionnaire()
    context = checkin_context(resident_id)
    cleaned = _clean(answers, context, ended_early=ended_at is not None)
    danger = [q for q in questions.questions if is_danger(q, cleaned.get(q.id))]
    found = rules.actions(questions, cleaned, context)
    now = utcnow()
    with database.atomic():
        resident = Resident.get_or_none(Resident.id == resident_id)
        if resident is None or resident.status != "active":
            raise NotFound("This check-in cannot be saved: ask staff for help.")
        if crisis_concern_id is not None and not Concern.select().where(
                Concern.id == crisis_concern_id, Concern.resident == resident_id).exists():
            crisis_concern_id = None
        if danger and crisis_concern_id is None:
            crisis_concern_id = raise_crisis(resident_id, "safety")
        found = _forward_goal_updates(found)
        crisis = _crisis_words(danger, cleaned) if crisis_concern_id is not None else ""
        needs = [f"Urgent concern #{crisis_concern_id}: {crisis}"] if crisis else []
        concern_id = None
        if found.concern:
            concern_id = raise_concern(None, resident_id, {
                "severity": found.concern,
                "summary": "From the kiosk check-in: " + "; ".join(found.concern_reasons) + "."},
                source="kiosk")
            needs.append(f"Concern #{concern_id} ({found.concern}) for the case-management "
                         "team: " + "; ".join(found.concern_reasons))
        if found.follow_ups:
            peer = Staff.get_or_none(Staff.id == resident.peer_specialist_id)
            who = peer.display_name if peer else "the team (no peer specialist assigned)"
            needs.append(f"Follow-up for {who}, due today: " + "; ".join(found.follow_ups))
        needs += [f'Goal update to confirm on the plan tab: "{g.goal}" to '
                  f"{rules.GOAL_STATUS_WORDS[g.status]} (resident: {g.answer})"
                  for g in found.goal_updates]
        stored = dict(cleaned)
        if crisis_concern_id is not None:
            stored["crisis_concern_id"] = crisis_concern_id
        row = CheckIn.create(
            resident=resident_id, submitted_at=now, source="kiosk",
            mood=cleaned.get("mood"), craving=cleaned.get("craving"),
            used_since_last=cleaned.get("use", ""),
            wants_to_talk=cleaned.get("wants_to_talk") == "yes",
            safety_concern=bool(danger) or crisis_concern_id is not None,
            answers=json.dumps(stored, sort_keys=True),
            free_text=_free_text(questions, cleaned))
        summary = rules.summary_line(questions, cleaned, found, context,
                                     crisis=f"URGENT: {crisis}" if crisis else "",
                                     ended_early=ended_at is not None,
                                     answered_in=answered_in)
        words = rules.answers_in_words(questions, cleaned, context, ended_at=ended_at)
        event = Event.create(
            resident=resident_id, occurred_at=now, kind="checkin", staff=None, channel="kiosk",
            summary=summary, note=rules.entry_note(words, needs, answered_in=answered_in),
            checkin=row.id,
            follow_up_on=local_today() if found.follow_ups else None)
        for update in found.goal_updates:
            GoalUpdateProposal.create(resident=resident_id, goal=update.goal_id,
                                      checkin=row.id, event=event.id,
                                      proposed_status=update.status, answer=update.answer)
        _record_meetings(resident_id, row.id, now, questions, cleaned)
        audit.record(resident_id, "checkin_submit", "check_in", row.id,
                     resident_id=resident_id, actor_kind="resident")
        refresh_resident_summary(resident_id)
    return replace(thank_you(resident_id), checkin_id=row.id)


def _crisis_words(danger, cleaned: dict) -> str:
    """Why the urgent concern was raised: the danger answer, else 'help now' was pressed."""
    if danger:
        return "; ".join(f"{q.short}: {rules.answer_words(q, cleaned[q.id])}" for q in danger)
    return "asked for help now"


def _forward_goal_updates(found: rules.Actions) -> rules.Actions:
    """Keep the proposed goal updates that would move an open goal forward."""
    ids = [g.goal_id for g in found.goal_updates]
    if not ids:
        return found
    status = dict(Goal.select(Goal.id, Goal.status).where(Goal.id.in_(ids)).tuples())
    return replace(found, goal_updates=tuple(
        g for g in found.goal_updates if rules.moves_forward(status.get(g.goal_id, ""), g.status)))


def _free_text(questions: Questionnaire, cleaned: dict) -> str:
    typed = [(q.short, cleaned[q.id]) for q in questions.questions
             if q.type == "text" and cleaned.get(q.id)]
    if len(typed) == 1:
        return typed[0][1]
    return "\n".join(f"{short}: {text}" for short, text in typed)


def _record_meetings(resident_id: int, checkin_id: int, at, questions: Questionnaire,
                     cleaned: dict) -> None:
    """One attendance row per meeting or group ticked, with the pathway it belongs to."""
    ids = [sid for q in questions.questions if q.type == "supports"
           for sid in cleaned.get(q.id, [])]
    if not ids:
        return
    rows = (PlanSupport.select(PlanSupport.name, Resource.pathway)
            .join(Resource, JOIN.LEFT_OUTER, on=(PlanSupport.resource == Resource.id))
            .where(PlanSupport.id.in_(ids)).tuples())
    MeetingAttendance.insert_many(
        [{"resident": resident_id, "checkin": checkin_id, "reported_at": at, "name": name,
          "pathway": pathway or ""} for name, pathway in rows]).execute()


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
