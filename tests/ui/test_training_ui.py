"""Pilot: the training roster, a session for the whole cohort, a competency check, a
trainee's progress, renewals, the course editor, and who may use which key."""

from __future__ import annotations

import pytest

from helpers import press_opens, press_settled, save_refused, settle, signed_in, training_open

from peer_tui.models.audit import AuditLog
from peer_tui.models.training import Attendance, CompetencyCheck, Trainee, TrainingSession
from peer_tui.screens.confirm_quit import QuitConfirmScreen
from peer_tui.screens.training import TrainingScreen
from peer_tui.screens.training_course import CourseForm, TrainingAttentionScreen
from peer_tui.screens.training_forms import CheckForm, SessionForm
from peer_tui.screens.training_trainee import TraineeScreen


def notices(app) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


def table_text(table) -> str:
    return "\n".join(" ".join(str(getattr(c, "plain", c)) for c in table.get_row_at(i))
                     for i in range(table.row_count))


@pytest.mark.actions("PeerTuiApp.training", "SessionForm.save", "TrainingScreen.session")
async def test_a_three_hour_session_for_the_cohort_in_one_entry(demo_db):
    async with training_open() as (pilot, roster):
        app = pilot.app
        assert isinstance(roster, TrainingScreen)
        text = table_text(roster.query_one("#training-table"))
        assert "Chris Walker" in text and "behind" in text and "complete" in text
        assert "certified" in text
        sessions_before = TrainingSession.select().count()
        form = await press_opens(pilot, "s", SessionForm)
        assert app.focused is form.query_one("#held_on").query_one("Input")
        # Saving with no topic says so and keeps what was typed.
        form.query_one("#trainer").value = "[@click=app.quit]Casey[/]"
        await save_refused(pilot, form, "topic_minutes", "at least one topic")
        # Nonsense and huge hours are refused under their own topic.
        form.query_one("#topic-ethics").value = "lots"
        form.query_one("#topic-boundaries").value = "99999"
        await save_refused(pilot, form, "topic-ethics", "like 1.5")
        assert "2000" in str(form.query_one("#err-topic-boundaries").render())
        assert TrainingSession.select().count() == sessions_before
        form.query_one("#topic-ethics").value = "2"
        form.query_one("#topic-boundaries").value = "1"
        picker = form.query_one("#attendees")
        assert len(picker.picked) == 6  # the whole cohort, picked at once
        form.query_one("#picker-search").focus()
        await pilot.press(*"cw")  # Chris Walker: here for half of it
        form.query_one("#partial").focus()
        await pilot.press(*"1.5")
        await press_settled(pilot, "ctrl+s")
        assert app.screen is roster
        session = TrainingSession.select().order_by(TrainingSession.id.desc()).first()
        assert session.trainer == "[@click=app.quit]Casey[/]"
        chris = Trainee.get(Trainee.name == "Chris Walker")
        minutes = {a.trainee_id: a.minutes for a in
                   Attendance.select().where(Attendance.session == session.id)}
        assert len(minutes) == 6 and minutes[chris.id] == 90
        assert AuditLog.select().where(AuditLog.action == "training_session_record").exists()
        assert "Saved: session with 6 attending" in notices(app)


@pytest.mark.actions(
    "CheckForm.save",
    "PeerTuiApp.training",
    "TraineeScreen.certificate",
    "TraineeScreen.check",
    "TrainingScreen.open")
async def test_a_check_from_the_trainee_view_and_progress_bars(demo_db):
    async with training_open("casey") as (pilot, roster):
        app = pilot.app
        table = roster.query_one("#training-table")
        chris = Trainee.get(Trainee.name == "Chris Walker")
        table.move_cursor(row=table.get_row_index(str(chris.id)))
        view = await press_opens(pilot, "enter", TraineeScreen)
        topics = view.query_one("#topics")
        rows = table_text(topics)
        assert "\u2588" in rows and "\u2591" in rows and "/4h" in rows
        summary = str(view.query_one("#trainee-summary").render())
        assert "of 72h" in summary and "topics to finish" in summary
        topics.move_cursor(row=5)  # Ethical practice
        form = await press_opens(pilot, "c", CheckForm, "#topic_key")
        assert form.query_one("#topic_key").value == "ethics"
        form.query_one("#assessor").value = ""
        await save_refused(pilot, form, "assessor", "Required")
        form.query_one("#assessor").value = "Casey \u00d1guyen [b]"
        form.query_one("#note").text = "Strong on consent; retry after the reading."
        await press_settled(pilot, "ctrl+s")
        assert app.screen is view
        check = CompetencyCheck.select().order_by(CompetencyCheck.id.desc()).first()
        assert (check.topic_key, check.kind, check.passed, check.assessor) == (
            "ethics", "role_play", True, "Casey \u00d1guyen [b]")
        details = str(view.query_one("#trainee-details").render())
        assert "Casey \u00d1guyen [b]" in details
        # No certificate before the course is complete: said at the key.
        await pilot.press("x")
        assert "not complete" in notices(app)


@pytest.mark.actions("PeerTuiApp.training")
async def test_a_peer_specialist_sees_their_own_record_and_no_coordinator_keys(demo_db):
    async with training_open("pat") as (pilot, screen):
        app = pilot.app
        assert isinstance(screen, TraineeScreen)
        assert "Pat Okafor" in str(screen.query_one("#trainee-head").render())
        footer = {key for key, active in screen.active_bindings.items()
                  if active.enabled and active.binding.show}
        assert {"p", "x", "escape"} <= footer and not {"c", "r"} & footer
        assert not screen.check_action("check", ())
        assert not screen.check_action("credential", ())
        assert screen.check_action("transcript", ()) is not False
        await pilot.press("c")
        assert "cannot record a competency check" in notices(app)
        assert not isinstance(app.screen, CheckForm)
        details = str(screen.query_one("#trainee-details").render())
        assert "renewal due in" in details and "PRS-20417" in details


@pytest.mark.actions("PeerTuiApp.training")
async def test_the_front_desk_reaches_its_own_transcript(demo_db):
    async with training_open("frank", (80, 24)) as (pilot, screen):
        assert isinstance(screen, TraineeScreen)
        assert "Frankie Lee" in str(screen.query_one("#trainee-head").render())


@pytest.mark.actions("PeerTuiApp.training", "TrainingScreen.attention")
async def test_renewals_are_for_administrators_and_list_the_one_due(demo_db):
    async with training_open("casey") as (pilot, roster):
        app = pilot.app
        assert not roster.check_action("attention", ())
        await pilot.press("n")
        assert "cannot see training renewals" in notices(app)
        await pilot.press("e")
        assert "cannot change the training course" in notices(app)
    async with training_open() as (pilot, _):
        app = pilot.app
        await press_settled(pilot, "n")
        assert isinstance(app.screen, TrainingAttentionScreen)
        text = table_text(app.screen.query_one("#attention-table"))
        assert "Pat Okafor" in text and "renewal due in" in text
        assert "still short: continuing education" in text
        assert "no supervision for" in text and "Sam Delgado" not in text


@pytest.mark.actions(
    "CourseForm.add_topic",
    "CourseForm.save",
    "PeerTuiApp.training",
    "TrainingScreen.course")
async def test_course_editor_checks_the_sum_and_keeps_what_was_typed(demo_db):
    async with training_open() as (pilot, _):
        app = pilot.app
        form = await press_opens(pilot, "e", CourseForm)
        assert app.focused is form.query_one("#course-name")
        form.query_one("#hours-0").value = "5"
        await press_settled(pilot, "ctrl+s")
        assert "add up to 73h; the course total is 72h" in str(
            form.query_one("#err-topics").render())
        assert form.query_one("#hours-0").value == "5"
        form.query_one("#checks-0").value = "essay"
        form.query_one("#total").value = "73"
        await press_settled(pilot, "ctrl+s")
        assert "role-play, quiz or observed practice" in str(
            form.query_one("#err-topics").render())
        form.query_one("#checks-0").value = "quiz, Role-play"
        await press_settled(pilot, "ctrl+n")
        form.query_one("#name-10").value = "[b]Self-care[/] for peers"
        form.query_one("#hours-10").value = "2"
        form.query_one("#total").value = "75"
        await press_settled(pilot, "ctrl+s")
        assert not isinstance(app.screen, CourseForm), str(form.query_one("#err-topics").render())
        from peer_tui.services.training import default_course

        course = default_course().course
        assert course.topics[-1].name == "[b]Self-care[/] for peers"
        assert course.topics[0].checks == ["quiz", "role_play"]
        assert course.total_hours == 75 * 60


@pytest.mark.actions("PeerTuiApp.training")
async def test_roster_fits_80_columns(demo_db):
    async with training_open("casey", (80, 24)) as (pilot, roster):
        table = roster.query_one("#training-table")
        assert table.virtual_size.width <= 80
        assert "Standing" in [str(c.label) for c in table.columns.values()]


@pytest.mark.actions(
    "CohortForm.save",
    "CredentialForm.save",
    "HoursForm.save",
    "PeerTuiApp.training",
    "TraineeForm.save",
    "TraineeScreen.credential",
    "TraineeScreen.education",
    "TraineeScreen.practice",
    "TraineeScreen.supervision",
    "TrainingScreen.add",
    "TrainingScreen.cohort",
    "TrainingScreen.open")
async def test_after_course_forms_and_adding_people(demo_db):
    from peer_tui.models.training import Cohort, Credential, TrainingHours
    from peer_tui.screens.training_after_forms import CredentialForm, HoursForm
    from peer_tui.screens.training_forms import CohortForm, TraineeForm

    async with training_open("casey", (80, 24)) as (pilot, roster):
        app = pilot.app
        form = await press_opens(pilot, "k", CohortForm, "#name")
        await pilot.press(*"Win")  # typed into the first field at once
        assert form.query_one("#name").value == "Win"
        form.query_one("#name").value = "Winter [/] \u00e9t\u00e9"
        await press_settled(pilot, "ctrl+s")
        assert Cohort.select().where(Cohort.name == "Winter [/] \u00e9t\u00e9").exists()
        await press_settled(pilot, "a")
        form = app.screen
        assert isinstance(form, TraineeForm) and app.focused is form.query_one("#name")
        await save_refused(pilot, form, "name", "Required")
        form.query_one("#name").value = "x" * 100 + "[@click=app.quit]"
        await save_refused(pilot, form, "name", "Too long")
        assert form.query_one("#name").value.endswith("[@click=app.quit]")
        form.query_one("#name").value = "[b]Lee[/b] \u00d8degaard"
        await press_settled(pilot, "ctrl+s")
        assert app.screen is roster
        assert "[b]Lee[/b] \u00d8dega" in table_text(roster.query_one("#training-table"))
        table = roster.query_one("#training-table")
        table.move_cursor(row=table.get_row_index(
            str(Trainee.get(Trainee.name == "Jordan Ellis").id)))
        await press_settled(pilot, "enter")
        view = app.screen
        await press_settled(pilot, "r")
        form = app.screen
        assert isinstance(form, CredentialForm) and app.focused is form.query_one(
            "#issuing_body")
        form.query_one("#issuing_body").value = "State board"
        form.query_one("#number").value = "PS-\u0661"
        form.query_one("#expires_on").text = "2020-01-01"
        await press_settled(pilot, "ctrl+s")
        await pilot.press("ctrl+s")  # the date looks the other way: asked once
        await settle(pilot)
        assert isinstance(app.screen, CredentialForm)
        assert "after the day it was issued" in str(
            form.query_one("#expires_on").query_one(".date-feedback").render())
        form.query_one("#expires_on").text = "in 2 years"
        await press_settled(pilot, "ctrl+s")
        assert app.screen is view and Credential.select().where(
            Credential.number == "PS-\u0661").exists()
        for key, kind in (("v", "supervision"), ("d", "continuing_education"),
                          ("w", "practice")):
            await pilot.press(key)
            await settle(pilot)
            form = app.screen
            assert isinstance(form, HoursForm) and form.kind == kind
            assert app.focused is form.query_one("#minutes")
            await pilot.press(*"0.1")
            await save_refused(pilot, form, "minutes", "quarter hours")
            form.query_one("#minutes").value = "1:30"
            if kind == "continuing_education":
                await save_refused(pilot, form, "detail", "Name the course")
                form.query_one("#detail").value = "Ethics [2026]"
            await press_settled(pilot, "ctrl+s")
            assert app.screen is view
        assert TrainingHours.select().where(TrainingHours.trainee == view.trainee_id,
                                            TrainingHours.minutes == 90).count() == 3
        assert "Jordan Ellis" in str(view.query_one("#trainee-head").render())


async def test_training_is_in_the_palette_and_renewals_only_for_admins(demo_db):
    async with signed_in("casey") as pilot:
        app = pilot.app
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Training" in titles and "Training renewals" not in titles
    async with signed_in("admin") as pilot:
        app = pilot.app
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Training" in titles and "Training renewals" in titles
        app.action_training_renewals()
        await settle(pilot)
        assert isinstance(app.screen, TrainingAttentionScreen)


@pytest.mark.actions("PeerTuiApp.training", "SessionForm.save", "TrainingScreen.session")
async def test_partial_hours_are_checked_and_a_future_date_plans_the_session(demo_db):
    from datetime import timedelta

    from peer_tui.timeutil import local_today

    async with training_open("casey", (80, 24)) as (pilot, _):
        app = pilot.app
        form = await press_opens(pilot, "s", SessionForm)
        form.query_one("#topic-teams").value = "3"
        form.query_one("#picker-search").focus()
        await pilot.press(*"dp")  # Dev Patel
        form.query_one("#partial").value = "1.33"
        await save_refused(pilot, form, "partial", "Dev Patel: Use quarter hours")
        ahead = local_today() + timedelta(days=9)
        form.query_one("#held_on").text = ahead.isoformat()
        await press_settled(pilot, "ctrl+s")
        await pilot.press("ctrl+s")  # a date ahead is asked about once
        await settle(pilot)
        assert isinstance(app.screen, TrainingScreen), notices(app)
        planned = TrainingSession.get(TrainingSession.held_on == ahead)
        assert not Attendance.select().where(Attendance.session == planned.id).exists()
        assert "planned session" in notices(app)


@pytest.mark.actions(
    "CourseForm.add_topic",
    "CourseForm.save",
    "PeerTuiApp.training",
    "PeerTuiApp.quit",
    "TrainingScreen.course")
async def test_course_editor_says_which_topic_is_wrong_and_names_new_topics_apart(demo_db):
    async with training_open(size=(80, 24)) as (pilot, _):
        app = pilot.app
        form = await press_opens(pilot, "e", CourseForm)
        await press_settled(pilot, "ctrl+n")
        errors = form.query_one("#err-topics")
        form.query_one("#hours-10").value = "2"
        await press_settled(pilot, "ctrl+s")
        assert str(errors.render()) == "Topic 11 has hours but no name."
        form.query_one("#name-10").value = "Peer movement"
        form.query_one("#hours-10").value = "lots"
        await press_settled(pilot, "ctrl+s")
        assert str(errors.render()).startswith("Topic 11, hours: ")
        assert app.focused is form.query_one("#hours-10")
        # Ctrl+Q asks first: the new topic is not saved.
        await press_settled(pilot, "ctrl+q")
        assert isinstance(app.screen, QuitConfirmScreen)
        await press_settled(pilot, "n")
        assert app.screen is form
        # New topics whose names make the key of a topic there is: each gets a key of its own.
        form.query_one("#hours-10").value = "1"
        await press_settled(pilot, "ctrl+n")
        form.query_one("#name-11").value = "Peer movement!"
        form.query_one("#hours-11").value = "1"
        form.query_one("#checks-11").value = "quiz, , observed practice"
        form.query_one("#total").value = "74"
        await press_settled(pilot, "ctrl+s")
        assert not isinstance(app.screen, CourseForm), str(errors.render())
    from peer_tui.services.training import default_course

    topics = default_course().course.topics
    assert [(t.key, t.name, t.checks) for t in topics[-2:]] == [
        ("peer_movement_2", "Peer movement", ["quiz"]),
        ("peer_movement_3", "Peer movement!", ["quiz", "observed_practice"])]
    assert topics[0].key == "peer_movement"
