"""The plan tab's line for goal updates a resident's check-in proposed ("I reached it").

Shown only while one waits: the oldest first, with the keys that decide it. The plan pane
binds y (confirm: the goal's status changes, as a plan revision) and n (decline: the plan
stays as it is) and hands them to this widget, so the plan pane itself stays unaware of
check-ins.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.text import clean, one_line
from peer_tui.services import goal_updates
from peer_tui.timeutil import fmt_date


class GoalUpdateBar(ServiceCaller, Static):
    DEFAULT_CSS = """
    GoalUpdateBar { height: auto; padding: 0 1; background: $warning 25%; display: none; }
    """

    class Decided(Message):
        """A proposal was confirmed (PLAN is the plan after the change) or declined (None)."""

        def __init__(self, plan) -> None:
            super().__init__()
            self.plan = plan

    def __init__(self, resident_id: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.resident_id = resident_id
        self.pending: list[goal_updates.PendingGoalUpdate] = []
        self._busy = False

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(goal_updates.pending, self.app.actor, self.resident_id,
                         done=self._show, group=f"goal-updates-{self.resident_id}",
                         exclusive=True)

    def _show(self, pending: list[goal_updates.PendingGoalUpdate]) -> None:
        self.pending = pending
        self.display = bool(pending)
        if not pending:
            return
        first = pending[0]
        text = Text()
        text.append(f"Check-in {fmt_date(first.proposed_at)}: ", style="bold")
        text.append(f'"{one_line(clean(first.goal), 50)}" - the resident says '
                    f'"{clean(first.answer)}". Mark it {first.proposed_words}?  ')
        text.append(" y ", style="reverse bold")
        text.append(" yes  ")
        text.append(" n ", style="reverse bold")
        text.append(" no, keep the plan as it is")
        if len(pending) > 1:
            text.append(f"  ({len(pending) - 1} more after this)", style="italic")
        self.update(text)

    def decide(self, confirm: bool) -> bool:
        """Confirm or decline the shown proposal. False if none is waiting."""
        if not self.pending:
            return False
        if self._busy:
            return True
        self._busy = True
        proposal = self.pending[0]
        if confirm:
            self.run_service(goal_updates.confirm, self.app.actor, proposal.id,
                             done=lambda plan: self._decided(
                                 plan, f"Saved: goal marked {proposal.proposed_words}."),
                             failed=self._failed)
        else:
            self.run_service(goal_updates.decline, self.app.actor, proposal.id,
                             done=lambda _: self._decided(
                                 None, "Goal update closed; the plan is unchanged."),
                             failed=self._failed)
        return True

    def _decided(self, plan, message: str) -> None:
        self._busy = False
        self.post_message(self.Decided(plan))
        self.saved(message)
        self.load()

    def _failed(self, exc) -> None:
        self._busy = False
        self.show_service_error(exc)
        self.load()
