"""Lockouts pinned at their boundaries and one step either side: how many wrong PINs lock a
staff account, pause a kiosk code or pause the kiosk's staff exit, and for how long.

(The caseload's thresholds - contact due and overdue, check-in gap, review overdue - are
pinned the same way in test_attention.py; the idle lock and the kiosk's idle question in
ui/test_idle.py.)
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from peer_tui.models.base import utcnow
from peer_tui.models.people import House, Resident, Staff
from peer_tui.services import auth, kiosk_auth
from peer_tui.services.pins import hash_pin

NOW = utcnow().replace(microsecond=0)
SECOND = timedelta(seconds=1)


@pytest.fixture
def jo(db):
    auth.create_staff("jo", "Jo Staff", "peer_specialist", "2468")
    return "jo"


def wrong_staff_pins(times: int, now=NOW) -> list[str]:
    return [auth.sign_in("jo", "0000", max_attempts=5, lockout_minutes=5, now=now).message
            for _ in range(times)]


@pytest.mark.parametrize("wrong, locked", [(4, False), (5, True), (6, True)])
def test_staff_account_locks_at_the_fifth_wrong_pin(jo, wrong, locked):
    messages = wrong_staff_pins(wrong)
    assert messages[3] == f"{auth.WRONG} (1 attempt left.)"
    row = Staff.get(Staff.username == "jo")
    assert (row.locked_until is not None) == locked
    result = auth.sign_in("jo", "2468", now=NOW)
    assert (result.actor is None) == locked
    if locked:
        assert messages[4] == "Too many wrong PINs: this account is locked for 5 minutes."
        assert row.locked_until == NOW + timedelta(minutes=5)
    if wrong == 6:  # a try while locked is refused without counting
        assert messages[5].startswith("This account is locked after 5 wrong PINs")
        assert row.failed_attempts == 0


@pytest.mark.parametrize("after, locked", [
    (timedelta(minutes=5) - SECOND, True), (timedelta(minutes=5), False),
    (timedelta(minutes=5) + SECOND, False)])
def test_staff_lock_lasts_exactly_its_minutes(jo, after, locked):
    wrong_staff_pins(5)
    result = auth.sign_in("jo", "2468", now=NOW + after)
    assert (result.actor is None) == locked


@pytest.fixture
def code(db):
    house = House.create(name="H")
    Resident.create(first_name="Rae", last_name="Doe", house=house, kiosk_code="2001",
                    kiosk_pin_hash=hash_pin("1357"))
    return "2001"


@pytest.mark.parametrize("wrong, paused", [(4, False), (5, True), (6, True)])
def test_kiosk_code_pauses_at_the_fifth_wrong_pin(code, wrong, paused):
    for _ in range(wrong):
        kiosk_auth.resident_sign_in(code, "0000", now=NOW)
    row = Resident.get(Resident.kiosk_code == code)
    assert (row.kiosk_locked_until == NOW + timedelta(minutes=10)) == paused
    assert row.kiosk_failed_attempts == (wrong if not paused else 0)
    result = kiosk_auth.resident_sign_in(code, "1357", now=NOW)
    assert (result.resident is None) == paused


@pytest.mark.parametrize("after, paused", [
    (timedelta(minutes=10) - SECOND, True), (timedelta(minutes=10), False),
    (timedelta(minutes=10) + SECOND, False)])
def test_kiosk_pause_lasts_exactly_its_minutes(code, after, paused):
    for _ in range(5):
        kiosk_auth.resident_sign_in(code, "0000", now=NOW)
    result = kiosk_auth.resident_sign_in(code, "1357", now=NOW + after)
    assert (result.resident is None) == paused


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("wrong, pause", [(2, 0), (3, 30), (4, 0)])
def test_kiosk_exit_pauses_at_the_third_wrong_try(wrong, pause):
    guard = kiosk_auth.ExitGuard(attempts=3, pause_seconds=30, clock=Clock())
    started = [guard.failed() for _ in range(wrong)]
    assert started[-1] == pause and started[:2] == [0, 0]
    assert guard.wait() == (30 if wrong >= 3 else 0)


@pytest.mark.parametrize("after, wait", [(29, 1), (29.5, 1), (30, 0), (31, 0)])
def test_kiosk_exit_pause_lasts_exactly_its_seconds(after, wait):
    clock = Clock()
    guard = kiosk_auth.ExitGuard(attempts=3, pause_seconds=30, clock=clock)
    for _ in range(3):
        guard.failed()
    clock.now += after
    assert guard.wait() == wait


def test_each_further_exit_pause_doubles_up_to_fifteen_minutes():
    clock = Clock()
    guard = kiosk_auth.ExitGuard(attempts=1, pause_seconds=30, clock=clock)
    pauses = []
    for _ in range(7):
        pauses.append(guard.failed())
        clock.now += pauses[-1]
    assert pauses == [30, 60, 120, 240, 480, 900, 900]


@pytest.mark.parametrize("quiet, pause", [
    (kiosk_auth.EXIT_FORGET_SECONDS, 60), (kiosk_auth.EXIT_FORGET_SECONDS + 1, 30)])
def test_an_hour_without_failures_starts_the_exit_pauses_afresh(quiet, pause):
    clock = Clock()
    guard = kiosk_auth.ExitGuard(attempts=1, pause_seconds=30, clock=clock)
    assert guard.failed() == 30
    clock.now += quiet
    assert guard.failed() == pause
