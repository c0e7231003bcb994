"""Goal updates a resident's check-in proposed ("I reached it"), waiting for staff.

The plan never changes by itself: the peer specialist confirms a proposal with one key on the
plan tab (the goal's status changes through the plan service, so it is a plan revision like
any other edit) or declines it. Either way the proposal is closed and audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peer_tui.models.base import utcnow
from peer_tui.models.checkin_results import GoalUpdateProposal
from peer_tui.models.db import database
from peer_tui.models.plans import Domain, Goal
from peer_tui.services import audit, recovery_plan
from peer_tui.services.checkin_rules import GOAL_STATUS_WORDS, moves_forward
from peer_tui.services.errors import InvalidInput, existing
from peer_tui.services.permissions import Actor, require
from peer_tui.services.house_scope import require_resident, require_row


@dataclass(frozen=True)
class PendingGoalUpdate:
    id: int
    goal_id: int
    goal: str  # the goal in the resident's own words
    current_status: str
    proposed_status: str
    answer: str  # what the resident picked, e.g. "I reached it"
    proposed_at: datetime

    @property
    def proposed_words(self) -> str:
        return GOAL_STATUS_WORDS.get(self.proposed_status, self.proposed_status)


def pending(actor: Actor, resident_id: int) -> list[PendingGoalUpdate]:
    """Open proposals for RESIDENT_ID's goals, oldest first.

    One that no longer moves its goal forward (staff changed the goal meanwhile) is left out.
    """
    require(actor, clinical=True)
    require_resident(actor, resident_id)
    rows = (GoalUpdateProposal
            .select(GoalUpdateProposal.id, Goal.id, Goal.own_words, Goal.status,
                    GoalUpdateProposal.proposed_status, GoalUpdateProposal.answer,
                    GoalUpdateProposal.created_at)
            .join(Goal, on=(GoalUpdateProposal.goal == Goal.id))
            .where(GoalUpdateProposal.resident == resident_id,
                   GoalUpdateProposal.decided_at.is_null())
            .order_by(GoalUpdateProposal.created_at, GoalUpdateProposal.id).tuples())
    return [PendingGoalUpdate(*row) for row in rows if moves_forward(row[3], row[4])]


def _open_proposal(actor: Actor, proposal_id: int) -> GoalUpdateProposal:
    row = existing(GoalUpdateProposal, proposal_id, "That goal update no longer exists.")
    require_row(actor, GoalUpdateProposal, proposal_id, "goal update")
    if row.decided_at is not None:
        raise InvalidInput({"": f"This goal update was already {row.outcome}."})
    return row


def _close(actor: Actor, row: GoalUpdateProposal, outcome: str) -> None:
    (GoalUpdateProposal.update(decided_at=utcnow(), decided_by=actor.id, outcome=outcome)
     .where(GoalUpdateProposal.id == row.id).execute())
    audit.record(actor, f"goal_update_{outcome}", "goal_update_proposal", row.id,
                 resident_id=row.resident_id, detail=f"goal {row.goal_id}")


def confirm(actor: Actor, proposal_id: int):
    """Apply the proposed status to the goal (a plan revision) and close the proposal.

    Returns the plan as the plan service does after a save.
    """
    require(actor, clinical=True)
    with database.atomic():
        row = _open_proposal(actor, proposal_id)
        goal = Goal.get_by_id(row.goal_id)
        if not moves_forward(goal.status, row.proposed_status):
            raise InvalidInput({"": "The goal has changed since the check-in; this update no "
                                    "longer applies. Press n to close it."})
        plan = recovery_plan.save_goal(actor, row.resident_id, goal.id, {
            "domain_key": Domain.get_by_id(goal.domain_id).key, "own_words": goal.own_words,
            "why": goal.why, "target_date": goal.target_date,
            "status": row.proposed_status})
        _close(actor, row, "confirmed")
    return plan


def decline(actor: Actor, proposal_id: int) -> None:
    """Close the proposal without changing the plan."""
    require(actor, clinical=True)
    with database.atomic():
        _close(actor, _open_proposal(actor, proposal_id), "declined")


__all__ = ["PendingGoalUpdate", "pending", "confirm", "decline"]
