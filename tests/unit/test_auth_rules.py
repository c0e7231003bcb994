"""Staff accounts, exactly: the words of each refusal, the houses a new account works in, the
lockout's counting and clock, the locked screen's unlock, and sign-in when the storage
refuses to record it. tests/unit/test_auth.py has the broad strokes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from peewee import OperationalError

from peer_tui.models.audit import AuditLog
from peer_tui.models.base import utcnow
from peer_tui.models.people import House, Staff, StaffHouse
from peer_tui.services import audit, auth
from peer_tui.services.errors import InvalidInput, NotFound, PermissionDenied

T0 = datetime(2026, 11, 25, 9, 0)
WRONG = "Username or PIN is not right. Check and try again."


def _houses_of(username: str) -> list[int]:
    staff = Staff.get(Staff.username == username)
    return [link.house_id for link in StaffHouse.select().where(StaffHouse.staff == staff)
            .order_by(StaffHouse.house)]


def _actions(*names: str) -> list[tuple[str, str]]:
    """(action, detail) of the audit rows with one of NAMES, oldest first."""
    return [(row.action, row.detail) for row in
            AuditLog.select().where(AuditLog.action.in_(names)).order_by(AuditLog.id)]


def _audit(action: str) -> list[tuple]:
    """(actor, table, record, detail) of each audit row of ACTION, oldest first."""
    return [(row.actor_id, row.table_name, row.record_id, row.detail) for row in
            AuditLog.select().where(AuditLog.action == action).order_by(AuditLog.id)]


def _id(username: str) -> int:
    return Staff.get(Staff.username == username).id


def _refusal(call, *args, **kwargs) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)
    return caught.value.errors


# Usernames ------------------------------------------------------------------------------


def test_a_username_is_trimmed_and_lower_case_and_may_have_dots_dashes_underscores(db):
    assert auth.create_staff("  Kim.O_B-2  ", "Kim", "peer_specialist", "2468").username \
        == "kim.o_b-2"
    assert auth.staff_info(" KIM.O_B-2 ").display_name == "Kim"


def test_each_change_to_an_account_is_audited_by_who_did_it(db, admin):
    kim = auth.create_staff("kim", "Kim", "peer_specialist", "2468", by=admin)
    assert kim.id == _id("kim")
    auth.deactivate_staff("kim", by=admin)
    auth.reactivate_staff("kim", by=admin)
    auth.change_role("kim", "front_desk", by=admin)
    auth.reset_pin("kim", "8642", by=admin)
    auth.create_staff("lee", "Lee", "peer_specialist", "2468")   # the command line: no one
    expected = {"staff_create": [(None, "staff", admin.id, ""), (admin.id, "staff", kim.id, ""),
                                 (None, "staff", _id("lee"), "")],
                "staff_deactivate": [(admin.id, "staff", kim.id, "")],
                "staff_reactivate": [(admin.id, "staff", kim.id, "")],
                "staff_role": [(admin.id, "staff", kim.id, "now front_desk")],
                "staff_reset_pin": [(admin.id, "staff", kim.id, "")]}
    assert {action: _audit(action) for action in expected} == expected


def test_forty_characters_is_the_longest_username(db):
    assert auth.create_staff("k" * 40, "Kim", "peer_specialist", "2468").username == "k" * 40
    assert _refusal(auth.create_staff, "k" * 41, "Kim", "peer_specialist", "2468") == {
        "username": "Use up to 40 letters, digits, '.', '_' or '-'."}


@pytest.mark.parametrize("call", [auth.create_staff, auth.check_new_staff])
def test_an_empty_username_is_required(db, call):
    args = ("   ", "Kim", "peer_specialist") + (("2468",) if call is auth.create_staff else ())
    assert _refusal(call, *args) == {"username": "Required."}


def test_check_new_staff_says_what_would_be_refused_before_the_pin_is_asked(db):
    assert auth.check_new_staff("Kim", "Kim", "peer_specialist") is None
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    assert _refusal(auth.check_new_staff, " KIM ", "Kim", "peer_specialist") == {
        "username": "The username kim is taken."}
    assert _refusal(auth.create_staff, "Kim", "Kim B", "peer_specialist", "2468") == {
        "username": "The username kim is taken."}
    assert auth.check_new_staff("lee", "Lee", "admin") is None   # only that name is taken
    assert "role" in _refusal(auth.check_new_staff, "lee", "Lee", "boss")
    assert "display_name" in _refusal(auth.check_new_staff, "lee", "", "admin")
    assert auth.staff_count() == 1


def test_an_unknown_account_is_not_found_by_its_name(db):
    with pytest.raises(NotFound) as caught:
        auth.staff_info("  Nobody ")
    assert str(caught.value) == "No staff account called 'Nobody'."


# Houses a new account works in ----------------------------------------------------------


def test_without_a_house_a_new_account_works_in_none(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    assert _houses_of("kim") == []


def test_a_new_account_works_in_the_first_house_or_the_admin_s_current_one(db):
    first, second = House.create(name="Harbor").id, House.create(name="Cedar").id
    auth.create_staff("admin", "Ada", "admin", "2468", houses=[second])
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    assert _houses_of("kim") == [first]
    admin = auth.actor_for("admin")
    assert admin.house_id == second
    auth.create_staff("lee", "Lee", "peer_specialist", "2468", by=admin)
    assert _houses_of("lee") == [second]
    auth.create_staff("max", "Max", "peer_specialist", "2468", by=admin,
                      houses=[second, first, second])
    assert _houses_of("max") == [first, second]


def test_an_admin_working_across_every_house_gives_the_new_account_the_first(db):
    first = House.create(name="Harbor").id
    House.create(name="Cedar")
    auth.create_staff("admin", "Ada", "admin", "2468", houses=[])
    admin = auth.actor_for("admin")
    assert (admin.house_id, admin.house_name) == (None, "All houses")
    auth.create_staff("kim", "Kim", "peer_specialist", "2468", by=admin)
    assert _houses_of("kim") == [first]


def test_a_session_for_a_named_account_begins_now(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    before = utcnow()
    kim = auth.actor_for("kim")
    assert kim.previous_sign_in_at is None
    assert before <= kim.signed_in_at <= utcnow()


def test_a_session_is_named_after_its_house(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    assert auth.actor_for("kim").house_name == ""       # no house yet: the app's own name
    harbor = House.create(name="Harbor").id
    kim = auth.actor_for("kim")
    assert (kim.house_ids, kim.house_id, kim.house_name) == ((harbor,), harbor, "Harbor")


def test_with_several_houses_a_session_opens_on_the_account_s_own_house(db):
    House.create(name="Harbor")
    oak = House.create(name="Oak").id
    auth.create_staff("kim", "Kim", "peer_specialist", "2468", houses=[oak])
    for kim in (auth.actor_for("kim"), auth.sign_in("kim", "2468", now=T0).actor):
        assert (kim.house_ids, kim.house_id, kim.house_name) == ((oak,), oak, "Oak")


# Managing accounts ----------------------------------------------------------------------


def test_the_list_is_by_display_name_and_leaves_out_the_deactivated(db):
    for username, name in (("zed", "Zed"), ("amy", "Amy"), ("bob", "Bob")):
        auth.create_staff(username, name, "peer_specialist", "2468")
    auth.deactivate_staff("amy")
    assert [s.username for s in auth.list_staff()] == ["bob", "zed"]
    everyone = auth.list_staff(include_inactive=True)
    assert [(s.username, s.active) for s in everyone] == [
        ("amy", False), ("bob", True), ("zed", True)]
    assert auth.staff_count() == 3


def test_deactivating_and_reactivating_are_audited_and_refused_when_pointless(db, admin):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    assert _refusal(auth.deactivate_staff, "admin", by=admin) == {
        "username": "You cannot deactivate your own account."}
    assert _refusal(auth.reactivate_staff, "kim", by=admin) == {
        "username": "kim is already active."}
    assert auth.deactivate_staff("kim", by=admin).active is False
    assert auth.reactivate_staff("kim", by=admin).active is True
    assert _actions("staff_deactivate", "staff_reactivate") == [
        ("staff_deactivate", ""), ("staff_reactivate", "")]


@pytest.mark.parametrize("clear", [auth.reactivate_staff, auth.reset_pin])
def test_reactivating_or_a_new_pin_clears_the_lockout_and_the_count(db, clear):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    Staff.update(failed_attempts=3, locked_until=T0 + timedelta(minutes=5)).execute()
    assert auth.staff_info("kim").locked_until == T0 + timedelta(minutes=5)
    if clear is auth.reactivate_staff:
        auth.deactivate_staff("kim")
    info = clear("kim") if clear is auth.reactivate_staff else clear("kim", "8642")
    row = Staff.get(Staff.username == "kim")
    assert (info.locked_until, row.locked_until, row.failed_attempts, info.active) == (
        None, None, 0, True)


def test_changing_a_role_is_audited_with_the_new_role(db, admin):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    assert auth.change_role("kim", "case_manager", by=admin).role == "case_manager"
    assert auth.change_role("kim", "case_manager", by=admin).role == "case_manager"  # no-op
    assert _actions("staff_role") == [("staff_role", "now case_manager")]


def test_a_role_change_is_refused_in_words(db, admin):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    assert _refusal(auth.change_role, "kim", "boss", by=admin) == {
        "role": "Choose one of: Administrator, Case manager, Peer specialist, Front desk."}
    assert _refusal(auth.change_role, "admin", "peer_specialist", by=admin) == {
        "role": "You cannot change your own role: another administrator can."}
    assert _refusal(auth.change_role, "admin", "peer_specialist") == {
        "role": "This is the last active administrator: make someone else an "
                "administrator first."}
    assert _actions("staff_role") == []


def test_an_administrator_may_step_down_while_another_one_is_active(db, admin):
    auth.create_staff("bea", "Bea", "admin", "2468")
    assert auth.change_role("admin", "case_manager").role == "case_manager"
    # A deactivated administrator is not the last active one: their role may change.
    auth.create_staff("old", "Old", "admin", "2468")
    auth.deactivate_staff("old")
    assert auth.change_role("old", "front_desk").role == "front_desk"


@pytest.mark.parametrize("change", ["create", "deactivate", "reactivate", "role", "pin"])
def test_only_an_administrator_changes_an_account(db, casey, change):
    """A case manager is refused each change in the administrator's words, and the account
    and the audit log stay as they were."""
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    if change == "reactivate":
        auth.deactivate_staff("kim")
    before = auth.staff_info("kim")
    rows = AuditLog.select().count()
    calls = {"create": lambda: auth.create_staff("lee", "Lee", "admin", "2468", by=casey),
             "deactivate": lambda: auth.deactivate_staff("kim", by=casey),
             "reactivate": lambda: auth.reactivate_staff("kim", by=casey),
             "role": lambda: auth.change_role("kim", "admin", by=casey),
             "pin": lambda: auth.reset_pin("kim", "8642", by=casey)}
    with pytest.raises(PermissionDenied) as caught:
        calls[change]()
    assert str(caught.value) == "Only an administrator can do that."
    assert (auth.staff_info("kim"), AuditLog.select().count()) == (before, rows)
    assert auth.sign_in("kim", "8642", now=T0).actor is None
    assert not Staff.select().where(Staff.username == "lee").exists()


def test_a_deactivated_administrator_is_not_another_active_one(db, admin):
    auth.create_staff("old", "Old", "admin", "2468")
    auth.deactivate_staff("old")
    assert _refusal(auth.change_role, "admin", "case_manager") == {
        "role": "This is the last active administrator: make someone else an "
                "administrator first."}
    assert auth.staff_info("admin").role == "admin"


def test_resetting_a_pin_clears_the_count_and_is_audited(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    auth.sign_in("kim", "0000", now=T0)
    auth.reset_pin("kim", "8642")
    assert Staff.get(Staff.username == "kim").failed_attempts == 0
    assert _refusal(auth.reset_pin, "kim", "12")["pin"] == "Must be 4 to 8 digits."
    assert _actions("staff_reset_pin") == [("staff_reset_pin", "")]



def test_a_new_pin_is_kept_as_read_spaces_around_it_dropped(db):
    """As when the account was made: the PIN typed ' 8642 ' signs in as 8642."""
    auth.create_staff("kim", "Kim", "peer_specialist", " 2468 ")
    assert auth.sign_in("kim", "2468", now=T0).actor is not None
    auth.reset_pin("kim", " 8642 ")
    assert auth.sign_in("kim", "8642", now=T0).actor is not None

# Sign-in --------------------------------------------------------------------------------


def test_each_wrong_pin_says_how_many_attempts_are_left(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    messages = [auth.sign_in("kim", "0000", max_attempts=3, lockout_minutes=7, now=T0).message
                for _ in range(3)]
    assert messages == [f"{WRONG} (2 attempts left.)", f"{WRONG} (1 attempt left.)",
                        "Too many wrong PINs: this account is locked for 7 minutes."]
    row = Staff.get(Staff.username == "kim")
    assert (row.locked_until, row.failed_attempts) == (T0 + timedelta(minutes=7), 0)
    assert _actions("sign_in_failed", "sign_in_lockout") == [
        ("sign_in_failed", "wrong PIN"), ("sign_in_failed", "wrong PIN"),
        ("sign_in_lockout", "wrong PIN")]
    assert _audit("sign_in_lockout") == [(None, "staff", row.id, "wrong PIN")]


@pytest.mark.parametrize("later,words", [
    (timedelta(minutes=0), "Try again in 5 minutes,"),
    (timedelta(minutes=4, seconds=20), "Try again in 1 minute,"),     # 40 s left: at least 1
    (timedelta(minutes=3, seconds=29), "Try again in 2 minutes,"),   # 1.5 minutes: rounded
])
def test_a_locked_account_says_how_long_it_stays_locked(db, later, words):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    for _ in range(5):
        auth.sign_in("kim", "0000", now=T0)
    refused = auth.sign_in("kim", "2468", now=T0 + later)
    assert refused.actor is None
    assert refused.message == (f"This account is locked after 5 wrong PINs. {words} or ask "
                               "an administrator to reset the PIN.")
    assert _audit("sign_in_refused") == [(None, "staff", _id("kim"), "account locked")]


def test_the_lock_ends_at_its_minute_and_the_count_starts_again(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    for _ in range(5):
        auth.sign_in("kim", "0000", now=T0)
    end = T0 + timedelta(minutes=5)
    assert auth.sign_in("kim", "0000", now=end).message == f"{WRONG} (4 attempts left.)"
    assert auth.sign_in("kim", "2468", now=end).message == ""
    assert auth.staff_info("kim").locked_until is None        # the staff list shows no lock


def test_a_right_pin_forgets_the_wrong_ones_before_it(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    auth.sign_in("kim", "0000", now=T0)
    auth.sign_in("kim", "0000", now=T0)
    assert auth.sign_in("kim", "2468", now=T0).message == ""
    assert auth.sign_in("kim", "0000", now=T0).message == f"{WRONG} (4 attempts left.)"


@pytest.mark.parametrize("username", ["", "nobody", "gone"])
def test_no_account_gets_the_same_words_and_an_audit_row(db, username):
    auth.create_staff("gone", "Gone", "peer_specialist", "2468")
    auth.deactivate_staff("gone")
    assert auth.sign_in(username, "2468", now=T0) == auth.SignInResult(None, WRONG)
    assert _actions("sign_in_failed") == [("sign_in_failed", "unknown or inactive account")]
    gone = Staff.get(Staff.username == "gone").id
    assert _audit("sign_in_failed") == [
        (None, "staff", gone if username == "gone" else None, "unknown or inactive account")]


def test_sign_in_keeps_when_this_and_the_previous_session_began(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    first = auth.sign_in("kim", "2468", now=T0).actor
    later = T0 + timedelta(hours=3)
    second = auth.sign_in("kim", "2468", now=later).actor
    assert (first.previous_sign_in_at, first.signed_in_at) == (None, T0)
    assert (second.previous_sign_in_at, second.signed_in_at) == (T0, later)
    assert (second.username, second.display_name, second.role) == (
        "kim", "Kim", "peer_specialist")
    row = Staff.get(Staff.username == "kim")
    assert (row.previous_sign_in_at, row.last_sign_in_at) == (T0, later)
    assert _audit("sign_in") == [(row.id, "staff", row.id, "")] * 2


def test_the_same_person_unlocking_keeps_their_session(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    auth.sign_in("kim", "2468", now=T0)
    session = auth.sign_in("kim", "2468", now=T0 + timedelta(hours=1)).actor
    auth.sign_in("kim", "0000", now=T0 + timedelta(hours=2))
    unlocked = auth.sign_in(" KIM ", "2468", now=T0 + timedelta(hours=2), resuming="Kim ")
    assert (unlocked.actor.previous_sign_in_at, unlocked.actor.signed_in_at) == (
        session.previous_sign_in_at, session.signed_in_at)
    assert unlocked.message == ""   # no words: the screen unlocks as after a sign-in
    row = Staff.get(Staff.username == "kim")
    assert (row.last_sign_in_at, row.failed_attempts) == (T0 + timedelta(hours=1), 0)
    assert [a for a, _ in _actions("sign_in", "unlock")] == ["sign_in", "sign_in", "unlock"]
    assert _audit("unlock") == [(row.id, "staff", row.id, "")]
    # Someone else at the locked screen signs in anew.
    auth.create_staff("lee", "Lee", "peer_specialist", "1357")
    other = auth.sign_in("lee", "1357", now=T0 + timedelta(hours=3), resuming="kim").actor
    assert other.signed_in_at == T0 + timedelta(hours=3)
    assert _actions("unlock") == [("unlock", "")]


def test_signing_out_is_remembered_for_the_next_session(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    first = auth.sign_in("kim", "2468").actor
    assert auth.previous_sign_out(first) is None
    auth.sign_out(first)
    auth.sign_out(first)
    last = AuditLog.select().where(AuditLog.action == "sign_out").order_by(
        AuditLog.id.desc()).get()
    second = auth.sign_in("kim", "2468", now=last.at + timedelta(seconds=1)).actor
    assert auth.previous_sign_out(second) == last.at
    assert _audit("sign_out") == [(first.id, "staff", first.id, "")] * 2
    # A sign-out at the very moment a session began is not before it.
    at_once = auth.sign_in("kim", "2468", now=last.at).actor
    earlier = AuditLog.select().where(AuditLog.action == "sign_out").order_by(AuditLog.id).get()
    assert earlier.at < last.at
    assert auth.previous_sign_out(at_once) == earlier.at
    # Sign-outs at or after the start of a session are not "before" it.
    assert auth.previous_sign_out(auth.sign_in("kim", "2468", now=T0).actor) is None


# When the storage refuses the sign-in's writes ------------------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(auth, "_sign_in_recorded", refuse)
    audit.take_unrecorded()


def test_a_right_pin_signs_in_unrecorded_when_the_disk_is_full(db, full_disk):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    row = Staff.get(Staff.username == "kim")
    row.last_sign_in_at = T0
    row.save()
    signed = auth.sign_in(" Kim ", "2468", now=T0 + timedelta(hours=1))
    assert signed.message == ""
    assert (signed.actor.username, signed.actor.previous_sign_in_at,
            signed.actor.signed_in_at) == ("kim", T0, T0 + timedelta(hours=1))
    assert audit.take_unrecorded() == (
        "Signed in, but the sign-in was not recorded in the audit log: the disk is full. "
        "Nothing can be saved until that is fixed.")


def test_a_wrong_pin_or_a_locked_account_is_still_refused_unrecorded(db, full_disk):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    auth.create_staff("gone", "Gone", "peer_specialist", "2468")
    auth.deactivate_staff("gone")
    for username, pin in (("kim", "0000"), ("nobody", "2468"), ("gone", "2468"), ("", "2468")):
        assert auth.sign_in(username, pin, now=T0) == auth.SignInResult(None, WRONG)
    row = Staff.get(Staff.username == "kim")
    row.locked_until = T0 + timedelta(minutes=1)
    row.save()
    assert auth.sign_in("kim", "2468", now=T0).message == (
        "This account is locked after too many wrong PINs. Try again later, or ask an "
        "administrator to reset the PIN.")
    assert auth.sign_in("kim", "2468", now=T0 + timedelta(minutes=1)).message == ""
    assert audit.take_unrecorded().startswith("Signed in, but")
    assert row.failed_attempts == 0 and AuditLog.select().where(
        AuditLog.action.startswith("sign_in")).count() == 0


def test_other_database_errors_are_not_taken_for_a_full_disk(db, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such table: staff")

    monkeypatch.setattr(auth, "_sign_in_recorded", broken)
    with pytest.raises(OperationalError):
        auth.sign_in("kim", "2468")


def test_another_person_signing_out_is_not_your_sign_out(db):
    auth.create_staff("kim", "Kim", "peer_specialist", "2468")
    auth.create_staff("lee", "Lee", "peer_specialist", "1357")
    lee = auth.sign_in("lee", "1357", now=T0).actor
    auth.sign_out(lee)
    left = AuditLog.select().where(AuditLog.action == "sign_out").get().at
    kim = auth.sign_in("kim", "2468", now=left + timedelta(hours=1)).actor
    assert auth.previous_sign_out(kim) is None
