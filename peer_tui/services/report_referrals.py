"""Referrals in the program report: made in the period, with a known outcome within 30 days,
engaged, by resource type.

Made: referrals whose made-on date falls in the period (the day it was made, as recorded).
Known outcome within 30 days: a step recording an outcome (engaged, completed, declined,
no-show, waitlisted, not eligible) or its closing, dated within 30 days of the made-on date.
Engaged: reached engaged or completed by the period's last day (up to today).
By resource type: the directory entry's category; a one-off provider is 'other provider'.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from peewee import JOIN

from peer_tui.models.resources import Referral, ReferralStep, Resource
from peer_tui.services.referrals import OUTCOMES
from peer_tui.services.report_model import Figure, Section
from peer_tui.services.report_scope import Scope

OUTCOME_WINDOW_DAYS = 30
ENGAGED = ("engaged", "completed")
ONE_OFF = "other_provider"


def referral_counts(scope: Scope) -> dict:
    p = scope.period
    query = (Referral.select(Referral.id, Referral.made_on, Resource.category)
             .join(Resource, JOIN.LEFT_OUTER, on=(Referral.resource == Resource.id))
             .where(Referral.made_on.between(p.start, p.end)))
    query = scope.filtered(query, Referral.resident, Referral.created_at)
    made = {rid: (made_on, category or ONE_OFF) for rid, made_on, category in query.tuples()}
    known, engaged = set(), set()
    if made:
        for rid, stage, on in (ReferralStep.select(ReferralStep.referral, ReferralStep.stage,
                                                   ReferralStep.on)
                               .where(ReferralStep.referral.in_(list(made))).tuples()):
            made_on = made[rid][0]
            if stage in OUTCOMES + ("closed",) and on <= made_on + timedelta(
                    days=OUTCOME_WINDOW_DAYS):
                known.add(rid)
            if stage in ENGAGED and on <= scope.last_day:
                engaged.add(rid)
    return {"made": len(made), "known": len(known), "engaged": len(engaged),
            "by_type": Counter(category for _, category in made.values())}


def referrals_section(scope: Scope) -> Section:
    counts = referral_counts(scope)
    figures = [
        Figure("referrals_made", "Referrals made", counts["made"], "referrals"),
        Figure("referrals_outcome_30_days", "With a known outcome within 30 days",
               counts["known"], "referrals"),
        Figure("referrals_engaged", "Engaged (or completed)", counts["engaged"], "referrals"),
    ]
    figures += [Figure("referrals_by_type", f"Referrals by resource type: "
                       f"{key.replace('_', ' ')}", n, "referrals", breakdown=key)
                for key, n in sorted(counts["by_type"].items())]
    return Section("referrals", "Referrals", tuple(figures),
                   note="Referrals made in the period; outcomes within 30 days of being "
                        "made; engaged by the period's end.")
