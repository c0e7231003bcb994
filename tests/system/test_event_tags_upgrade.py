"""A contact's roles and linked goals move from comma-separated columns to rows when a
database made before the move is opened: every role and goal is kept, in its order, and the
timeline shows each entry as it did before."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from peer_tui.models.db import close_database, database
from peer_tui.models.event_links import EventGoal, EventRole, goal_ids_of, roles_of
from peer_tui.models.event_schemas import competency_names
from peer_tui.models.people import Staff
from peer_tui.services.permissions import Actor
from peer_tui.services.timeline import event_detail
from peer_tui.storage import open_and_upgrade

# The last schema with the comma-separated columns.
BEFORE_THE_MOVE = Path(__file__).resolve().parent.parent / "data" / "schema_v11.sqlite3"


def _old_database(tmp_path: Path) -> tuple[Path, dict[int, tuple[str, str]], list[int],
                                           list[int]]:
    """The old file, with goal links and odd values the demo never wrote: a goal listed twice,
    a goal of another resident's plan (the old program checked that on saving, the database
    never did), a number naming no goal, a word, spaces and a role listed twice; and one
    entry as the program wrote them, with goals picked out of their order."""
    path = tmp_path / "old.db"
    shutil.copy(BEFORE_THE_MOVE, path)
    conn = sqlite3.connect(path)
    goals = [g for (g,) in conn.execute("SELECT id FROM goal ORDER BY id")]
    contacts = [e for (e,) in conn.execute(
        "SELECT id FROM event WHERE kind = 'contact' ORDER BY id LIMIT 3")]
    odd = {
        contacts[0]: ("planner, motivator,planner,", f"{goals[1]},{goals[0]},{goals[1]}"),
        contacts[1]: ("", f" {goals[0]} ,99999999,not-a-goal"),
        contacts[2]: ("ally_confidant,motivator", f"{goals[2]},{goals[0]}"),
    }
    for event_id, (roles, goal_ids) in odd.items():
        conn.execute("UPDATE event SET roles = ?, goal_ids = ? WHERE id = ?",
                     (roles, goal_ids, event_id))
    conn.commit()
    old = {e: (r, g) for e, r, g in conn.execute(
        "SELECT id, roles, goal_ids FROM event ORDER BY id")}
    conn.close()
    return path, old, contacts, goals


def test_every_role_and_goal_becomes_a_row_in_its_order(tmp_path):
    path, old, contacts, goals = _old_database(tmp_path)
    assert sum(1 for roles, _ in old.values() if roles) > 100  # the demo tags its contacts
    try:
        open_and_upgrade(str(path))
        columns = {c.name for c in database.get_columns("event")}
        assert "roles" not in columns and "goal_ids" not in columns
        tagged = roles_of(list(old))
        for event_id, (roles, goal_ids) in old.items():
            expected = list(dict.fromkeys(r.strip() for r in roles.split(",") if r.strip()))
            assert tagged.get(event_id, []) == expected, event_id
        assert goal_ids_of(contacts[0]) == [goals[1], goals[0]]
        assert goal_ids_of(contacts[1]) == [goals[0]]  # the number and the word name no goal
        assert goal_ids_of(contacts[2]) == [goals[2], goals[0]]
        assert EventGoal.select().count() == 5
        assert EventRole.select().count() == sum(len(v) for v in tagged.values())
    finally:
        close_database()


def test_the_timeline_shows_an_entry_as_before_the_move(tmp_path):
    path, old, contacts, _ = _old_database(tmp_path)
    conn = sqlite3.connect(path)
    words = dict(conn.execute("SELECT id, own_words FROM goal"))
    conn.close()
    event_id = contacts[2]
    try:
        open_and_upgrade(str(path))
        staff = Staff.get(Staff.role == "admin")
        actor = Actor(id=staff.id, username=staff.username, display_name=staff.display_name,
                      role=staff.role)
        detail = event_detail(actor, event_id)
        roles, goal_ids = old[event_id]
        assert detail.roles == competency_names(roles) == ["Ally and confidant", "Motivator"]
        # As the old program listed them: in the order of the goals' ids.
        assert detail.goals == [words[g] for g in sorted(int(g) for g in goal_ids.split(","))]
    finally:
        close_database()
