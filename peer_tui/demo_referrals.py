"""Demo referrals at every kind of stage (one followed to "engaged", one past its check
date, one waitlisted, one no-show, one closed, a one-off provider) and consents (to a
probation officer, irrevocable until probation ends; one expiring soon; one revoked)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from peer_tui.models.events import Event
from peer_tui.models.people import Consent
from peer_tui.models.resources import Referral, ReferralStep, Resource
from peer_tui.services.referrals import METHOD_LABELS, STAGE_LABELS
from peer_tui.timeutil import local_to_utc

# (resident index, directory entry or one-off "name|contact", domain, method, the stages as
# (stage, days ago), next check in days from today or None, closing reason)
SPECS = [
    (0, "Outpatient counselling", "substance_use", "warm_handoff",
     [("made", 12), ("contacted", 10), ("appointment_set", 8), ("attended", 5),
      ("engaged", 2)], None, ""),
    (2, "Medication for addiction treatment (MAT/MOUD) clinic", "substance_use",
     "call_together", [("made", 6)], -2, ""),
    (5, "Intensive outpatient program (IOP)", "substance_use", "sent_information",
     [("made", 20), ("contacted", 18), ("waitlisted", 10)], 4, ""),
    (7, "SMART Recovery", "community", "self_refer", [("made", 30), ("attended", 25),
                                                     ("engaged", 20)], None, ""),
    (10, "Legal aid clinic", "legal", "call_together", [("made", 3)], 4, ""),
    (14, "Dr. Rivera, Eastside Dental|555-0142", "physical_health", "self_refer",
     [("made", 15), ("appointment_set", 9), ("no_show", 7)], None, ""),
    (18, "Vocational rehabilitation / job centre", "employment", "warm_handoff",
     [("made", 40), ("contacted", 35), ("closed", 20)], None,
     "Found work on their own"),
    (3, "Community mental health centre", "mental_health", "call_together",
     [("made", 9), ("appointment_set", 4)], 3, ""),
]
NOTES = {"contacted": "Intake coordinator called back.", "appointment_set": "First visit booked.",
         "attended": "Went with their peer specialist.", "engaged": "Going every week now.",
         "waitlisted": "About three weeks on the list.", "no_show": "Missed the appointment."}


def add_referrals(residents, staff, today: date) -> None:

    for index, to, domain, method, stages, check, reason in SPECS:
        res = residents[index]
        by = res.peer_specialist or staff["casey"]
        resource = Resource.get_or_none(Resource.name == to)
        name, _, contact = to.partition("|")
        made_on = today - timedelta(days=stages[0][1])
        last_open = stages[-1][0] in ("made", "contacted", "appointment_set", "attended",
                                      "started", "waitlisted")
        row = Referral.create(
            resident=res, resource=resource, provider_name="" if resource else name,
            provider_contact="" if resource else contact, staff=by, status=stages[-1][0],
            domain_key=domain, method=method, made_on=made_on,
            next_check_on=today + timedelta(days=check) if check is not None and last_open
            else None, needs_consent=resource.needs_consent if resource else True,
            closed_reason=reason, created_at=local_to_utc(datetime.combine(made_on, time(11))),
            updated_at=local_to_utc(datetime.combine(today - timedelta(days=stages[-1][1]),
                                                     time(11))))
        for n, (stage, ago) in enumerate(stages):
            on = today - timedelta(days=ago)
            at = local_to_utc(datetime.combine(on, time(11, n)))
            words = (f"made ({METHOD_LABELS[method].lower()})" if stage == "made"
                     else STAGE_LABELS[stage] + (f" ({reason})" if stage == "closed" else ""))
            event = Event.create(resident=res, occurred_at=at, recorded_at=at, kind="referral",
                                 staff=by, summary=f"Referral to {name}: {words}",
                                 note=NOTES.get(stage, ""))
            is_last = n == len(stages) - 1
            ReferralStep.create(referral=row, stage=stage, on=on, note=NOTES.get(stage, ""),
                                next_check_on=row.next_check_on if is_last else None,
                                staff=by, event=event, recorded_at=at)


DISCLOSER = "Harbor House peer recovery program"
REVOKE_HOW = ("In writing or by telling any staff member; revoking does not undo what was "
              "already disclosed in reliance on it.")


def add_probation_consent(res, by, today: date):
    """A 42 CFR 2.35 consent to the resident's probation officer, signed at intake."""
    return Consent.create(
        resident=res, recipient="Officer Dana Reyes, County Probation Office",
        recipient_kind="probation", discloser=DISCLOSER,
        information="Attendance at the residence, check-in summaries and the recovery plan",
        substance_use_info="Drug-test results and whether treatment is attended",
        purpose="Probation compliance\nCourt progress report",
        signed_on=res.intake_date or today, expires_on=today + timedelta(days=180),
        revoke_how=REVOKE_HOW, criminal_justice=True,
        irrevocable_until="the end of the probation term", signed=True, witnessed_by=by,
        created_by=by)


def add_consents(residents, staff, today: date) -> None:
    """One expiring within two weeks (the treatment referral's), one revoked."""
    casey = staff["casey"]
    common = dict(discloser=DISCLOSER, revoke_how=REVOKE_HOW, signed=True,
                  witnessed_by=casey, created_by=casey, recipient_kind="treatment")
    first = residents[0]
    Consent.create(
        resident=first, recipient="Outpatient counselling", purpose="Referral to treatment\n"
        "Coordinating care", information="Name, contact details and the recovery plan",
        substance_use_info="Substance-use history and current recovery goals",
        signed_on=today - timedelta(days=12), expires_on=today + timedelta(days=9), **common)
    Consent.create(
        resident=residents[6], recipient="Eastside Family Clinic", purpose="Coordinating care",
        information="Recovery plan goals in the physical and mental health domains",
        substance_use_info="Whether the resident is in treatment for substance use",
        signed_on=today - timedelta(days=60), expires_on=today + timedelta(days=120),
        revoked_on=today - timedelta(days=5), revoked_by=casey,
        revoke_note="Said at the house meeting that they no longer want the clinic told.",
        **common)
