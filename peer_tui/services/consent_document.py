"""The consent form to print and sign (text or HTML), every element of 42 CFR 2.31 filled
in, and the referral packet that goes to a provider (a disclosure: through a consent)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from peer_tui.models.base import utcnow
from peer_tui.services import audit, disclosures
from peer_tui.services.auth import Actor
from peer_tui.services.consents import ConsentView, get_consent
from peer_tui.services.document_text import Section, render
from peer_tui.services.documents import check_format, target_path, write_new_file
from peer_tui.services.house_scope import resident_house_name
from peer_tui.services.permissions import Perm, require_perm
from peer_tui.services.plan_document import REDISCLOSURE_NOTICE
from peer_tui.services.referrals import get_referral
from peer_tui.timeutil import fmt_date, fmt_datetime

EXPORTS = Path.home() / "peer-tui-exports"


def consent_sections(c: ConsentView) -> list[Section]:
    recipient = c.recipient + (" (a general designation)" if c.recipient_general else "")
    main = Section("", [
        ("I, the resident", c.resident_name),
        ("authorize (who may disclose)", c.discloser),
        ("to disclose to (recipient)", f"{recipient}; {c.kind_label}"),
        ("how much and what kind of information", c.information),
        ("including this substance-use information", c.substance_use_info),
        ("for these purposes", "\n".join(f"{n}. {p}" for n, p in enumerate(c.purposes, 1))),
        ("This consent ends", c.ends),
    ])
    revoke = Section("My right to revoke", [("", c.revoke_how)])
    if c.criminal_justice:
        revoke.rows.append(("", (
            "This consent is given as a condition of my criminal-justice supervision (42 CFR "
            "2.35). " + (f"It cannot be revoked until {c.irrevocable_until}."
                         if c.irrevocable_until else "It can be revoked as above."))))
    revoke.rows.append(("", "My treatment and services do not depend on my signing this "
                            "consent, except as the law provides."))
    sign = Section("Signature", [])
    if c.signed:
        sign.rows.append(("Signature", c.signature[0].upper() + c.signature[1:] + "."))
        if c.scan_path:
            sign.rows.append(("Scanned copy", c.scan_path))
    else:
        sign.rows += [("Resident's signature", "_" * 40),
                      ("Date signed", "_" * 20),
                      ("Witnessed by (staff)", "_" * 40)]
    status = Section("On file", [("Status today", c.status()), ("Consent no.", str(c.id))])
    if c.revoked_on:
        status.rows.append(("Revoked on", fmt_date(c.revoked_on)))
    if c.ended_on:
        status.rows.append(("Ended on", fmt_date(c.ended_on)))
    return [main, revoke, sign, status]


def consent_document(actor: Actor, consent_id: int, fmt: str, path: str) -> Path:
    """Print a consent (to sign, or a copy of a signed one); audited."""
    require_perm(actor, Perm.CONSENTS, "print a consent")
    check_format(fmt)
    c = get_consent(actor, consent_id)
    target = target_path(path, EXPORTS / f"consent-{c.resident_id}-{c.id}-"
                                         f"{datetime.now():%Y%m%d-%H%M}.{fmt}")
    text = render(fmt, "Consent to disclose information (42 CFR Part 2)",
                  f"{resident_house_name(actor, c.resident_id)} \u00b7 printed "
                  f"{fmt_datetime(utcnow())}",
                  consent_sections(c))
    return write_new_file(target, text, lambda: audit.record(
        actor, "export", "consent", c.id, resident_id=c.resident_id, detail=fmt))


def referral_packet(actor: Actor, referral_id: int, fmt: str, path: str,
                    disclosure: dict) -> Path:
    """What a provider needs about the referral, sent under a consent; logged as a
    disclosure and carrying the redisclosure notice."""
    require_perm(actor, Perm.CONSENTS, "send a referral packet")
    check_format(fmt)
    view = get_referral(actor, referral_id)
    auth = disclosures.authorize(actor, view.resident_id, disclosure)
    target = target_path(path, EXPORTS / f"referral-{view.resident_id}-{view.id}-"
                                         f"{datetime.now():%Y%m%d-%H%M}.{fmt}")
    now = utcnow()
    sections = [Section("", [("", auth.header(now, actor.display_name))]),
                Section("Referral", [
                    ("Resident", view.resident_name), ("Referred to", view.to),
                    ("Contact", view.to_contact or "-"), ("Why", view.why),
                    ("How", view.method_label), ("Made on", fmt_date(view.made_on)),
                    ("Stage", view.stage_label), ("Referred by", view.staff_name or "-")])]
    text = render(fmt, f"Referral: {view.resident_name} to {view.to}",
                  f"{resident_house_name(actor, view.resident_id)} \u00b7 printed "
                  f"{fmt_datetime(now)}",
                  sections, REDISCLOSURE_NOTICE)

    def record() -> None:
        audit.record(actor, "export", "referral", view.id, resident_id=view.resident_id,
                     detail=fmt)
        disclosures.log(actor, auth, f"referral packet ({fmt})")

    return write_new_file(target, text, record)
