"""Every disclosure goes through a consent (42 CFR Part 2).

Before a document about a resident leaves for anyone but the resident, ``authorize`` checks
the consent chosen for it: this resident's, in effect today (signed, not revoked, not ended,
not expired), naming that recipient (or a general designation the recipient falls under),
for that purpose. Without one it is refused, in words; the only other way is a bona fide
medical emergency (2.51), recorded as such with what the emergency was. ``log`` writes the
disclosure in the same transaction as the file's audit row, and the document carries a
header saying to whom and under what, and the redisclosure notice (2.32). ``accounting``
lists a resident's disclosures of the last three years (2.24)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta

from peer_tui.models.base import utcnow
from peer_tui.models.consent_schemas import DisclosureInput
from peer_tui.models.db import database
from peer_tui.models.disclosures import Disclosure
from peer_tui.models.events import Event
from peer_tui.models.people import Consent, Resident, Staff
from peer_tui.services import audit
from peer_tui.services.auth import Actor
from peer_tui.services.caseload_query import display_name
from peer_tui.services.consent_rule import status_of
from peer_tui.services.document_text import Section, render
from peer_tui.services.documents import check_format, target_path, write_new_file
from peer_tui.services.errors import InvalidInput, NotFound, validate
from peer_tui.services.house_scope import require_resident, resident_house_name
from peer_tui.services.permissions import Perm, require_perm
from peer_tui.timeutil import day_start_utc, fmt_date, fmt_datetime, local_today

ACCOUNTING_YEARS = 3
EMERGENCY_PURPOSE = "medical emergency (42 CFR 2.51)"


@dataclass(frozen=True)
class Authorized:
    """A disclosure that may go ahead: to whom, why, under which consent (None: emergency)."""

    resident_id: int
    recipient: str
    purpose: str
    consent_id: int | None
    consent_words: str  # "the consent signed 2026-05-01 (no. 4)" or the emergency
    emergency: bool = False
    emergency_reason: str = ""

    def header(self, when: datetime, by: str) -> str:
        """The line every disclosed document carries at its top."""
        if self.emergency:
            return (f"Disclosed on {fmt_datetime(when)} by {by} to {self.recipient} in a "
                    f"medical emergency (42 CFR 2.51): {self.emergency_reason}")
        return (f"Disclosed on {fmt_datetime(when)} by {by} to {self.recipient}, for "
                f"{self.purpose}, under {self.consent_words}.")


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def authorize(actor: Actor, resident_id: int, data: dict) -> Authorized:
    """Check the request (``DisclosureInput``) or raise InvalidInput saying why not."""
    require_perm(actor, Perm.CONSENTS, "disclose records")
    item = validate(DisclosureInput, data)
    if not Resident.select().where(Resident.id == resident_id).exists():
        raise NotFound("That resident does not exist.")
    require_resident(actor, resident_id)
    if item.emergency:
        return Authorized(resident_id, item.recipient, EMERGENCY_PURPOSE, None,
                          "a medical emergency", True, item.emergency_reason)
    row = Consent.get_or_none(Consent.id == item.consent_id)
    if row is None or row.resident_id != resident_id:
        raise InvalidInput({"consent_id": "That consent is not this resident's."})
    status = status_of(row, local_today())
    if status != "in effect":
        raise InvalidInput({"consent_id": f"Refused: the consent to {row.recipient} is "
                                          f"{status} and permits nothing."})
    if not row.recipient_general and not _same(item.recipient, row.recipient):
        raise InvalidInput({"recipient": f"Refused: the consent names {row.recipient}, not "
                                         f"{item.recipient}. Nothing may go to anyone it "
                                         "does not name."})
    purposes = [p for p in row.purpose.splitlines() if p.strip()]
    if not any(_same(item.purpose, p) for p in purposes):
        raise InvalidInput({"purpose": "Refused: the consent is for " + "; ".join(purposes)
                                       + f", not {item.purpose}."})
    words = f"the consent signed {fmt_date(row.signed_on)} (no. {row.id})"
    return Authorized(resident_id, item.recipient, item.purpose, row.id, words)


def log(actor: Actor, auth: Authorized, what: str) -> int:
    """Record the disclosure (call inside the transaction that writes the document's audit
    row): the log row, an audit row and a line on the resident's timeline."""
    row = Disclosure.create(resident=auth.resident_id, consent=auth.consent_id,
                            staff=actor.id, recipient=auth.recipient, purpose=auth.purpose,
                            what=what, emergency=auth.emergency,
                            emergency_reason=auth.emergency_reason)
    audit.record(actor, "disclose", "disclosure", row.id, resident_id=auth.resident_id,
                 detail=f"consent {auth.consent_id}" if auth.consent_id else "emergency")
    summary = (f"Disclosed {what} to {auth.recipient} "
               + ("in a medical emergency" if auth.emergency else f"under consent no. "
                                                                   f"{auth.consent_id}"))
    Event.create(resident=auth.resident_id, occurred_at=row.at, kind="note", staff=actor.id,
                 summary=summary[:300])
    return row.id


@dataclass(frozen=True)
class DisclosureView:
    id: int
    at: datetime
    recipient: str
    purpose: str
    what: str
    consent_id: int | None
    emergency: bool
    emergency_reason: str
    staff_name: str


def accounting(actor: Actor, resident_id: int, today: date | None = None
               ) -> list[DisclosureView]:
    """Every disclosure of the resident's records in the last three years, newest first
    (42 CFR 2.24), audited as a view."""
    require_perm(actor, Perm.CONSENTS, "see the accounting of disclosures")
    require_resident(actor, resident_id)
    today = today or local_today()
    since = today - relativedelta(years=ACCOUNTING_YEARS)
    names = dict(Staff.select(Staff.id, Staff.display_name).tuples())
    rows = (Disclosure.select().where(Disclosure.resident == resident_id,
                                      Disclosure.at >= day_start_utc(since))
            .order_by(Disclosure.at.desc(), Disclosure.id.desc()))
    with database.atomic():
        audit.record(actor, "view", "disclosure", None, resident_id=resident_id,
                     detail="accounting of disclosures")
    return [DisclosureView(d.id, d.at, d.recipient, d.purpose, d.what, d.consent_id,
                           bool(d.emergency), d.emergency_reason, names.get(d.staff_id, ""))
            for d in rows]


def accounting_document(actor: Actor, resident_id: int, fmt: str, path: str) -> Path:
    """The accounting as a printable file for the resident (it is theirs: no consent)."""

    check_format(fmt)
    rows = accounting(actor, resident_id)
    r = Resident.get_by_id(resident_id)
    name = display_name(r.first_name, r.last_name, r.preferred_name)
    target = target_path(path, Path.home() / "peer-tui-exports" / (
        f"disclosures-{resident_id}-{datetime.now():%Y%m%d-%H%M}.{fmt}"))
    lines = Section("Disclosures, newest first")
    for d in rows:
        under = ("medical emergency (42 CFR 2.51): " + d.emergency_reason if d.emergency
                 else f"consent no. {d.consent_id}")
        lines.rows.append((fmt_datetime(d.at), f"{d.what} to {d.recipient}, for {d.purpose};"
                                                f" under {under}; by {d.staff_name or '-'}"))
    if not rows:
        lines.rows.append(("", "No disclosures in this period."))
    text = render(fmt, f"Accounting of disclosures: {name}",
                  f"{resident_house_name(actor, resident_id)} \u00b7 the last {ACCOUNTING_YEARS} "
                  f"years \u00b7 printed {fmt_datetime(utcnow())} (42 CFR 2.24)", [lines])
    return write_new_file(target, text, lambda: audit.record(
        actor, "export", "disclosure", None, resident_id=resident_id,
        detail=f"accounting {fmt}"))
