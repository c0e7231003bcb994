"""Alerts every staff screen shows: open urgent concerns not yet acknowledged."""

from __future__ import annotations

from peer_tui.models.events import Concern
from peer_tui.models.people import Resident
from peer_tui.services.house_scope import in_scope


def urgent_unacknowledged_count(actor=None) -> int:
    """Open urgent concerns nobody has acknowledged (kiosk crises included), in the house
    ACTOR works in now (None: every house)."""
    query = Concern.select().where(Concern.status == "open", Concern.severity_rank == 4,
                                   Concern.acknowledged_at.is_null())
    if actor is not None:

        query = query.join(Resident, on=(Concern.resident == Resident.id)).where(
            in_scope(actor))
    return query.count()
