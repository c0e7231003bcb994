"""A check-in in words, and what its answers set in motion by the questionnaire's rules.

Pure functions of the questionnaire, the cleaned answers and the resident's own lists (no
database), shared by the kiosk's summary screen and the saved timeline entry, so the resident
and staff read the same words. Which answer asks for a follow-up, a concern or a goal update
is data (``follow_up``, ``concern``, ``goal_status`` in the questionnaire), never code here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

from peer_tui.kiosk_i18n import N_
from peer_tui.models.checkin_schemas import Option, Question, Questionnaire
from peer_tui.models.events import SEVERITY_RANK

SKIPPED = N_("(skipped)")
NOT_ASKED = "(not answered: the check-in ended early)"
# The words answer_words puts around the resident's answer (the kiosk shows them translated).
OUT_OF = N_("{value} of {high}")
GROUP_GONE = N_("a group no longer in the plan")
GOAL_GONE = N_("a goal no longer in the plan")
SUMMARY_LIMIT = 300
# Goal statuses in the order a goal moves through them: a proposal only ever moves forward.
GOAL_PROGRESS = {"not_started": 0, "in_progress": 1, "achieved": 2}
GOAL_STATUS_WORDS = {"in_progress": "in progress", "achieved": "achieved"}


class Lists(Protocol):
    """The resident's own goals and supports the goal and meetings questions pick from."""

    goals: tuple
    supports: tuple


@dataclass(frozen=True)
class GoalUpdate:
    question_id: str
    goal_id: int
    goal: str  # the goal in the resident's own words
    status: str  # the proposed status
    answer: str  # the option the resident picked, e.g. "I reached it"


@dataclass(frozen=True)
class Actions:
    """What the answers ask staff to do. Each item is already in words."""

    follow_ups: tuple[str, ...] = ()
    concern: str | None = None  # the severity of the one concern the answers raise
    concern_reasons: tuple[str, ...] = ()
    goal_updates: tuple[GoalUpdate, ...] = ()
    flagged: frozenset[str] = field(default_factory=frozenset)
    """Ids of the questions whose answers asked for a follow-up or a concern."""

    @property
    def any(self) -> bool:
        return bool(self.follow_ups or self.concern or self.goal_updates)

    @property
    def questions(self) -> frozenset[str]:
        """Every question whose answer set something in motion."""
        return self.flagged | {g.question_id for g in self.goal_updates}


def _names(choices) -> dict[int, str]:
    return {c.id: c.label for c in choices}


def _same(words: str) -> str:
    return words


def answer_words(question: Question, value, lists: Lists | None = None,
                 translate: Callable[[str], str] = _same) -> str:
    """One answer as the resident and staff read it ("4 of 5 (Good)", "Work, Money").

    The labels are QUESTION's (the kiosk passes the question in the resident's language);
    TRANSLATE says the few words around them in that language too."""
    if value is None or value == [] or value == "":
        return translate(SKIPPED)
    kind = question.type
    if kind == "scale":
        high = question.scale_range[1]
        word = question.label_for(str(value)) if question.options else ""
        said = translate(OUT_OF).format(value=value, high=high)
        return said + (f" ({word})" if word and word != str(value) else "")
    if kind == "choice":
        return question.label_for(value)
    if kind == "multi":
        return ", ".join(question.label_for(v) for v in value)
    if kind == "supports":
        names = _names(lists.supports) if lists else {}
        return ", ".join(names.get(v, translate(GROUP_GONE)) for v in value)
    if kind == "goal":
        names = _names(lists.goals) if lists else {}
        return (f"{names.get(value['goal_id'], translate(GOAL_GONE))} - "
                f"{question.label_for(value['progress'])}")
    return str(value)


def _picked(question: Question, value) -> list[Option]:
    """The options an answer picked (none for typed numbers, text and the resident's lists)."""
    if question.type == "multi":
        keys = value
    elif question.type == "goal":
        keys = [value["progress"]]
    elif question.type in ("choice", "scale"):
        keys = [value]
    else:
        keys = []
    return [o for o in (question.option(k) for k in keys) if o is not None]


def _higher(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return a if SEVERITY_RANK[a] >= SEVERITY_RANK[b] else b


def actions(questions: Questionnaire, answers: dict, lists: Lists | None = None) -> Actions:
    """What ANSWERS (cleaned) set in motion under the questionnaire's rules.

    A rule on the question applies to any answer; a rule on an option to that option. Goal
    updates are proposed here as the answer says; the caller drops those that would not move
    the goal forward (it knows the goal's status now).
    """
    follow_ups: list[str] = []
    reasons: list[str] = []
    severity: str | None = None
    goals: list[GoalUpdate] = []
    triggered: set[str] = set()
    goal_names = _names(lists.goals) if lists else {}
    for question in questions.questions:
        value = answers.get(question.id)
        if value is None:
            continue
        picked = _picked(question, value)
        acting = [o for o in picked if o.acts]
        words = answer_words(question, value, lists) if question.acts or not acting else \
            ", ".join(o.label for o in acting)
        line = f"{question.short}: {words}"
        if question.follow_up or any(o.follow_up for o in picked):
            follow_ups.append(line)
            triggered.add(question.id)
        asked = question.concern
        for option in picked:
            asked = _higher(asked, option.concern)
        if asked is not None:
            severity = _higher(severity, asked)
            reasons.append(line)
            triggered.add(question.id)
        if question.type == "goal":
            option = question.option(value["progress"])
            if option is not None and option.goal_status:
                goals.append(GoalUpdate(question.id, value["goal_id"],
                                        goal_names.get(value["goal_id"], ""),
                                        option.goal_status, option.label))
    return Actions(tuple(follow_ups), severity, tuple(reasons), tuple(goals),
                   frozenset(triggered))


def moves_forward(current: str, proposed: str) -> bool:
    """True if PROPOSED is further along than CURRENT (a paused goal is not proposed)."""
    return current in GOAL_PROGRESS and GOAL_PROGRESS[proposed] > GOAL_PROGRESS[current]


def answers_in_words(questions: Questionnaire, answers: dict, lists: Lists | None = None, *,
                     ended_at: str | None = None) -> list[tuple[str, str]]:
    """(short label, answer in words) for every question, skipped ones as skipped.

    ENDED_AT is the question the resident ended the check-in on (help now, then end): it and
    the unanswered ones after it were not skipped, the check-in stopped there.
    """
    ids = [q.id for q in questions.questions]
    last = ids.index(ended_at) if ended_at in ids else len(ids)
    out = []
    for position, question in enumerate(questions.questions):
        value = answers.get(question.id)
        if value is None and position >= last:
            out.append((question.short, NOT_ASKED))
        else:
            out.append((question.short, answer_words(question, value, lists)))
    return out


def _fit(text: str, limit: int = SUMMARY_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def summary_line(questions: Questionnaire, answers: dict, found: Actions,
                 lists: Lists | None = None, *, crisis: str = "",
                 ended_early: bool = False, answered_in: str = "") -> str:
    """The timeline's one line for a check-in: what needs action first, then the answers.

    "Kiosk check-in, needs action: Talk today: Yes, please (follow-up); Any use: Yes
    (concern, high). Mood: 4 of 5 (Good); Sleep: Well; ..." cut to the column's 300 characters.
    """
    needs: list[str] = [crisis] if crisis else []
    needs += [f"{line} (concern, {found.concern})" for line in found.concern_reasons]
    needs += [f"{line} (follow-up)" for line in found.follow_ups
              if line not in found.concern_reasons]
    needs += [f"Goal: {g.goal} - {g.answer} (to confirm)" for g in found.goal_updates]
    said = [f"answered in {answered_in}"] if answered_in else []
    said += ["ended early"] if ended_early else []
    head = "Kiosk check-in" + (f" ({', '.join(said)})" if said else "")
    head += ", needs action: " + "; ".join(needs) + "." if needs else ":"
    rest = []
    for question in questions.questions:
        value = answers.get(question.id)
        if value is None or question.id in found.questions:
            continue
        words = answer_words(question, value, lists)
        rest.append(f'{question.short}: "{words}"' if question.type == "text"
                    else f"{question.short}: {words}")
    head += " " + "; ".join(rest) if rest else (" nothing answered" if not needs else "")
    return _fit(head)


def language_note(answered_in: str) -> str:
    """The line that tells staff a check-in was answered in another language than theirs."""
    return (f"Answered in {answered_in} at the kiosk. The answers are shown here in English; "
            "typed words are as the resident wrote them.")


def entry_note(words: list[tuple[str, str]], needs: list[str], *,
               answered_in: str = "") -> str:
    """The full text of the timeline entry: what was set in motion, then every answer.
    ANSWERED_IN names the resident's language when it was not English."""
    lines = [language_note(answered_in), ""] if answered_in else []
    if needs:
        lines.append("Needs action:")
        lines += [f"- {item}" for item in needs]
        lines.append("")
    lines.append("Answers:")
    width = max((len(short) for short, _ in words), default=0) + 1
    lines += [f"{(short + ':').ljust(width)} {answer}" for short, answer in words]
    return "\n".join(lines)


__all__ = ["Actions", "GoalUpdate", "SKIPPED", "NOT_ASKED", "actions", "answer_words",
           "answers_in_words", "entry_note", "moves_forward", "summary_line"]
