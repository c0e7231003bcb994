"""How the benchmark and the query-count test call the feature services.

Kept in one place so that when a service's signature changes, one module follows it. Every
call is made as the ``bench`` administrator (id 1 in a generated database).
"""

from __future__ import annotations

import importlib
from typing import Callable

from peer_tui.services.permissions import Actor


def bench_actor(staff_id: int = 1) -> Actor:
    return Actor(staff_id, "bench", "Bench Admin", "admin")


def _module(name: str):
    try:
        return importlib.import_module(f"peer_tui.services.{name}")
    except ImportError:
        return None


def timeline_calls(actor: Actor, resident_id: int) -> dict[str, Callable[[], object]]:
    """First page and the page after it of RESIDENT_ID's timeline."""
    module = _module("timeline")
    if module is None or not hasattr(module, "timeline_page"):
        return {}
    first = module.timeline_page(actor, resident_id)
    calls: dict[str, Callable[[], object]] = {
        "timeline_first_page": lambda: module.timeline_page(actor, resident_id)}
    if first.next_cursor is not None:
        cursor = first.next_cursor
        calls["timeline_next_page"] = lambda: module.timeline_page(
            actor, resident_id, before=cursor)
    return calls


def caseload_calls(actor: Actor, text: str = "q", page_size: int | None = None
                   ) -> dict[str, Callable[[], object]]:
    """The caseload's first page, a filtered page, the next page, the needs-attention view.

    PAGE_SIZE (default: the service's own) applies to the next page only (and the page
    before it, which gives its cursor).
    """
    module = _module("caseload_query") or _module("caseload")
    if module is None or not hasattr(module, "caseload_page"):
        return {}
    page, filt = module.caseload_page, module.CaseloadFilter
    size = {"limit": page_size} if page_size else {}
    calls: dict[str, Callable[[], object]] = {
        "caseload_first_page": lambda: page(actor, filt()),
        "caseload_filtered_page": lambda: page(actor, filt(text=text)),
        "needs_attention": lambda: page(actor, filt(needs_attention=True)),
    }
    cursor = page(actor, filt(), **size).next_cursor
    if cursor is not None:
        calls["caseload_next_page"] = lambda: page(actor, filt(), after=cursor, **size)
    return calls


def page_calls(busiest: int, actor: Actor | None = None) -> dict[str, Callable[[], object]]:
    actor = actor or bench_actor()
    calls = caseload_calls(actor)
    calls.update(timeline_calls(actor, busiest))
    return calls


def real_checkin(resident_id: int) -> Callable[[], object] | None:
    """A zero-argument call of the kiosk's submit service for RESIDENT_ID, if it exists.

    The answers are what the kiosk sends for a calm check-in (no crisis): the whole call is
    what the kiosk waits for after the resident confirms (validation, the one transaction
    with the summary refresh, the thank-you page's reads).
    """
    module = _module("checkin")
    fn = getattr(module, "submit_checkin", None) if module is not None else None
    if not callable(fn):
        return None
    answers = {"mood": 4, "craving": 2, "sleep": "well", "use": "no",
               "wants_to_talk": "no", "safety": "no", "note": "Good week."}
    return lambda: fn(resident_id, answers)
