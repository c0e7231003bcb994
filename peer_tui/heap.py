"""What start-up made is kept out of the garbage collector's passes: none while it is made,
none over it once it is made."""

from __future__ import annotations

import gc

_frozen = False
_held = False  # the collector paused by hold_collection, not yet released
_view_frozen = False


def freeze_startup_objects() -> None:
    """Move every object made so far (the modules, classes and functions imported, the app)
    to the collector's permanent generation, once per process.

    They live as long as the program, yet a full collection walked them all each time: a
    pass of 40-75 ms on the event loop at some moment of the session, often the opening of a
    resident, whose new widgets are what set it off. Once frozen, a full pass walks only what
    was made since (10-20 ms). Only the first call freezes, so a process that builds many
    apps (the test suite) pins what was alive once, not what each later app left behind."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()
    release_collection()


def hold_collection() -> None:
    """No collector passes until start-up's objects are frozen (``freeze_startup_objects``,
    once the first screen is drawn) or ``release_collection`` is called.

    While Textual and the app are imported and the first screen is built, some hundred
    passes of the collector (17 ms of processor time before the staff app's sign-in is
    drawn) walked objects that live as long as the program, and found a thousand small
    ones to free. Those are frozen with the rest: less than the passes cost."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_collection() -> None:
    """The collector as it was before ``hold_collection``; nothing if it was not held."""
    global _held
    if _held:
        _held = False
        gc.enable()


def freeze_imported_ahead() -> None:
    """The same for the modules imported after start-up, ahead of use (the screens'
    ``WarmUp``): called once it has imported the last of them. A module is imported once,
    so this too happens once per process, and what a full pass walks stays what the session
    made, not the hundred modules behind the caseload and the resident view."""
    gc.freeze()


def freeze_built_ahead() -> None:
    """The same, once per process, for the first screen built ahead of use and kept for
    the session (the resident view, built while the caseload waits, before the last of
    the warm-up's modules is in): otherwise the first full pass after it, often inside
    the first opening of a resident, walked the view and what was imported for it (25-30
    ms on a 2-core machine). Once: a later session's view is not pinned for good."""
    global _view_frozen
    if not _view_frozen:
        _view_frozen = True
        gc.freeze()
