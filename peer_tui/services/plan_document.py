"""The plan as a printable document (plain text or HTML) from the templates in assets/.

Every value a person typed is HTML-escaped in the HTML version, and the whole file passes
through ``safe_text.clean_document`` (no terminal control or text-direction characters).
Every export ends with the 42 CFR Part 2 notice prohibiting redisclosure, and writes an
audit row.
"""

from __future__ import annotations

import html
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from string import Template

from peer_tui.models.base import utcnow
from peer_tui.services import audit, disclosures
from peer_tui.services.assessments import barc_history
from peer_tui.services.documents import (  # noqa: F401 - FORMATS: this module's formats too
    FORMATS, check_format, target_path, write_new_file)
from peer_tui.services.house_scope import resident_house_name
from peer_tui.services.permissions import Actor, require
from peer_tui.services.recovery_plan import (
    OWNER_LABELS,
    PATHWAY_LABELS,
    STATUS_LABELS,
    PlanView,
    get_plan,
)
from peer_tui.timeutil import fmt_date

REDISCLOSURE_NOTICE = (
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records. This "
    "information has been disclosed to you from records protected by federal confidentiality "
    "rules (42 CFR part 2). The federal rules prohibit you from making any further disclosure "
    "of information in this record that identifies a patient as having or having had a "
    "substance use disorder either directly, by reference to publicly available information, "
    "or through verification of such identification by another person unless further "
    "disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed or as otherwise permitted by 42 CFR part 2. A general "
    "authorization for the release of medical or other information is NOT sufficient for "
    "this purpose. The federal rules restrict any use of the information to investigate or "
    "prosecute with regard to a crime any patient with a substance use disorder."
)


def default_export_path(resident_id: int, fmt: str) -> Path:
    return Path.home() / "peer-tui-exports" / (
        f"plan-{resident_id}-{datetime.now():%Y%m%d-%H%M}.{fmt}")


def barc_section(history, fmt: str) -> str:
    """The resident's BARC-10 totals by date, with the instrument's source. Only totals: no
    cut-off and no verdict (the resident may well read the printed plan)."""
    esc = html.escape if fmt == "html" else (lambda s: s)
    if history is None or not history.totals:
        return "<p>No BARC-10 yet.</p>" if fmt == "html" else "No BARC-10 yet."
    totals = ", ".join(f"{fmt_date(day)}: {total}" for day, total in history.totals)
    words = f"Totals (10 to 60): {totals}."
    if history.change_since_admission is not None:
        change = history.change_since_admission
        words += f" Change since admission: {'+' if change > 0 else ''}{change}."
    if fmt == "html":
        return f"<p>{esc(words)}</p>\n<p class=\"meta\">{esc(history.credit)}</p>"
    return f"{words}\n{history.credit}"


def render(plan: PlanView, fmt: str, house: str, disclosed: str = "", barc=None) -> str:
    """The document; DISCLOSED heads it (to whom, under what); BARC: the resident's
    ``assessments.BarcHistory`` (None: none shown)."""
    esc = html.escape if fmt == "html" else (lambda s: s)
    goals_text, goals_html = [], ["<ol>"]
    for g in plan.goals:
        head = (f"{g.own_words} [{g.domain_name}; {STATUS_LABELS.get(g.status, g.status)}; "
                f"target {fmt_date(g.target_date)}]")
        goals_text.append(f"- {head}" + (f"\n  Why it matters: {g.why}" if g.why else ""))
        goals_html.append(f"<li><strong>{esc(g.own_words)}</strong> ({esc(g.domain_name)}; "
                          f"{esc(STATUS_LABELS.get(g.status, g.status))}; target "
                          f"{fmt_date(g.target_date)})" + (f"<br>Why it matters: {esc(g.why)}"
                                                          if g.why else "") + "<ul>")
        for s in g.steps:
            who, due = OWNER_LABELS.get(s.owner, s.owner), fmt_date(s.due_date)
            goals_text.append(f"    [{'x' if s.done else ' '}] {s.text} ({who}, due {due})")
            done_class = ' class="done"' if s.done else ""
            goals_html.append(f"<li{done_class}>{esc(s.text)} ({esc(who)}, due {due})"
                              f"{' - done' if s.done else ''}</li>")
        goals_html.append("</ul></li>")
    goals_html.append("</ol>")
    supports = [f"{s.name}" + (f" ({s.relationship})" if s.relationship else "")
                + (f", {s.contact}" if s.contact else "") for s in plan.supports]
    values = dict(
        resident_name=esc(plan.resident_name), printed=datetime.now().strftime("%Y-%m-%d %H:%M"),
        house=esc(house or "peer-tui"), revision=plan.revision_number,
        signed_off=esc(plan.signed_off), direction=esc(plan.direction),
        next_review=fmt_date(plan.next_review_date, "not scheduled"),
        review_description=esc(plan.review_description),
        strengths=esc(plan.strengths or "-"),
        pathways=esc(", ".join(PATHWAY_LABELS.get(p, p) for p in plan.pathways) or "-"),
        goals=("\n".join(goals_html) if fmt == "html" else "\n".join(goals_text) or "-"),
        supports=("<ul>" + "".join(f"<li>{esc(s)}</li>" for s in supports) + "</ul>"
                  if fmt == "html" else "\n".join(f"- {s}" for s in supports) or "-"),
        warning_signs=esc(plan.reengage_warning_signs or "-"),
        what_helps=esc(plan.reengage_what_helps or "-"),
        contacts=esc(plan.reengage_contacts or "-"), outreach=esc(plan.reengage_outreach or "-"),
        notice=esc(REDISCLOSURE_NOTICE), barc=barc_section(barc, fmt),
        disclosed=(f'<p class="meta"><strong>{esc(disclosed)}</strong></p>\n' if fmt == "html"
                   else f"{disclosed}\n") if disclosed else "",
    )
    template = files("peer_tui.assets").joinpath(f"plan_export.{fmt}").read_text("utf-8")
    return Template(template).substitute(values)


def export_plan(actor: Actor, resident_id: int, fmt: str, path: str,
                disclosure: dict | None = None) -> Path:
    """Write the plan to PATH (a new file, owner-only) and audit the export.

    DISCLOSURE None: the resident's own copy. Otherwise who it is for and why
    (``disclosures.authorize``): refused unless a consent in effect covers that recipient
    and purpose (or a medical emergency); logged as a disclosure in the same transaction,
    and the document says at its top to whom and under what it was disclosed."""

    require(actor, clinical=True)
    auth = disclosures.authorize(actor, resident_id, disclosure) if disclosure is not None \
        else None
    check_format(fmt)
    target = target_path(path, default_export_path(resident_id, fmt))
    plan = get_plan(actor, resident_id)

    barc = barc_history(actor, resident_id)
    # The file is one boundary: whoever opens it (cat, a browser) gets no control characters.
    header = auth.header(utcnow(), actor.display_name) if auth else ""
    house = resident_house_name(actor, resident_id)
    text = render(plan, fmt, house, header, barc)

    def record() -> None:
        audit.record(actor, "export", "recovery_plan", None, resident_id=resident_id,
                     detail=fmt if auth is None else f"{fmt}, disclosed")
        if auth is not None:
            disclosures.log(actor, auth, f"recovery plan ({fmt})")

    return write_new_file(target, text, record)
