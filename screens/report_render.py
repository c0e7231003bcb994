"""The program report drawn for the terminal: each section a small table of numbers, a
breakdown (by channel, by role, by reason...) as bars, the beds occupied each day as a
sparkline, the per-staff figures as one table. Plain values in, Rich renderables out.

Every string that can come from a person (a staff member's name, the house's name) goes
through ``clean`` and into ``Text``, never markup.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from peer_tui.screens.text import clean
from peer_tui.services.report_model import SHARE, TOTAL, Figure, ProgramReport, Section

BAR_WIDTH = 20
SPARKS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
STAFF_COLUMNS = (("staff_caseload", "Caseload"), ("staff_contacts", "Contacts"),
                 ("staff_hours", "Hours"), ("staff_overdue", "Overdue"))


def value_text(figure: Figure) -> str:
    """A figure's value for the screen: shares as percentages, nothing as a dash."""
    if figure.value is None:
        return "-"
    if figure.kind == SHARE:
        return f"{figure.value * 100:.0f}% of {figure.n}"
    if figure.kind == TOTAL:
        return f"{figure.value:.1f}"
    value = figure.value
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def bar(value: float, largest: float) -> str:
    if not largest or not value:
        return ""
    return "\u2588" * max(1, round(value / largest * BAR_WIDTH))


def sparkline(values: list[int]) -> str:
    """One block character per value, scaled from the lowest to the highest (the numbers
    beside it say what those are); all alike is a flat middle line."""
    low, high = min(values, default=0), max(values, default=0)
    if high == low:
        return SPARKS[3] * len(values)
    top = len(SPARKS) - 1
    return "".join(SPARKS[round((v - low) / (high - low) * top)] for v in values)


def _item(figure: Figure) -> str:
    """The breakdown's words: what follows the measure in the label ("by role: Planner")."""
    return figure.label.split(": ", 1)[-1]


def _group_title(figure: Figure) -> str:
    return figure.label.split(": ", 1)[0]


def _singles(figures: list[Figure]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column()
    table.add_column(justify="right")
    table.add_column(style="dim")
    for f in figures:
        table.add_row(Text(clean(f.label)), Text(value_text(f)),
                      Text("" if f.kind == SHARE else f.unit))
    return table


def _bars(figures: list[Figure]) -> RenderableType:
    largest = max((f.value or 0 for f in figures), default=0)
    table = Table.grid(padding=(0, 1))
    table.add_column(min_width=12)
    table.add_column(justify="right")
    table.add_column()
    for f in figures:
        table.add_row(Text("  " + clean(_item(f))), Text(value_text(f)),
                      Text(bar(f.value or 0, largest)))
    return Group(Text(clean(_group_title(figures[0])), style="italic"), table)


def _days(figures: list[Figure]) -> RenderableType:
    values = [int(f.value or 0) for f in figures]
    line = Text("  ")
    line.append(sparkline(values))
    line.append(f"  {figures[0].breakdown} to {figures[-1].breakdown}; lowest {min(values)}, "
                f"highest {max(values)}", style="dim")
    return Group(Text(clean(_group_title(figures[0])), style="italic"), line)


def _staff(section: Section) -> RenderableType:
    table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 2))
    table.add_column("Staff member", ratio=1)
    for _, heading in STAFF_COLUMNS:
        table.add_column(heading, justify="right")
    people: dict[str, dict[str, Figure]] = {}
    for f in section.figures:
        people.setdefault(f.breakdown, {})[f.measure] = f
    for figures in people.values():
        name = _group_title(next(iter(figures.values())))
        table.add_row(Text(clean(name)), *(Text(value_text(figures[m])) if m in figures
                                           else Text("-") for m, _ in STAFF_COLUMNS))
    if not people:
        return Text("  No staff with a caseload or contacts.", style="dim")
    return table


def section_view(section: Section) -> RenderableType:
    parts: list[RenderableType] = [Text(f"\n{section.title}", style="bold underline")]
    if section.key == "staff":
        parts.append(_staff(section))
    else:
        singles: list[Figure] = []
        groups: dict[str, list[Figure]] = {}
        order: list[str] = []
        for f in section.figures:
            if f.breakdown:
                if f.measure not in groups:
                    order.append(f.measure)
                groups.setdefault(f.measure, []).append(f)
            else:
                singles.append(f)
        parts.append(_singles(singles))
        for measure in order:
            figures = groups[measure]
            parts.append(_days(figures) if measure.endswith("_by_day") else _bars(figures))
    if section.note:
        parts.append(Text(clean(section.note), style="dim italic"))
    return Group(*parts)


def report_view(report: ProgramReport) -> RenderableType:
    head = Text(f"{report.period_label} ({report.period_start} to {report.period_end})",
                style="bold")
    head.append(f"  \u00b7  {clean(report.house)}")
    return Group(head, *(section_view(s) for s in report.sections))


def plain_text(report: ProgramReport) -> str:
    """What the screen shows, as text (tests read it)."""
    console = Console(width=100, record=True, color_system=None, file=_Null())
    console.print(report_view(report))
    return console.export_text()


class _Null:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass
