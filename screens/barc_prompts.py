"""BARC-10 answers as prompts on the plan tab: beside each domain heading, the latest answers
to the statements that speak to that domain; below the goals, domains without a goal where
an answer was low (a low "support from friends" beside Family & relationships and Community).

Prompts, not rules: they suggest where a goal might help, in the resident's own answers.
"""

from __future__ import annotations

from rich.text import Text

from peer_tui.screens.widgets.marks import mark
from peer_tui.services.assessments import BarcHistory, ItemAnswer, domain_prompts
from peer_tui.timeutil import fmt_date

LOW_ANSWER = 3  # somewhat disagree or below


def answers_words(items: list[ItemAnswer]) -> str:
    return "; ".join(f"{i.staff_label} {i.value}" for i in items if i.value is not None)


def heading_suffix(history: BarcHistory | None, domain_key: str) -> Text:
    """'  BARC-10: support from friends 2; ...' for a domain heading ('' when none)."""
    if history is None:
        return Text()
    items = domain_prompts(history).get(domain_key, [])
    words = answers_words(items)
    if not words:
        return Text()
    low = any(i.value is not None and i.value <= LOW_ANSWER for i in items)
    return Text(f"  BARC-10: {words}", style=mark("warn-strong") if low else "dim")


def open_domains(history: BarcHistory | None, domains_with_goals: set[str]
                 ) -> list[tuple[str, list[ItemAnswer]]]:
    """Domains with no goal yet where a latest answer was low."""
    if history is None:
        return []
    return [(key, items) for key, items in domain_prompts(history).items()
            if key not in domains_with_goals
            and any(i.value is not None and i.value <= LOW_ANSWER for i in items)]


def section_heading(history: BarcHistory) -> Text:
    heading = Text("BARC-10 PROMPTS", style="bold")
    heading.append(f"  {fmt_date(history.latest_on)}, no goal yet \u00b7 a adds one",
                   style="dim")
    return heading
