"""The kiosk in a real browser: `peer-tui kiosk --serve` opened in headless Chromium.

One browser start: the welcome page (kept as a screenshot), Spanish picked with L, sign-in with
the demo code and PIN typed into the kiosk, an answer tapped and the rest keyed, then staff's
database has the check-in, answered in Spanish. F12 ends the browser's session without reaching
the staff exit, the page asks for nothing from outside this computer, and neither the code
nor the PIN is in an address or in the server's log.

The screen is read from what the server sends the browser over the page's websocket (the
terminal's output), so each step waits for the words of the next screen before pressing on.
Needs Debian's chromium at /usr/bin/chromium (.ci/run installs it); Playwright drives it, its
own browser download is never used.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from peer_tui.models.db import database
from peer_tui.models.events import CheckIn, Event
from peer_tui.models.people import Resident

CHROMIUM = Path("/usr/bin/chromium")
# Without these, Chromium waits on the network this machine does not have.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TABLET = {"width": 1024, "height": 768}
STEP_SECONDS = 120  # how long a step may take on a busy machine (a kiosk process starting
# under a full suite takes tens of seconds) before the test gives up
CODE, PIN = "1001", "1357"
CURSOR_ON_PIN = r"P\x1b\[0m\x1b\[[0-9;]*mIN"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"no Chromium at {CHROMIUM}: install Debian's chromium package (.ci/run does)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STEP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "the kiosk server stopped"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listened on port {port}")


class Screen:
    """What the kiosk has drawn so far, as the browser received it."""

    def __init__(self, page) -> None:
        self.page = page
        self.frames: list[bytes] = []
        self.size: tuple[int, int] | None = None  # columns, rows
        page.on("websocket", self._socket)

    def _socket(self, socket_) -> None:
        query = parse_qs(urlparse(socket_.url).query)
        self.size = (int(query["width"][0]), int(query["height"][0]))
        socket_.on("framereceived", lambda frame: self.frames.append(
            frame if isinstance(frame, bytes) else frame.encode()))

    def text(self, since: int = 0) -> str:
        return b"".join(self.frames[since:]).decode("utf-8", "replace")

    def mark(self) -> int:
        return len(self.frames)

    def wait_for(self, words: str, since: int = 0) -> None:
        deadline = time.monotonic() + STEP_SECONDS
        while words not in self.text(since):
            assert time.monotonic() < deadline, (
                f"the kiosk never showed {words!r}; it sent: {self.text(since)[-3000:]!r}")
            self.page.wait_for_timeout(100)

    def wait_for_pattern(self, pattern: str, since: int = 0) -> None:
        deadline = time.monotonic() + STEP_SECONDS
        while not re.search(pattern, self.text(since)):
            assert time.monotonic() < deadline, (
                f"the kiosk never drew {pattern!r}; it sent: {self.text(since)[-3000:]!r}")
            self.page.wait_for_timeout(100)

    def press(self, key: str, then: str) -> None:
        """KEY, then wait for THEN (words of the screen it leads to)."""
        mark = self.mark()
        self.page.keyboard.press(key)
        self.wait_for(then, mark)

    def tap_cell(self, column: int, row: int, then: str) -> None:
        """A tap (a click) in the middle of the terminal cell at COLUMN, ROW."""
        box = self.page.locator(".xterm-screen").bounding_box()
        columns, rows = self.size
        x = box["x"] + (column + 0.5) * box["width"] / columns
        y = box["y"] + (row + 0.5) * box["height"] / rows
        mark = self.mark()
        self.page.mouse.click(x, y)
        self.wait_for(then, mark)


def test_a_check_in_in_spanish_through_a_real_browser(demo_db, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package (test extra) is missing")
    db_file = database.obj.database
    resident = Resident.get(Resident.kiosk_code == CODE)
    before = CheckIn.select().where(CheckIn.resident == resident).count()
    port = free_port()
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-P", "-m", "peer_tui", "--db", db_file, "kiosk", "--serve",
             "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    requested: list[str] = []
    try:
        wait_for_port(port, server)
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM),
                headless=True, args=CHROMIUM_ARGS, viewport=TABLET)
            page = browser.new_page()
            page.on("request", lambda request: requested.append(request.url))
            screen = Screen(page)
            page.goto(f"http://127.0.0.1:{port}/")
            screen.wait_for("Press Enter to check in")
            page.wait_for_timeout(500)  # the page fades the terminal in
            shot = tmp_path / "kiosk-welcome.png"
            page.screenshot(path=str(shot))
            print(f"welcome page screenshot: {shot}")
            assert "F12" not in screen.text()  # over the web there is no staff exit to name
            page.focus(".xterm-helper-textarea")  # where the terminal takes its keys

            screen.press("l", then="Pulse Enter para registrarse")
            screen.press("Enter", then="Su código del quiosco")
            page.keyboard.type(CODE)
            mark = screen.mark()
            page.keyboard.press("Enter")
            # The text cursor on the PIN field's placeholder ("P" drawn apart from "IN"): the
            # field has the keys now; typed on at machine speed they could overtake that.
            screen.wait_for_pattern(CURSOR_ON_PIN, mark)
            page.keyboard.type(PIN)
            screen.press("Enter", then="Pregunta 1 de 10")
            # Mood: a tap on the 4th answer (rows 4, 6, 8, 10: a row of room under each).
            screen.tap_cell(20, 10, then="Pregunta 2 de 10")
            screen.press("3", then="3")  # craving, typed
            for key, then in (("Enter", "Pregunta 3 de 10"), ("1", "Pregunta 4 de 10"),
                              ("1", "Pregunta 5 de 10"), ("Enter", "Pregunta 6 de 10"),
                              ("Enter", "Pregunta 7 de 10"), ("Enter", "Pregunta 8 de 10"),
                              ("2", "Pregunta 9 de 10"), ("1", "Pregunta 10 de 10")):
                screen.press(key, then=then)
            page.keyboard.type("hola")
            screen.press("Enter", then="Sus respuestas")
            assert "4 de 5 (Bien)" in screen.text()
            mark = screen.mark()
            page.keyboard.press("Enter")
            screen.wait_for_pattern(r"Una cosa más|Gracias\. Su registro está guardado", mark)
            if "Una cosa más" in screen.text(mark):  # the BARC-10 when due: next time
                screen.wait_for("Estas frases están en inglés", mark)  # validated in English
                screen.press("2", then="Gracias. Su registro está guardado.")

            mark = screen.mark()
            page.keyboard.press("F12")
            page.wait_for_selector("body.-closed", timeout=STEP_SECONDS * 1000)
            assert "Staff: leave kiosk mode" not in screen.text(mark)
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=STEP_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    assert CheckIn.select().where(CheckIn.resident == resident).count() == before + 1
    row = CheckIn.select().where(CheckIn.resident == resident).order_by(CheckIn.id.desc()).get()
    assert row.mood == 4 and row.craving == 3 and row.free_text == "hola"
    entry = Event.get(Event.checkin == row.id)
    assert entry.summary.startswith("Kiosk check-in (answered in Spanish)")
    assert "Mood:          4 of 5 (Good)" in entry.note  # staff read it in English
    # Everything the page asked for came from the kiosk server itself (no font CDN).
    assert requested and all(url.startswith(f"http://127.0.0.1:{port}/") or
                             url.startswith(f"ws://127.0.0.1:{port}/") for url in requested)
    assert not any(CODE in url or PIN in url for url in requested)
    served_log = log.read_text(encoding="utf-8", errors="replace")
    assert "GET / 200" in served_log  # the log is there, and it holds no code or PIN
    assert CODE not in served_log and PIN not in served_log
