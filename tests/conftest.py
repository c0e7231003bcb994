"""Shared fixtures: a fresh migrated database per test, the demo database, a signed-in
administrator, the terminal an app writes to. Functions the tests share are in helpers.py.

Tests marked ``both_backends`` (a module's ``pytestmark`` or one test) run twice, on SQLite
and on PostgreSQL, through the same ``db`` and ``demo_db`` fixtures: the ``backend`` parameter
says which. PostgreSQL runs when PEER_TUI_TEST_POSTGRES names a server (tests/backend_db.py:
each test worker works in databases of its own there); otherwise those runs are skipped, and
the summary line says how many ran.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from peer_tui.models.db import close_database, database
from peer_tui.storage import open_and_upgrade

# Python processes the tests start (the CLI, a second writer) must import the installed
# peer_tui, not the source folder in the working directory, where peer_tui.models does not
# exist (it is mapped from models/ at install time). PYTHONSAFEPATH stops Python putting the
# working directory first on the import path.
os.environ["PYTHONSAFEPATH"] = "1"

sys.path.insert(0, str(Path(__file__).parent))
import backend_db  # noqa: E402

# A PIN hash is scrypt on purpose (~20 ms, many times that on a busy machine), and the tests
# sign in thousands of times against the same few stored hashes (the demo's, a fixture's
# staff): the same PIN and salt always give the same digest, so each is computed once per test
# process. The first call of each is the real scrypt with the program's parameters, and a
# wrong PIN or another salt is still a new computation.
hashlib.scrypt = functools.lru_cache(maxsize=4096)(hashlib.scrypt)

_DEMO_CACHE: dict[str, Path] = {}
_MIGRATED: list[Path] = []  # the empty migrated database each test's `db` is copied from


def _patient_wait_for_screen(wait_once):
    """Textual's pilot waits after each key until every widget of the screen has run a
    callback it posted to them. A widget removed before it ran its queue (the footer
    rebuilds its keys whenever the bindings change, as when a screen opens) never runs
    it, and the wait ends only at its 30 s timeout: a failure that comes and goes with the
    machine's load. Wait in shorter rounds instead, each over the widgets there are now;
    a screen that is really stuck still fails after the same 30 s."""
    from textual.pilot import WaitForScreenTimeout

    async def wait(self, timeout: float = 30.0) -> bool:
        for round_ in range(3):
            try:
                return await wait_once(self, timeout / 3)
            except WaitForScreenTimeout:
                if round_ == 2:
                    raise
        return False

    return wait


from textual.pilot import Pilot  # noqa: E402

Pilot._wait_for_screen = _patient_wait_for_screen(Pilot._wait_for_screen)

# Between keys and in every pause, Textual waits until the process is idle: it sleeps in
# rounds of 20 ms until a round passes with almost no processor time used. A round that long
# always held a redraw (60 a second) and an animation frame, so a quiet round also meant the
# screen had caught up; but every key cost at least two rounds and every settle two more, and
# a test spent about half its time asleep with the processor free. The wait below asks in
# rounds of 2 ms and says what the long round stood for: it goes on while the screen has a
# redraw or an after-redraw callback due, or an animation runs.
import textual._wait  # noqa: E402
import textual.app  # noqa: E402
import textual.pilot  # noqa: E402
from textual._context import active_app  # noqa: E402

_ROUND = 0.002


def _screen_catching_up() -> bool:
    try:
        app = active_app.get()
        screen = app.screen
    except Exception:  # no app running here, or no screen yet: nothing to catch up
        return False
    update = getattr(screen, "_Screen__update_timer", None)  # made on the first redraw
    return ((update is not None and update._active.is_set()) or bool(screen._callbacks)
            or not app._animator._complete_event.is_set())


async def _wait_for_idle(min_sleep: float = textual._wait.SLEEP_GRANULARITY,
                         max_sleep: float = 1) -> None:
    from asyncio import sleep
    from time import monotonic, process_time

    start = monotonic()
    while True:
        cpu = process_time()
        await sleep(_ROUND)
        busy = process_time() - cpu >= _ROUND / 20
        elapsed = monotonic() - start
        if elapsed >= max_sleep or (elapsed > min_sleep and not busy
                                    and not _screen_catching_up()):
            return


textual._wait.wait_for_idle = textual.app.wait_for_idle = _wait_for_idle
textual.pilot.wait_for_idle = _wait_for_idle

# A screen draws at most 60 frames a second (TEXTUAL_FPS, read when Textual is first imported,
# which the snapshot plugin does before this file), and the wait above goes on while a frame
# is due: every change a test waits for cost up to 16.7 ms of sleep. Frames due four times as
# often draw the same screens (what a frame shows does not depend on when it is drawn); the
# program itself keeps Textual's rate.
import textual.screen  # noqa: E402

textual.screen.UPDATE_PERIOD = 1 / 240
BACKENDS = ("sqlite", "postgres")
_POSTGRES_ID = re.compile(r"[\[-]postgres[\]-]")


def pytest_configure(config):
    config.addinivalue_line("markers", "both_backends: run on SQLite and on PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: stays on SQLite in a both_backends module")
    config.addinivalue_line("markers", "postgres_only: what only a server has (pg_dump, "
                                       "stopping the server)")


def pytest_generate_tests(metafunc):
    node = metafunc.definition
    if ("backend" in metafunc.fixturenames and node.get_closest_marker("both_backends")
            and not node.get_closest_marker("sqlite_only")):
        skip = pytest.mark.skipif(not backend_db.available(),
                                  reason="set PEER_TUI_TEST_POSTGRES to run on PostgreSQL")
        metafunc.parametrize("backend", ["sqlite", pytest.param("postgres", marks=skip)],
                             indirect=True)
    elif "backend" in metafunc.fixturenames and node.get_closest_marker("postgres_only"):
        skip = pytest.mark.skipif(not backend_db.available(),
                                  reason="set PEER_TUI_TEST_POSTGRES to run on PostgreSQL")
        metafunc.parametrize("backend", [pytest.param("postgres", marks=skip)], indirect=True)


# The run hands tests out in collection order: the longest go first and the many short unit
# tests last, so no worker starts a long test when the others have nothing left to do.
# The screen tour below takes a minute or more alone.
LONGEST_FIRST = ("ui/test_hostile_bytes.py::test_every_staff_screen",
                 "ui/test_hostile_bytes.py::test_every_kiosk_screen")
TIER_ORDER = ("system", "ui", "unit")


def pytest_collection_modifyitems(items):
    def order(item) -> tuple[int, int]:
        path = item.nodeid.removeprefix("tests/")
        if path.startswith(LONGEST_FIRST):
            return 0, 0
        tier = path.split("/", 1)[0]
        return 1, TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER)

    items.sort(key=order)  # stable: within a tier, files and tests keep their order


def pytest_terminal_summary(terminalreporter):
    """How many tests really ran on PostgreSQL (CI checks that it is not zero)."""
    def count(outcome: str, *phases: str) -> int:
        return sum(1 for report in terminalreporter.stats.get(outcome, [])
                   if getattr(report, "when", "") in phases
                   and _POSTGRES_ID.search(getattr(report, "nodeid", "")))

    passed, failed = count("passed", "call"), count("failed", "call")
    terminalreporter.write_line(
        f"PostgreSQL: {passed + failed} tests ran ({passed} passed, {failed} failed), "
        f"{count('skipped', 'setup', 'call')} skipped")


def pytest_sessionfinish(session):
    backend_db.drop_all()


@pytest.fixture
def backend(request) -> str:
    """Which database the test runs on: "sqlite" unless marked both_backends."""
    return getattr(request, "param", "sqlite")


def _build_migrated(url: str) -> None:
    open_and_upgrade(url)
    close_database()


def _build_demo(url: str) -> None:
    from peer_tui import demo

    open_and_upgrade(url)
    demo.populate(houses=1)  # the same house as on SQLite; unit/test_houses.py has three
    close_database()


@pytest.fixture(autouse=True)
def no_steps_ahead(request, monkeypatch):
    """The resident view is built at the first Enter, as the app does when that comes before
    it is idle: when an app is first idle long enough to build it ahead is up to the machine.
    A test marked ``built_ahead`` gets the app's steps ahead (and waits for them)."""
    if request.node.get_closest_marker("built_ahead") is None:
        from peer_tui.screens import warm_up

        monkeypatch.setattr(warm_up, "AHEAD", False)


@pytest.fixture(autouse=True)
def steady_text_cursor(request, monkeypatch):
    """Snapshots always see the text cursor shown. Its blink timer fires every 0.5 s; on a
    busy machine the screenshot can come after the first blink, with the cursor hidden,
    and a correct screen would fail its snapshot."""
    if "snap_compare" in request.fixturenames:
        from textual.widgets import Input, TextArea

        monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
        monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def local_zone(monkeypatch):
    """Call it with a zone ("UTC" for snapshots that read the same on every machine,
    "America/New_York" for local days that are not UTC days) to make that the local time
    zone for this test; the machine's own comes back after it."""
    import time

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def db(db_path, backend, tmp_path_factory):
    """An empty, migrated database: a file on SQLite (in-memory SQLite differs per thread),
    a database of its own on PostgreSQL."""
    if backend == "postgres":
        open_and_upgrade(backend_db.fresh("migrated", _build_migrated))
    else:
        # Migrated once per test process and copied per test: running every migration again
        # for each of a thousand tests cost minutes of the run. Opening the copy still checks
        # the schema version as any open does.
        if not _MIGRATED:
            source = tmp_path_factory.mktemp("migrated") / "migrated.db"
            open_and_upgrade(str(source))
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            close_database()
            _MIGRATED.append(source)
        shutil.copy(_MIGRATED[0], db_path)
        open_and_upgrade(str(db_path))
    yield database
    close_database()


def _zone_key() -> str:
    """The local time zone as a name part: its offsets from UTC in seconds, standard and
    summer."""
    import time

    return f"{time.timezone}_{time.altzone}".replace("-", "m")


@pytest.fixture
def demo_db(tmp_path, tmp_path_factory, backend):
    """A copy of the demo database (built once per test session, copied per test)."""
    from peer_tui import demo

    # One copy per local time zone: the demo's "so many days ago" are local days, so a demo
    # built in one zone and read in another (a test that sets New York after one that built
    # it in UTC) is a day off in the hours when the two zones' dates differ.
    zone = _zone_key()
    if backend == "postgres":
        open_and_upgrade(backend_db.fresh(f"demo_{zone}", _build_demo))
        yield database
        close_database()
        return
    if zone not in _DEMO_CACHE:
        source = tmp_path_factory.mktemp("demo") / "demo.db"
        open_and_upgrade(str(source))
        demo.populate()
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        close_database()
        _DEMO_CACHE[zone] = source
    target = tmp_path / "demo.db"
    shutil.copy(_DEMO_CACHE[zone], target)
    open_and_upgrade(str(target))
    yield database
    close_database()


@pytest.fixture
def admin(db):
    return _staff_member("admin", "Ada Admin", "admin")


def _staff_member(username: str, name: str, role: str):
    """The account made as the program makes it, but salted by its name: the same account in
    the next test gets the same PIN hash, which the process has computed already (a new salt
    each time cost a real scrypt per fixture, a third of the unit tier's time). Each account
    still has a salt of its own; the tests that make accounts themselves get random ones."""
    from types import SimpleNamespace

    from peer_tui.services import auth, pins

    salt = hashlib.sha256(f"fixture {username}".encode()).digest()
    random_salts = pins.secrets
    pins.secrets = SimpleNamespace(token_bytes=lambda size: salt[:size])
    try:
        auth.create_staff(username, name, role, "2468")
    finally:
        pins.secrets = random_salts
    return auth.sign_in(username, "2468").actor


@pytest.fixture
def salted_account(db):
    """Makes and signs in an account as the fixtures above do, salted by its username:
    ``salted_account("pat", "Pat Okafor", "peer_specialist")`` for a test file's own staff
    (another name than the fixtures', the same PIN hash once per process)."""
    return _staff_member


@pytest.fixture
def pat(admin):
    """Pat Peer, a peer specialist, signed in (beside the administrator)."""
    return _staff_member("pat", "Pat Peer", "peer_specialist")


@pytest.fixture
def casey(admin):
    """Casey Case, a case manager, signed in (beside the administrator)."""
    return _staff_member("casey", "Casey Case", "case_manager")


@pytest.fixture
def desk(admin):
    """Frank Desk, the front desk, signed in (beside the administrator)."""
    return _staff_member("frank", "Frank Desk", "front_desk")


@pytest.fixture
def resident(db) -> int:
    """Rae Doe, the one resident of Test House."""
    from peer_tui.models.people import House, Resident

    house = House.create(name="Test House")
    return Resident.create(first_name="Rae", last_name="Doe", house=house).id


@pytest.fixture
def terminal(monkeypatch):
    """What apps started with run_test write to the terminal (tests/terminal_capture.py)."""
    from terminal_capture import record_terminal

    return record_terminal(monkeypatch)


@pytest.fixture(autouse=True)
def _listed_actions_run(request, monkeypatch) -> Iterator[None]:
    """A test marked ``@pytest.mark.actions("Class.action", ...)`` must really run each listed
    action method (by a key, as a person would): the mark is what test_every_action_has_a_test
    reads, and this keeps the mark honest."""
    listed = [name for marker in request.node.iter_markers("actions") for name in marker.args]
    if not listed:
        yield
        return
    import functools
    import inspect

    from helpers import action_methods

    methods, ran = action_methods(), set()
    unknown = [name for name in listed if name not in methods]
    assert not unknown, f"no such action method: {unknown}"
    for name in set(listed):
        owner, attr = methods[name]
        original = getattr(owner, attr)

        def record(name=name, original=original):
            if inspect.iscoroutinefunction(original):
                @functools.wraps(original)
                async def wrapper(*args, **kwargs):
                    ran.add(name)
                    return await original(*args, **kwargs)
            else:
                @functools.wraps(original)
                def wrapper(*args, **kwargs):
                    ran.add(name)
                    return original(*args, **kwargs)
            return wrapper

        monkeypatch.setattr(owner, attr, record())
    yield
    missing = sorted(set(listed) - ran)
    assert not missing, f"marked as tested but never ran: {missing}"


@pytest.fixture
def settle():
    """The one way to wait for workers and the screen (``helpers.settle``), as a fixture."""
    from helpers import settle as settle_

    return settle_


_TWO_HOUSES: dict[tuple, tuple[Path, dict]] = {}


@pytest.fixture
def two_houses(db, db_path, backend, tmp_path_factory):
    """Two houses. pat works in A, sam in B, casey (case manager) in both; admin in none in
    particular. A resident in each, both with kiosk code 1001, each with a concern, a
    contact with a follow-up due, a proposed goal update, a referral whose check is late and
    a signed consent.

    Built once per test process (per backend, local time zone and day, as its dates are
    relative to today) and copied per test, as the demo is: building it hashes six PINs and
    makes some twenty audited writes, seconds per test on a busy machine."""
    from datetime import date

    key = (backend, _zone_key(), date.today())
    if backend == "postgres":
        ids = {}

        def build(url: str) -> None:
            open_and_upgrade(url)
            ids.update(_populate_two_houses())
            close_database()

        close_database()
        open_and_upgrade(backend_db.fresh(f"two_houses_{key[1]}_{key[2]:%Y%m%d}", build))
        if ids:
            _TWO_HOUSES[key] = (Path(), ids)
        return dict(_TWO_HOUSES[key][1])
    if key not in _TWO_HOUSES:
        source = tmp_path_factory.mktemp("two_houses") / "two_houses.db"
        close_database()
        open_and_upgrade(str(source))
        ids = _populate_two_houses()
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        close_database()
        _TWO_HOUSES[key] = (source, ids)
    close_database()
    source, ids = _TWO_HOUSES[key]
    for leftover in (db_path.with_name(db_path.name + "-wal"),
                     db_path.with_name(db_path.name + "-shm")):
        leftover.unlink(missing_ok=True)  # the empty database's log must not replay on the copy
    shutil.copy(source, db_path)
    open_and_upgrade(str(db_path))
    return dict(ids)


def _populate_two_houses() -> dict:
    from datetime import date, timedelta

    from peer_tui.models.people import House, Resident
    from peer_tui.services import (auth, concerns, consents, contacts, house_scope,
                                   recovery_plan, referrals)
    from peer_tui.services.pins import hash_pin

    PIN = "2468"
    a, b = House.create(name="Harbor House").id, House.create(name="Cedar House").id
    auth.create_staff("admin", "Ada Admin", "admin", PIN, houses=[])
    auth.create_staff("pat", "Pat Okafor", "peer_specialist", PIN, houses=[a])
    auth.create_staff("sam", "Sam Delgado", "peer_specialist", PIN, houses=[b])
    auth.create_staff("casey", "Casey Nguyen", "case_manager", PIN, houses=[a, b])
    people = {}
    for key, house, first in (("a", a, "Ana"), ("b", b, "Ben")):
        people[key] = Resident.create(first_name=first, last_name="Doe", house=house,
                                      room="1A", kiosk_code="1001",
                                      intake_date=date.today() - timedelta(days=10),
                                      kiosk_pin_hash=hash_pin("1357")).id
    casey = auth.sign_in("casey", PIN).actor
    extras = {}
    for key, rid in people.items():
        here = house_scope.switch(casey, Resident.get_by_id(rid).house_id)
        extras[f"concern_{key}"] = concerns.raise_concern(
            here, rid, {"severity": "urgent", "summary": f"Concern {key}"})
        extras[f"event_{key}"] = contacts.log_contact(here, rid, {
            "on": date.today(), "at": "10:00", "note": f"Talked {key}",
            "follow_up_on": date.today()})
        recovery_plan.save_goal(here, rid, None, {"domain_key": "housing",
                                                  "own_words": f"Goal {key}"})
        from peer_tui.models.checkin_results import GoalUpdateProposal
        from peer_tui.models.plans import Goal

        goal = Goal.select().where(Goal.own_words == f"Goal {key}").get()
        extras[f"proposal_{key}"] = GoalUpdateProposal.create(
            resident=rid, goal=goal, proposed_status="in_progress", answer="good").id
        extras[f"referral_{key}"] = referrals.make_referral(here, rid, {
            "provider_name": f"Clinic {key}", "provider_contact": "555-0100",
            "domain_key": "substance_use", "method": "warm_handoff",
            "made_on": date.today() - timedelta(days=5),
            "next_check_on": date.today() - timedelta(days=1)}).id
        draft = consents.save_consent(here, rid, {
            "recipient": "Dana Officer", "recipient_kind": "probation",
            "purposes": "Probation compliance", "information": "Attendance",
            "substance_use_info": "Whether I attend treatment",
            "discloser": "The program", "expires_on": date.today() + timedelta(days=90),
            "revoke_how": "In writing."})
        extras[f"consent_{key}"] = consents.record_signature(here, draft.id, {
            "signed_on": date.today(), "witnessed_by": casey.id}).id
    return {"a": a, "b": b, **people, **extras}
