"""Demo training records: a cohort of six part-way through the 72-hour course (one finished
with make-up sessions, one behind), and two certified peer specialists who took the course
earlier (one due for renewal, short of continuing education and supervision).

Dates are relative to today. Called by ``demo.populate`` inside its transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

from peer_tui.models.training import (Attendance, Cohort, CompetencyCheck, Credential,
                                      SessionTopic, Trainee, TrainingHours, TrainingSession)
from peer_tui.services.training import default_course

SESSION_MINUTES = 180
COHORT = ["Jordan Ellis", "Maya Torres", "Dev Patel", "Frankie Lee", "Rosa Jim\u00e9nez",
          "Chris Walker"]
FINISHED, BEHIND = "Jordan Ellis", "Chris Walker"


def course_sessions(course) -> list[dict[str, int]]:
    """The course cut into 3-hour sessions in topic order (a session may span two topics)."""
    sessions, current, room = [], {}, SESSION_MINUTES
    for topic in course.topics:
        left = topic.hours
        while left:
            take = min(left, room)
            current[topic.key] = current.get(topic.key, 0) + take
            left, room = left - take, room - take
            if room == 0:
                sessions.append(current)
                current, room = {}, SESSION_MINUTES
    if current:
        sessions.append(current)
    return sessions


def _session(cohort, held_on: date, topics: dict[str, int], trainer: str, staff,
             attendance: dict[int, int]) -> None:
    row = TrainingSession.create(cohort=cohort, held_on=held_on, trainer=trainer,
                                 created_by=staff)
    SessionTopic.insert_many([{"session": row.id, "topic_key": k, "minutes": m}
                              for k, m in topics.items()]).execute()
    if attendance:
        Attendance.insert_many([{"session": row.id, "trainee": t, "minutes": m}
                                for t, m in attendance.items()]).execute()


def _checks(trainee: int, topics, on: date, assessor: str, staff, fail: set[str] = frozenset()
            ) -> None:
    for topic in topics:
        for kind in topic.checks:
            if topic.key in fail:
                CompetencyCheck.create(trainee=trainee, topic_key=topic.key, kind=kind,
                                       passed=False, checked_on=on - timedelta(days=3),
                                       assessor=assessor, created_by=staff,
                                       note="Rushed the reflection; try again next week.")
            CompetencyCheck.create(trainee=trainee, topic_key=topic.key, kind=kind,
                                   passed=True, checked_on=on, assessor=assessor,
                                   created_by=staff)


def populate_training(staff: dict, residents: list, today: date) -> None:
    course_view = default_course()
    course = course_view.course
    plan = course_sessions(course)
    casey = staff["casey"]
    trainer = casey.display_name

    # An earlier cohort: Pat and Sam took the course and are certified.
    earlier = Cohort.create(name="Spring 2024", course=course_view.id,
                            starts_on=today - timedelta(days=800))
    pat = Trainee.create(name=staff["pat"].display_name, cohort=earlier, staff=staff["pat"])
    sam = Trainee.create(name=staff["sam"].display_name, cohort=earlier, staff=staff["sam"])
    for i, topics in enumerate(plan):
        _session(earlier, earlier.starts_on + timedelta(days=(i // 2) * 7 + (i % 2) * 2),
                 topics, trainer, casey, {pat.id: SESSION_MINUTES, sam.id: SESSION_MINUTES})
    done = earlier.starts_on + timedelta(days=90)
    _checks(pat.id, course.topics, done, trainer, casey)
    _checks(sam.id, course.topics, done, trainer, casey, fail={"ethics"})
    # Pat is due for renewal within 60 days, short of continuing education; Sam is current.
    Credential.create(trainee=pat, issuing_body="State Peer Certification Board",
                      number="PRS-20417", issued_on=today - timedelta(days=690),
                      expires_on=today - timedelta(days=690) + timedelta(days=730))
    Credential.create(trainee=sam, issuing_body="State Peer Certification Board",
                      number="PRS-21988", issued_on=today - timedelta(days=330),
                      expires_on=today + timedelta(days=400))
    hours = []
    for month in range(1, 23):
        on = today - timedelta(days=30 * month)
        if month >= 2:  # Pat has had no supervision for about two months
            hours.append(dict(trainee=pat.id, kind="supervision", done_on=on, minutes=60,
                              who="Alex Rivera", detail="individual"))
        hours.append(dict(trainee=pat.id, kind="practice", done_on=on, minutes=40 * 60,
                          detail="Harbor House caseload"))
        if month <= 11:
            hours.append(dict(trainee=sam.id, kind="supervision", done_on=on + timedelta(
                days=5), minutes=90, who="Alex Rivera", detail="group" if month % 3 else
                "individual"))
            hours.append(dict(trainee=sam.id, kind="practice", done_on=on, minutes=45 * 60,
                              detail="Harbor House caseload"))
    for months_ago, title, minutes in ((14, "Ethics refresher", 240),
                                       (9, "Naloxone and overdose response", 240)):
        hours.append(dict(trainee=pat.id, kind="continuing_education",
                          done_on=today - timedelta(days=30 * months_ago), minutes=minutes,
                          who="State Peer Certification Board", detail=title))
    for months_ago, title in ((10, "Motivational interviewing II"), (4, "Trauma-informed "
                                                                        "care update")):
        hours.append(dict(trainee=sam.id, kind="continuing_education",
                          done_on=today - timedelta(days=30 * months_ago), minutes=6 * 60,
                          who="Recovery Community Network", detail=title))
    TrainingHours.insert_many(hours).execute()

    # The current cohort: twice a week; 20 of 24 sessions held, the last 4 planned.
    start = today - timedelta(days=68)
    cohort = Cohort.create(name="Autumn 2026", course=course_view.id, starts_on=start)
    alumni = next((r for r in residents if r.status == "alumni"), None)
    people = {}
    for name in COHORT:
        people[name] = Trainee.create(
            name=name, cohort=cohort,
            staff=staff["frank"] if name == "Frankie Lee" else None,
            # A former resident: the link only (training shows nothing of that record).
            resident=alumni if name == "Rosa Jim\u00e9nez" else None).id
    missed = {BEHIND: {3, 6, 7, 11, 12, 15, 16}, "Maya Torres": {9},
              "Dev Patel": {14}, "Rosa Jim\u00e9nez": set()}
    held: set[int] = set()
    for i, topics in enumerate(plan):
        held_on = start + timedelta(days=(i // 2) * 7 + (i % 2) * 2)
        if held_on >= today:
            _session(cohort, held_on, topics, trainer, casey, {})
            continue
        attendance = {tid: SESSION_MINUTES for name, tid in people.items()
                      if i not in missed.get(name, set())}
        if i == 8:  # left early for a court date
            attendance[people["Dev Patel"]] = 90
        _session(cohort, held_on, topics, trainer, casey, attendance)
        held.add(i)
    # Jordan caught up on the rest in make-up sessions with Casey.
    rest = [topics for i, topics in enumerate(plan) if i not in held]
    for j, topics in enumerate(rest):
        _session(cohort, today - timedelta(days=12 - 2 * j), topics, trainer, casey,
                 {people[FINISHED]: SESSION_MINUTES})
    _checks(people[FINISHED], course.topics, today - timedelta(days=2), trainer, casey)
    # Checks are taken once a topic's sessions are all over.
    finished_topics = [t for t in course.topics if all(
        i in held for i, topics in enumerate(plan) if t.key in topics)]
    for name, tid in people.items():
        if name == FINISHED:
            continue
        chosen = finished_topics[:3] if name == BEHIND else finished_topics
        _checks(tid, chosen, today - timedelta(days=7), trainer, casey,
                fail={"ethics"} if name == "Maya Torres" else set())
