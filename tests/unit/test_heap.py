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


def test_the_collector_is_held_until_start_up_s_objects_are_frozen(monkeypatch):
    monkeypatch.setattr(heap, "_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: None)
    assert gc.isenabled()
    try:
        heap.hold_collection()
        assert not gc.isenabled()  # no passes while start-up makes its objects
        heap.freeze_startup_objects()
        assert gc.isenabled()
        heap.hold_collection()  # a start whose app never draws: released by its caller
        heap.release_collection()
        assert gc.isenabled()
    finally:
        gc.enable()


def test_a_collector_paused_by_someone_else_stays_paused():
    gc.disable()
    try:
        heap.hold_collection()
        heap.release_collection()
        assert not gc.isenabled()
    finally:
        gc.enable()
