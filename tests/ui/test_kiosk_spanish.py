"""The kiosk in Spanish (Pilot): chosen on the welcome screen, all the way to staff's timeline.

The resident picks the language with L (or a tap), answers in Spanish, and the choice goes
back to the house default with the next reset (the idle reset too). Staff read the check-in in
English, told that it was answered in Spanish. Taps do what the keys they name do.
"""

from __future__ import annotations

import pytest
from helpers import Clock, make_kiosk, press_settled, resident_signed_in, settle, sign_in_resident

import peer_tui.kiosk_app as kiosk_app
import peer_tui.screens.kiosk_idle as kiosk_idle
from peer_tui import kiosk_i18n
from peer_tui.models.events import Event
from peer_tui.models.assessments import Assessment
from peer_tui.models.people import Resident
from peer_tui.screens.kiosk_barc import BarcOfferScreen, BarcStatementScreen
from peer_tui.screens.kiosk_crisis import CrisisScreen
from peer_tui.screens.kiosk_idle import StillThereScreen
from peer_tui.screens.kiosk_question import QuestionScreen
from peer_tui.screens.kiosk_summary import SummaryScreen, ThankYouScreen
from peer_tui.screens.kiosk_unlock import StaffUnlockScreen
from peer_tui.screens.kiosk_welcome import ResidentSignInScreen, WelcomeScreen
from peer_tui.settings import Settings

SIZE = (80, 24)
# Every question of the check-in answered (the defaults where Enter takes one), then sent.
CHECK_IN = ("4", "enter", "enter", "enter", "enter", "enter", "enter", "2", "1", "enter",
            "enter")


@pytest.fixture(autouse=True)
def english_after():
    yield
    kiosk_i18n.set_language("en")  # the language is the process's: leave it as found


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    for module in (kiosk_app, kiosk_idle):
        monkeypatch.setattr(module, "monotonic", clock)
    return clock


def screen_text(app) -> str:
    """Every widget's text on the current screen (keys included)."""
    return "\n".join(str(w.render()) for w in app.screen.query("Static"))


@pytest.mark.actions("WelcomeScreen.language")
async def test_a_whole_check_in_in_spanish_reaches_staff_in_english(demo_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        assert "Press Enter to check in" in screen_text(app)
        await pilot.press("l")
        assert app.language == "es"
        text = screen_text(app)
        assert "Pulse Enter para registrarse" in text and "English: press L" in text
        assert "Llame al 988 y marque 2 para español" in text
        await pilot.press("enter")
        assert "Su código del quiosco" in screen_text(app)
        await sign_in_resident(pilot)
        assert isinstance(app.screen, QuestionScreen)
        text = screen_text(app)
        assert "¿Cómo se siente hoy?" in text and "Muy bien" in text
        assert "Pregunta 1 de 10" in text
        # Every key of the line is on screen at 80 columns, on a second line if need be.
        assert "ayuda ahora (avisa al personal)" in text and "responder" in text
        await pilot.press("4", "3", "enter", "1", "1")  # mood, craving, sleep, use
        assert "¿A qué reuniones" in screen_text(app)
        for key in ("enter", "enter", "enter", "2", "1"):  # meetings, goal, help, talk, safety
            await pilot.press(key)
        app.screen.query_one("#q-input").value = "todo bien, gracias"
        await pilot.press("enter")
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Sus respuestas. ¿Está bien así?" in text
        assert "4 de 5 (Bien)" in text and "3 de 10" in text and "(sin respuesta)" in text
        assert "Hoy no" in text
        await pilot.press("enter")
        await settle(pilot)
        # The demo's resident is due the BARC-10, validated in English only: offered in
        # English, and told so in Spanish.
        assert isinstance(app.screen, BarcOfferScreen)
        text = screen_text(app)
        assert "Una cosa más, si tiene tiempo" in text
        assert "Estas frases están en inglés" in text
        await pilot.press("2")  # next time
        assert isinstance(app.screen, ThankYouScreen)
        assert "Gracias. Su registro está guardado." in screen_text(app)
        event = Event.select().where(Event.kind == "checkin").order_by(Event.id.desc()).get()
        assert event.summary.startswith("Kiosk check-in (answered in Spanish)")
        assert "Answered in Spanish at the kiosk" in event.note
        assert "4 of 5 (Good)" in event.note and "Not today" in event.note
        assert '"todo bien, gracias"' in event.summary  # typed words as the resident wrote
        await pilot.press("enter")  # finish: the next resident starts in the house language
        assert isinstance(app.screen, WelcomeScreen) and app.language == "en"
        assert "Press Enter to check in" in screen_text(app)


async def test_an_english_check_in_says_nothing_of_languages(demo_db):
    async with resident_signed_in() as pilot:
        app = pilot.app
        await pilot.press(*CHECK_IN)
        await settle(pilot)
        assert isinstance(app.screen, (ThankYouScreen, BarcOfferScreen))
    event = Event.select().where(Event.kind == "checkin").order_by(Event.id.desc()).get()
    assert "Spanish" not in event.summary and "Answered in" not in event.note


async def test_the_house_default_is_a_setting(demo_db):
    app = make_kiosk(settings=Settings(kiosk_language="es"))
    async with app.run_test(size=SIZE) as pilot:
        assert "Pulse Enter para registrarse" in screen_text(app)
        await pilot.press("l")
        assert "Press Enter to check in" in screen_text(app)
        await pilot.press("enter", "escape")  # back to the start: the house's Spanish again
        assert app.language == "es" and "Pulse Enter" in screen_text(app)


@pytest.mark.parametrize("idle, reset", [(59.9, False), (60, True)])
async def test_a_language_left_on_the_welcome_screen_resets_when_idle(demo_db, clock, idle,
                                                                       reset):
    app = make_kiosk(settings=Settings(kiosk_idle_seconds=60))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        clock.now += idle
        app.tick()
        await pilot.pause()
        assert app.language == ("en" if reset else "es")
        assert ("Press Enter to check in" in screen_text(app)) == reset


async def test_the_idle_reset_drops_the_language_with_the_answers(demo_db, clock):
    app = make_kiosk(settings=Settings(kiosk_idle_seconds=60, kiosk_countdown_seconds=30))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await sign_in_resident(pilot)
        await pilot.press("4")
        clock.now += 60
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        text = screen_text(app)
        assert "¿Sigue ahí?" in text and "Volviendo al inicio en 30 segundos" in text
        clock.now += 30
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session is None
        assert app.language == "en"
        assert "The last check-in was not finished" in screen_text(app)


async def test_the_crisis_screen_speaks_spanish(demo_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await sign_in_resident(pilot)
        await press_settled(pilot, "h")
        assert isinstance(app.screen, CrisisScreen)
        text = screen_text(app)
        assert "No está solo. Hay ayuda aquí ahora mismo." in text
        assert "envíe AYUDA por texto al 988" in text and "atienden en español" in text
        assert "Ya se avisó al personal de turno" in text
        assert "volver a la pregunta 1" in text


async def test_refusals_are_in_the_resident_language(demo_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "enter")
        # The sign-in's fields are read as staff mode's are; the words are the kiosk's.
        app.screen.query_one("#pin").focus()
        await pilot.press("enter")
        assert "Escriba su código del quiosco." in screen_text(app)
        await pilot.press("1", "0", "0", "1", "enter", "enter")
        assert "Escriba su PIN." in screen_text(app)
        await sign_in_resident(pilot, pin="0000")
        assert "Ese código y PIN no funcionaron" in screen_text(app)
        await sign_in_resident(pilot)
        await pilot.press("4", "9", "9", "enter")  # craving 99 is typed as 9 then 9: 9
        await pilot.press("b", "b")
        assert "Esta es la primera pregunta." in screen_text(app)


async def test_taps_do_what_the_keys_do(demo_db):
    app = make_kiosk(touch=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.click("#welcome-language")
        assert app.language == "es"
        await pilot.click("#welcome-enter")
        assert isinstance(app.screen, ResidentSignInScreen)
        await sign_in_resident(pilot)
        # The mood answers: a tap on the row of "2" (each row has a row of room under it).
        await pilot.click("#q-options", offset=(30, 2))
        assert app.session.answers == {"mood": 2}
        assert app.screen.index == 1
        app.tap("b")  # what a tap on the key line's "B volver" runs
        await pilot.pause()
        assert app.screen.index == 0


async def test_served_over_the_web_f12_ends_the_session_and_never_reaches_staff(demo_db):
    app = make_kiosk(served=True)
    async with app.run_test(size=SIZE) as pilot:
        assert "F12" not in screen_text(app)
        await sign_in_resident(pilot)
        await pilot.press("4")
        await pilot.press("f12")
        await pilot.pause()
        assert not isinstance(app.screen, StaffUnlockScreen)
    assert app.return_code == 0 and app.session is None and not app.unlocked


async def test_at_the_house_computer_f12_is_still_the_staff_exit(demo_db):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        assert "F12" in screen_text(app)
        await pilot.press("f12")
        assert isinstance(app.screen, StaffUnlockScreen)


async def test_the_barc10_is_offered_in_english_to_a_spanish_reader_and_saved_as_english(demo_db):
    resident = Resident.get(Resident.kiosk_code == "1001")
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await sign_in_resident(pilot)
        await pilot.press(*CHECK_IN)
        await settle(pilot)
        assert isinstance(app.screen, BarcOfferScreen)
        await pilot.press("1")
        assert isinstance(app.screen, BarcStatementScreen)
        text = screen_text(app)
        # The statement and its answers as validated (English); the kiosk's own words Spanish.
        assert "There are more important things to me in life than using substances." in text
        assert "strongly agree" in text and "Frase 1 de 10" in text
        assert "¿Cuánto está de acuerdo? Estas frases están en inglés" in text
        for _ in range(10):
            await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, ThankYouScreen)
        assert "Su total: 50" in screen_text(app)
    taken = Assessment.select().where(Assessment.resident == resident.id).order_by(
        Assessment.id.desc()).get()
    assert taken.language == "en" and taken.total == 50


async def test_an_english_reader_is_not_told_the_statements_are_english(demo_db):
    async with resident_signed_in() as pilot:
        app = pilot.app
        await pilot.press(*CHECK_IN)
        await settle(pilot)
        assert isinstance(app.screen, BarcOfferScreen)
        assert "in English" not in screen_text(app)
        await pilot.press("1")
        assert "How much do you agree?" in screen_text(app)
        assert "in English" not in screen_text(app)


async def test_the_statements_speak_spanish_around_them_to_the_idle_reset(demo_db, clock):
    """Help from the statements offer and from a statement says where it goes back to in
    Spanish, and the idle reset in the middle of the statements says in the house's Spanish
    that the check-in was saved and the statements cleared."""
    app = make_kiosk(settings=Settings(kiosk_language="es", kiosk_idle_seconds=60,
                                       kiosk_countdown_seconds=30))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_resident(pilot)
        await pilot.press(*CHECK_IN)
        await settle(pilot)
        assert isinstance(app.screen, BarcOfferScreen)
        await pilot.press("h")
        await settle(pilot)
        assert "volver a la oferta de frases" in screen_text(app)
        await pilot.press("enter", "1", "h")
        await settle(pilot)
        assert "volver a la frase 1" in screen_text(app)
        await pilot.press("enter", "5")
        assert app.screen.index == 1
        clock.now += 60
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        assert "¿Sigue ahí?" in screen_text(app)
        clock.now += 30
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.language == "es"
        assert "El último registro se guardó; sus 10 frases no se terminaron" in screen_text(app)
