"""Alerts every staff screen shows: open urgent concerns not yet acknowledged."""

from __future__ import annotations

from peer_tui.models.events import Concern


def urgent_unacknowledged_count() -> int:
    """Open urgent concerns nobody has acknowledged (kiosk crises included). One indexed query."""
    return (
        Concern.select()
        .where(Concern.status == "open", Concern.severity_rank == 4,
               Concern.acknowledged_at.is_null())
        .count()
    )
