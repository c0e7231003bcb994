"""The training transcript and the certificate of completion, as text or HTML, from the
templates in assets/ (like the plan export).

Every value a person typed is HTML-escaped in HTML, and the whole file passes through
``safe_text.clean_document``. The files name the trainee and their training only: never a
resident record (a trainee's link to one is not followed). Each export writes an audit row.
"""

from __future__ import annotations

import html
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from string import Template

from peer_tui.models.people import House
from peer_tui.models.training_schemas import CHECK_LABELS, fmt_hours
from peer_tui.services import audit
from peer_tui.services.documents import check_format, target_path, write_new_file
from peer_tui.services.errors import InvalidInput
from peer_tui.services.training_progress import TraineeView, trainee_view
from peer_tui.timeutil import fmt_date

KINDS = ("transcript", "certificate")


def default_path(trainee_id: int, kind: str, fmt: str) -> Path:
    return Path.home() / "peer-tui-exports" / (
        f"{kind}-{trainee_id}-{datetime.now():%Y%m%d-%H%M}.{fmt}")


def render(view: TraineeView, kind: str, fmt: str, organisation: str) -> str:
    is_html = fmt == "html"
    esc = html.escape if is_html else (lambda s: s)
    prog = view.progress

    def topic_line(t) -> str:
        checks = ", ".join(
            f"{CHECK_LABELS.get(k, k)} {'passed' if k in t.checks_passed else 'not yet'}"
            for k in t.checks_needed) or "no checks"
        hours = f"{fmt_hours(t.done)} / {fmt_hours(t.planned)}"
        if is_html:
            state = '<td class="met">met</td>' if t.met else '<td class="open">open</td>'
            if kind == "certificate":
                return f"<li>{esc(t.name)} ({fmt_hours(t.planned)})</li>"
            return f"<tr><td>{esc(t.name)}</td><td>{hours}</td><td>{esc(checks)}</td>{state}</tr>"
        if kind == "certificate":
            return f"  - {t.name} ({fmt_hours(t.planned)})"
        return f"  [{'x' if t.met else ' '}] {t.name}: {hours}; {checks}"

    def listing(items: list[str]) -> str:
        if is_html:
            return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>" \
                if items else "<p>-</p>"
        return "\n".join(f"  {i}" for i in items) or "  -"

    checks = [f"{fmt_date(c.checked_on)} {CHECK_LABELS.get(c.kind, c.kind)}, {c.topic}: "
              f"{'passed' if c.passed else 'not yet'} (assessor {c.assessor})"
              for c in view.checks]
    sessions = [f"{fmt_date(s.held_on)} {fmt_hours(s.attended)} of {fmt_hours(s.minutes)}: "
                f"{s.topics} (trainer {s.trainer})" for s in view.sessions]
    cred = view.credential
    credential = (f"{cred.issuing_body}, no. {cred.number}, issued {fmt_date(cred.issued_on)}, "
                  f"expires {fmt_date(cred.expires_on)}" if cred else "none recorded")
    standing = (f"course complete on {fmt_date(view.completed_on)}" if prog.complete
                else "in training")
    values = dict(
        organisation=esc(organisation or "peer-tui"),
        printed=datetime.now().strftime("%Y-%m-%d %H:%M"), name=esc(view.name),
        cohort=esc(view.cohort or "-"), course=esc(view.course_name),
        required=fmt_hours(prog.required).replace("h", " hours"),
        counted=fmt_hours(prog.counted).replace("h", " hours"),
        course_hours=fmt_hours(prog.required).replace("h", "-hour"),
        checks_passed=prog.checks_passed, checks_needed=prog.checks_needed,
        standing=esc(standing), completed=fmt_date(view.completed_on),
        topics="\n".join(topic_line(t) for t in prog.topics),
        missing=listing(prog.missing() or ["nothing: every topic is met"]),
        checks=listing(checks), sessions=listing(sessions), credential=esc(credential))
    template = files("peer_tui.assets").joinpath(f"training_{kind}.{fmt}").read_text("utf-8")
    return Template(template).substitute(values)


def _issuing_house(actor) -> str:
    """The house named on the document: the one the printing session works in. A session
    over every house names the organisation's only house, or none of several (the
    document then carries the program's name), never an arbitrary first one."""
    if actor.house_id is not None:
        return actor.house_name
    names = [h.name for h in House.select(House.name).limit(2)]
    return names[0] if len(names) == 1 else ""


def export(actor, trainee_id: int, kind: str, fmt: str, path: str) -> Path:
    """Write the transcript or certificate to PATH (a new, owner-only file); audited.
    Anyone may print their own; coordinators anyone's. A certificate needs the course done."""
    if kind not in KINDS:
        raise InvalidInput({"kind": "Choose transcript or certificate."})
    check_format(fmt)
    view = trainee_view(actor, trainee_id)
    if kind == "certificate" and not view.progress.complete:
        raise InvalidInput({"kind": "No certificate yet: the course is not complete."})
    target = target_path(path, default_path(trainee_id, kind, fmt))
    text = render(view, kind, fmt, _issuing_house(actor))
    return write_new_file(target, text, lambda: audit.record(
        actor, f"training_{kind}_export", "trainee", trainee_id, detail=fmt))
