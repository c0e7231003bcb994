"""What the tests share: building the apps, signing in, waiting for the screen to settle, and
the small host screens that show one pane alone. Test files import from here, never from each
other (a test file imported by another runs its tests twice and ties the two together)."""

from __future__ import annotations

import asyncio
import html
import re
import sys
import threading
import traceback
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding

from peer_tui.screens.base import StaffScreen
from peer_tui.screens.widgets.timeline_pane import TimelinePane

#: The kiosk is tested at the smallest size it must work at.
KIOSK_SIZE = (80, 24)


class Clock:
    """A clock the test moves by hand, for code that reads ``monotonic``/``perf_counter``:
    monkeypatch the module's name with it (``monkeypatch.setattr(app_module, "monotonic",
    clock)``), then move ``now`` past a threshold instead of waiting for it."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.step = 0.0  # how far each reading moves it on (0: only when the test says)

    def __call__(self) -> float:
        self.now += self.step
        return self.now


# -- the staff app -----------------------------------------------------------------------------
def make_app(**kwargs):
    """The staff app as the CLI builds it, for Pilot and snapshot tests."""
    from peer_tui.app import PeerTuiApp
    from peer_tui.services.house import computer_house_name, house_info
    from peer_tui.settings import get_settings

    info = house_info()
    kwargs.setdefault("house_name", computer_house_name(
        (kwargs.get("settings") or get_settings()).kiosk_house))
    kwargs.setdefault("is_demo", info.is_demo)
    kwargs.setdefault("first_run", not info.has_staff)
    return PeerTuiApp(**kwargs)


async def sign_in(pilot, username: str = "admin", pin: str = "2468") -> None:
    """Type a username and PIN on the sign-in screen and wait for the answer."""
    await pilot.pause()
    await submit_sign_in(pilot, "#username", username, pin)


async def submit_sign_in(pilot, who_field: str, who: str, pin: str) -> None:
    """Fill a sign-in screen's WHO_FIELD (a selector) and ``#pin``, press Enter in the PIN
    and wait for the answer: the staff and the kiosk sign-in alike."""
    app = pilot.app
    app.screen.query_one(who_field).value = who
    app.screen.query_one("#pin").value = pin
    app.screen.query_one("#pin").focus()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


@asynccontextmanager
async def signed_in(username: str = "admin", *keys: str, size=(100, 30), **app_kwargs):
    """The staff app at SIZE with USERNAME signed in, then each of KEYS pressed and settled
    in turn (``signed_in("casey", "enter", "2")``: the first resident's plan tab); yields
    the pilot (``pilot.app`` is the app). APP_KWARGS go to ``make_app``."""
    async with make_app(**app_kwargs).run_test(size=size) as pilot:
        await sign_in_then(pilot, username, *keys)
        yield pilot


async def run_from_palette(pilot, words: str, rounds: int = 1) -> None:
    """Ctrl+P, type WORDS, Enter: run the command they find, as a person would; then
    ``settle`` ROUNDS times."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert type(pilot.app.screen).__name__ == "CommandPalette"
    await pilot.press(*words)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot, rounds)


async def sign_in_then(pilot, username: str = "admin", *keys: str | tuple[str, ...]) -> None:
    """Sign USERNAME in, wait for the caseload, then ``press_settled`` KEYS."""
    await sign_in(pilot, username)
    await settle(pilot)
    await press_settled(pilot, *keys)


async def press_settled(pilot, *keys: str | tuple[str, ...]) -> None:
    """Press each key in turn and let the screen settle after each (a key that opens a
    screen, then one for that screen). A tuple of keys is typed as one burst, then settled."""
    for key in keys:
        await pilot.press(*key) if isinstance(key, tuple) else await pilot.press(key)
        await settle(pilot)


def signing_in(username: str, *keys: str | tuple[str, ...]):
    """A snapshot's ``run_before``: ``sign_in_then(pilot, USERNAME, *KEYS)``."""
    return lambda pilot: sign_in_then(pilot, username, *keys)


async def press_opens(pilot, key: str, screen: type, first: str | None = None):
    """Press KEY and check that it opened a SCREEN (a class; a dialog, a view) with the field
    FIRST (a selector such as ``"#name"``) focused, as every dialog must; returns the screen."""
    await press_settled(pilot, key)
    form = pilot.app.screen
    assert isinstance(form, screen), form
    if first is not None:
        assert pilot.app.focused is form.query_one(first)
    return form


async def save_refused(pilot, form, field: str, words: str) -> None:
    """Press Ctrl+S in FORM and check that it stays open, saying WORDS under FIELD (its
    ``#err-FIELD`` line)."""
    await press_settled(pilot, "ctrl+s")
    assert pilot.app.screen is form, f"{form} closed"
    assert words in str(form.query_one(f"#err-{field}").render())


def screenshot_text(app) -> str:
    """The screen as a person reads it: the screenshot's text, line by line."""
    lines: dict[int, str] = {}
    for number, part in re.findall(
            r'clip-path="url\(#terminal-\d+-line-(\d+)\)">([^<]*)</text>',
            app.export_screenshot()):
        lines[int(number)] = lines.get(int(number), "") + html.unescape(part).replace(
            "\xa0", " ")
    return "\n".join(lines[n] for n in sorted(lines))


async def open_training(pilot, username: str = "admin"):
    """Sign USERNAME in and press T: the training roster for a coordinator, one's own
    training record for anyone else; returns that screen."""
    from peer_tui.screens.training import TrainingScreen
    from peer_tui.screens.training_trainee import TraineeScreen

    await sign_in(pilot, username)
    await pilot.press("T")
    await settle(pilot)
    assert isinstance(pilot.app.screen, (TrainingScreen, TraineeScreen))
    return pilot.app.screen


@asynccontextmanager
async def training_open(username: str = "admin", size=(100, 30)):
    """The staff app at SIZE with USERNAME on the screen T opens (``open_training``); yields
    the pilot and that screen."""
    async with make_app().run_test(size=size) as pilot:
        yield pilot, await open_training(pilot, username)


def notices(app) -> list[str]:
    """The notifications the app has shown (and not yet cleared), oldest first."""
    return [n.message for n in app._notifications]


async def press_refused(pilot, key: str, expected: str) -> None:
    """Press KEY and check that it was refused where it was pressed: the screen stays and a
    notification says EXPECTED (words about that action)."""
    app = pilot.app
    screen = app.screen
    app.clear_notifications()
    await pilot.press(key)
    await settle(pilot)
    assert app.screen is screen, f"{key} opened {app.screen}"
    assert any(expected in m for m in notices(app)), (key, notices(app))


async def settle(pilot, rounds: int = 1) -> None:
    """Wait for the app's workers, then for the screen to catch up with their answers.

    ROUNDS > 1 for chains: a worker's answer that starts another worker (a list that loads,
    then loads its detail) needs a round for each link."""
    for _ in range(rounds):
        # A pause first: a screen pushed without awaiting mounts (and starts its workers)
        # only when the loop runs, and on a busy machine that is not yet.
        await pilot.pause()
        await workers_done(pilot.app)
        await pilot.pause()


#: Longer than any worker of a test takes on a loaded machine; a worker still running then is
#: stuck (e.g. its answer waits on a screen that is gone), and a test that waited for it
#: forever would stall the whole run with no word about why.
STUCK_WORKER_SECONDS = 180


async def _all_ended(workers) -> None:
    """Like Textual's wait_for_complete, but a worker cancelled while it is waited for has
    ended too: a save whose answer closes its own dialog is cancelled with the dialog, after
    its work. A worker that failed still fails the wait."""
    from textual.worker import WorkerCancelled

    async def ended(worker) -> None:
        try:
            await worker.wait()
        except WorkerCancelled:
            pass

    await asyncio.gather(*(ended(worker) for worker in workers))


async def workers_done(app) -> None:
    """Wait for the app's workers; name the ones that never finish, with every thread's
    stack (a thread worker blocked handing its answer to the event loop shows where)."""
    try:
        # Shielded: a Worker.wait that is cancelled marks its worker cancelled.
        await asyncio.wait_for(asyncio.shield(_all_ended(list(app.workers))),
                               STUCK_WORKER_SECONDS)
    except asyncio.TimeoutError:
        stuck = [f"{worker.name or worker.group} ({worker.state.name}) of {worker.node!r}"
                 for worker in app.workers if not worker.is_finished]
        frames = sys._current_frames()
        stacks = "\n".join(
            f"-- {thread.name}\n" + "".join(traceback.format_stack(frames[thread.ident]))
            for thread in threading.enumerate()
            if thread is not threading.main_thread() and thread.ident in frames)
        raise AssertionError(f"workers never finished: {stuck}\n{stacks}") from None


def post_keys(app, *keys: str) -> None:
    """Put keys in the app's queue at once, as a fast typist or a pasted burst would: unlike
    ``pilot.press`` nothing waits for the screen to catch up between them."""
    named = {"enter": "\r", "space": " ", "tab": "\t", "escape": "\x1b"}
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else named.get(key)))


async def open_and_type(pilot, opener: str, *keys: str) -> None:
    """Press OPENER, then type KEYS the moment its screen is pushed, before it has mounted."""
    app = pilot.app
    before = app.screen
    post_keys(app, opener)
    for _ in range(10_000):
        if app.screen is not before:
            break
        await asyncio.sleep(0)
    post_keys(app, *keys)
    await settle(pilot, 2)



async def each_case(pilot, cases: dict, check) -> None:
    """Run ``await check(case)`` for each of CASES (its id -> the case) on the one running
    app, each from the screen shown now: the app, the sign-in and the resident are paid for
    once instead of once per case. Screens a case leaves open are closed after it, passed or
    failed; a case that fails does not stop the others, and the test then fails naming every
    case that failed, with the line and the reason of each. An app that stops ends the walk,
    naming the cases left unrun."""
    app = pilot.app
    home = app.screen
    failed, stopped = [], ""
    names = list(cases)
    for number, name in enumerate(names):
        try:
            await check(cases[name])
        except Exception as error:  # noqa: BLE001 - any failure is the case's, reported below
            failed.append(f"{name}: {_where_and_why(error)}")
        if not app.is_running or app.return_code is not None:
            left = names[number + 1:]
            stopped = f"\nthe app stopped after {name}" + (
                f"; not run: {', '.join(left)}" if left else "")
            break
        while app.screen is not home:
            app.pop_screen()
        await settle(pilot)
    assert not (failed or stopped), (f"{len(failed)} of {len(cases)} cases failed:\n"
                                      + "\n".join(failed) + stopped)


def _where_and_why(error: Exception) -> str:
    """The test line an exception came from (the deepest frame in a test module) and its
    message, indented under the case's name."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if Path(f.filename).name.startswith("test_")]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}: " if frames else ""
    why = "".join(traceback.format_exception_only(error)).strip()
    return where + why.replace("\n", "\n    ")


# -- the caseload list -------------------------------------------------------------------
def caseload_cells(app) -> list[list[str]]:
    """Every row of the caseload on screen as its cells' plain text (all rows must have been
    read: the test caseloads are one block)."""
    screen = app.screen
    rows = [screen.cells_at(i) for i in range(screen.rows_list.row_count)]
    assert None not in rows, "a caseload row was not read yet"
    return rows


def caseload_headings(app) -> dict[str, str]:
    """The caseload's column headings as shown, by column key."""
    header = app.screen.query_one("#caseload-header")
    return {key: header.label_of(key) for key in header.keys}


def move_caseload_to(screen, resident_id: int) -> None:
    """Put the caseload's cursor on RESIDENT_ID's row (it must have been read)."""
    rows = screen.rows_list
    rows.move_to(rows.index_of(lambda row: row.id == resident_id))


async def open_plan(pilot):
    """Sign in as the case manager, open the first resident and show the plan tab."""
    from peer_tui.screens.widgets.plan_pane import PlanPane

    await sign_in_then(pilot, "casey", "enter", "2")
    return pilot.app.screen.query_one(PlanPane)


@asynccontextmanager
async def plan_open(size=(100, 30)):
    """The staff app at SIZE with the case manager on the first resident's plan tab
    (``open_plan``); yields the pilot and the plan pane."""
    async with make_app().run_test(size=size) as pilot:
        yield pilot, await open_plan(pilot)


def discharged_ana(house, peer_specialist):
    """Ana Silva, discharged between two fixed dates (so her days in residence never change),
    kiosk code 1001: the resident the staff snapshots open."""
    from datetime import date

    from peer_tui.models.people import Resident

    return Resident.create(
        first_name="Ana", last_name="Silva", pronouns="she/her", room="3A", house=house,
        status="discharged", intake_date=date(2026, 1, 5), discharge_date=date(2026, 3, 1),
        discharge_reason="Moved to own flat", peer_specialist=peer_specialist,
        date_of_birth=date(1990, 4, 2), kiosk_code="1001")


class TimelineHost(StaffScreen):
    """Stands in for the resident view: the timeline pane alone on a staff screen."""

    TITLE_TEXT = "Timeline"
    BINDINGS = [Binding("l", "log", "Log contact")]

    def __init__(self, resident_id: int, name: str = "Rae Doe") -> None:
        super().__init__()
        self.resident_id, self.name_text = resident_id, name

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield TimelinePane(self.resident_id, resident_name=self.name_text)
        yield from self.compose_footer()

    def action_log(self) -> None:
        from peer_tui.screens.contact_form import ContactFormScreen

        self.app.push_screen(ContactFormScreen(self.resident_id, self.name_text))


async def show_timeline(pilot, resident_id: int):
    """Push a TimelineHost for the resident, wait for its first page (and the detail of its
    first row) and return the pane."""
    await pilot.app.push_screen(TimelineHost(resident_id))
    await settle(pilot, 2)
    return pilot.app.screen.query_one(TimelinePane)


# -- the kiosk ---------------------------------------------------------------------------------
def make_kiosk(**kwargs):
    """The kiosk as the CLI builds it, with a fixed clock so screens do not change."""
    from peer_tui.kiosk_app import KioskApp
    from peer_tui.services.house import house_info

    info = house_info()
    return KioskApp(house_name=info.name, is_demo=info.is_demo,
                    clock=lambda: datetime(2026, 1, 5, 9, 30), **kwargs)


async def sign_in_resident(pilot, code: str = "1001", pin: str = "1357") -> None:
    """Sign a resident in at the kiosk (from the welcome screen or the sign-in screen)."""
    from peer_tui.screens.kiosk_welcome import ResidentSignInScreen, WelcomeScreen

    app = pilot.app
    if isinstance(app.screen, WelcomeScreen):
        await pilot.press("enter")
    assert isinstance(app.screen, ResidentSignInScreen)
    await submit_sign_in(pilot, "#code", code, pin)


@asynccontextmanager
async def resident_signed_in(size=KIOSK_SIZE, **kiosk_kwargs):
    """The kiosk at SIZE with the demo resident (code 1001) signed in, on the first
    question; yields the pilot. KIOSK_KWARGS go to ``make_kiosk``."""
    async with make_kiosk(**kiosk_kwargs).run_test(size=size) as pilot:
        await sign_in_resident(pilot)
        yield pilot


# -- every action has a test -------------------------------------------------------------------
#: Where the program's screens, panes and apps are: their action methods need tests.
ACTION_MODULES = ("peer_tui.app", "peer_tui.kiosk_app")
ACTION_PACKAGE = "peer_tui.screens"


def action_methods() -> dict[str, tuple[type, str]]:
    """``"Class.action"`` -> (class, method name) for every ``action_*`` method a class of the
    program defines itself (inherited ones count for the class that defines them) and some
    key binding names (the program's own BINDINGS or Textual's, e.g. ctrl+q's ``quit``).
    Methods no key names (``action_refusal``, a hook) are not actions."""
    import importlib
    import inspect
    import pkgutil

    package = importlib.import_module(ACTION_PACKAGE)
    names = list(ACTION_MODULES) + [info.name for info in pkgutil.walk_packages(
        package.__path__, ACTION_PACKAGE + ".")]
    classes = [cls for module in map(importlib.import_module, names)
               for cls in vars(module).values()
               if inspect.isclass(cls) and cls.__module__ == module.__name__]
    bound = {binding_action(b) for cls in classes for base in cls.__mro__
             for b in vars(base).get("BINDINGS", ())}
    found: dict[str, tuple[type, str]] = {}
    for cls in classes:
        for attr in vars(cls):
            name = attr.removeprefix("action_")
            if attr.startswith("action_") and name in bound and callable(getattr(cls, attr)):
                found[f"{cls.__name__}.{name}"] = (cls, attr)
    return found


def binding_action(binding) -> str:
    """The action a binding names, without its namespace or arguments: ``app.quit`` and
    ``move(-1)`` give ``quit`` and ``move``."""
    action = binding.action if hasattr(binding, "action") else binding[1]
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


# -- file permissions, also when the tests run as root -----------------------------------------
def permissions_enforced() -> None:
    """For ``subprocess.run(..., preexec_fn=permissions_enforced)``: the child runs without
    the two capabilities that let root read and write whatever it likes (CAP_DAC_OVERRIDE,
    CAP_DAC_READ_SEARCH), so a read-only file or folder refuses it as it would anyone. For
    any other user it changes nothing. (CI runs as root: without this the permission tests
    would never run there.)"""
    import ctypes
    import os

    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for cap in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop the capability to ignore permissions")


# -- a full disk, per connection --------------------------------------------------------------
def fill_the_disk() -> None:
    """No room for one more page, and none left in the pages there are: SQLITE_FULL."""
    from peewee import DatabaseError

    from peer_tui.models.db import database
    from peer_tui.services import audit

    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    handle = database.obj
    handle._pragmas = [*handle._pragmas, ("max_page_count", pages)]
    handle.close()
    # Large rows first, then ever smaller ones: a page with room for a short row left over
    # would take the audit row of the action under test, and the disk would not be full.
    for size in (150, 20, 0):
        for _ in range(20_000):
            try:
                with database.atomic():
                    audit.record(None, "f", detail="x" * size)
            except DatabaseError:
                break
        else:
            raise AssertionError("the database never filled up")


def free_the_disk() -> None:
    from peer_tui.models.db import database

    handle = database.obj
    handle._pragmas = [(k, v) for k, v in handle._pragmas if k != "max_page_count"]
    handle.close()


def each_raises(error: type[Exception], calls, match: str | None = None) -> None:
    """Each of CALLS (callables taking nothing) raises ERROR (its message matching MATCH),
    not only the first: every way in is refused."""
    for call in calls:
        with pytest.raises(error, match=match):
            call()


def fails_once(monkeypatch, module, name: str, error: Exception) -> list[tuple]:
    """Replace MODULE.NAME with one that raises ERROR the first time it is called and does
    the real work after; returns the list of the calls' arguments, one entry a call."""
    real = getattr(module, name)
    calls: list[tuple] = []

    def once(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, once)
    return calls


async def view_ahead(pilot, caseload):
    """The caseload's resident view once it is built (or set back) and laid out, showing
    nobody."""
    for _ in range(3000):  # a guard against a run that never ends, not a time
        view = caseload._resident_view  # noqa: SLF001
        if view is not None and view.is_mounted and view.resident_id is None \
                and view.outer_size == pilot.app.size and not view.query(TimelinePane).first().rows:
            return view
        await pilot.pause(0.01)
    raise AssertionError("the resident view was not built ahead")


def record_draws(monkeypatch, screen, what) -> list:
    """WHAT(SCREEN) at each drawing of SCREEN from here on: what it showed when drawn."""
    from textual._compositor import Compositor

    drawn = []
    render = Compositor.render_update

    def recording(self, *args, **kwargs):
        if self is screen._compositor:  # noqa: SLF001
            drawn.append(what(screen))
        return render(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_update", recording)
    return drawn


def held(monkeypatch, module, name: str) -> tuple[list[tuple], threading.Event]:
    """Replace MODULE.NAME with one that waits until the returned event is set, then does the
    real work: a save still running while more keys arrive. Returns the list of the calls'
    arguments (one entry a call) and the event."""
    real = getattr(module, name)
    calls: list[tuple] = []
    release = threading.Event()

    def waiting(*args, **kwargs):
        calls.append(args)
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)
    return calls, release


# -- the program report's hand-counted house -----------------------------------------------
def at(month: int, day: int, hour: int = 12, minute: int = 0):
    """A local time in 2026 as the UTC the database stores."""
    from datetime import datetime

    from peer_tui.timeutil import local_to_utc

    return local_to_utc(datetime(2026, month, day, hour, minute))


def report_house(admin) -> dict[str, int]:
    """A small house with October 2026 worked through by hand (tests/unit/test_program_report.py
    says who is who and what each figure must be)."""
    from datetime import date

    from peer_tui.models.checkin_results import MeetingAttendance
    from peer_tui.models.events import CheckIn, Concern, Event, GroupSession
    from peer_tui.services import auth, records

    pat = auth.create_staff("pat", "Pat Peer", "peer_specialist", "2468").id
    casey = auth.create_staff("casey", "Casey Manager", "case_manager", "2468").id
    auth.create_staff("frank", "Frank Desk", "front_desk", "2468")

    def admit(first, intake, status="active", **more):
        return records.add_resident(admin, {"first_name": first, "last_name": "Test",
                                            "intake_date": intake, "status": status,
                                            "peer_specialist_id": pat, **more})

    ids = {
        "A": admit("A", date(2026, 9, 1), case_manager_id=casey),
        "B": admit("B", date(2026, 10, 5)),
        "C": admit("C", date(2026, 6, 1)),
        "G": admit("G", date(2026, 9, 20), case_manager_id=casey),
        "D": admit("D", date(2026, 11, 2)),
        "E": admit("E", None, status="waitlist"),
        "F": admit("F", date(2025, 1, 1)),
    }
    records.discharge(admin, ids["B"], date(2026, 10, 20), "Left on his own", kind="left")
    records.discharge(admin, ids["C"], date(2026, 10, 10), "Finished", kind="completed")
    records.discharge(admin, ids["F"], date(2026, 9, 30), "Moved", kind="other_housing")
    form = records.resident_form(admin, ids["G"])
    records.update_profile(admin, ids["G"], {**form.__dict__, "intake_date": date(2026, 10, 2)})

    def contact(who, when, channel="in_person", minutes=None, roles="", staff=pat, **more):
        from peer_tui.models.event_links import EventRole

        event = Event.create(resident=ids[who], occurred_at=when, kind="contact", staff=staff,
                             channel=channel, duration_minutes=minutes, summary="c", **more)
        for role in filter(None, roles.split(",")):
            EventRole.create(event=event, role=role)
        return event.id

    contact("A", at(9, 28))
    contact("A", at(10, 3), minutes=30, roles="motivator,planner")
    contact("A", at(10, 10), "phone", 15, "motivator", follow_up_on=date(2026, 10, 20))
    contact("A", at(10, 17), minutes=20)
    contact("A", at(10, 24), "text")
    wrong_day = contact("A", at(11, 2), minutes=40)
    contact("A", at(10, 31), minutes=45, corrects=wrong_day)
    moved_out = contact("A", at(10, 20), minutes=50, roles="advocate")
    contact("A", at(11, 3), minutes=50, roles="advocate", corrects=moved_out)
    contact("A", at(11, 4), follow_up_on=date(2026, 11, 5))  # due after the month
    contact("C", at(10, 1), "video", 60, staff=casey, follow_up_on=date(2026, 10, 5),
            follow_up_done_at=at(10, 5))
    contact("C", at(10, 8), minutes=90, staff=casey, voided_at=at(10, 9), void_reason="x")
    session = GroupSession.create(name="House meeting", occurred_at=at(10, 15), facilitator=pat)
    for who in "ABG":
        Event.create(resident=ids[who], occurred_at=at(10, 15), kind="group", staff=pat,
                     channel="in_person", duration_minutes=60, summary="g",
                     group_session=session)

    def checkin(who, when, source="kiosk", meetings=()):
        row = CheckIn.create(resident=ids[who], submitted_at=when, source=source)
        for name, pathway in meetings:
            MeetingAttendance.create(resident=ids[who], checkin=row, reported_at=when,
                                     name=name, pathway=pathway)

    checkin("A", at(10, 6), meetings=[("AA", "non_clinical")])
    checkin("A", at(10, 13), meetings=[("Therapy", "clinical")])
    checkin("A", at(10, 20))
    checkin("G", at(10, 6))
    checkin("G", at(10, 13), source="staff")
    checkin("A", at(11, 3), meetings=[("NA", "non_clinical")])

    def concern(who, severity, raised, acked=None, resolved=None):
        Concern.create(resident=ids[who], raised_at=raised, severity=severity,
                       severity_rank={"low": 1, "high": 3, "urgent": 4}[severity],
                       summary="s", acknowledged_at=acked, resolved_at=resolved,
                       status="resolved" if resolved else "open")

    concern("A", "urgent", at(10, 2, 10), at(10, 2, 10, 30), at(10, 3))
    concern("G", "urgent", at(10, 20, 12), at(10, 20, 14))
    concern("B", "low", at(9, 25), resolved=at(10, 4))
    concern("A", "high", at(10, 30), resolved=at(11, 2))
    concern("C", "urgent", at(10, 31), None)
    concern("A", "urgent", at(11, 1), at(11, 1, 0, 5))  # November's

    # Follow-up interviews (the default points): B's intake one in its window, G's voided
    # (so G's is missed), C's discharge one late; B's discharge one still open on Oct 31.
    from peer_tui.services import interviews
    from peer_tui.settings import Settings

    points = Settings().followup_points
    interviews.record_interview(admin, ids["B"], "intake", date(2026, 10, 6), points)
    voided = interviews.record_interview(admin, ids["G"], "intake", date(2026, 10, 4), points)
    from peer_tui.models.interviews import FollowUpInterview

    Event.update(voided_at=at(10, 5)).where(
        Event.id == FollowUpInterview.get_by_id(voided).event_id).execute()
    interviews.record_interview(admin, ids["C"], "discharge", date(2026, 10, 27), points)

    # Referrals: made in October by A (engaged Oct 20), B (a one-off provider, declined on
    # Nov 20, 39 days on), G (no-show Nov 5), C (engaged Nov 10); A's of September.
    from peer_tui.models.resources import Referral, ReferralStep, Resource

    resource = Resource.select().order_by(Resource.id).first().id

    def referral(who, made, steps, to=resource):
        row = Referral.create(resident=ids[who], resource=to, made_on=made, staff=pat,
                              provider_name="" if to else "Dr Q", status=steps[-1][0])
        for stage, on in [("made", made), *steps]:
            ReferralStep.create(referral=row, stage=stage, on=on, staff=pat)

    referral("A", date(2026, 10, 5), [("engaged", date(2026, 10, 20))])
    referral("B", date(2026, 10, 12), [("declined", date(2026, 11, 20))], to=None)
    referral("G", date(2026, 10, 30), [("no_show", date(2026, 11, 5))])
    referral("C", date(2026, 10, 2), [("engaged", date(2026, 11, 10))])
    referral("A", date(2026, 9, 28), [("engaged", date(2026, 10, 3))])

    # BARC-10s: A 40 (Sep 2) then 50 (Oct 10) and 60 (Nov 3, after the month); G 48 (Oct 3,
    # corrected to 46 on Nov 20) then 44 (Oct 25); B none with a total then 35; C 30 then 47.
    from peer_tui.models.assessments import Assessment

    def barc(who, when, total, corrects=None):
        return Assessment.create(resident=ids[who], instrument="barc10", taken_at=when,
                                 source="kiosk", answers="[]", total=total,
                                 corrects=corrects).id

    barc("A", at(9, 2), 40)
    barc("A", at(10, 10), 50)
    barc("A", at(11, 3), 60)
    barc("G", at(11, 20), 46, corrects=barc("G", at(10, 3), 48))
    barc("G", at(10, 25), 44)
    barc("B", at(10, 6), None)
    barc("B", at(10, 15), 35)
    barc("C", at(6, 5), 30)
    barc("C", at(10, 8), 47)
    return ids


@contextmanager
def statements_run():
    """Every statement the database connection runs inside the block, as (sql, params), in
    order: what a query-count or query-plan test reads."""
    from peer_tui.models.db import database

    connection = database.obj
    seen: list[tuple[str, object]] = []
    real = connection.execute_sql

    def spy(sql, params=None, *args, **kwargs):
        seen.append((sql, params))
        return real(sql, params, *args, **kwargs)

    connection.execute_sql = spy
    try:
        yield seen
    finally:
        del connection.execute_sql  # the connection's own method again
