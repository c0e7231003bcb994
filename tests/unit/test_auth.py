"""Staff accounts, PIN hashing, sign-in lockout and the audit rows they leave."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peer_tui.models.audit import AuditLog
from peer_tui.models.base import utcnow
from peer_tui.models.people import Staff
from peer_tui.services import auth
from peer_tui.services.errors import InvalidInput, PermissionDenied
from peer_tui.services.pins import hash_pin, verify_pin

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL


def test_pin_hashes_are_salted_and_verify():
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second and first.startswith("scrypt$")
    assert "2468" not in first
    assert verify_pin("2468", first) and verify_pin("2468", second)
    assert not verify_pin("2469", first)
    assert not verify_pin("2468", "garbage")


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "12 34", "１２３４"],
                         ids=["empty", "3", "9", "letter", "space", "full-width"])
def test_bad_pins_are_refused_with_a_message(db, pin):
    with pytest.raises(InvalidInput) as info:
        auth.create_staff("sam", "Sam", "peer_specialist", pin)
    assert info.value.errors["pin"] == "Must be 4 to 8 digits."
    assert Staff.select().count() == 0


@pytest.mark.parametrize("username", ["", "a b", "[b]x", "x" * 41, "jürgen"],
                         ids=["empty", "space", "markup", "41", "non-ascii"])
def test_bad_usernames_are_refused(db, username):
    with pytest.raises(InvalidInput) as info:
        auth.create_staff(username, "Someone", "admin", "2468")
    assert "username" in info.value.errors


def test_duplicate_username_and_bad_role(db):
    auth.create_staff("Sam", "Sam D", "peer_specialist", "2468")
    with pytest.raises(InvalidInput, match="taken"):
        auth.create_staff("sam", "Sam E", "peer_specialist", "2468")
    with pytest.raises(InvalidInput) as info:
        auth.create_staff("kim", "Kim", "boss", "2468")
    assert "role" in info.value.errors


def test_sign_in_success_records_previous_sign_in(db):
    auth.create_staff("pat", "Pat O", "peer_specialist", "1357")
    first = auth.sign_in("pat", "1357")
    assert first.actor is not None and first.actor.previous_sign_in_at is None
    second = auth.sign_in(" PAT ", "1357")
    assert second.actor.previous_sign_in_at is not None
    assert AuditLog.select().where(AuditLog.action == "sign_in").count() == 2


def test_unknown_user_and_wrong_pin_get_the_same_words(db):
    auth.create_staff("pat", "Pat O", "peer_specialist", "1357")
    unknown = auth.sign_in("nobody", "1357").message
    wrong = auth.sign_in("pat", "0000").message
    assert unknown.split(" (")[0] == wrong.split(" (")[0]
    assert "nobody" not in unknown


def test_five_wrong_pins_lock_the_account_and_are_audited(db):
    auth.create_staff("pat", "Pat O", "peer_specialist", "1357")
    messages = [auth.sign_in("pat", "0000").message for _ in range(5)]
    assert "4 attempts left" in messages[0]
    assert "locked for 5 minutes" in messages[-1]
    # Even the right PIN is refused while locked.
    locked = auth.sign_in("pat", "1357")
    assert locked.actor is None and "locked" in locked.message
    actions = [a.action for a in AuditLog.select().order_by(AuditLog.id)]
    assert actions.count("sign_in_failed") == 4
    assert actions.count("sign_in_lockout") == 1
    assert actions.count("sign_in_refused") == 1
    # After the lockout time the right PIN works again.
    later = utcnow() + timedelta(minutes=6)
    assert auth.sign_in("pat", "1357", now=later).actor is not None


def test_reset_pin_clears_lockout_and_deactivated_cannot_sign_in(db):
    auth.create_staff("pat", "Pat O", "peer_specialist", "1357")
    for _ in range(5):
        auth.sign_in("pat", "0000")
    auth.reset_pin("pat", "8642")
    assert auth.sign_in("pat", "8642").actor is not None
    auth.deactivate_staff("pat")
    assert auth.sign_in("pat", "8642").actor is None


def test_only_admins_manage_staff(db, admin):
    peer = auth.create_staff("pat", "Pat O", "peer_specialist", "1357", by=admin)
    pat = auth.sign_in("pat", "1357").actor
    with pytest.raises(PermissionDenied):
        auth.create_staff("eve", "Eve", "admin", "1111", by=pat)
    with pytest.raises(PermissionDenied):
        auth.reset_pin("admin", "1111", by=pat)
    with pytest.raises(InvalidInput):
        auth.deactivate_staff("admin", by=admin)
    assert peer.role == "peer_specialist"


def test_roles_in_services():
    front = auth.Actor(1, "f", "F", "front_desk")
    with pytest.raises(PermissionDenied):
        auth.require(front, clinical=True)
    auth.require(auth.Actor(2, "p", "P", "peer_specialist"), clinical=True)
    with pytest.raises(PermissionDenied):
        auth.require(None)
