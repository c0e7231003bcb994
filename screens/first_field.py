"""The first keystroke lands: a screen opens with its first field focused, and keys typed
while it is still being built are kept and delivered to that field, in order.

Without this, a key typed right after the key that opened a dialog reaches the new screen
before any of its widgets has focus, and Textual drops it (the screen itself has nowhere to
put an "a"). People at the desk type ahead ("l", then the note at once), so those first
letters were lost.

The same goes for a key typed just after the key that opens a screen but given to the screen
before, which passes it back up unused (``hand_over``).

How it works: the app asks ``hold_key`` for every key it receives; while the screen on top is
an ``OpensOnFirstField`` that has not finished opening, the key is kept on that screen (except
the app's own priority keys, lock and quit, which must work at once). When the screen is
mounted it focuses its first field (``FIRST_FIELD``, or the first focusable widget) and then
delivers the kept keys exactly as the app would have: priority bindings first, then to the
focused widget. Only after that does it count as open, so no later key can overtake them.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.widget import Widget


class OpensOnFirstField:
    """Mixin for Screen subclasses (dialogs, forms, the lock screen, staff screens)."""

    #: A CSS selector for the widget that gets focus on opening; None: the first focusable.
    FIRST_FIELD: ClassVar[str | None] = None

    #: True: the screen loads its fields first (an edit form) and calls open_first_field()
    #: when they are filled, so what is typed ahead is not overwritten by the loaded values.
    OPENS_AFTER_LOAD: ClassVar[bool] = False

    #: True once the first field has focus and the keys typed ahead have been delivered.
    opened: bool = False
    _typed_ahead: list[events.Key] | None = None

    def first_field(self) -> Widget | None:
        """The widget to focus on opening. Screens with a dynamic choice override this."""
        if self.FIRST_FIELD:
            for widget in self.query(self.FIRST_FIELD):  # type: ignore[attr-defined]
                found = _focusable_in(widget)  # a compound field (a date) has an Input inside
                if found is not None:
                    return found
        return _focusable_in(self)  # type: ignore[arg-type]

    def keep_typed_ahead(self, event: events.Key) -> None:
        if self._typed_ahead is None:
            self._typed_ahead = []
        self._typed_ahead.append(event)

    async def on_mount(self) -> None:
        # Runs after the subclass's own on_mount (Textual calls each class's handler, most
        # derived first), so fields the subclass hides or fills are settled by now.
        if not self.OPENS_AFTER_LOAD:
            await self.open_first_field()

    async def open_first_field(self) -> None:
        """Focus the first field and deliver the keys typed ahead. Screens that set
        ``OPENS_AFTER_LOAD`` call this once their fields are filled (or failed to load)."""
        if self.opened:
            return
        try:
            target = self.first_field()
            if target is not None:
                # Textual's own scroll on focus runs before the first layout, when no field
                # has a place yet, and pushed a tall form past its title (the consent form
                # at 80x24). Scrolled once laid out, the field shows with the least movement.
                self.set_focus(target, scroll_visible=False)  # type: ignore[attr-defined]
                self.call_after_refresh(target.scroll_visible, animate=False)  # type: ignore
            app = self.app  # type: ignore[attr-defined]
            while self._typed_ahead:
                event = self._typed_ahead.pop(0)
                arrived_on(event, self)
                # Delivered as App.on_event would: priority bindings (Ctrl+S...) first.
                if not await app._check_bindings(event.key, priority=True):
                    target = self.focused or self  # type: ignore[attr-defined]
                    target._forward_event(event)
        finally:
            # Never leave keys held: a screen that failed to open must not eat the keyboard.
            self.opened = True


def _focusable_in(widget: Widget) -> Widget | None:
    if widget.focusable:
        return widget
    return next((w for w in widget.query("*") if w.focusable), None)


def hold_key(app, event: events.Key) -> bool:
    """Called by the app for each key it receives. True: the key was kept for later."""
    screen = app.screen
    if not isinstance(screen, OpensOnFirstField) or screen.opened or event.is_forwarded:
        return False
    # Lock and quit work at once, whatever is happening on screen.
    if any(binding.priority for binding in app._bindings.key_to_bindings.get(event.key, ())):
        return False
    screen.keep_typed_ahead(event)
    return True


def arrived_on(event: events.Key, screen) -> None:
    """Note the screen shown when the app received EVENT (see ``hand_over``)."""
    event._arrived_on = screen  # type: ignore[attr-defined]


async def hand_over(app, event: events.Key) -> bool:
    """Called by the app for each key that comes back to it unused by the widgets it was
    given to. A key typed just after the key that opened the screen now shown, and given to
    the screen before (Enter on the caseload, 3 at once: the 3 went to the caseload's list,
    which passed it up while the Enter's message was still on its way), is the new screen's:
    it is delivered to that screen as if typed now (kept, if it is still opening). True:
    handed over."""
    screen = app.screen
    before = getattr(event, "_arrived_on", None)
    if before is None or before is screen:
        return False
    fresh = events.Key(event.key, event.character)
    arrived_on(fresh, screen)
    if isinstance(screen, OpensOnFirstField) and not screen.opened:
        screen.keep_typed_ahead(fresh)
    elif not await app._check_bindings(fresh.key, priority=True):
        (screen.focused or screen)._forward_event(fresh)
    return True
