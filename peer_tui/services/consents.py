"""Consents to disclose a resident's records (42 CFR Part 2).

A consent is drawn up with every element 2.31 asks for, printed (``consent_document``) and
signed on paper; recording the signature ("signed on paper on DATE, witnessed by STAFF")
puts it in effect. Revoking it, or the event that ends it, is a date: the consent stays on
file and from that day permits nothing; so does one past its expiration date. A consent to
a criminal-justice agency as a condition of supervision (2.35) may be irrevocable until a
stated event: it can be revoked only once staff record that the event has happened.

Whether a consent permits a disclosure today is one rule (``consent_rule``), in Python and
as a SQL condition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peer_tui.models.base import utcnow
from peer_tui.models.consent_schemas import (RECIPIENT_KIND_LABELS, ConsentInput, EndInput,
                                             SignatureInput)
from peer_tui.models.db import database
from peer_tui.models.events import Event
from peer_tui.models.people import Consent, Resident, Staff
from peer_tui.services import audit
from peer_tui.services.auth import Actor
from peer_tui.services.caseload_query import display_name
from peer_tui.services.consent_rule import in_effect_sql, status_of
from peer_tui.services.errors import InvalidInput, NotFound, existing, validate
from peer_tui.services.house_scope import require_resident, require_row
from peer_tui.services.permissions import Perm, require_perm
from peer_tui.timeutil import fmt_date, local_to_utc, local_today

EXPIRING_DAYS = 14


@dataclass(frozen=True)
class ConsentView:
    id: int
    resident_id: int
    resident_name: str
    discloser: str
    recipient: str
    recipient_general: bool
    recipient_kind: str
    information: str
    substance_use_info: str
    purposes: tuple[str, ...]
    revoke_how: str
    expires_on: date | None
    expiry_event: str
    criminal_justice: bool
    irrevocable_until: str
    signed: bool
    signed_on: date
    witnessed_by: str
    scan_path: str
    revoked_on: date | None
    revoked_by: str
    revoke_note: str
    ended_on: date | None
    ended_note: str
    created_by: str

    @property
    def kind_label(self) -> str:
        return RECIPIENT_KIND_LABELS.get(self.recipient_kind, self.recipient_kind)

    @property
    def signature(self) -> str:
        if not self.signed:
            return "not signed yet"
        return (f"signed on paper on {fmt_date(self.signed_on)}, witnessed by "
                f"{self.witnessed_by or 'staff (not recorded)'}")

    @property
    def ends(self) -> str:
        parts = []
        if self.expires_on:
            parts.append(f"on {fmt_date(self.expires_on)}")
        if self.expiry_event:
            parts.append(f"when {self.expiry_event}")
        return ", or ".join(parts) if parts else "-"

    def status(self, today: date | None = None) -> str:
        """draft, revoked, ended, expired, not yet in effect, or in effect."""
        return status_of(self, today or local_today())

    def permits(self, today: date | None = None) -> bool:
        return self.status(today) == "in effect"

    def expires_in(self, today: date | None = None) -> int | None:
        today = today or local_today()
        if not self.permits(today) or self.expires_on is None:
            return None
        return (self.expires_on - today).days


def _view(c: Consent) -> ConsentView:
    names = {}
    ids = [i for i in (c.witnessed_by_id, c.revoked_by_id, c.created_by_id) if i]
    if ids:
        names = dict(Staff.select(Staff.id, Staff.display_name).where(Staff.id.in_(ids))
                     .tuples())
    r = Resident.get_by_id(c.resident_id)
    return ConsentView(
        id=c.id, resident_id=c.resident_id,
        resident_name=display_name(r.first_name, r.last_name, r.preferred_name),
        discloser=c.discloser, recipient=c.recipient,
        recipient_general=bool(c.recipient_general), recipient_kind=c.recipient_kind,
        information=c.information, substance_use_info=c.substance_use_info,
        purposes=tuple(p for p in c.purpose.splitlines() if p.strip()),
        revoke_how=c.revoke_how, expires_on=c.expires_on, expiry_event=c.expiry_event,
        criminal_justice=bool(c.criminal_justice), irrevocable_until=c.irrevocable_until,
        signed=bool(c.signed), signed_on=c.signed_on,
        witnessed_by=names.get(c.witnessed_by_id, ""), scan_path=c.scan_path,
        revoked_on=c.revoked_on, revoked_by=names.get(c.revoked_by_id, ""),
        revoke_note=c.revoke_note, ended_on=c.ended_on, ended_note=c.ended_note,
        created_by=names.get(c.created_by_id, ""))


def _row(consent_id: int, actor: Actor | None = None) -> Consent:
    """The consent CONSENT_ID; with ACTOR, only if they work in its resident's house now."""
    row = existing(Consent, consent_id, "That consent does not exist.")
    if actor is not None:
        require_row(actor, Consent, row.id, "consent")
    return row


def _entry(actor: Actor, c: Consent, on: date, summary: str, note: str = "") -> None:
    """A consent's change on the resident's timeline (who, to whom; never its contents)."""
    at = utcnow() if on == local_today() else local_to_utc(datetime.combine(
        on, datetime.min.time().replace(hour=12)))
    Event.create(resident=c.resident_id, occurred_at=at, kind="note", staff=actor.id,
                 summary=f"Consent to {c.recipient}: {summary}"[:300], note=note)


def list_consents(actor: Actor, resident_id: int) -> list[ConsentView]:
    """A resident's consents: those in effect first, then drafts, then the rest (which stay
    visible and permit nothing)."""
    require_perm(actor, Perm.CONSENTS, "open consents")
    require_resident(actor, resident_id)
    rows = list(Consent.select().where(Consent.resident == resident_id)
                .order_by(Consent.signed_on.desc(), Consent.id.desc()))
    with database.atomic():
        audit.record(actor, "view", "consent", None, resident_id=resident_id,
                     detail="resident consents")
    today = local_today()
    order = {"in effect": 0, "draft": 1, "not yet in effect": 2}
    views = [_view(c) for c in rows]
    return sorted(views, key=lambda v: order.get(v.status(today), 3))


def get_consent(actor: Actor, consent_id: int) -> ConsentView:
    require_perm(actor, Perm.CONSENTS, "open consents")
    row = _row(consent_id, actor)
    with database.atomic():
        audit.record(actor, "view", "consent", row.id, resident_id=row.resident_id)
    return _view(row)


def save_consent(actor: Actor, resident_id: int, data: dict,
                 consent_id: int | None = None) -> ConsentView:
    """Draw up a consent (CONSENT_ID None) or change a draft; it permits nothing until the
    resident's signature is recorded (``record_signature``)."""
    require_perm(actor, Perm.CONSENTS, "draw up a consent")
    item = validate(ConsentInput, data)
    values = dict(recipient=item.recipient, recipient_general=item.recipient_general,
                  recipient_kind=item.recipient_kind, purpose=item.purposes,
                  information=item.information, substance_use_info=item.substance_use_info,
                  discloser=item.discloser, expires_on=item.expires_on,
                  expiry_event=item.expiry_event, revoke_how=item.revoke_how,
                  criminal_justice=item.criminal_justice,
                  irrevocable_until=item.irrevocable_until)
    with database.atomic():
        if not Resident.select().where(Resident.id == resident_id).exists():
            raise NotFound("That resident does not exist.")
        require_resident(actor, resident_id)
        if consent_id is None:
            row = Consent.create(resident=resident_id, signed=False, signed_on=local_today(),
                                 created_by=actor.id, **values)
            audit.record(actor, "consent_draft", "consent", row.id, resident_id=resident_id)
            _entry(actor, row, local_today(), "drawn up, to be signed")
        else:
            row = _row(consent_id, actor)
            if row.resident_id != resident_id:
                raise NotFound("That consent is not this resident's.")
            if row.signed:
                raise InvalidInput({"": "A signed consent cannot be changed: revoke it and "
                                        "draw up a new one."})
            Consent.update(**values).where(Consent.id == row.id).execute()
            audit.record(actor, "consent_edit", "consent", row.id, resident_id=resident_id)
    return _view(_row(row.id))


def record_signature(actor: Actor, consent_id: int, data: dict) -> ConsentView:
    """The resident signed the printed form on paper: on which day, witnessed by whom, and
    where the scanned copy is (optional). From that day the consent is in effect."""
    require_perm(actor, Perm.CONSENTS, "record a consent's signature")
    item = validate(SignatureInput, data)
    if item.signed_on > local_today():
        raise InvalidInput({"signed_on": "Record a signature once it is on paper: today or "
                                         "earlier."})
    with database.atomic():
        row = _row(consent_id, actor)
        if row.signed:
            raise InvalidInput({"": "This consent's signature is already recorded."})
        if row.expires_on is not None and row.expires_on < item.signed_on:
            raise InvalidInput({"signed_on": f"The consent would already have expired "
                                             f"({fmt_date(row.expires_on)}); draw up a new "
                                             "one."})
        witness = Staff.get_or_none(Staff.id == item.witnessed_by,
                                    Staff.active == True)  # noqa: E712
        if witness is None:
            raise InvalidInput({"witnessed_by": "Choose the staff member who witnessed it."})
        Consent.update(signed=True, signed_on=item.signed_on, witnessed_by=witness.id,
                       scan_path=item.scan_path).where(Consent.id == row.id).execute()
        audit.record(actor, "consent_sign", "consent", row.id, resident_id=row.resident_id)
        _entry(actor, row, item.signed_on, f"signed, witnessed by {witness.display_name}")
    return _view(_row(consent_id))


def revoke_consent(actor: Actor, consent_id: int, data: dict) -> ConsentView:
    """The resident revoked the consent on a day: from then on it permits nothing.

    A 2.35 consent irrevocable until an event can be revoked only when staff confirm that
    the event has happened (``event_occurred``)."""
    require_perm(actor, Perm.CONSENTS, "revoke a consent")
    item = validate(EndInput, data)
    with database.atomic():
        row = _row(consent_id, actor)
        current = status_of(row, local_today())
        if current in ("revoked", "ended"):
            raise InvalidInput({"": f"This consent is already {current}."})
        if not row.signed:
            raise InvalidInput({"": "This consent was never signed: it permits nothing and "
                                    "needs no revoking."})
        if row.criminal_justice and row.irrevocable_until and not item.event_occurred:
            raise InvalidInput({"event_occurred": (
                f"This criminal-justice consent cannot be revoked until "
                f"{row.irrevocable_until} (42 CFR 2.35). If that has happened, say so.")})
        _check_day(item.on, row)
        Consent.update(revoked_on=item.on, revoked_by=actor.id, revoke_note=item.note) \
            .where(Consent.id == row.id).execute()
        audit.record(actor, "consent_revoke", "consent", row.id, resident_id=row.resident_id)
        _entry(actor, row, item.on, f"revoked on {fmt_date(item.on)}", item.note)
    return _view(_row(consent_id))


def end_consent(actor: Actor, consent_id: int, data: dict) -> ConsentView:
    """The event that ends the consent happened on a day (e.g. probation completed)."""
    require_perm(actor, Perm.CONSENTS, "record that a consent ended")
    item = validate(EndInput, data)
    with database.atomic():
        row = _row(consent_id, actor)
        if not row.expiry_event and not row.irrevocable_until:
            raise InvalidInput({"": "This consent ends on a date, not an event: it needs "
                                    "nothing recorded (revoke it to end it early)."})
        if status_of(row, local_today()) in ("revoked", "ended", "draft"):
            raise InvalidInput({"": f"This consent is {status_of(row, local_today())}."})
        _check_day(item.on, row)
        Consent.update(ended_on=item.on, ended_note=item.note).where(
            Consent.id == row.id).execute()
        audit.record(actor, "consent_end", "consent", row.id, resident_id=row.resident_id)
        _entry(actor, row, item.on, f"ended on {fmt_date(item.on)} "
                                    f"({row.expiry_event or row.irrevocable_until})", item.note)
    return _view(_row(consent_id))


def _check_day(on: date, row: Consent) -> None:
    if on > local_today():
        raise InvalidInput({"on": "Record it once it has happened: today or earlier."})
    if on < row.signed_on:
        raise InvalidInput({"on": f"The consent was signed on {fmt_date(row.signed_on)}; "
                                  "this comes on or after it."})


def consents_in_effect(actor: Actor, resident_id: int) -> list[ConsentView]:
    """The consents that permit disclosures today (for the disclosure form's picker)."""
    require_perm(actor, Perm.CONSENTS, "disclose records")
    require_resident(actor, resident_id)
    today = local_today()
    rows = Consent.select().where(Consent.resident == resident_id, in_effect_sql(today))
    return [_view(c) for c in rows.order_by(Consent.recipient, Consent.id)]


def witness_choices() -> list[tuple[int, str]]:
    """Active clinical staff, who can witness a signature."""
    return list(Staff.select(Staff.id, Staff.display_name)
                .where(Staff.active == True, Staff.role != "front_desk")  # noqa: E712
                .order_by(Staff.display_name).tuples())
