"""The header every staff screen shows: house, screen, who is signed in, urgent concerns."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from peer_tui.screens.text import clean


class StaffHeader(Horizontal):
    """One line: house and screen on the left, urgent concerns and staff on the right.

    Reads ``app.house_name``, ``app.actor`` and the app's reactive ``urgent_open``; the urgent
    count is text as well as colour ("! 2 URGENT"), for 16-colour terminals and colour-blind
    staff.
    """

    DEFAULT_CSS = """
    StaffHeader { height: 1; background: $primary; color: $text; }
    StaffHeader #header-title { width: 1fr; padding: 0 1; text-style: bold; }
    StaffHeader #header-urgent { width: auto; padding: 0 1; display: none; }
    StaffHeader #header-urgent.-show { display: block; background: $error; color: $text;
        text-style: bold reverse; }
    StaffHeader #header-user { width: auto; padding: 0 1; }
    """

    def __init__(self, title: str = "") -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield Static(id="header-title", markup=False)
        yield Static(id="header-urgent", markup=False)
        yield Static(id="header-user", markup=False)

    def on_mount(self) -> None:
        self.refresh_text()
        self.watch(self.app, "urgent_open", self._urgent_changed)

    def on_resize(self) -> None:
        self.refresh_text()

    def set_title(self, title: str) -> None:
        self.title_text = title
        self.refresh_text()

    def refresh_text(self) -> None:
        """Fit one line: the screen title (a resident's full name) is kept whole; the house
        name is shortened first, then the role and the demo tag give way at 80 columns."""
        if not self.children:
            return  # taken down before it was filled (the app quit as its screen opened)
        app = self.app
        width = self.size.width or app.size.width
        narrow = width < 100
        actor = getattr(app, "actor", None)
        if actor is None:
            who = "signed out"
        else:
            who = clean(actor.display_name) if narrow else \
                f"{clean(actor.display_name)} ({actor.role_label})"
        count = getattr(app, "urgent_open", 0)
        urgent = (f"! {count} URGENT" if narrow else f"! {count} URGENT (u)") if count else ""
        self.query_one("#header-user", Static).update(Text(who))
        self.query_one("#header-urgent", Static).update(Text(urgent))
        room = width - (len(who) + 2) - (len(urgent) + 2 if urgent else 0) - 2
        # The house this session works in (several houses), else the installation's.
        house = clean(getattr(actor, "house_name", "") or getattr(app, "house_name", "")
                      or "peer-tui")
        demo = (" [DEMO]" if narrow else "  [DEMO DATA]") if getattr(app, "is_demo", False) \
            else ""
        self.query_one("#header-title", Static).update(
            Text(fit_title(house, clean(self.title_text), demo, room)))

    def _urgent_changed(self, count: int) -> None:
        for line in self.query("#header-urgent"):
            line.set_class(bool(count), "-show")
        self.refresh_text()


def fit_title(house: str, title: str, demo: str, room: int) -> str:
    """'house · title demo' in ROOM cells, giving up the house name before the title."""
    if not title:
        return (house + demo)[:max(room, 1)]
    tail = f" \u00b7 {title}{demo}"
    if len(house) + len(tail) <= room:
        return house + tail
    budget = room - len(tail)
    if budget >= 4:
        return house[:budget - 1] + "\u2026" + tail
    if len(title) + len(demo) <= room:
        return title + demo
    return title
