"""The monthly program report: the one entry point screens and the command line call.

``program_report`` checks who is asking, then works out each section in turn (the figures
are defined once, in ``report_residents``, ``report_engagement``, ``report_concerns``,
``report_staff``, and the training services), telling PROGRESS how far it has got so a
screen can show it. Case managers and administrators only (``Perm.PROGRAM_REPORTS``).
"""

from __future__ import annotations

from typing import Callable

from peewee import fn

from peer_tui.models.people import House
from peer_tui.services import audit
from peer_tui.services.auth import Actor
from peer_tui.services.errors import NotFound, PermissionDenied, existing
from peer_tui.services.house_scope import staff_houses
from peer_tui.services.permissions import Perm, require_perm
from peer_tui.services.report_concerns import concerns_section
from peer_tui.services.report_capital import capital_section
from peer_tui.services.report_engagement import engagement_section
from peer_tui.services.documents import write_new_files
from peer_tui.services.report_export import export_files
from peer_tui.services.report_interviews import interviews_section
from peer_tui.services.report_model import TOTAL, Figure, ProgramReport, Section
from peer_tui.services.report_referrals import referrals_section
from peer_tui.services.report_residents import residents_section
from peer_tui.services.report_scope import Period, Scope, house_moves, stays
from peer_tui.services.report_staff import staff_section
from peer_tui.services.training_after import credentials_expiring, training_hours_delivered
from peer_tui.settings import get_settings

ALL_HOUSES = "All houses"
STEPS = ("residents", "engagement", "concerns", "referrals", "capital", "interviews", "staff",
         "training")


def training_section(actor: Actor, scope: Scope) -> Section:
    """Training delivered and credentials expiring in the period (the organisation's: a
    course is not a house's). Counts only; the people are on the training screens."""
    require_perm(actor, Perm.PROGRAM_REPORTS, "see program reports")
    p = scope.period
    held = training_hours_delivered(actor, p.start, p.end)
    expiring = credentials_expiring(actor, p.start, p.end)
    figures = [
        Figure("training_sessions", "Training sessions held", held.sessions, "sessions"),
        Figure("training_hours", "Hours of training delivered",
               round(held.session_minutes / 60, 1), "hours", kind=TOTAL),
        Figure("training_person_hours", "Person-hours of training attended",
               round(held.attended_minutes / 60, 1), "hours", kind=TOTAL),
        Figure("training_people", "People trained", held.trainees, "people"),
        Figure("credentials_expiring", "Credentials expiring", len(expiring), "credentials"),
    ]
    return Section("training", "Peer specialist training", tuple(figures),
                   note="For the whole organisation: training is not a house's.")


def program_report(actor: Actor, period: Period, house_id: int | None = None, *,
                   contact_alert_days: int = 7, internal: bool = True, followup_points=None,
                   progress: Callable[[int, int, str], None] | None = None,
                   today=None) -> ProgramReport:
    """The report for PERIOD, for HOUSE_ID (None: the whole organisation). INTERNAL adds the
    per-staff supervision figures. PROGRESS(done, of, what) is called before each section.
    The report is audited (what was reported on, never a figure)."""
    require_perm(actor, Perm.PROGRAM_REPORTS, "see program reports")
    house_name = _house_reported(actor, house_id)
    if house_id is not None and House.select().count() == 1:
        house_id = None  # the only house is the organisation: nobody moved in or out of it
    scope = Scope(period, house_id, contact_alert_days, today,
                  moves=house_moves() if house_id is not None else {})
    steps = [s for s in STEPS if internal or s != "staff"]

    def step(name: str) -> None:
        if progress is not None:
            progress(steps.index(name), len(steps), name)

    step("residents")
    all_stays = stays(scope)
    sections = [residents_section(scope)]
    step("engagement")
    sections.append(engagement_section(scope, all_stays))
    step("concerns")
    sections.append(concerns_section(scope))
    step("referrals")
    sections.append(referrals_section(scope))
    step("capital")
    sections.append(capital_section(scope, all_stays))
    step("interviews")
    sections.append(interviews_section(scope, followup_points if followup_points is not None
                                       else get_settings().followup_points))
    if internal:
        step("staff")
        sections.append(staff_section(scope, all_stays))
    step("training")
    sections.append(training_section(actor, scope))
    if progress is not None:
        progress(len(steps), len(steps), "done")
    audit.record_read(actor, "report", "program_report", house_id or 0,
                 detail=f"{period.start.isoformat()}..{period.end.isoformat()}")
    return ProgramReport(period.start.isoformat(), period.end.isoformat(), period.label,
                         house_name, tuple(sections), internal)


def _house_reported(actor: Actor, house_id: int | None) -> str:
    """The name of what the report covers: HOUSE_ID only if ACTOR works there, the whole
    organisation (None) only for those who work in every house (administrators). A house's
    figures and its staff's caseloads are for that house's staff."""
    mine = staff_houses(actor.id, actor.role)
    if house_id is not None:
        house = existing(House, house_id, "No such house.")
        if house_id not in mine:
            raise PermissionDenied(f"You do not work in {house.name}: a program report is "
                                   "for a house you work in.")
        return house.name
    every = [h for (h,) in House.select(House.id).order_by(House.id).tuples()]
    if set(every) - set(mine):
        names = ", ".join(n for (n,) in House.select(House.name).where(House.id.in_(mine))
                          .order_by(House.id).tuples()) if mine else "none"
        raise PermissionDenied("The whole organisation's report is for those who work in "
                               f"every house: choose one of yours ({names}).")
    return ALL_HOUSES if len(every) != 1 else House.get().name


def house_named(name: str) -> int | None:
    """The id of the house called NAME (any case); '' is the whole organisation (None)."""
    name = " ".join((name or "").split())
    if not name:
        return None
    found = House.select(House.id).where(fn.LOWER(House.name) == name.lower()).scalar()
    if found is None:
        raise NotFound(f"No house is called {name!r}.")
    return found


def export_report(actor: Actor, period: Period, house_id: int | None, fmt: str, path: str,
                  *, internal: bool = False, threshold: int = 5,
                  contact_alert_days: int = 7, followup_points=None) -> list[str]:
    """Write the report for PERIOD as FMT to new files named after PATH: one for html or txt,
    one table per section for csv (see report_export). Unless INTERNAL, it is meant for
    outside the program: counts below THRESHOLD are shown as '<THRESHOLD' and the per-staff
    section is left out. Audited; returns the paths written, all of them or none."""
    require_perm(actor, Perm.PROGRAM_REPORTS, "export program reports")
    report = program_report(actor, period, house_id, contact_alert_days=contact_alert_days,
                            internal=internal, followup_points=followup_points)
    files = export_files(report, fmt, None if internal else threshold, path)
    written = write_new_files(files, lambda: audit.record_read(
        actor, "report_export", "program_report", house_id or 0,
        detail=f"{fmt} {'internal' if internal else 'outside'} "
               f"{period.start.isoformat()}..{period.end.isoformat()}"))
    return [str(target) for target in written]
