"""Start-up's objects are frozen out of the collector's full passes once per process."""

from __future__ import annotations

import gc

from peer_tui import heap


def test_only_the_first_call_freezes(monkeypatch):
    calls = []
    monkeypatch.setattr(heap, "_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    heap.freeze_startup_objects()
    heap.freeze_startup_objects()  # a second app in the same process (the tests)
    assert calls == ["freeze"]
