"""First start on an empty database: load the demo, or create the first administrator."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from peer_tui.screens.base import ServiceCaller
from peer_tui.screens.text import plain
from peer_tui.screens.widgets.footer import KeysFooter
from peer_tui.services import auth
from textual.screen import Screen


class FirstRunScreen(ServiceCaller, Screen):
    """Never leaves a newcomer stuck on an empty database."""


    DEFAULT_CSS = """
    FirstRunScreen { align: center middle; }
    FirstRunScreen #first-box { width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; padding: 0 2; }
    FirstRunScreen .title { text-style: bold; margin: 1 0 0 0; }
    FirstRunScreen #pins { height: auto; }
    FirstRunScreen #pins Input { width: 1fr; }
    FirstRunScreen #first-message { color: $error; height: auto; }
    FirstRunScreen Button { width: 100%; margin-bottom: 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="first-box"):
            yield Static(plain("Welcome to peer-tui"), classes="title")
            yield Static(plain(
                "This database is empty. Explore with made-up demo data, or set up your "
                "house by creating the first administrator account."))
            yield Button("Load demo data", id="load-demo", variant="primary")
            yield Static(plain("- or create the first administrator -"), classes="title")
            yield Label("Username")
            yield Input(id="admin-username", max_length=40, placeholder="e.g. jordan")
            yield Label("Your name as staff will see it")
            yield Input(id="admin-name", max_length=100)
            yield Label("PIN (4-8 digits), then the same PIN again")
            with Horizontal(id="pins"):
                yield Input(id="admin-pin", password=True, restrict=r"[0-9]*", max_length=8,
                            placeholder="PIN")
                yield Input(id="admin-pin2", password=True, restrict=r"[0-9]*", max_length=8,
                            placeholder="PIN again")
            yield Static(id="first-message", markup=False)
            yield Button("Create administrator", id="create-admin")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#load-demo", Button).focus()

    @on(Button.Pressed, "#load-demo")
    def load_demo(self) -> None:
        # Deferred: the demo's made-up people are loaded only when a demo is made.
        from peer_tui import demo

        self.query_one("#load-demo", Button).disabled = True
        self.query_one("#load-demo", Button).label = "Loading demo data..."
        self.run_service(demo.populate, done=lambda _: self.app.database_ready(),
                         failed=self._failed)

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "admin-pin2":
            self.create_admin()
        else:
            self.focus_next()

    @on(Button.Pressed, "#create-admin")
    def create_admin(self) -> None:
        value = {i: self.query_one(f"#{i}", Input).value for i in
                 ("admin-username", "admin-name", "admin-pin", "admin-pin2")}
        if value["admin-pin"] != value["admin-pin2"]:
            self._say("The two PINs are not the same. Type them again.")
            return
        self.run_service(auth.create_staff, value["admin-username"], value["admin-name"],
                         "admin", value["admin-pin"],
                         done=lambda _: self.app.database_ready(), failed=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.query_one("#load-demo", Button).disabled = False
        self.query_one("#load-demo", Button).label = "Load demo data"
        self._say(str(exc))

    def _say(self, text: str) -> None:
        self.query_one("#first-message", Static).update(plain(text))
