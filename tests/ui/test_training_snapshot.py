"""Visual regression of a trainee's progress: bars against the plan, checks, what is missing."""

from __future__ import annotations

import pytest

from datetime import date

from helpers import make_app, sign_in, workers_done

from peer_tui.services import auth
from peer_tui.services import training as tr


@pytest.mark.actions("PeerTuiApp.training", "TrainingScreen.open")
def test_trainee_progress(db, snap_compare):
    auth.create_staff("casey", "Casey Nguyen", "case_manager", "2468")
    casey = auth.sign_in("casey", "2468").actor
    cohort = tr.create_cohort(casey, {"name": "Spring 2026", "starts_on": date(2026, 1, 5)})
    rae = tr.create_trainee(casey, {"name": "Rae [b]Okafor[/b]", "cohort_id": cohort})
    tr.create_trainee(casey, {"name": "Lee Ødegaard", "cohort_id": cohort})
    for day, topics in ((date(2026, 1, 5), {"peer_movement": "3"}),
                        (date(2026, 1, 7), {"peer_movement": "1", "lived_experience": "2"}),
                        (date(2026, 1, 12), {"intervention_skills": "3"})):
        tr.record_session(casey, {"cohort_id": cohort, "held_on": day, "trainer": "Casey N",
                                  "topic_minutes": topics,
                                  "attendance": {rae: "1.5" if day.day == 12 else None}})
    for passed in (False, True):
        tr.record_check(casey, {"trainee_id": rae, "topic_key": "peer_movement",
                                "kind": "quiz", "passed": passed,
                                "checked_on": date(2026, 1, 8 + passed), "assessor": "Casey N",
                                "note": "[@click=app.quit]retry[/]" if not passed else ""})

    async def open_trainee(pilot):
        await sign_in(pilot, "casey", "2468")
        await pilot.press("T")
        await workers_done(pilot.app)
        await pilot.pause()
        await pilot.press("down", "enter")  # Rae, after Lee
        for _ in range(2):
            await workers_done(pilot.app)
            await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=open_trainee)
