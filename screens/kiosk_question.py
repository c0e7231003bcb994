"""One check-in question per screen, answered with number keys or a few typed characters.

The kind of question (scale, choice, multi, goal, supports, text) comes from the
questionnaire data. A number picks an answer and moves on; lists where several answers fit
tick with numbers and move on with Enter. B (or Esc) goes back within this check-in; H (or F1)
opens the crisis screen at any moment and tells staff. The key line is built from what the
screen shows now ("1-4" when four answers are listed), never from a fixed text.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from peer_tui.kiosk_i18n import _
from peer_tui.models.checkin_schemas import AnswerProblem, Question, check_answer, is_danger
from peer_tui.screens.kiosk_messages import Answered, Back, HelpRequested
from peer_tui.screens.kiosk_session import KioskSession
from peer_tui.screens.kiosk_welcome import HELP_NOW
from peer_tui.screens.text import clean, one_line, plain
from peer_tui.screens.widgets.kiosk_keys import KeysBar, answer_lines

DIGITS = "0123456789"
NAME_ROOM = 40  # characters of the name on the top line: "Question N of M" must stay visible


class QuestionScreen(Screen):
    """Question INDEX of SESSION. A new instance per visit; answers live in the session."""

    BINDINGS = [
        Binding("enter", "next", "Next", show=False),
        Binding("b,left,escape", "back", "Back", show=False),
        Binding("up", "back", "Back", show=False),  # the key that works inside the text box
        Binding("h,f1,exclamation_mark", "help_now", "Help now", show=False),
        Binding("backspace", "erase", show=False),
    ]

    def __init__(self, session: KioskSession, index: int) -> None:
        super().__init__(classes="kiosk")
        self.session = session
        self.index = index
        self.question: Question = session.questions[index]
        value = session.answers.get(self.question.id)
        self.value = list(value) if isinstance(value, list) else value
        self.typed = str(value) if self.question.type == "scale" and value is not None and \
            not self.question.options else ""
        self.goal_id: int | None = value["goal_id"] if isinstance(value, dict) else None
        self.picking_progress = False

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        q = self.question
        name = one_line(self.session.resident.first_name, NAME_ROOM)
        top = Text(_("Hi {name}").format(name=name), style="bold", no_wrap=True,
                   overflow="ellipsis")
        top.append("   " + _("Question {number} of {count}").format(
            number=self.index + 1, count=self.session.count), style="dim")
        if self.session.cannot_save:
            top.append("   " + _("Answers cannot be saved right now: tell staff"),
                       style="bold")
        yield Static(top, id="q-top")
        with Vertical(id="q-body"):
            yield Static(plain(q.text, "bold"), id="q-text")
            yield Static(plain(q.hint), id="q-hint")
            yield Static(id="q-options", markup=False)
            if q.type == "text":
                yield Input(value=self.value or "", id="q-input", max_length=q.max_length,
                            placeholder=_("type here (optional)"))
            yield Static(id="q-problem", classes="problem", markup=False)
        yield KeysBar(*self._keys(), id="q-keys")

    def on_mount(self) -> None:
        self.query_one("#q-hint").display = bool(self.question.hint)
        if self.question.type == "text":
            self.query_one("#q-input", Input).focus()
        self._render_options()

    def _keys(self) -> list[tuple[str, str]]:
        q = self.question
        if q.type == "text":
            return [("Enter", _("next")), ("Up", _("back")), ("F1", _(HELP_NOW))]
        pairs: list[tuple[str, str]] = []
        count = len(self._lines())
        numbers = "1" if count == 1 else f"1-{count}"
        if q.type == "scale" and not q.options:
            low, high = q.scale_range
            pairs.append((f"{low}-{high}", _("type")))
        elif count:
            pairs.append((numbers, _("tick") if q.type in ("multi", "supports")
                          else _("answer")))
        if self.picking_progress:
            pairs += [("B", _("other goal"))]
        else:
            pairs += [("Enter", _("skip or next") if q.skippable else _("next")),
                      ("B", _("back"))]
        return [*pairs, ("H", _(HELP_NOW))]

    def _lines(self) -> list[tuple[str, str, bool]]:
        """(number, label, selected) for the list this screen shows now."""
        q = self.question
        if q.type == "goal" and not self.picking_progress:
            return [(str(i + 1), one_line(g.label, 66), g.id == self.goal_id)
                    for i, g in enumerate(self.session.context.goals)]
        if q.type == "goal":
            progress = self.value.get("progress") if isinstance(self.value, dict) else None
            return [(str(i + 1), o.label, o.key == progress) for i, o in enumerate(q.options)]
        if q.type == "supports":
            ticked = self.value or []
            return [(str(i + 1), one_line(s.label, 66), s.id in ticked)
                    for i, s in enumerate(self.session.context.supports)]
        if q.type == "multi":
            ticked = self.value or []
            return [(str(i + 1), o.label, o.key in ticked) for i, o in enumerate(q.options)]
        if q.type in ("choice", "scale") and q.options:
            return [(o.key if q.type == "scale" else str(i + 1), o.label,
                     str(o.key) == str(self.value)) for i, o in enumerate(q.options)]
        return []

    def _render_options(self) -> None:
        q = self.question
        text = Text()
        tick = q.type in ("multi", "supports")
        if q.type == "scale" and not q.options:
            low, high = q.scale_range
            text.append(_("Your answer ({low} to {high}):").format(low=low, high=high) + "  ")
            text.append(f" {self.typed or ' '} ", style="reverse bold")
        elif q.type == "goal" and self.picking_progress:
            goal = next((g.label for g in self.session.context.goals
                         if g.id == self.goal_id), "")
            text.append(one_line(goal, 70) + "\n", style="bold")
        lines = [(number, clean(label), selected) for number, label, selected in self._lines()]
        text.append_text(answer_lines(lines, tick=tick,
                                      touch=getattr(self.app, "touch", False)))
        if not lines and q.type in ("goal", "supports"):
            text.append(_("There is nothing to pick here yet: your plan has no open goals.")
                        if q.type == "goal" else
                        _("There is nothing to pick here yet: your plan has no meetings or "
                          "groups."))
            text.append("\n" + _("Your peer specialist can help with that. Press Enter to "
                                 "go on."))
        text.rstrip()
        self.query_one("#q-options", Static).update(text)
        if self.is_mounted:
            self.query_one(KeysBar).show(*self._keys())

    def _say(self, message: str) -> None:
        self.query_one("#q-problem", Static).update(plain(message))

    # -- keys -----------------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        if self.question.type == "text" or event.character is None:
            return
        if event.character in DIGITS:
            event.stop()
            event.prevent_default()
            self._digit(event.character)

    def _digit(self, digit: str) -> None:
        q = self.question
        self._say("")
        if q.type == "scale" and not q.options:
            low, high = q.scale_range
            typed = (self.typed + digit).lstrip("0") or "0"
            if len(typed) > len(str(high)):
                typed = digit
            self.typed = typed
            self._render_options()
            return
        lines = self._lines()
        position = next((i for i, line in enumerate(lines) if line[0] == digit), None)
        if position is None:
            self._say(_("Press a number from the list.") if lines
                      else _("Press Enter to go on."))
            return
        if q.type == "goal" and not self.picking_progress:
            self.goal_id = self.session.context.goals[position].id
            self.picking_progress = True
            self.value = None
            self.query_one("#q-text", Static).update(plain(_("How is this goal going?"),
                                                           "bold"))
        elif q.type == "goal":
            self.value = {"goal_id": self.goal_id, "progress": q.options[position].key}
            self._store_and_go()
            return
        elif q.type in ("multi", "supports"):
            key = (self.session.context.supports[position].id if q.type == "supports"
                   else q.options[position].key)
            ticked = list(self.value or [])
            ticked.remove(key) if key in ticked else ticked.append(key)
            self.value = ticked
        else:
            self.value = int(q.options[position].key) if q.type == "scale" \
                else q.options[position].key
            self._render_options()
            self._store_and_go()
            return
        self._render_options()

    def action_erase(self) -> None:
        """Backspace, the resident: erase the last digit typed on a number scale."""
        if self.question.type == "scale" and not self.question.options and self.typed:
            self.typed = self.typed[:-1]
            self._render_options()

    def action_next(self) -> None:
        """Enter, the resident: keep the answer and go to the next question."""
        q = self.question
        if q.type == "scale" and not q.options:
            self.value = self.typed or None
        elif q.type == "text":
            self.value = self.query_one("#q-input", Input).value
        elif q.type == "goal" and self.picking_progress and not isinstance(self.value, dict):
            self._say(_("Press the number that says how it is going, or B to pick another "
                        "goal."))
            return
        self._store_and_go()

    @on(Input.Submitted, "#q-input")
    def _typed(self) -> None:
        self.action_next()

    def _store_and_go(self) -> None:
        q = self.question
        allowed = frozenset(c.id for c in (self.session.context.goals if q.type == "goal"
                                           else self.session.context.supports))
        try:
            value = check_answer(q, self.value, allowed)
        except AnswerProblem as exc:
            self._say(exc.words(_))
            return
        if value is None:
            self.session.answers.pop(q.id, None)
        else:
            self.session.answers[q.id] = value
        if is_danger(q, value):
            after = self.session.questions[self.index + 1].id \
                if self.index + 1 < self.session.count else ""
            self.post_message(HelpRequested("safety", back=_("go on with check-in"),
                                            ended_at=after, then=self._after_crisis))
            return
        self.post_message(Answered(self.index))

    def _after_crisis(self, choice: str | None) -> None:
        if is_danger(self.question, self.session.answers.get(self.question.id)):
            self.post_message(Answered(self.index))

    def action_back(self) -> None:
        """b, Left, Up or Esc, the resident: back to the previous question."""
        if self.question.type == "goal" and self.picking_progress:
            self.picking_progress = False
            self.query_one("#q-text", Static).update(plain(self.question.text, "bold"))
            self._render_options()
            return
        if self.index == 0:
            self._say(_("This is the first question."))
            return
        self.post_message(Back(self.index - 1))

    def action_help_now(self) -> None:
        """The crisis screen; from there, back to this same question or end and save."""
        self.post_message(HelpRequested(
            "help_now", back=_("back to question {number}").format(number=self.index + 1),
            ended_at=self.question.id))
