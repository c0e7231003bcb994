"""The program report as plain values: sections of figures, each figure one number with its
measure, its breakdown (a channel, a reason, a day...) and what it counts in.

Every section's figures share the same columns, so a section is one tidy table (the CSV
export writes exactly these fields). Figures never carry a name of a resident.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COUNT, MEAN, MEDIAN, SHARE, TOTAL = "count", "mean", "median", "share", "total"


@dataclass(frozen=True)
class Figure:
    measure: str
    """A stable key (``served``, ``contacts_by_channel``...), the CSV's ``measure``."""
    label: str
    """The measure in words, for the screen and the printable report."""
    value: float | int | None
    """None when there is nothing to measure (a median of no stays)."""
    unit: str = "residents"
    breakdown: str = ""
    """The category within the measure (a channel, a reason, an ISO date); empty for a
    single number."""
    kind: str = COUNT
    """count (people or things, suppressed when small in outside exports), mean, median,
    share (0-1) or total (hours, minutes: not a count of people)."""
    n: int | None = None
    """For a mean, median or share: how many it is worked out from (small ones are
    suppressed with it)."""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: tuple[Figure, ...]
    note: str = ""
    """What the reader should know (a definition, what is left out)."""

    def get(self, measure: str, breakdown: str = "") -> Figure | None:
        return next((f for f in self.figures
                     if f.measure == measure and f.breakdown == breakdown), None)

    def value(self, measure: str, breakdown: str = ""):
        figure = self.get(measure, breakdown)
        return None if figure is None else figure.value

    def breakdown(self, measure: str) -> list[Figure]:
        return [f for f in self.figures if f.measure == measure and f.breakdown]


@dataclass(frozen=True)
class ProgramReport:
    period_start: str  # ISO dates
    period_end: str
    period_label: str
    house: str  # the house's name, or "All houses"
    sections: tuple[Section, ...] = field(default_factory=tuple)
    internal: bool = True
    """True for the program's own eyes (staff supervision figures included)."""

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)
