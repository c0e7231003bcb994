"""The arithmetic of training, with no database: credit for attendance, progress per topic,
when the course is complete, and what after-course renewals still need.

Everything is in whole minutes. A trainee at part of a session is credited each topic of the
session in proportion (rounded down to the minute, so partial credit never exceeds the time
attended); a trainee at the whole session gets every topic's minutes exactly.

A topic is met when its credited minutes reach the planned minutes AND every check kind the
topic needs has a passed attempt (failed attempts are kept, they do not count against). Hours
beyond a topic's plan do not make up for another topic's shortfall. The course is complete
when every topic is met.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Mapping

from peer_tui.models.training_schemas import CHECK_LABELS, CourseDef, fmt_hours
from peer_tui.settings import Settings


@dataclass(frozen=True)
class Attended:
    """One session as one trainee attended it."""

    topic_minutes: Mapping[str, int]
    attended_minutes: int


@dataclass(frozen=True)
class CheckAttempt:
    topic_key: str
    kind: str
    passed: bool
    checked_on: date


def session_minutes(topic_minutes: Mapping[str, int]) -> int:
    return sum(topic_minutes.values())


def credit(topic_minutes: Mapping[str, int], attended: int) -> dict[str, int]:
    """Minutes per topic a trainee earns for ATTENDED minutes of a session."""
    total = session_minutes(topic_minutes)
    if total <= 0 or attended <= 0:
        return {key: 0 for key in topic_minutes}
    if attended >= total:
        return dict(topic_minutes)
    return {key: minutes * attended // total for key, minutes in topic_minutes.items()}


def credited(sessions: Iterable[Attended]) -> dict[str, int]:
    """Minutes per topic over every session attended."""
    totals: dict[str, int] = {}
    for s in sessions:
        for key, minutes in credit(s.topic_minutes, s.attended_minutes).items():
            totals[key] = totals.get(key, 0) + minutes
    return totals


@dataclass(frozen=True)
class TopicProgress:
    key: str
    name: str
    planned: int
    done: int
    checks_needed: tuple[str, ...]
    checks_passed: tuple[str, ...]

    @property
    def counted(self) -> int:
        """Minutes that count toward the course (no more than planned)."""
        return min(self.done, self.planned)

    @property
    def hours_met(self) -> bool:
        return self.done >= self.planned

    @property
    def checks_missing(self) -> tuple[str, ...]:
        return tuple(k for k in self.checks_needed if k not in self.checks_passed)

    @property
    def met(self) -> bool:
        return self.hours_met and not self.checks_missing

    def missing(self) -> list[str]:
        """What this topic still needs, in words ([] when met)."""
        out = []
        if not self.hours_met:
            out.append(f"{fmt_hours(self.planned - self.done)} more")
        out.extend(f"{CHECK_LABELS.get(k, k)} check" for k in self.checks_missing)
        return out


@dataclass(frozen=True)
class Progress:
    topics: tuple[TopicProgress, ...]
    required: int  # the course's total minutes

    @property
    def counted(self) -> int:
        return sum(t.counted for t in self.topics)

    @property
    def complete(self) -> bool:
        return all(t.met for t in self.topics)

    @property
    def checks_outstanding(self) -> int:
        return sum(len(t.checks_missing) for t in self.topics)

    @property
    def checks_passed(self) -> int:
        return sum(len(t.checks_passed) for t in self.topics)

    @property
    def checks_needed(self) -> int:
        return sum(len(t.checks_needed) for t in self.topics)

    def missing(self) -> list[str]:
        """One line per topic not yet met: 'Ethical practice: 2h more, quiz check'."""
        return [f"{t.name}: {', '.join(t.missing())}" for t in self.topics if not t.met]


def progress(course: CourseDef, sessions: Iterable[Attended],
             checks: Iterable[CheckAttempt]) -> Progress:
    """Where a trainee stands against COURSE. Minutes and checks for topics the course no
    longer has are ignored (an administrator may have removed a topic)."""
    done = credited(sessions)
    passed: dict[str, set[str]] = {}
    for c in checks:
        if c.passed:
            passed.setdefault(c.topic_key, set()).add(c.kind)
    topics = tuple(
        TopicProgress(t.key, t.name, t.hours, done.get(t.key, 0), tuple(t.checks),
                      tuple(k for k in t.checks if k in passed.get(t.key, set())))
        for t in course.topics)
    return Progress(topics, course.total_hours)


def completed_on(course: CourseDef, sessions: list[tuple[date, Attended]],
                 checks: list[CheckAttempt]) -> date | None:
    """The day the course became complete (the last session or check that completed it), or
    None while it is not. For the certificate."""
    days = sorted({d for d, _ in sessions} | {c.checked_on for c in checks if c.passed})
    for day in days:
        if progress(course, [a for d, a in sessions if d <= day],
                    [c for c in checks if c.checked_on <= day]).complete:
            return day
    return None


def bar(done: int, planned: int, width: int) -> str:
    """A text bar of WIDTH cells: full blocks for what is done (capped at the plan)."""
    if planned <= 0 or width <= 0:
        return ""
    filled = min(width, done * width // planned)
    return "\u2588" * filled + "\u2591" * (width - filled)


# -- after the course -------------------------------------------------------------------------
@dataclass(frozen=True)
class Requirements:
    """Required totals per renewal period (settings), and how early to warn."""

    supervision_minutes: int = 12 * 60
    ce_minutes: int = 20 * 60
    practice_minutes: int = 500 * 60
    attention_days: int = 60
    supervision_gap_days: int = 45

    @classmethod
    def from_settings(cls, settings: Settings) -> Requirements:
        """The house's settings, in the whole minutes the rules count in."""
        return cls(supervision_minutes=round(settings.training_supervision_hours * 60),
                   ce_minutes=round(settings.training_ce_hours * 60),
                   practice_minutes=round(settings.training_practice_hours * 60),
                   attention_days=settings.training_attention_days,
                   supervision_gap_days=settings.training_supervision_gap_days)


@dataclass(frozen=True)
class RenewalStatus:
    issued_on: date
    expires_on: date
    supervision: int
    ce: int
    practice: int
    req: Requirements = field(default_factory=Requirements)

    def shortfalls(self) -> list[str]:
        out = []
        for label, have, need in (("supervision", self.supervision,
                                   self.req.supervision_minutes),
                                  ("continuing education", self.ce, self.req.ce_minutes),
                                  ("practice", self.practice, self.req.practice_minutes)):
            if have < need:
                out.append(f"{label} {fmt_hours(have)} of {fmt_hours(need)}")
        return out


def in_period(day: date, issued_on: date, expires_on: date) -> bool:
    return issued_on <= day <= expires_on


def renewal_reasons(status: RenewalStatus, today: date) -> list[str]:
    """Why a credential needs attention now (expiring within the window), in words."""
    window_end = today + timedelta(days=status.req.attention_days)
    if status.expires_on > window_end:
        return []
    days = (status.expires_on - today).days
    if days < 0:
        head = f"credential expired {-days} day{'s' if days != -1 else ''} ago"
    elif days == 0:
        head = "credential expires today"
    else:
        head = f"renewal due in {days} day{'s' if days != 1 else ''}"
    return [head] + [f"still short: {s}" for s in status.shortfalls()]


def supervision_reason(last: date | None, since: date, today: date,
                       req: Requirements) -> str | None:
    """'no supervision for 50 days' when the last session (or SINCE, the credential's
    issue day, if none yet) is more than the allowed gap ago."""
    start = last or since
    gap = (today - start).days
    if gap <= req.supervision_gap_days:
        return None
    return (f"no supervision for {gap} days" if last is not None
            else f"no supervision logged since certified ({gap} days)")
