"""Recovery capital (the BARC-10): when it is due, saving one, the history staff read.

Every save is one transaction: the assessment row (never changed afterwards), its timeline
entry in words, the audit row (ids only, never the answers) and the resident's BARC-10
summary columns. A correction is a new assessment naming the one it replaces and why; the
replaced one stays, shown as corrected, and drops out of the totals. Every read of a
resident's assessments by staff is audited.

The kiosk calls ``kiosk_barc_status`` and ``save_kiosk_barc`` with the resident id it got from
the kiosk sign-in; staff calls take an ``Actor`` and are checked against the roles table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import TypeAdapter, ValidationError

from peer_tui.models.assessments import Assessment
from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.events import Event
from peer_tui.models.instrument_schemas import (
    Instrument,
    answers_from_json,
    answers_json,
    load_instrument,
    score,
)
from peer_tui.models.people import Resident
from peer_tui.models.schemas import text_type
from peer_tui.models.summary import refresh_assessment_summary, valid_assessments
from peer_tui.services import audit
from peer_tui.services.errors import InvalidInput, NotFound, existing
from peer_tui.services.house_scope import require_resident
from peer_tui.services.permissions import Perm, require_perm
from peer_tui.timeutil import local_today, to_local

BARC = "barc10"
Reason = text_type(300)


def barc() -> Instrument:
    return load_instrument(BARC)


# -- when it is due ----------------------------------------------------------------------

def is_due(last_taken: date | None, intake: date | None, today: date, every_days: int) -> bool:
    """Offer the BARC-10 at admission (none since the intake date), then every EVERY_DAYS.
    Without an intake date and with none taken there is no admission to count from."""
    if last_taken is None:
        return intake is not None
    if intake is not None and last_taken < intake:
        return True
    return (today - last_taken).days >= every_days


@dataclass(frozen=True)
class Previous:
    total: int
    taken_on: date


@dataclass(frozen=True)
class KioskBarc:
    """What the kiosk needs to know at sign-in: whether to offer it, and the last total."""

    due: bool
    previous: Previous | None


def _previous(resident_id: int) -> Previous | None:
    row = valid_assessments(resident_id, BARC).where(Assessment.total.is_null(False)) \
        .order_by(Assessment.taken_at.desc(), Assessment.id.desc()).first()
    return Previous(row.total, to_local(row.taken_at).date()) if row else None


def kiosk_barc_status(resident_id: int, every_days: int = 30,
                      today: date | None = None) -> KioskBarc:
    r = Resident.get_or_none(Resident.id == resident_id)
    if r is None or r.status != "active":
        return KioskBarc(False, None)
    last = r.summary_barc_at
    due = is_due(to_local(last).date() if last else None, r.intake_date,
                 today or local_today(), every_days)
    return KioskBarc(due, _previous(resident_id))


# -- saving ------------------------------------------------------------------------------

@dataclass(frozen=True)
class BarcResult:
    """What the resident sees at the end: their total (None: a statement was skipped) and
    the one before."""

    assessment_id: int
    total: int | None
    previous: Previous | None


def _checked(instrument: Instrument, answers: Sequence) -> tuple[int | None, ...]:
    values = tuple(answers)
    if len(values) != len(instrument.items):
        raise InvalidInput({"": f"The {instrument.name} has {len(instrument.items)} "
                                f"statements; {len(values)} answers were given."})
    low, high = instrument.scale.min, instrument.scale.max
    for number, value in enumerate(values, 1):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or not low <= value <= high):
            raise InvalidInput({"": f"Statement {number}: answer with a number from {low} "
                                    f"to {high}, or leave it out."})
    return values


def _words(instrument: Instrument, total: int | None, answered: int, previous: Previous | None,
           how: str) -> str:
    if total is None:
        words = (f"{instrument.name} ({how}): {answered} of {len(instrument.items)} "
                 "statements answered, no total")
    else:
        words = f"{instrument.name} ({how}): total {total}"
        if previous is not None:
            change = total - previous.total
            words += (f", {'+' if change > 0 else ''}{change} since {previous.taken_on}"
                      if change else f", same as {previous.taken_on}")
    return words


def _save(resident_id: int, answers: Sequence, *, source: str, staff_id: int | None,
          language: str, taken_at: datetime, corrects: Assessment | None = None,
          reason: str = "", recorded_at: datetime | None = None) -> BarcResult:
    instrument = barc()
    values = _checked(instrument, answers)
    total = score(instrument, values)
    previous = _previous(resident_id)
    if corrects is not None:  # the one it replaces is not "the one before"
        earlier = valid_assessments(resident_id, BARC).where(
            Assessment.total.is_null(False), Assessment.id != corrects.id,
            Assessment.taken_at <= taken_at) \
            .order_by(Assessment.taken_at.desc(), Assessment.id.desc()).first()
        previous = Previous(earlier.total, to_local(earlier.taken_at).date()) \
            if earlier else None
    how = "at the kiosk" if source == "kiosk" else "interview"
    summary = _words(instrument, total, sum(v is not None for v in values), previous, how)
    note_lines = [f"{n}. {item.staff_label}: "
                  + (f"{v} ({instrument.label(v)})" if v is not None else "skipped")
                  for n, (item, v) in enumerate(zip(instrument.items, values), 1)]
    if corrects is not None:
        summary = f"Corrected {summary}"
        note_lines.append(f"Correction of the {instrument.name} of "
                          f"{to_local(corrects.taken_at).date()}: {reason}")
    note_lines.append(instrument.credit)
    event = Event.create(
        resident=resident_id, occurred_at=taken_at, kind="assessment", staff=staff_id,
        channel="kiosk" if source == "kiosk" else "in_person", summary=summary[:300],
        note="\n".join(note_lines),
        corrects=corrects.event_id if corrects is not None else None,
        recorded_at=recorded_at or utcnow())
    row = Assessment.create(
        resident=resident_id, instrument=instrument.key, taken_at=taken_at, source=source,
        staff=staff_id, language=language, answers=answers_json(values), total=total,
        corrects=corrects.id if corrects is not None else None, correction_reason=reason,
        event=event.id, recorded_at=recorded_at or utcnow())
    refresh_assessment_summary(resident_id, BARC)
    return BarcResult(row.id, total, previous)


def save_kiosk_barc(resident_id: int, answers: Sequence, language: str = "en") -> BarcResult:
    """The resident's own BARC-10 from the kiosk (after their check-in was saved)."""
    if barc().text(language) is None:
        raise InvalidInput({"": "These statements are not available in this language."})
    with database.atomic():
        resident = Resident.get_or_none(Resident.id == resident_id)
        if resident is None or resident.status != "active":
            raise NotFound("This cannot be saved: ask staff for help.")
        result = _save(resident_id, answers, source="kiosk", staff_id=None,
                       language=language, taken_at=utcnow())
        audit.record(resident_id, "assessment_submit", "assessment", result.assessment_id,
                     resident_id=resident_id, actor_kind="resident")
    return result


def save_history(resident_id: int, answers: Sequence, taken_at: datetime, *, source: str,
                 staff_id: int | None) -> BarcResult:
    """An assessment written down when it was taken (demo data, imports): like the others,
    its timeline entry and summary columns included, recorded at TAKEN_AT. No audit row:
    the caller records the import as a whole."""
    return _save(resident_id, answers, source=source, staff_id=staff_id, language="en",
                 taken_at=taken_at, recorded_at=taken_at)


def record_barc(actor, resident_id: int, answers: Sequence, *,
                corrects_id: int | None = None, reason: str = "") -> BarcResult:
    """A BARC-10 staff took as an interview (at intake, say), or a correction of one.

    A correction needs the reason in words; the corrected one stays on file."""
    require_perm(actor, Perm.WRITE_NOTES, "record a BARC-10")
    reason = " ".join((reason or "").split())
    if corrects_id is not None:

        try:
            reason = TypeAdapter(Reason).validate_python(reason)
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise InvalidInput({"reason": "Say why it is corrected." if not reason
                                else f"Reason: {problem}"}) from None
    with database.atomic():
        existing(Resident, resident_id, "That resident no longer exists.")
        require_resident(actor, resident_id)
        corrects = None
        if corrects_id is not None:
            corrects = Assessment.get_or_none(Assessment.id == corrects_id,
                                              Assessment.resident == resident_id)
            if corrects is None:
                raise NotFound("That assessment is not on this resident's record.")
            if Assessment.select().where(Assessment.corrects == corrects_id).exists():
                raise InvalidInput({"": "That assessment was corrected already; correct the "
                                        "newer one instead."})
        result = _save(resident_id, answers, source="interview", staff_id=actor.id,
                       language="en", taken_at=utcnow(), corrects=corrects, reason=reason)
        audit.record(actor, "assessment_correct" if corrects else "assessment_record",
                     "assessment", result.assessment_id, resident_id=resident_id,
                     detail=f"corrects assessment {corrects_id}" if corrects else "")
    return result


# -- what staff read ---------------------------------------------------------------------

@dataclass(frozen=True)
class ItemAnswer:
    number: int
    staff_label: str
    value: int | None
    label: str  # "agree", or "skipped"
    domains: tuple[str, ...]


@dataclass(frozen=True)
class BarcHistory:
    """A resident's BARC-10s as staff see them (corrected ones left out of the totals)."""

    totals: tuple[tuple[date, int], ...]  # oldest first, complete ones only
    latest_id: int | None
    latest_on: date | None
    latest_total: int | None
    change_since_admission: int | None  # latest minus the first since the intake date
    items: tuple[ItemAnswer, ...]  # the latest one's answers, item by item
    credit: str
    short_credit: str

    @property
    def count(self) -> int:
        return len(self.totals)


def barc_history(actor, resident_id: int) -> BarcHistory:
    """The totals over time and the latest answers; audited as a view."""
    require_perm(actor, Perm.READ_CLINICAL, "see assessments")
    instrument = barc()
    with database.atomic():
        resident = existing(Resident, resident_id, "That resident no longer exists.")
        require_resident(actor, resident_id)
        rows = list(valid_assessments(resident_id, BARC)
                    .order_by(Assessment.taken_at, Assessment.id))
    audit.record_read(actor, "view", "assessment", None, resident_id=resident_id,
                      detail=f"{len(rows)} {instrument.name}")
    totals = tuple((to_local(r.taken_at).date(), r.total) for r in rows if r.total is not None)
    latest = rows[-1] if rows else None
    since = [t for d, t in totals if resident.intake_date is None or d >= resident.intake_date]
    change = totals[-1][1] - since[0] if since and totals and len(since) > 1 else None
    items: tuple[ItemAnswer, ...] = ()
    if latest is not None:
        values = answers_from_json(latest.answers)
        items = tuple(ItemAnswer(n, item.staff_label, v,
                                 instrument.label(v) if v is not None else "skipped",
                                 item.domains)
                      for n, (item, v) in enumerate(zip(instrument.items, values), 1))
    return BarcHistory(totals, latest.id if latest else None,
                       to_local(latest.taken_at).date() if latest else None,
                       latest.total if latest else None, change, items, instrument.credit,
                       instrument.short_credit)


def domain_prompts(history: BarcHistory) -> dict[str, list[ItemAnswer]]:
    """The latest answers grouped by the recovery domains they speak to, for the plan editor
    (a low "support from friends" beside Family & relationships and Community)."""
    prompts: dict[str, list[ItemAnswer]] = {}
    for item in history.items:
        for domain in item.domains:
            prompts.setdefault(domain, []).append(item)
    return prompts


def sparkline(totals: Sequence[int], low: int = 10, high: int = 60) -> str:
    """Totals as block characters, scaled to the instrument's whole range (not to the
    resident's own min and max, which would make a 2-point wobble look like a collapse)."""
    bars = "▁▂▃▄▅▆▇█"
    span = high - low
    return "".join(bars[min(len(bars) - 1, max(0, (t - low) * len(bars) // (span + 1)))]
                   for t in totals)


__all__ = ["BARC", "barc", "is_due", "Previous", "KioskBarc", "kiosk_barc_status",
           "BarcResult", "save_kiosk_barc", "record_barc", "ItemAnswer", "BarcHistory",
           "barc_history", "domain_prompts", "sparkline"]
