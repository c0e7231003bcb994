"""Printable documents other than the plan (the consent form, the accounting of
disclosures, a referral packet), from one plain layout: a title, a line under it, sections
of labelled values, and the redisclosure notice. Every value is HTML-escaped in the HTML
version; the caller writes the result through ``documents.write_new_file``."""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field

TEXT_WIDTH = 78


@dataclass
class Section:
    heading: str
    # (label, value); an empty label: a paragraph of its own.
    rows: list[tuple[str, str]] = field(default_factory=list)


def render(fmt: str, title: str, subtitle: str, sections: list[Section],
           notice: str = "") -> str:
    return _html(title, subtitle, sections, notice) if fmt == "html" else \
        _text(title, subtitle, sections, notice)


def _text(title: str, subtitle: str, sections: list[Section], notice: str) -> str:
    out = [title.upper(), subtitle, ""]
    for section in sections:
        out += [section.heading.upper(), ""] if section.heading else []
        for label, value in section.rows:
            text = f"{label}: {value}" if label else value
            for paragraph in text.splitlines() or [""]:
                out += textwrap.wrap(paragraph, TEXT_WIDTH, subsequent_indent="  ") or [""]
        out.append("")
    if notice:
        out += ["NOTICE PROHIBITING REDISCLOSURE", *textwrap.wrap(notice, TEXT_WIDTH)]
    return "\n".join(out) + "\n"


STYLE = ("body { font-family: Georgia, serif; max-width: 46em; margin: 2em auto; "
         "line-height: 1.45; } h1 { font-size: 1.4em; margin-bottom: 0; } "
         "h2 { font-size: 1.1em; border-bottom: 1px solid #999; } .meta { color: #444; } "
         ".notice { border: 2px solid #000; padding: 0.8em; margin-top: 2em; } "
         "dt { font-weight: bold; margin-top: 0.5em; } .line { border-bottom: 1px solid #000; "
         "height: 2em; } table { border-collapse: collapse; } td, th { border: 1px solid #999;"
         " padding: 0.2em 0.4em; vertical-align: top; } @media print { body { margin: 0; } }")


def _html(title: str, subtitle: str, sections: list[Section], notice: str) -> str:
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{esc(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
           f"<h1>{esc(title)}</h1>", f'<p class="meta">{esc(subtitle)}</p>']
    for section in sections:
        if section.heading:
            out.append(f"<h2>{esc(section.heading)}</h2>")
        out.append("<dl>")
        for label, value in section.rows:
            body = "<br>".join(esc(line) for line in value.splitlines())
            out.append(f"<dt>{esc(label)}</dt><dd>{body}</dd>" if label else
                       f"<dd>{body}</dd>")
        out.append("</dl>")
    if notice:
        out.append(f'<div class="notice"><strong>Notice prohibiting redisclosure.</strong> '
                   f"{esc(notice)}</div>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
