"""The program report as files: CSV (one tidy table per section), printable HTML, or plain
text.

CSV: one file per section, named after the file asked for: ``--out nov.csv`` writes
``nov-residents.csv``, ``nov-engagement.csv`` and so on (a section left out, such as the
per-staff one in a file for outside the program, has no file). Each file has one header row,
one row per figure, and the same documented columns:

    measure       what is counted (served, contacts_by_channel, ...; see the services)
    breakdown     the category within the measure (a channel, a reason, an ISO date), or ''
    value         the number; '<5' for a small count and 'n<5' for a mean, median or share
                  worked out from fewer than 5, in an export for outside the program
    unit          residents, contacts, hours, days, share (0-1), ...
    kind          count, total, mean, median or share
    n             how many a mean, median or share is worked out from ('' otherwise)
    period_start  ISO date (first day of the period)
    period_end    ISO date (last day, included)
    house         the house, or 'All houses'

Small-cell suppression: a file meant for outside the program (the default) shows a count
from 1 to threshold-1 as '<threshold', leaves out the per-staff section, and says so at the
top (HTML, text). It keeps zeros and totals of hours: they identify nobody.
"""

from __future__ import annotations

import csv
import io
from html import escape
from pathlib import Path

from peer_tui.safe_text import clean_document
from peer_tui.services.errors import InvalidInput
from peer_tui.services.report_model import COUNT, TOTAL, Figure, ProgramReport, Section

FORMATS = ("csv", "html", "txt")
CSV_COLUMNS = ("measure", "breakdown", "value", "unit", "kind", "n",
               "period_start", "period_end", "house")


def shown_value(figure: Figure, threshold: int | None) -> str:
    """FIGURE's value as written: suppressed below THRESHOLD (None: nothing suppressed)."""
    value = figure.value
    if value is None:
        return ""
    if threshold is not None and threshold > 1:
        if figure.kind == COUNT and 0 < value < threshold:
            return f"<{threshold}"
        if figure.kind not in (COUNT, TOTAL) and figure.n is not None and \
                0 < figure.n < threshold:
            return f"n<{threshold}"
    if isinstance(value, float) and value.is_integer() and figure.kind == TOTAL:
        return f"{value:.1f}"
    return str(value)


def section_csv(report: ProgramReport, section: Section, threshold: int | None) -> str:
    """SECTION as its own tidy table: one header row (CSV_COLUMNS), one row per figure."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in section.figures:
        writer.writerow((f.measure, f.breakdown, shown_value(f, threshold), f.unit, f.kind,
                         "" if f.n is None else f.n, report.period_start, report.period_end,
                         report.house))
    return clean_document(out.getvalue())


def section_paths(path: str, report: ProgramReport) -> dict[str, Path]:
    """The file of each section's table, named after PATH: nov.csv gives nov-residents.csv."""
    stem = Path(path)
    if stem.suffix.lower() == ".csv":
        stem = stem.with_suffix("")
    return {section.key: stem.with_name(f"{stem.name}-{section.key}.csv")
            for section in report.sections}


def _heading_lines(report: ProgramReport, threshold: int | None) -> list[str]:
    dates = f"{report.period_start} to {report.period_end}"
    when = report.period_label if report.period_label == dates else \
        f"{report.period_label} ({dates})"
    lines = [f"Program report: {when}, {report.house}"]
    if threshold is not None:
        lines.append(f"For outside the program: counts from 1 to {threshold - 1} are shown "
                     f"as <{threshold}; per-staff figures are left out.")
    else:
        lines.append("For the program's own use: includes per-staff figures; not for "
                     "distribution outside the program.")
    return lines


def _rows(section: Section, threshold: int | None) -> list[tuple[str, str, str]]:
    return [(f.label, shown_value(f, threshold), f.unit) for f in section.figures]


def to_txt(report: ProgramReport, threshold: int | None) -> str:
    lines = _heading_lines(report, threshold)
    for section in report.sections:
        lines += ["", section.title, "=" * len(section.title)]
        rows = _rows(section, threshold)
        width = max((len(label) for label, _, _ in rows), default=0)
        lines += [f"{label:<{width}}  {value:>8}  {unit}" for label, value, unit in rows]
        if section.note:
            lines.append(f"({section.note})")
    return "\n".join(lines) + "\n"


HTML_STYLE = """body { font-family: sans-serif; margin: 2em; }
table { border-collapse: collapse; margin-bottom: 1.5em; min-width: 28em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
td.value { text-align: right; font-variant-numeric: tabular-nums; }
h2 { page-break-after: avoid; } table { page-break-inside: auto; }
.note { color: #555; font-size: 0.9em; }
@media print { body { margin: 0; } }"""


def to_html(report: ProgramReport, threshold: int | None) -> str:
    head = _heading_lines(report, threshold)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{escape(head[0])}</title>", f"<style>{HTML_STYLE}</style></head><body>",
             f"<h1>{escape(head[0])}</h1>", f'<p class="note">{escape(head[1])}</p>']
    for section in report.sections:
        parts.append(f"<h2>{escape(section.title)}</h2>")
        parts.append("<table><thead><tr><th>Measure</th><th>Value</th><th>Unit</th></tr>"
                     "</thead><tbody>")
        for label, value, unit in _rows(section, threshold):
            parts.append(f"<tr><td>{escape(label)}</td><td class=\"value\">{escape(value)}"
                         f"</td><td>{escape(unit)}</td></tr>")
        parts.append("</tbody></table>")
        if section.note:
            parts.append(f'<p class="note">{escape(section.note)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


RENDERERS = {"html": to_html, "txt": to_txt}


def render(report: ProgramReport, fmt: str, threshold: int | None) -> str:
    """The report as one HTML or text document (CSV is a table per section: section_csv)."""
    if fmt not in RENDERERS:
        raise InvalidInput({"format": "Choose html or txt for one document."})
    return clean_document(RENDERERS[fmt](report, threshold))


def export_files(report: ProgramReport, fmt: str, threshold: int | None,
                 path: str) -> dict[Path, str]:
    """The files an export of REPORT as FMT to PATH writes, each with its text."""
    if not path.strip():
        raise InvalidInput({"out": "Name the file to write."})
    if fmt not in FORMATS:
        raise InvalidInput({"format": "Choose csv, html or txt."})
    target = Path(path.strip()).expanduser()
    if fmt != "csv":
        return {target: render(report, fmt, threshold)}
    sections = {s.key: s for s in report.sections}
    return {file: section_csv(report, sections[key], threshold)
            for key, file in section_paths(str(target), report).items()}
