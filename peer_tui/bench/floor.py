"""Child process: what bare Textual costs for the steps the app takes, in this run.

The app's numbers only mean something beside what Textual itself needs on the same machine
at the same moment, so every benchmark run measures the floor too:

- ``plain_screen_ms``: push a screen of Header, two Statics and Footer, to painted (the whole
  screen, as the app's screens are measured: the footer's last key, the command palette's,
  comes a frame or two after the rest);
- ``line_scroll_ms``: a Line-API list (``ScrollView`` + ``render_line``) of 20,000 rows on
  such a screen, ``scroll_to`` a row near its middle, to the list painted (as the app's
  lists are measured).

"Painted" is the probe's (``probe.painted``): shown for good, the first frame after which
nothing of it changes.

Prints one JSON object of medians (milliseconds) on stdout.

    python -m peer_tui.bench.floor [--repeat N]
"""

from __future__ import annotations

import asyncio
import json
import sys
from statistics import median
from time import perf_counter

from rich.text import Text
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Header, Static

from peer_tui.bench.probe import painted

SIZE = (100, 30)
ROWS = 20_000


class PlainScreen(Screen):
    def compose(self):
        yield Header()
        yield Static("A line of text", id="one")
        yield Static("Another line of text", id="two")
        yield Footer()


class Lines(ScrollView):
    """The least a Line-API list does: one Strip per visible row."""

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width or SIZE[0], ROWS)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if index >= ROWS:
            return Strip.blank(self.size.width)
        text = Text(f"{index:>6}  2026-11-26 10:{index % 60:02d}  Contact  "
                    f"Talked about the week ahead, row {index}")
        text.truncate(self.size.width, pad=True)
        return Strip(text.render(self.app.console), self.size.width)


class ListScreen(Screen):
    def compose(self):
        yield Header()
        yield Lines()
        yield Footer()


class Floor(App):
    pass


async def measure(repeat: int) -> dict:
    app = Floor()
    plain, scroll = [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(repeat):
            screen = PlainScreen()
            start = perf_counter()
            app.push_screen(screen)
            done = await painted(app, lambda: app.screen is screen
                                 and screen.query_one("#two").is_mounted)
            plain.append((done - start) * 1000)
            await app.pop_screen()
            await pilot.pause()
        screen = ListScreen()
        await app.push_screen(screen)
        lines = screen.query_one(Lines)
        await painted(app, lambda: lines.size.height > 0)
        for i in range(repeat):
            target = ROWS // 2 + (i % 2) * 37  # alternate, so every scroll moves
            start = perf_counter()
            lines.scroll_to(y=target, animate=False, immediate=True)
            done = await painted(app, lambda: lines.scroll_offset.y == target,
                                 area=lambda: lines.region)
            scroll.append((done - start) * 1000)
            await asyncio.sleep(0.02)
    return {"plain_screen_ms": round(median(plain), 2),
            "line_scroll_ms": round(median(scroll), 2),
            "samples": {"plain_screen_ms": plain, "line_scroll_ms": scroll}}


def main(argv: list[str]) -> int:
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 7
    sys.stdout.write(json.dumps(asyncio.run(measure(max(1, repeat)))) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
