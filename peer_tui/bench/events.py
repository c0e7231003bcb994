"""The timeline rows of the scale database: events, check-ins, concerns, group sessions.

Made for speed (a million rows in a few seconds of Python): each resident's event times are
drawn as integers, all of them sorted globally (so ids follow time and residents interleave
on disk as in real use), then each row copies one of a few thousand pre-drawn templates.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterator

from peer_tui.demo import CONTACT_NOTES, GROUPS, ROLE_KEYS
from peer_tui.models.events import SEVERITY_RANK

DAY_START_MINUTE, DAY_MINUTES = 7 * 60, 15 * 60  # events happen 07:00-22:00
TEMPLATE_BITS = 12
# Share of each kind of entry on a timeline (check-ins come from the kiosk).
KIND_SHARES = (("contact", 50), ("checkin", 30), ("group", 11), ("note", 3),
               ("goal_update", 3), ("referral", 1), ("concern_raised", 1), ("plan_change", 1))
SEVERITIES = ("low",) * 6 + ("medium",) * 8 + ("high",) * 5 + ("urgent",)

EVENT_SQL = (
    "INSERT INTO event (id, resident_id, occurred_at, recorded_at, kind, staff_id, channel, "
    "duration_minutes, summary, note, follow_up_on, follow_up_done_at, "
    "voided_at, voided_by_id, void_reason, group_session_id, checkin_id, concern_id) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
EVENT_ROLE_SQL = "INSERT INTO event_role (event_id, role) VALUES (?,?)"
EVENT_GOAL_SQL = "INSERT INTO event_goal (event_id, goal_id) VALUES (?,?)"
CHECKIN_SQL = (
    "INSERT INTO check_in (id, resident_id, submitted_at, source, mood, craving, "
    "used_since_last, wants_to_talk, safety_concern, answers) VALUES (?,?,?,?,?,?,?,?,?,?)")
CONCERN_SQL = (
    "INSERT INTO concern (id, resident_id, raised_at, raised_by_id, source, severity, "
    "severity_rank, summary, status, assignee_id, acknowledged_at, acknowledged_by_id, "
    "resolved_at, resolved_by_id, resolution) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
GROUP_SQL = (
    "INSERT INTO group_session (id, name, occurred_at, facilitator_id, topic, note, "
    "created_by_id, created_at) VALUES (?,?,?,?,?,?,?,?)")


class Calendar:
    """Day numbers (0 = the first day of the history) to ISO text, cached."""

    def __init__(self, first: date) -> None:
        self.first = first
        self._days: dict[int, str] = {}
        self.minutes = [f"{m // 60:02d}:{m % 60:02d}:00" for m in range(1440)]

    def date(self, day: int) -> str:
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = (self.first + timedelta(days=day)).isoformat()
        return text

    def at(self, minute: int) -> str:
        return f"{self.date(minute // 1440)} {self.minutes[minute % 1440]}"


@dataclass(frozen=True)
class Template:
    kind: str
    channel: str
    duration: int | None
    summary: str
    note: str
    roles: tuple[str, ...]
    by_case_manager: bool
    follow_up: bool
    voided: bool
    mood: int
    craving: int
    wants: bool
    answers: str
    severity: str


def make_templates(rng: random.Random) -> list[Template]:
    kinds = [k for k, share in KIND_SHARES for _ in range(share)]
    out = []
    for _ in range(1 << TEMPLATE_BITS):
        kind = kinds[rng.randrange(len(kinds))]
        mood = max(1, min(5, round(rng.gauss(3.5, 1))))
        craving = rng.randint(0, 6)
        wants = rng.random() < 0.08
        note = CONTACT_NOTES[rng.randrange(len(CONTACT_NOTES))]
        summary = {"checkin": f"Kiosk check-in: mood {mood}/5, craving {craving}/10"
                   + ("; would like to talk today" if wants else ""),
                   "note": "Note: " + note, "goal_update": "Goal progress: step done",
                   "referral": "Referral made", "plan_change": "Plan updated (revision)",
                   }.get(kind, note)
        answers = json.dumps({"mood": mood, "craving": craving, "sleep": ("well", "okay",
                              "badly")[rng.randrange(3)], "use": "no", "wants_to_talk": wants,
                              "safety": False}) if kind == "checkin" else ""
        out.append(Template(
            kind, ("in_person", "in_person", "phone", "text", "video")[rng.randrange(5)]
            if kind == "contact" else "", (10, 15, 20, 30, 45)[rng.randrange(5)]
            if kind == "contact" else None, summary, note if kind == "contact" else "",
            tuple(rng.sample(ROLE_KEYS, rng.randint(1, 3))) if kind == "contact" else (),
            rng.random() < 0.2, kind == "contact" and rng.random() < 0.08,
            kind == "contact" and rng.random() < 0.003, mood, craving, wants, answers,
            SEVERITIES[rng.randrange(len(SEVERITIES))]))
    return out


class EventMaker:
    """Turns (minute, resident) keys into event rows plus their check-in / concern rows."""

    def __init__(self, people, cal: Calendar, today_day: int, weeks: int,
                 rng: random.Random) -> None:
        self.people, self.cal, self.today_day, self.rng = people, cal, today_day, rng
        self.templates = make_templates(rng)
        self.weeks = weeks
        self.checkins: list[tuple] = []
        self.concerns: list[tuple] = []
        self.event_roles: list[tuple] = []
        self.event_goals: list[tuple] = []
        self.checkin_id = self.concern_id = self.event_id = 0
        self.follow_up_cutoff = today_day - 7

    def group_sessions(self, houses: int, peers: list[int], now: str) -> list[tuple]:
        """One weekly group per house, 18:30 on a weekday, ids = house * weeks + week + 1."""
        rows = []
        for house in range(houses):
            for week in range(self.weeks):
                name, topic = GROUPS[(house + week) % len(GROUPS)]
                day = week * 7 + house % 5
                rows.append((house * self.weeks + week + 1, name,
                             self.cal.at(day * 1440 + 18 * 60 + 30),
                             peers[(house + week) % len(peers)], topic, "", None, now))
        return rows

    def rows(self, keys: list[int], modulus: int) -> Iterator[tuple]:
        templates, rng, cal, people = self.templates, self.rng, self.cal, self.people
        mask = (1 << TEMPLATE_BITS) - 1
        for key in keys:
            minute, idx = divmod(key, modulus)
            person = people[idx]
            t = templates[rng.getrandbits(TEMPLATE_BITS) & mask]
            rid = person.id
            staff = person.case_manager if t.by_case_manager else person.peer
            kind = t.kind
            day = minute // 1440
            at = cal.at(minute)
            group = checkin = concern = None
            follow_on = follow_done = voided_at = voided_by = None
            void_reason = ""
            goal = None
            if kind == "group":
                week = min(day // 7, self.weeks - 1)
                group = person.house * self.weeks + week + 1
                at = cal.at((week * 7 + person.house % 5) * 1440 + 18 * 60 + 30)
            elif kind == "checkin":
                staff = None
                self.checkin_id += 1
                checkin = self.checkin_id
                self.checkins.append((checkin, rid, at, "kiosk", t.mood, t.craving, "no",
                                      int(t.wants), 0, t.answers))
            elif kind == "goal_update" and person.goals:
                goal = person.first_goal + rng.randrange(person.goals)
            elif kind == "concern_raised":
                concern, extra = self._concern(person, t, minute, staff)
                self.event_id += 1
                yield (self.event_id, rid, at, at, kind, staff, "", None,
                       f"Concern ({t.severity}): {t.note}", "", None, None, None,
                       None, "", None, None, concern)
                if extra is not None:
                    self.event_id += 1
                    yield (self.event_id, *extra)
                continue
            if t.follow_up:
                follow_on = cal.date(day + 3)
                if day + 3 < self.follow_up_cutoff:
                    follow_done = cal.at((day + 3) * 1440 + 12 * 60)
            if t.voided:
                voided_at, voided_by = cal.at(minute + 60), staff
                void_reason = "Logged on the wrong resident"
            self.event_id += 1
            event_id = self.event_id
            for role in t.roles:
                self.event_roles.append((event_id, role))
            if goal is not None:
                self.event_goals.append((event_id, goal))
            yield (event_id, rid, at, at, kind, staff, t.channel, t.duration, t.summary, t.note,
                   follow_on, follow_done, voided_at, voided_by, void_reason, group, checkin,
                   concern)

    def _concern(self, person, t: Template, minute: int, staff: int):
        """A concern row; resolved two days later unless it is recent and the person is here."""
        self.concern_id += 1
        cid = self.concern_id
        day = minute // 1440
        recent = day > self.today_day - 30 and person.status == "active"
        is_open = recent and t.severity != "urgent" and self.rng.random() < 0.5
        at = self.cal.at(minute)
        resolved_at = None if is_open else self.cal.at(min(minute + 2 * 1440,
                                                            self.today_day * 1440 - 60))
        acknowledged = at if t.severity == "urgent" else None
        self.concerns.append((
            cid, person.id, at, staff, "staff", t.severity, SEVERITY_RANK[t.severity], t.note,
            "open" if is_open else "resolved", person.case_manager, acknowledged,
            staff if acknowledged else None, resolved_at,
            None if is_open else person.case_manager,
            "" if is_open else "Sorted out together; no further action."))
        extra = None
        if resolved_at is not None:
            extra = (person.id, resolved_at, resolved_at, "concern_resolved",
                     person.case_manager, "", None, "Concern resolved", "", None, None,
                     None, None, "", None, None, cid)
        return cid, extra


def event_keys(people, rng: random.Random) -> tuple[list[int], int]:
    """Every event as one sortable int: minute * modulus + index into PEOPLE."""
    modulus = len(people)
    keys: list[int] = []
    rand = rng.random
    for idx, person in enumerate(people):
        n = person.events
        if not n:
            continue
        start, span = person.start_day, person.end_day - person.start_day + 1
        for _ in range(n):
            x = rand() * span
            d = int(x)
            keys.append(((start + d) * 1440 + DAY_START_MINUTE
                         + int((x - d) * DAY_MINUTES)) * modulus + idx)
    keys.sort()
    return keys, modulus


def insert_events(conn, maker: EventMaker, keys: list[int], modulus: int,
                  progress: Callable[[int], None], chunk: int = 50_000) -> int:
    """Insert the events in time order; returns how many rows (with resolutions) went in."""
    written = 0
    for start in range(0, len(keys), chunk):
        rows = list(maker.rows(keys[start:start + chunk], modulus))
        conn.executemany(EVENT_SQL, rows)
        written += len(rows)
        if maker.checkins:
            conn.executemany(CHECKIN_SQL, maker.checkins)
            maker.checkins.clear()
        if maker.concerns:
            conn.executemany(CONCERN_SQL, maker.concerns)
            maker.concerns.clear()
        conn.executemany(EVENT_ROLE_SQL, maker.event_roles)
        conn.executemany(EVENT_GOAL_SQL, maker.event_goals)
        maker.event_roles.clear()
        maker.event_goals.clear()
        progress(min(start + chunk, len(keys)))
    return written
