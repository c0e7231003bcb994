"""Pick several people by typing, not by scrolling: the group note's attendees (and, later,
a training session's).

Type part of a name, or the initials ("mj" for Marcus Johnson); the best match is
highlighted at once and Space or Enter picks it (or unpicks it), clearing what was typed so
the next name can follow. Arrow keys move the highlight when two names match. Picked and not
picked differ in text as well as style ("[x]" / "[ ]"), so they read the same in a
16-colour terminal, in monochrome and to a screen reader; the picked set is listed by name
under the list. Focus stays in the search field throughout.

Ranking, best first: initials that start with what was typed, a word of the name that
starts with it, the whole name that starts with it, then anything containing it (a room
number too). People not yet picked come before those already picked, so the next pick is
one key away.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from peer_tui.screens.text import clean

SHOWN_LIMIT = 100  # matches listed at once; typing more narrows the rest
_LETTERS = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss",
                          "ı": "i", "þ": "th", "ð": "d"})


def fold(text: str) -> str:
    """Lower case without accents, so "zo" finds Zoë Ødegaard and "nguy" An Nguyễn."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class PickChoice:
    id: int
    name: str
    detail: str = ""  # shown after the name, searched too (a room)


@dataclass(frozen=True)
class _Indexed:
    choice: PickChoice
    order: int
    words: tuple[str, ...]
    initials: str
    joined: str
    everything: str


def _index(choice: PickChoice, order: int) -> _Indexed:
    words = tuple(w for w in fold(choice.name).replace("-", " ").replace("'", "").split())
    joined = "".join(words)
    return _Indexed(choice, order, words, "".join(w[0] for w in words if w), joined,
                    f"{fold(choice.name)} {fold(choice.detail)}")


def rank(query: str, item: _Indexed) -> int | None:
    """0 best ... 3, or None when ITEM does not match QUERY at all."""
    q = fold(query).replace(" ", "")
    if not q:
        return 0
    if item.initials.startswith(q):
        return 0
    if any(w.startswith(q) for w in item.words):
        return 1
    if item.joined.startswith(q):
        return 2
    if q in item.everything.replace(" ", "") or fold(query.strip()) in item.everything:
        return 3
    return None


class _Search(Input):
    """The search field: Space picks instead of typing a space (names are found by a word
    or by initials, so a space is never needed)."""

    class Pick(Message):
        pass

    class Move(Message):
        def __init__(self, by: int) -> None:
            super().__init__()
            self.by = by

    def on_key(self, event: events.Key) -> None:
        moves = {"down": 1, "up": -1, "pagedown": 5, "pageup": -5}
        if event.key == "escape" and self.value:
            self.value = ""  # Esc clears the search first; a second Esc leaves the form
        elif event.key == "space":
            self.post_message(self.Pick())
        elif event.key in moves:
            self.post_message(self.Move(moves[event.key]))
        else:
            return
        event.stop()
        event.prevent_default()


class _Matches(OptionList, can_focus=False):
    """The matches; focus stays in the search field (the mouse can still pick)."""


class PeoplePicker(Vertical):
    """Type to find, Space or Enter to pick. ``picked`` is the set of picked ids."""

    DEFAULT_CSS = """
    PeoplePicker { height: auto; }
    PeoplePicker _Matches { height: auto; max-height: 8; }
    PeoplePicker #picker-picked { height: auto; padding: 0 1; }
    PeoplePicker .-picked-none { color: $text-muted; }
    """

    class Changed(Message):
        """The picked set changed."""

        def __init__(self, picker: PeoplePicker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> PeoplePicker:
            return self.picker

    class Highlighted(Message):
        """Another person is highlighted (None: nobody matches)."""

        def __init__(self, picker: PeoplePicker, choice: PickChoice | None) -> None:
            super().__init__()
            self.picker = picker
            self.choice = choice

        @property
        def control(self) -> PeoplePicker:
            return self.picker

    def __init__(self, choices: Iterable[PickChoice] = (), *, placeholder: str = "",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self._items = [_index(c, i) for i, c in enumerate(choices)]
        self.picked: set[int] = set()
        self._shown: list[_Indexed] = []
        self._placeholder = placeholder or "type part of a name or initials; Space picks"

    def compose(self) -> ComposeResult:
        yield _Search(placeholder=self._placeholder, id="picker-search", max_length=60)
        yield _Matches(id="picker-matches")
        yield Static("", id="picker-picked", markup=False)

    def on_mount(self) -> None:
        self._refill()

    # -- what the owner calls -------------------------------------------------------------
    def set_choices(self, choices: Iterable[PickChoice]) -> None:
        self._items = [_index(c, i) for i, c in enumerate(choices)]
        known = {item.choice.id for item in self._items}
        self.picked &= known
        self._refill()

    def set_picked(self, ids: Iterable[int]) -> None:
        self.picked = set(ids)
        self._refill(keep=True)
        self.post_message(self.Changed(self))

    def pick_all_shown(self) -> None:
        self.picked.update(item.choice.id for item in self._shown)
        self._refill(keep=True)
        self.post_message(self.Changed(self))

    def picked_names(self) -> list[str]:
        return [i.choice.name for i in self._items if i.choice.id in self.picked]

    @property
    def highlighted(self) -> PickChoice | None:
        index = self.query_one(_Matches).highlighted
        if index is None or not 0 <= index < len(self._shown):
            return None
        return self._shown[index].choice

    # -- keys -------------------------------------------------------------------------------
    @on(Input.Changed, "#picker-search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._refill()

    @on(Input.Submitted, "#picker-search")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.toggle_highlighted()

    @on(_Search.Pick)
    def _space(self) -> None:
        self.toggle_highlighted()

    @on(_Search.Move)
    def _move(self, event: _Search.Move) -> None:
        matches = self.query_one(_Matches)
        if not self._shown:
            return
        current = matches.highlighted or 0
        matches.highlighted = max(0, min(len(self._shown) - 1, current + event.by))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(_Matches).highlighted = event.option_index
        self.toggle_highlighted()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(self, self.highlighted))

    def toggle_highlighted(self) -> None:
        choice = self.highlighted
        if choice is None:
            self.app.bell()
            return
        if choice.id in self.picked:
            self.picked.discard(choice.id)
        else:
            self.picked.add(choice.id)
        search = self.query_one(_Search)
        if search.value:
            search.value = ""  # ready for the next name (refills the list)
        else:
            self._refill(keep=True)
        self.post_message(self.Changed(self))

    # -- drawing ----------------------------------------------------------------------------
    def _refill(self, keep: bool = False) -> None:
        query = self.query_one(_Search).value if self.is_mounted else ""
        matches = self.query_one(_Matches)
        before = matches.highlighted if keep else None
        ranked = []
        for item in self._items:
            tier = rank(query, item)
            if tier is not None:
                picked = item.choice.id in self.picked
                # Unpicked first only while searching: with nothing typed the list keeps
                # its order, so a pick does not make the rows jump under the cursor.
                ranked.append(((tier, picked if query else False, item.order), item))
        ranked.sort(key=lambda pair: pair[0])
        self._shown = [item for _, item in ranked[:SHOWN_LIMIT]]
        matches.clear_options()
        matches.add_options([Option(self._prompt(item.choice)) for item in self._shown])
        if len(ranked) > SHOWN_LIMIT:
            matches.add_option(Option(Text(f"... {len(ranked) - SHOWN_LIMIT} more: type "
                                           "more of the name", style="italic"),
                                      disabled=True))
        if self._shown:
            matches.highlighted = min(before, len(self._shown) - 1) if before is not None \
                else 0
        self._show_picked()
        self.post_message(self.Highlighted(self, self.highlighted))

    def _prompt(self, choice: PickChoice) -> Text:
        picked = choice.id in self.picked
        text = Text("[x] " if picked else "[ ] ", style="bold" if picked else "")
        text.append(clean(choice.name), style="bold" if picked else "")
        if choice.detail:
            text.append(f"  {clean(choice.detail)}", style="dim")
        return text

    def _show_picked(self) -> None:
        names = self.picked_names()
        line = self.query_one("#picker-picked", Static)
        line.set_class(not names, "-picked-none")
        if names:
            line.update(Text(f"Picked ({len(names)}): " + ", ".join(clean(n) for n in names)))
        else:
            line.update(Text("Picked: nobody yet"))
