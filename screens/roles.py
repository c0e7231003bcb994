"""Keys for the right people: an action declares the permission it needs, once.

    @requires(Perm.MANAGE_RESIDENTS, "add a resident")
    def action_add(self) -> None: ...

On a node that mixes in ``RoleGated`` (staff screens, panes, the app) that single line:

- leaves the key out of the footer and out of ``?`` help for roles without the permission
  (``check_action`` answers False, which Textual reads as "not here");
- makes the key, pressed anyway, say why at once (``refusal_for_key``, called by the app
  for keys nothing else took) instead of opening a form that fails at Ctrl+S;
- refuses the action when reached another way (command palette, a direct call), with the
  same sentence; the palette leaves such commands out (``palette_allows``).

The service behind the action checks the same permission (``permissions.require_perm``).
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from peer_tui.services.permissions import Perm, allowed, refusal


def requires(perm: Perm, doing: str) -> Callable:
    """Decorate an ``action_*`` method: only roles with PERM may DOING ("log a contact")."""

    def wrap(method: Callable) -> Callable:
        # One wrapper serves async actions too: it returns their coroutine, which Textual
        # awaits like any action's result.
        @functools.wraps(method)
        def gated(self, *args: Any, **kwargs: Any) -> Any:
            if _refuse(self, perm, doing):
                return None
            return method(self, *args, **kwargs)

        gated.required_perm = (perm, doing)  # type: ignore[attr-defined]
        return gated

    return wrap


def _actor(node) -> Any:
    return getattr(node.app, "actor", None)


def _refuse(node, perm: Perm, doing: str) -> bool:
    actor = _actor(node)
    if allowed(actor, perm):
        return False
    say_refusal(node.app, refusal(actor, perm, doing))
    return True


class NotHere(str):
    """A refusal that is about this place, not the role ("you work in one house only"):
    said under its own title, so nobody reads it as a missing permission."""


def say_refusal(app, message: str) -> None:
    title = "Not available here" if isinstance(message, NotHere) else "Not for your role"
    app.notify(message, title=title, severity="warning", markup=False, timeout=6)


def gate_of(node, action: str) -> tuple[Perm, str] | None:
    """The (permission, what it does) an action of NODE requires, or None."""
    method = getattr(node, f"action_{action}", None)
    return getattr(method, "required_perm", None)


class RoleGated:
    """Mixin for DOM nodes whose actions use ``@requires``: hides them from other roles."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        gate = gate_of(self, action)
        if gate is not None and not allowed(_actor(self), gate[0]):
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]


def refusal_for_key(app, key: str) -> str | None:
    """Why KEY does nothing on the current screen for this role, or None.

    Walks the bindings the way Textual does (focused widget, its ancestors, the screen, and
    the app unless a modal screen is on top): the first binding for KEY that would run
    means no refusal; a binding hidden for this role that comes first gives its refusal.
    A node whose ``check_action`` hides an action for other reasons (a parameter, say) may
    explain it with ``action_refusal(name, params) -> str | None``, or say with
    ``absent_here(name) -> bool`` that it is not there for anyone (then the key is whatever
    the next binding makes it, not a refusal about this role).
    Uses Textual's binding chain, which is private API (the Textual version is pinned).
    """
    actor = getattr(app, "actor", None)
    for namespace, bindings in app.screen._modal_binding_chain:
        for binding in bindings.key_to_bindings.get(key, ()):
            # A priority binding (the resident view's tab keys) is tried before the key
            # reaches here: one met here is one its check_action turned down, which is the
            # refusal to say as any other is.
            target, name, params = app._parse_action(binding.action, namespace)
            absent = getattr(target, "absent_here", None)
            if absent is not None and absent(name):
                continue  # not offered here to anyone: the next binding for the key decides
            gate = gate_of(target, name)
            if gate is not None and not allowed(actor, gate[0]):
                return refusal(actor, *gate)
            state = target.check_action(name, params)
            if state:
                return None
            explain = getattr(target, "action_refusal", None)
            message = explain(name, params) if state is False and explain else None
            if message:
                return message
    return None


def palette_allows(app, callback: Callable) -> bool:
    """False for a palette command whose action this role may not use."""
    gate = getattr(callback, "required_perm", None)
    return gate is None or allowed(getattr(app, "actor", None), gate[0])
