"""What changed between two saved states of a plan, in the words staff use.

Works on the JSON snapshots revisions keep (``PlanView`` as a dict). Goals, steps, supports
and reviews are matched by id, so a step ticked off reads "step marked done", a goal put in
another domain or order reads "goal moved", and only what really appeared or went away
reads "added" or "removed". Pure functions: no database, easy to test on hand-made snapshots.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

from peer_tui.services.plan_words import PATHWAY_LABELS, STATUS_LABELS

# In a sentence: "step now for the peer specialist".
OWNER_WORDS = {"resident": "the resident", "peer_specialist": "the peer specialist",
               "case_manager": "the case manager", "other": "someone else"}
TEXT_FIELDS = (("strengths", "strengths"),
               ("reengage_warning_signs", "re-engagement, warning signs"),
               ("reengage_what_helps", "re-engagement, what helps"),
               ("reengage_contacts", "re-engagement, who to contact"),
               ("reengage_outreach", "re-engagement, how to reach out"))


@dataclass(frozen=True)
class Change:
    """One change: KIND is "added", "removed" or "changed"; TEXT says it in words."""

    kind: str
    text: str


def load(snapshot: str) -> dict:
    """A revision's snapshot as a dict ({} when it cannot be read)."""
    try:
        data = json.loads(snapshot or "{}")
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def _items(data: dict, name: str) -> list[dict]:
    return [item for item in data.get(name) or [] if isinstance(item, dict)]


def _by_id(items: list[dict]) -> dict:
    return {item.get("id"): item for item in items if item.get("id") is not None}


def _quote(text) -> str:
    return f"\u201c{text or ''}\u201d"


def _date(value) -> str:
    return str(value) if value else "none"


def _reworded(kind: str, was: dict, now: dict, key: str) -> list[Change]:
    """'goal reworded: "new words" (was "old words")', when the words under KEY changed."""
    if was.get(key) == now.get(key):
        return []
    return [Change("changed", f"{kind} reworded: {_quote(now.get(key))} "
                              f"(was {_quote(was.get(key))})")]


def _redated(what: str, was: dict, now: dict, key: str, whose: str) -> list[Change]:
    """'step due 2026-05-01 (was none): "call the clinic"', when the date under KEY moved."""
    if was.get(key) == now.get(key):
        return []
    return [Change("changed", f"{what} {_date(now.get(key))} (was {_date(was.get(key))}): "
                              f"{whose}")]


def changes(old: dict, new: dict) -> list[Change]:
    """Every change from OLD to NEW, plan-wide fields first, then goals, supports, reviews."""
    out: list[Change] = []
    out += _plan_fields(old, new)
    out += _goals(old, new)
    out += _supports(old, new)
    out += _reviews(old, new)
    return out


def _plan_fields(old: dict, new: dict) -> list[Change]:
    out = []
    if old.get("direction") and old.get("direction") != new.get("direction"):
        out.append(Change("changed", f"now {new.get('direction')}-directed "
                                     f"(was {old.get('direction')}-directed)"))
    for name, label in TEXT_FIELDS:
        before, after = old.get(name) or "", new.get(name) or ""
        if before == after:
            continue
        if not before:
            out.append(Change("added", f"{label}: {after}"))
        elif not after:
            out.append(Change("removed", f"{label}: {before}"))
        else:
            out.append(Change("changed", f"{label}: {after} (was {_quote(before)})"))
    before_paths, after_paths = old.get("pathways") or [], new.get("pathways") or []
    for key in after_paths:
        if key not in before_paths:
            out.append(Change("added", f"pathway: {PATHWAY_LABELS.get(key, key)}"))
    for key in before_paths:
        if key not in after_paths:
            out.append(Change("removed", f"pathway: {PATHWAY_LABELS.get(key, key)}"))
    if (old.get("review_rule") or "", old.get("review_start")) != (
            new.get("review_rule") or "", new.get("review_start")):
        words = new.get("review_description") or "no review schedule"
        if new.get("review_rule") and new.get("review_start"):
            words += f" from {new.get('review_start')}"
        out.append(Change("changed", f"review schedule: {words} "
                                     f"(was {old.get('review_description') or 'none'})"))
    if old.get("next_review_date") != new.get("next_review_date") and new.get("review_rule"):
        out.append(Change("changed", f"next review: {_date(new.get('next_review_date'))}"))
    return out


def _domain_orders(data: dict) -> dict[str, list]:
    orders: dict[str, list] = {}
    for goal in _items(data, "goals"):
        orders.setdefault(goal.get("domain_key"), []).append(goal.get("id"))
    return orders


def _moved_within_domain(old: dict, new: dict) -> dict:
    """Goals whose place among their domain's goals changed: id -> "up" or "down".

    Only the goals outside the longest run kept in order count as moved, so moving one goal
    up past another reports that goal, not both.
    """
    moved = {}
    old_orders, new_orders = _domain_orders(old), _domain_orders(new)
    for domain, after in new_orders.items():
        before = [gid for gid in old_orders.get(domain, []) if gid in after]
        kept = [gid for gid in after if gid in before]
        matcher = difflib.SequenceMatcher(a=before, b=kept, autojunk=False)
        in_order = {gid for block in matcher.get_matching_blocks()
                    for gid in kept[block.b:block.b + block.size]}
        for gid in kept:
            if gid not in in_order:
                moved[gid] = "up" if kept.index(gid) < before.index(gid) else "down"
    return moved


def _goals(old: dict, new: dict) -> list[Change]:
    out = []
    before, after = _by_id(_items(old, "goals")), _by_id(_items(new, "goals"))
    moved = _moved_within_domain(old, new)
    for gid, goal in after.items():
        words = _quote(goal.get("own_words"))
        was = before.get(gid)
        if was is None:
            out.append(Change("added", f"goal in {goal.get('domain_name')}: {words}"))
            continue
        if was.get("domain_key") != goal.get("domain_key"):
            out.append(Change("changed", f"goal moved from {was.get('domain_name')} to "
                                         f"{goal.get('domain_name')}: {words}"))
        elif gid in moved:
            out.append(Change("changed", f"goal moved {moved[gid]} in "
                                         f"{goal.get('domain_name')}: {words}"))
        out += _reworded("goal", was, goal, "own_words")
        if was.get("status") != goal.get("status"):
            status = STATUS_LABELS.get(goal.get("status"), goal.get("status"))
            out.append(Change("changed", f"goal now {status} (was "
                                         f"{STATUS_LABELS.get(was.get('status'), '-')}): "
                                         f"{words}"))
        out += _redated("goal target date", was, goal, "target_date", words)
        if (was.get("why") or "") != (goal.get("why") or ""):
            out.append(Change("changed", f"why it matters: {goal.get('why') or '-'} "
                                         f"(goal {words})"))
    for gid, goal in before.items():
        if gid not in after:
            out.append(Change("removed", f"goal in {goal.get('domain_name')}: "
                                         f"{_quote(goal.get('own_words'))}"))
    out += _steps(before, after)
    return out


def _steps(before_goals: dict, after_goals: dict) -> list[Change]:
    def steps(goals: dict) -> dict:
        return {step.get("id"): (step, goal) for goal in goals.values()
                for step in _items(goal, "steps") if step.get("id") is not None}

    out = []
    before, after = steps(before_goals), steps(after_goals)
    for sid, (step, goal) in after.items():
        text = _quote(step.get("text"))
        if sid not in before:
            mark = " (already done)" if step.get("done") else ""
            out.append(Change("added", f"step{mark} for goal {_quote(goal.get('own_words'))}: "
                                       f"{text}"))
            continue
        was = before[sid][0]
        if bool(was.get("done")) != bool(step.get("done")):
            out.append(Change("changed", f"step marked done: {text}" if step.get("done")
                              else f"step reopened: {text}"))
        out += _reworded("step", was, step, "text")
        if was.get("owner") != step.get("owner"):
            out.append(Change("changed", f"step now for "
                                         f"{OWNER_WORDS.get(step.get('owner'), '-')}: {text}"))
        out += _redated("step due", was, step, "due_date", text)
    for sid, (step, _) in before.items():
        if sid not in after:
            out.append(Change("removed", f"step: {_quote(step.get('text'))}"))
    return out


def _support_words(support: dict) -> str:
    extra = ", ".join(v for v in (support.get("relationship"), support.get("contact")) if v)
    return f"{support.get('name')}" + (f" ({extra})" if extra else "")


def _supports(old: dict, new: dict) -> list[Change]:
    out = []
    before, after = _by_id(_items(old, "supports")), _by_id(_items(new, "supports"))
    for sid, support in after.items():
        if sid not in before:
            out.append(Change("added", f"support: {_support_words(support)}"))
        elif _support_words(before[sid]) != _support_words(support):
            out.append(Change("changed", f"support: {_support_words(support)} "
                                         f"(was {_support_words(before[sid])})"))
    for sid, support in before.items():
        if sid not in after:
            out.append(Change("removed", f"support: {_support_words(support)}"))
    return out


def _reviews(old: dict, new: dict) -> list[Change]:
    before = _by_id(_items(old, "reviews"))
    out = []
    for rid, review in _by_id(_items(new, "reviews")).items():
        if rid not in before:
            note = f": {review.get('note')}" if review.get("note") else ""
            out.append(Change("added", f"review held on {review.get('reviewed_on')} with "
                                       f"{review.get('staff') or 'staff'}{note}"))
    if not out and old.get("last_reviewed_on") != new.get("last_reviewed_on") \
            and new.get("last_reviewed_on"):
        # Snapshots from before reviews were listed in them still show the review.
        out.append(Change("added", f"review held on {new.get('last_reviewed_on')}"))
    return out
