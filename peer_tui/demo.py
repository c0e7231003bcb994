"""Made-up demo data: a 30-bed house with six months of history, for exploring every screen.

Dates are relative to today so the demo always looks current. Deterministic (fixed seed).
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

from dateutil.rrule import rrulestr
from peewee import fn

from peer_tui.demo_month import add_last_month
from peer_tui.demo_referrals import add_consents, add_probation_consent, add_referrals
from peer_tui.demo_training import populate_training
from peer_tui.models.db import (
    DatabaseProblem,
    database,
    default_database_path,
    describe_error,
    is_sqlite,
    read_only_uri,
    sqlite_path,
)
from peer_tui.models.event_links import EventRole
from peer_tui.models.events import SEVERITY_RANK, CheckIn, Concern, Event, GroupSession
from peer_tui.models.meta import set_meta
from peer_tui.models.migrations import LATEST_VERSION, newer_schema_message
from peer_tui.models.people import House, Resident, Staff, StaffHouse
from peer_tui.models.plans import ActionStep, Domain, Goal, PlanRevision, PlanSupport, RecoveryPlan
from peer_tui.models.resources import Resource
from peer_tui.models.summary import refresh_resident_summary
from peer_tui.services import checkin_rules as rules
from peer_tui.services.assessments import save_history
from peer_tui.services.checkin import questionnaire
from peer_tui.services.pins import hash_pin
from peer_tui.services.recovery_plan import plan_snapshot
from peer_tui.settings import get_settings
from peer_tui.timeutil import local_to_utc

DEMO_PIN = "2468"
DEMO_KIOSK_CODE = "1001"
DEMO_KIOSK_PIN = "1357"
HOUSE_NAME = "Harbor House"
# On PostgreSQL (an organisation's server) the demo is an organisation of three houses.
HOUSE_NAMES = (HOUSE_NAME, "Cedar House", "Maple House")
# Who works where in the three-house demo (administrators see every house anyway): casey
# covers all three and sam two, so both switch houses; pat and frank work at Harbor House.
MEMBERSHIPS = {"casey": (0, 1, 2), "pat": (0,), "sam": (1, 2), "frank": (0,)}

STAFF = [
    ("admin", "Alex Rivera", "admin"),
    ("casey", "Casey Nguyen", "case_manager"),
    ("pat", "Pat Okafor", "peer_specialist"),
    ("sam", "Sam Delgado", "peer_specialist"),
    ("frank", "Frankie Lee", "front_desk"),
]

# first, last, preferred, pronouns
# How the stays of the discharged demo residents (by position in PEOPLE) ended, and why.
DEMO_DISCHARGES = {
    33: ("other_housing", "Moved to independent housing"),
    34: ("left", "Left without notice"),
    35: ("higher_care", "Went to residential treatment"),
    36: ("completed", "Completed program"),
}

PEOPLE = [
    ("Marcus", "Johnson", "", "he/him"), ("José", "Martínez", "Pepe", "he/him"),
    ("Zoë", "Ødegaard", "", "she/her"), ("An", "Nguyễn", "", "he/him"),
    ("Siobhán", "O'Connor", "Shiv", "she/her"), ("Łukasz", "Nowak", "Luke", "he/him"),
    ("Aroha", "Ngata", "", "she/her"), ("Chidi", "Okonkwo", "", "he/him"),
    ("Renée", "Dubois", "", "she/her"), ("Mariana", "Pérez", "Mari", "she/her"),
    ("Björn", "Lindqvist", "", "he/him"), ("Tyrone", "Williams", "Ty", "he/him"),
    ("Keisha", "Brown", "", "she/her"), ("Robin", "Kowalski", "", "they/them"),
    ("Darnell", "Harris", "", "he/him"), ("Emily", "Chen", "Em", "she/her"),
    ("Mohammed", "Al-Sayed", "Mo", "he/him"), ("Jamie", "Taylor", "", "they/them"),
    ("Carlos", "Rodríguez", "", "he/him"), ("Hannah", "Schmidt", "", "she/her"),
    ("Dakota", "Whitehorse", "", "they/them"), ("Priya", "Sharma", "", "she/her"),
    ("Brandon", "Miller", "", "he/him"), ("Ayşe", "Yılmaz", "", "she/her"),
    ("Kevin", "O'Brien", "Kev", "he/him"), ("Lakshmi", "Iyer", "", "she/her"),
    ("Andre", "Jackson", "Dre", "he/him"), ("Nicole", "Davis", "Nikki", "she/her"),
    ("Tomás", "Herrera", "", "he/him"), ("Grace", "Kim", "", "she/her"),
    ("Jordan", "Smith", "", "they/them"), ("Samuel", "Mensah", "", "he/him"),
    ("Olivia", "García", "Liv", "she/her"), ("Dmitri", "Volkov", "", "he/him"),
    ("Fatima", "Hassan", "", "she/her"), ("Ethan", "Moore", "", "he/him"),
    ("Mei", "Wong", "", "she/her"), ("Luis", "Ramírez", "", "he/him"),
    ("Sarah", "Thompson", "", "she/her"), ("William", "Begay", "Will", "he/him"),
]

GOALS = {
    "housing": ["Save enough for a deposit on my own place", "Find sober housing after here"],
    "employment": ["Get a steady job I can keep", "Finish my forklift certificate"],
    "education": ["Finish my GED", "Enrol in community college next term"],
    "physical_health": ["Get my teeth fixed", "Walk 30 minutes most days"],
    "mental_health": ["Keep my counselling appointments", "Learn ways to handle anxiety"],
    "substance_use": ["Stay sober one day at a time", "Find a sponsor and work the steps"],
    "family": ["Rebuild trust with my daughter", "Call my mom every Sunday"],
    "community": ["Volunteer at the food bank", "Make sober friends outside meetings"],
    "legal": ["Complete probation without violations", "Pay off my court fines"],
    "finances": ["Open a bank account", "Make a budget and stick to it"],
    "meaning": ["Get back to church", "Start meditating every morning"],
}
STEPS = ["Make a list of options", "Call about it", "Go with my peer specialist",
         "Fill in the application", "Bring ID and papers", "Set a reminder on my phone",
         "Talk it through at house meeting", "Ask my sponsor for advice"]
CONTACT_NOTES = [
    "Checked in after work; talked through a stressful day.",
    "Went over the week's schedule and meeting plan.",
    "Practised what to say at the job interview.",
    "Discussed cravings after a family phone call; used the coping plan.",
    "Walked to the library together to look at GED classes.",
    "Celebrated 60 days; talked about what is working.",
    "Helped make a call to the probation office.",
    "Talked about sleep and a routine for the evenings.",
    "Reviewed budget and upcoming bills.",
    "Followed up on the referral to outpatient counselling.",
]
GROUPS = [("House meeting", "Chores, house news, wins of the week"),
          ("SMART Recovery", "Coping with urges"),
          ("Recovery skills group", "Building a relapse-prevention plan"),
          ("Peer support circle", "Rebuilding relationships")]
ROLE_KEYS = ["motivator", "ally_confidant", "planner", "problem_solver", "resource_broker",
             "advocate", "educator", "role_model", "monitor_companion", "lifestyle_coach"]


def prepare_demo_target(target: str | None) -> Path:
    """The demo file to (re)create. Refuses to touch a database that holds real data."""
    if target and "://" in target and not target.startswith("sqlite:"):
        raise DatabaseProblem("Demo data goes into a SQLite file or a PostgreSQL database; "
                              "give --db a file path or a postgresql:// URL.")
    path = sqlite_path(target) if target else default_database_path()
    if path.exists() and path.stat().st_size > 0:
        _refuse_unless_replaceable_demo(path)
        # A demo database is refreshed by making it anew (the audit log is append-only).
        for suffix in ("", "-wal", "-shm"):
            try:
                Path(str(path) + suffix).unlink(missing_ok=True)
            except OSError as exc:
                raise DatabaseProblem(f"Cannot replace the demo database {path}: "
                                      f"{exc.strerror}.") from None
    return path


def _refuse_unless_replaceable_demo(path: Path) -> None:
    """Only a demo database this program (or an older one) made is replaced."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise DatabaseProblem(describe_error(exc, str(path))) from None
    try:
        version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        demo = conn.execute("SELECT value FROM app_meta WHERE key='demo'").fetchone()
        staff = conn.execute("SELECT count(*) FROM staff").fetchone()[0]
    except sqlite3.DatabaseError:
        raise DatabaseProblem(f"{path} is not a peer-tui database; demo data was not "
                              "written.") from None
    finally:
        conn.close()
    if (version or 0) > LATEST_VERSION:
        raise DatabaseProblem(newer_schema_message(version) + " Demo data was not written.")
    if staff and not (demo and demo[0] == "1"):
        raise DatabaseProblem(f"{path} holds real data; demo data goes into a new or "
                              "demo database. Use --db with another file.")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local wall-clock time on DAY, as naive UTC."""
    return local_to_utc(datetime.combine(day, time(hour, minute)))


def populate(seed: int = 7, today: date | None = None, houses: int | None = None) -> str:
    """Fill an empty database with the demo house (on PostgreSQL, unless HOUSES says
    otherwise, an organisation of three). Returns a one-line count summary."""
    rng = random.Random(seed)
    today = today or date.today()
    questions = questionnaire()
    start = today - timedelta(days=182)
    with database.atomic():
        if Staff.select().exists():
            raise DatabaseProblem("This database already has staff; demo data goes into a "
                                  "new database.")
        set_meta("demo", "1")
        count = houses if houses is not None else (1 if is_sqlite() else len(HOUSE_NAMES))
        houses = [House.create(name=name) for name in HOUSE_NAMES[:max(1, count)]]
        pin_hash = hash_pin(DEMO_PIN)
        staff = {u: Staff.create(username=u, display_name=n, role=r, pin_hash=pin_hash)
                 for u, n, r in STAFF}
        for username, member_of in MEMBERSHIPS.items():
            for index in member_of if len(houses) > 1 else (0,):
                StaffHouse.create(staff=staff[username], house=houses[index])
        peers = [staff["pat"], staff["sam"]]

        def peer_for(i: int, house_index: int):
            return peers[i % 2] if len(houses) == 1 else peers[min(house_index, 1)]

        domains = {d.key: d for d in Domain.select()}
        resources = list(Resource.select())
        kiosk_hash = hash_pin(DEMO_KIOSK_PIN)
        residents = []
        for i, (first, last, preferred, pronouns) in enumerate(PEOPLE):
            status = "active"
            if i >= 37:
                status = "waitlist"
            elif i >= 33:
                status = "discharged" if i < 36 else "alumni"
            intake = today - timedelta(days=rng.randint(10, 170)) if status != "waitlist" \
                else None
            residents.append(Resident.create(
                first_name=first, last_name=last, preferred_name=preferred, pronouns=pronouns,
                date_of_birth=date(rng.randint(1965, 2003), rng.randint(1, 12),
                                   rng.randint(1, 28)),
                house=houses[i % len(houses)],
                room=f"{(i % 15) // 3 + 1}{chr(65 + i % 3)}" if status == "active"
                else "", status=status, intake_date=intake,
                discharge_date=today - timedelta(days=rng.randint(3, 9))
                if status in ("discharged", "alumni") else None,
                discharge_reason=DEMO_DISCHARGES.get(i, ("", ""))[1],
                discharge_kind=DEMO_DISCHARGES.get(i, ("", ""))[0],
                peer_specialist=peer_for(i, i % len(houses)), case_manager=staff["casey"],
                kiosk_code=str(1001 + i) if status == "active" else None,
                kiosk_pin_hash=kiosk_hash if status == "active" else "",
            ))
        events: list[dict] = []
        for i, res in enumerate(residents):
            if res.status == "waitlist":
                continue
            first_day = max(start, res.intake_date)
            # History ends yesterday so nothing is logged later today than "now".
            last_day = res.discharge_date or today - timedelta(days=1)
            # Most residents are seen every few days; a few drift out of contact.
            gap_max = 3 if i % 7 else 9
            day = first_day
            while day <= last_day - timedelta(days=(5 if i % 11 == 4 else 0)):
                staffer = res.peer_specialist if rng.random() < 0.8 else staff["casey"]
                roles = rng.sample(ROLE_KEYS, rng.randint(1, 3))
                events.append(dict(
                    resident=res.id, occurred_at=_at(day, rng.randint(9, 20), rng.choice(
                        [0, 15, 30, 45])), kind="contact", staff=staffer.id,
                    channel=rng.choice(["in_person", "in_person", "phone", "text", "video"]),
                    duration_minutes=rng.choice([10, 15, 20, 30, 45]),
                    summary=rng.choice(CONTACT_NOTES), roles=roles,
                    follow_up_on=(day + timedelta(days=3)) if rng.random() < 0.08 else None,
                    # Older follow-ups were done; the last week's may still be due.
                    follow_up_done_at=_at(day + timedelta(days=3), 12)
                    if day < today - timedelta(days=7) else None))
                day += timedelta(days=rng.randint(1, gap_max))
            # Self check-ins from the kiosk.
            day = first_day
            while day <= last_day - timedelta(days=(4 if i % 5 == 2 else 0)):
                mood = max(1, min(5, round(rng.gauss(3.5, 1))))
                wants = rng.random() < 0.1
                answers = {"mood": mood, "craving": rng.randint(0, 6),
                           "sleep": rng.choice(["well", "okay", "badly"]),
                           "use": "no", "wants_to_talk": "yes" if wants else "no",
                           "safety": "no"}
                checkin = CheckIn.create(
                    resident=res.id, submitted_at=_at(day, rng.randint(7, 22)), source="kiosk",
                    mood=mood, craving=answers["craving"], used_since_last="no",
                    wants_to_talk=wants, answers=json.dumps(answers))
                # In the same words as a real check-in, without its follow-ups (long done).
                events.append(dict(
                    resident=res.id, occurred_at=checkin.submitted_at, kind="checkin",
                    staff=None, channel="kiosk", duration_minutes=None,
                    summary=rules.summary_line(questions, answers, rules.Actions()),
                    note=rules.entry_note(rules.answers_in_words(questions, answers), []),
                    follow_up_on=None, follow_up_done_at=None, checkin=checkin.id))
                day += timedelta(days=rng.randint(1, 3))
        # Weekly groups, each logged once for many attendees.
        day = start
        week = 0
        while day < today:
            name, topic = GROUPS[week % len(GROUPS)]
            when = _at(day, 18, 30)
            house = houses[week % len(houses)]  # each week's group is one house's
            present = [r for r in residents if r.status != "waitlist" and r.house_id == house.id
                       and r.intake_date <= day <= (r.discharge_date or today)]
            attendees = rng.sample(present, min(len(present), rng.randint(5, 12)))
            leader = peer_for(week, week % len(houses))
            group = GroupSession.create(name=name, occurred_at=when,
                                        facilitator=leader, topic=topic,
                                        note="Good energy; everyone shared.",
                                        created_by=leader)
            for res in attendees:
                events.append(dict(resident=res.id, occurred_at=when, kind="group",
                                   staff=leader.id, channel="in_person",
                                   duration_minutes=60, summary=f"{name}: {topic}",
                                   roles=["educator", "community_organizer"], follow_up_on=None,
                                   follow_up_done_at=None, group_session=group.id))
            day += timedelta(days=7)
            week += 1
        for e in events:  # history was written down when it happened
            e["recorded_at"] = e["occurred_at"]
        keys = ["resident", "occurred_at", "recorded_at", "kind", "staff", "channel", "duration_minutes",
                "summary", "note", "follow_up_on", "follow_up_done_at", "checkin",
                "group_session"]
        rows = [tuple(e.get(k, "") if k == "note" else e.get(k) for k in keys) for e in events]
        before = Event.select(fn.MAX(Event.id)).scalar() or 0
        for chunk in range(0, len(rows), 500):
            Event.insert_many(rows[chunk:chunk + 500], fields=[getattr(Event, k) for k in keys]
                              ).execute()
        # One writer, one transaction: the new ids follow the order the rows went in.
        new_ids = [i for (i,) in Event.select(Event.id).where(Event.id > before)
                   .order_by(Event.id).tuples()]
        tags = [(i, r) for i, e in zip(new_ids, events, strict=True) for r in e.get("roles", ())]
        for chunk in range(0, len(tags), 500):
            EventRole.insert_many(tags[chunk:chunk + 500],
                                  fields=[EventRole.event, EventRole.role]).execute()

        # Plans, goals and steps for everyone admitted.
        rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
        for i, res in enumerate(residents):
            if res.status == "waitlist":
                continue
            review_start = res.intake_date
            next_review = rrulestr(rule, dtstart=datetime.combine(review_start, time())
                                   ).after(datetime.combine(today - timedelta(
                                       days=(10 if i % 6 == 1 else 0)), time()), inc=True)
            plan = RecoveryPlan.create(
                resident=res, direction="resident" if i % 4 == 0 else "professional",
                strengths=rng.choice(["Honest, good sense of humour, loves to cook.",
                                      "Determined; great with people; handy with tools.",
                                      "Caring parent; steady worker; knows the 12 steps."]),
                pathways="non_clinical,clinical" if i % 3 else "non_clinical",
                reengage_warning_signs="Skipping meetings, staying in my room, not answering "
                                       "texts.",
                reengage_what_helps="A knock on the door and a walk; no lectures.",
                reengage_contacts="My sponsor; my sister",
                reengage_outreach="Text first, then knock. Call my sponsor if I don't answer.",
                review_rule=rule, review_start=review_start,
                next_review_date=next_review.date() if next_review else None,
                last_reviewed_on=review_start, revision_number=1)
            chosen = rng.sample(sorted(GOALS), rng.randint(2, 4))
            if "substance_use" not in chosen:
                chosen[0] = "substance_use"
            for pos, key in enumerate(chosen):
                status = rng.choice(["in_progress", "in_progress", "not_started", "achieved"])
                goal = Goal.create(plan=plan, domain=domains[key],
                                   own_words=rng.choice(GOALS[key]),
                                   why="It matters to me and my family.",
                                   target_date=today + timedelta(days=rng.randint(-10, 90)),
                                   status=status, position=pos)
                for spos in range(rng.randint(1, 3)):
                    done = status == "achieved" or rng.random() < 0.3
                    ActionStep.create(goal=goal, text=rng.choice(STEPS),
                                      owner=rng.choice(["resident", "resident",
                                                        "peer_specialist", "case_manager"]),
                                      due_date=today + timedelta(days=rng.randint(-5, 30)),
                                      done=done, done_on=today - timedelta(days=2) if done
                                      else None, position=spos)
            group_resource = rng.choice([r for r in resources if r.category == "mutual_aid"])
            PlanSupport.create(plan=plan, kind="resource", resource=group_resource,
                               name=group_resource.name, relationship="weekly meetings")
            PlanSupport.create(plan=plan, kind="person", name="Sponsor",
                               relationship="sponsor", contact="(phone on file)")
            PlanRevision.create(plan=plan, number=1, author=res.peer_specialist,
                                created_at=_at(review_start, 11),
                                change_summary="Plan drawn up with the resident",
                                snapshot=plan_snapshot(plan),
                                signed_off_on=review_start,
                                signed_off_with=res.peer_specialist)
            if i % 4 == 1:
                add_probation_consent(res, staff["casey"], today)

        # Concerns: a few resolved, some open, one urgent from the kiosk last night.
        concern_specs = [
            (1, "medium", "Missed two house meetings in a row", "open", "pat"),
            (4, "high", "Said he was thinking about using after bad news from court", "open",
             "casey"),
            (9, "low", "Needs a ride to the dental appointment on Thursday", "resolved", "sam"),
            (12, "urgent", "Kiosk check-in: said they feel unsafe right now", "open", None),
            (17, "medium", "Roommate conflict about chores", "resolved", "casey"),
            (22, "high", "Positive test reported by the clinic", "open", "casey"),
        ]
        for idx, severity, summary, status, assignee in concern_specs:
            res = residents[idx]
            raised = _at(today - timedelta(days=1 if severity == "urgent" else rng.randint(2, 20)),
                         21 if severity == "urgent" else 10)
            concern = Concern.create(
                resident=res, raised_at=raised,
                raised_by=None if assignee is None else res.peer_specialist,
                source="kiosk" if assignee is None else "staff", severity=severity,
                severity_rank=SEVERITY_RANK[severity], summary=summary, status=status,
                assignee=staff[assignee] if assignee else staff["casey"],
                resolved_at=raised + timedelta(days=2) if status == "resolved" else None,
                resolved_by=staff["casey"] if status == "resolved" else None,
                resolution="Sorted out together; no further action." if status == "resolved"
                else "")
            Event.create(resident=res, occurred_at=raised, recorded_at=raised,
                         kind="concern_raised",
                         staff=concern.raised_by, summary=f"Concern ({severity}): {summary}",
                         concern=concern)
            if status == "resolved":
                Event.create(resident=res, occurred_at=concern.resolved_at,
                             recorded_at=concern.resolved_at, kind="concern_resolved", staff=staff["casey"],
                             summary=f"Concern resolved: {concern.resolution}",
                             concern=concern)
        add_referrals(residents, staff, today)
        add_consents(residents, staff, today)
        _barc_histories(rng, residents, today)
        # The stays that ended last month are in the last house (sam, their peer specialist,
        # works there in the three-house demo).
        add_last_month(residents, staff, houses[-1], today, ROLE_KEYS,
                       get_settings().followup_points)
        for res in residents:
            refresh_resident_summary(res.id)
        populate_training(staff, residents, today)
    where = f" in {len(houses)} houses" if len(houses) > 1 else ""
    return (f"{len(STAFF)} staff, {Resident.select().count()} residents{where}, "
            f"{Event.select().count()} timeline events")


# Which BARC-10 story each demo resident tells (by index); the rest rise or stay flat.
BARC_RELAPSE = {4, 22}  # a drop after a relapse (both have a concern about use)
BARC_OVERDUE = {6, 15, 27}  # the last one more than 37 days ago


def _barc_answers(rng: random.Random, total: int) -> list[int]:
    """Ten answers (1-6) adding up to TOTAL, unevenly, as real answers are."""
    answers = [total // 10] * 10
    for n in rng.sample(range(10), total % 10):
        answers[n] += 1
    for _ in range(6):  # move points between statements, keeping the total
        a, b = rng.sample(range(10), 2)
        if answers[a] < 6 and answers[b] > 1:
            answers[a] += 1
            answers[b] -= 1
    return answers


def _barc_histories(rng: random.Random, residents, today: date) -> None:
    """Monthly BARC-10s since admission: rising, flat, or a drop after a relapse. The first
    is an interview at intake; the kiosk resident 1001 is due today (31 days since the last),
    so the kiosk offers it on first run."""
    for i, res in enumerate(residents):
        if res.status == "waitlist" or res.intake_date is None:
            continue
        end = res.discharge_date or today
        span = (end - res.intake_date).days
        days = list(range(0, span + 1, 30))
        if i == 0:  # due at the kiosk today: the last one 31 days ago (none: at admission)
            last = span - 31
            days = sorted({0, *range(last % 30, last + 1, 30)}) if last >= 0 else []
        elif i in BARC_OVERDUE:
            days = [d for d in days if d <= span - 40] or [0]
        story = "relapse" if i in BARC_RELAPSE else ("flat" if i % 3 == 1 else "rising")
        total = rng.randint(38, 44) if story == "flat" else rng.randint(28, 36)
        for n, day in enumerate(days):
            if n:
                if story == "flat":
                    total += rng.choice((-1, 0, 0, 1))
                elif story == "relapse" and n == len(days) - 1:
                    total -= rng.randint(7, 10)
                else:
                    total += rng.randint(2, 5)
            total = max(10, min(60, total))
            taken = _at(res.intake_date + timedelta(days=day), rng.randint(10, 16))
            staff_id = res.peer_specialist_id if n == 0 else None
            save_history(res.id, _barc_answers(rng, total), taken,
                         source="interview" if n == 0 else "kiosk", staff_id=staff_id)
