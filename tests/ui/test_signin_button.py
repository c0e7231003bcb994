"""The sign-in form's button has only the part of Textual's Button stylesheet a primary
button uses (it was a third of the stylesheet parsing before the sign-in is drawn), and
looks as Textual's primary Button does in every state and theme."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Button

from peer_tui.screens.widgets.signin_form import SignInButton

LOOK = ["background", "color", "border_top", "border_bottom", "border_left", "border_right",
        "text_style", "tint", "background_tint", "text_opacity", "width", "min_width",
        "height", "line_pad", "text_align", "content_align_horizontal",
        "content_align_vertical", "pointer", "opacity", "padding", "margin"]


class TwoButtons(App):
    def compose(self):
        yield Button("Sign in", id="textual", variant="primary")
        yield SignInButton("Sign in", id="ours", variant="primary")


def look(button) -> dict[str, str]:
    return {name: str(getattr(button.styles, name)) for name in LOOK}


@pytest.mark.parametrize("theme, ansi_color", [
    ("textual-dark", None), ("textual-light", None),
    ("ansi-dark", None),  # a 16-colour terminal: its own colours (Button's ":ansi" rules)
    ("ansi-dark", False),  # the same theme in true colour
])
async def test_the_sign_in_button_looks_as_textual_s_primary_button(theme, ansi_color):
    app = TwoButtons(ansi_color=ansi_color)
    async with app.run_test(size=(60, 20)) as pilot:
        app.theme = theme
        textual, ours = app.query_one("#textual"), app.query_one("#ours")
        for state in ("plain", "focus", "hover", "pressed", "disabled", "disabled, hovered"):
            looks = []
            for button in (textual, ours):
                app.set_focus(button if state == "focus" else None)
                button.mouse_hover = "hover" in state
                button.set_class(state == "pressed", "-active")
                button.disabled = "disabled" in state
                button.update_node_styles(animate=False)  # hovering restyles nothing itself
                await pilot.pause()
                looks.append(look(button))
                button.mouse_hover = False
                button.set_class(False, "-active")
                button.disabled = False
                button.update_node_styles(animate=False)
            assert looks[0] == looks[1], (theme, state)
