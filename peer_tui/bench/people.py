"""Staff, houses, residents and plans for the scale database: the rows events hang off.

Everything here is plain tuples for ``executemany``; the caller owns the connection and the
transaction. Ids are assigned here (1..n, in insert order) so events can refer to them
without reading anything back.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from peer_tui.demo import GOALS, PEOPLE, STEPS

BENCH_PIN = "2468"
BENCH_KIOSK_PIN = "1357"
BENCH_ADMIN = "bench"
FIRST_KIOSK_CODE = 100001
BEDS_PER_HOUSE = 30
# An organisation that has run houses for years: most people in the database have left.
DISCHARGE_MIX = ("other_housing", "other_housing", "completed", "left", "asked_to_leave",
                 "higher_care")
STATUS_SHARES = (("active", 0.15), ("waitlist", 0.03), ("discharged", 0.50), ("alumni", 0.32))
# A literal-markup name, so the big caseload also proves user text is never read as markup.
MARKUP_NAME = ("[/]Zed", "[@click=app.quit]Quinn")
EXTRA_LAST = ["Abara", "Bianchi", "Castillo", "Dimitrov", "Eriksen", "Fontaine", "Gallagher",
              "Horvath", "Ivanova", "Jablonski", "Kaur", "Lindgren", "Mbeki", "Novak", "Osei",
              "Petrov", "Quintero", "Rossi", "Sato", "Tanaka", "Ulloa", "Varga", "Weiss",
              "Xu", "Yamamoto", "Zhou"]


@dataclass
class Person:
    """What the event generator needs to know about one resident."""

    id: int
    status: str
    house: int  # 0-based house index
    start_day: int  # first day with events, as a day number (see Calendar)
    end_day: int  # last day with events (inclusive)
    peer: int
    case_manager: int
    first_goal: int = 0  # id of the first goal of the plan (0: no plan)
    goals: int = 0
    events: int = 0


@dataclass
class Population:
    staff: list[tuple] = field(default_factory=list)
    houses: list[tuple] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    peers: list[int] = field(default_factory=list)
    case_managers: list[int] = field(default_factory=list)


def _statuses(n: int, rng: random.Random) -> list[str]:
    out: list[str] = []
    for status, share in STATUS_SHARES:
        out += [status] * round(n * share)
    out = (out + ["discharged"] * n)[:n]
    rng.shuffle(out)
    return out


def make_staff(count: int, pin_hash: str, now: str, rng: random.Random) -> Population:
    """COUNT staff: one ``bench`` administrator, then a realistic mix of roles. One PIN."""
    pop = Population()
    names = [(f, l) for f, l, _, _ in PEOPLE]
    roles = ["peer_specialist"] * 55 + ["case_manager"] * 25 + ["front_desk"] * 15 + \
        ["admin"] * 5
    for i in range(1, count + 1):
        if i == 1:
            username, role, display = BENCH_ADMIN, "admin", "Bench Admin"
        else:
            role = roles[rng.randrange(len(roles))]
            first, last = names[rng.randrange(len(names))]
            username, display = f"staff{i:04d}", f"{first} {last}"
        pop.staff.append((i, username, display, role, pin_hash, 1, 0, now))
        if role == "peer_specialist":
            pop.peers.append(i)
        elif role == "case_manager":
            pop.case_managers.append(i)
    pop.peers = pop.peers or [1]
    pop.case_managers = pop.case_managers or [1]
    return pop


def make_residents(pop: Population, count: int, first_day: int, last_day: int,
                   cal, kiosk_hash: str, now: str, rng: random.Random) -> list[tuple]:
    """COUNT residents with stays inside [FIRST_DAY, LAST_DAY]; returns the resident rows."""
    houses = max(1, -(-round(count * STATUS_SHARES[0][1]) // BEDS_PER_HOUSE))
    pop.houses = [(h + 1, f"House {h + 1:02d}", now) for h in range(houses)]
    rows = []
    span = last_day - first_day
    kiosk = FIRST_KIOSK_CODE
    firsts = [p[0] for p in PEOPLE]
    lasts = [p[1] for p in PEOPLE] + EXTRA_LAST
    for rid, status in enumerate(_statuses(count, rng), start=1):
        first, last = firsts[rng.randrange(len(firsts))], lasts[rng.randrange(len(lasts))]
        if rid == 2:
            first, last = MARKUP_NAME
        house = rng.randrange(houses)
        if status == "active":
            start = last_day - rng.randint(1, min(400, span))
            end = last_day
        elif status == "waitlist":
            start = end = last_day + 1  # no events yet
        else:
            length = rng.randint(30, 500)
            end = last_day - rng.randint(5, max(6, span - length))
            start = max(first_day, end - length)
        person = Person(rid, status, house, start, end, pop.peers[rng.randrange(len(
            pop.peers))], pop.case_managers[rng.randrange(len(pop.case_managers))])
        pop.people.append(person)
        code = None
        if status == "active":
            code, kiosk = str(kiosk), kiosk + 1
        intake = cal.date(start) if status != "waitlist" else None
        discharge = cal.date(end) if status in ("discharged", "alumni") else None
        reason = {"discharged": "Moved to independent housing",
                  "alumni": "Completed program"}.get(status, "")
        # How the stay ended, for the program report: alumni completed; the others a mix.
        kind = "completed" if status == "alumni" else DISCHARGE_MIX[rid % len(
            DISCHARGE_MIX)] if status == "discharged" else ""
        room = f"{rng.randint(1, 3)}{'ABCDEFGHJK'[rng.randrange(10)]}" \
            if status == "active" else ""
        dob = date(rng.randint(1955, 2005), rng.randint(1, 12), rng.randint(1, 28))
        rows.append((rid, first, last, "", "", dob.isoformat(), house + 1, room, status,
                     intake, discharge, reason, kind, person.peer, person.case_manager, code,
                     kiosk_hash if code else "", 0, now, now, 0, 0, 0, 0, 0))
    return rows


RESIDENT_COLUMNS = (
    "id, first_name, last_name, preferred_name, pronouns, date_of_birth, house_id, room, "
    "status, intake_date, discharge_date, discharge_reason, discharge_kind, "
    "peer_specialist_id, "
    "case_manager_id, kiosk_code, kiosk_pin_hash, kiosk_failed_attempts, created_at, "
    "updated_at, summary_wants_to_talk, summary_open_concerns, summary_urgent_concerns, "
    "summary_goals_total, summary_goals_achieved")


def make_plans(pop: Population, domains: dict[str, int], resources: list[int], cal,
               today_day: int, now: str, rng: random.Random) -> dict[str, list[tuple]]:
    """A plan for everyone admitted: 2-5 goals, 1-3 steps each, supports, a signed revision."""
    out: dict[str, list[tuple]] = {k: [] for k in (
        "plan", "goal", "step", "support", "revision", "review", "consent", "referral")}
    goal_id = step_id = 0
    keys = sorted(GOALS)
    rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
    for person in pop.people:
        if person.status == "waitlist":
            continue
        pid = len(out["plan"]) + 1
        start = cal.date(person.start_day)
        next_review = None
        if person.status == "active":
            # Most reviews are coming up; about one in ten is overdue.
            offset = -rng.randint(1, 12) if rng.random() < 0.1 else rng.randint(0, 13)
            next_review = cal.date(today_day + offset)
        out["plan"].append((pid, person.id, "professional", "Honest; good with people.",
                            "non_clinical,clinical", "Skipping meetings", "A walk and a talk",
                            "My sponsor", "Text first, then knock.", rule, start, next_review,
                            start, 1, now, now))
        chosen = rng.sample(keys, rng.randint(2, 5))
        person.first_goal, person.goals = goal_id + 1, len(chosen)
        for pos, key in enumerate(chosen):
            goal_id += 1
            status = ("in_progress", "in_progress", "not_started", "achieved",
                      "paused")[rng.randrange(5)]
            target = cal.date(person.end_day + rng.randint(-30, 90))
            out["goal"].append((goal_id, pid, domains[key], GOALS[key][rng.randrange(2)],
                                "It matters to me.", target, status, pos, now, now))
            for spos in range(rng.randint(1, 3)):
                step_id += 1
                done = status == "achieved" or rng.random() < 0.3
                due = cal.date(person.end_day + rng.randint(-20, 30))
                out["step"].append((step_id, goal_id, STEPS[rng.randrange(len(STEPS))],
                                    "resident", due, int(done), due if done else None, spos))
        out["support"].append((pid, "resource", resources[rng.randrange(len(resources))],
                               "Mutual-aid group", "weekly meetings", ""))
        out["support"].append((pid, "person", None, "Sponsor", "sponsor", "(phone on file)"))
        out["revision"].append((pid, 1, person.peer, now, "Plan drawn up with the resident",
                                json.dumps({"goals": chosen}), start, person.peer))
        out["review"].append((pid, start, person.peer, "First review", now))
        if rng.random() < 0.3:
            out["consent"].append((person.id, "County Probation Office", "probation",
                                   "Attendance", "Probation compliance", start,
                                   cal.date(person.end_day + 180), None, person.case_manager,
                                   now))
        if rng.random() < 0.2:
            out["referral"].append((person.id, resources[rng.randrange(len(resources))],
                                    person.case_manager, now, "connected", ""))
    return out


PLAN_SQL = {
    "plan": "INSERT INTO recovery_plan (id, resident_id, direction, strengths, pathways, "
            "reengage_warning_signs, reengage_what_helps, reengage_contacts, reengage_outreach, "
            "review_rule, review_start, next_review_date, last_reviewed_on, revision_number, "
            "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "goal": "INSERT INTO goal (id, plan_id, domain_id, own_words, why, target_date, status, "
            "position, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
    "step": "INSERT INTO action_step (id, goal_id, text, owner, due_date, done, done_on, "
            "position) VALUES (?,?,?,?,?,?,?,?)",
    "support": "INSERT INTO plan_support (plan_id, kind, resource_id, name, relationship, "
               "contact) VALUES (?,?,?,?,?,?)",
    "revision": "INSERT INTO plan_revision (plan_id, number, author_id, created_at, "
                "change_summary, snapshot, signed_off_on, signed_off_with_id) "
                "VALUES (?,?,?,?,?,?,?,?)",
    "review": "INSERT INTO plan_review (plan_id, reviewed_on, staff_id, note, created_at) "
              "VALUES (?,?,?,?,?)",
    "consent": "INSERT INTO consent (resident_id, recipient, recipient_kind, information, "
               "purpose, signed_on, expires_on, revoked_on, created_by_id, created_at) "
               "VALUES (?,?,?,?,?,?,?,?,?,?)",
    "referral": "INSERT INTO referral (resident_id, resource_id, staff_id, created_at, status, "
                "note) VALUES (?,?,?,?,?,?)",
}


def event_counts(people: list[Person], total: int, rng: random.Random) -> None:
    """Share TOTAL events: a few residents with ~20,000, the rest by stay length x a long tail."""
    admitted = [p for p in people if p.status != "waitlist"]
    if not admitted or total <= 0:
        return
    actives = [p for p in admitted if p.status == "active"] or admitted
    busy_n = min(len(actives), max(1, len(people) // 2000))
    busy_each = min(20_000, total // (10 * busy_n))
    busy = sorted(actives, key=lambda p: p.id)[:busy_n]
    for p in busy:
        # Years in the house: long enough that 20,000 entries is several a day, not hundreds.
        p.start_day = min(p.start_day, p.end_day - 1800)
        p.events = busy_each
    rest = [p for p in admitted if p not in busy]
    left = total - busy_each * len(busy)
    weights = [max(1, p.end_day - p.start_day) * rng.lognormvariate(0, 0.7) for p in rest]
    scale = left / (sum(weights) or 1)
    for p, w in zip(rest, weights):
        p.events = int(w * scale)
    short = left - sum(p.events for p in rest)
    for i in range(short):
        rest[i % len(rest)].events += 1


def kiosk_code_of(resident_id: int, people: list[Person]) -> str | None:
    """The kiosk code the generator gave an active resident (codes follow resident order)."""
    code = FIRST_KIOSK_CODE
    for p in people:
        if p.status == "active":
            if p.id == resident_id:
                return str(code)
            code += 1
    return None


def first_day_of(today: date, years: int = 5) -> date:
    return today - timedelta(days=365 * years)
