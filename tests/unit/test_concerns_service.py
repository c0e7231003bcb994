"""Concern life cycle, the queue order, acknowledgement and who may do what (services)."""

from __future__ import annotations

import pytest
from helpers import each_raises

from peer_tui.models.audit import AuditLog
from peer_tui.models.events import Concern, Event
from peer_tui.models.people import Resident
from peer_tui.services import alerts, concerns
from peer_tui.services.errors import InvalidInput, PermissionDenied

import backend_db  # noqa: E402 - tests/ is on the path (conftest)

pytestmark = pytest.mark.both_backends  # the same tests on SQLite and PostgreSQL


@pytest.fixture
def team(casey, desk):
    return {"casey": casey, "frank": desk}


def test_life_cycle_raise_discuss_resolve(admin, team, resident):
    casey = team["casey"]
    cid = concerns.raise_concern(admin, resident, {
        "severity": "high", "summary": "Talked about using", "assignee_id": casey.id})
    assert Resident.get_by_id(resident).summary_open_concerns == 1
    concerns.add_note(casey, cid, "Spoke with them; sponsor called.")
    concerns.resolve(casey, cid, "Back at meetings; plan updated.")
    info = concerns.detail(admin, cid)
    assert info.row.status == "resolved" and info.resolved_by == "Casey Case"
    assert [n.body for n in info.notes] == ["Spoke with them; sponsor called."]
    kinds = [e.kind for e in Event.select().order_by(Event.id)]
    assert kinds == ["concern_raised", "concern_resolved"]
    assert Resident.get_by_id(resident).summary_open_concerns == 0
    actions = {a.action for a in AuditLog.select()}
    assert {"concern_raise", "concern_note", "concern_resolve"} <= actions
    with pytest.raises(InvalidInput):
        concerns.resolve(casey, cid, "twice")


def test_bad_input_is_refused(admin, team, resident):
    with pytest.raises(InvalidInput) as info:
        concerns.raise_concern(admin, resident, {"severity": "meh", "summary": ""})
    assert {"severity", "summary"} <= set(info.value.errors)
    with pytest.raises(InvalidInput) as info:
        concerns.raise_concern(admin, resident, {"severity": "low", "summary": "x",
                                                 "assignee_id": team["frank"].id})
    assert "assignee_id" in info.value.errors
    cid = concerns.raise_concern(admin, resident, {"severity": "low", "summary": "x"})
    with pytest.raises(InvalidInput):
        concerns.resolve(admin, cid, "  ")
    assert Concern.select().count() == 1


def test_queue_is_by_severity_then_age_and_filters_by_assignee(admin, team, resident):
    casey = team["casey"]
    order = []
    for severity in ("low", "urgent", "medium", "urgent", "high"):
        order.append(concerns.raise_concern(admin, resident, {
            "severity": severity, "summary": severity,
            "assignee_id": casey.id if severity == "medium" else None}))
    rows = concerns.queue(admin)
    assert [r.severity for r in rows] == ["urgent", "urgent", "high", "medium", "low"]
    assert [r.id for r in rows[:2]] == [order[1], order[3]]  # oldest urgent first
    assert [r.summary for r in concerns.queue(admin, assignee_id=casey.id)] == ["medium"]
    concerns.resolve(admin, order[0], "done")
    assert [r.id for r in concerns.queue(admin, status="resolved")] == [order[0]]


def test_front_desk_leaves_a_message_but_cannot_raise_or_read(team, resident):
    frank = team["frank"]
    with pytest.raises(PermissionDenied, match="Front-desk accounts cannot raise a concern"):
        concerns.raise_concern(frank, resident, {"severity": "medium", "summary": "Upset"})
    cid = concerns.message_for_staff(frank, resident, "Upset at the desk")
    each_raises(PermissionDenied, [
        lambda: concerns.queue(frank),
        lambda: concerns.detail(frank, cid),
        lambda: concerns.resolve(frank, cid, "x"),
        lambda: concerns.add_note(frank, cid, "x"),
        lambda: concerns.acknowledge(frank, cid),
    ])


def test_acknowledging_an_urgent_concern_clears_the_alert(admin, resident):
    cid = concerns.raise_concern(None, resident, {"severity": "urgent", "summary": "Unsafe"},
                                 source="kiosk")
    assert alerts.urgent_unacknowledged_count() == 1
    assert concerns.detail(admin, cid).raised_by == "the kiosk"
    concerns.acknowledge(admin, cid)
    assert alerts.urgent_unacknowledged_count() == 0
    assert Concern.get_by_id(cid).status == "open"  # seen, not yet resolved


def test_a_second_process_raising_an_urgent_concern_is_counted(admin, resident):
    backend_db.urgent_concern_from_another_process(resident, "Crisis answer at the kiosk")
    assert alerts.urgent_unacknowledged_count() == 1
