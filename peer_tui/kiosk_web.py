"""``peer-tui kiosk --serve``: the kiosk in a browser (a tablet in the common room).

textual-serve runs one kiosk process per browser session (``peer-tui kiosk --served``), with the
same lockdown, idle reset and crisis path as at the house computer; only the kiosk is reachable,
and there F12 ends the browser's session instead of opening the staff exit. The page is our own
copy of textual-serve's (``assets/web/app_index.html``): the original loads its font from a font
CDN, this one from the fonts textual-serve ships, so the kiosk works with no internet.

Nothing secret travels in a URL: a resident types the code and PIN into the kiosk itself, and the
keys go over the page's websocket. The access log names the method, the path (never a query
string) and the status, and the server's start-up line names no database.
"""

from __future__ import annotations

import asyncio
import ipaddress
import shlex
import signal
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
FONT_SIZE = 20  # a tablet at arm's length; ?fontsize=N on the address changes it
TITLE = "peer-tui kiosk"


def is_local(host: str) -> bool:
    """True when HOST only takes connections from this computer."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposed_warning(host: str, port: int) -> str:
    return (f"peer-tui: the kiosk is served on {host}:{port}, beyond this computer: keep it on "
            "the house network behind its firewall, or behind a TLS reverse proxy (README, "
            "\"The kiosk in a browser\").")


def kiosk_command(db: str | None, house: str = "") -> str:
    """The command each browser session runs: this Python, this program, the same database,
    the same house (with several houses, the one the server was started for)."""
    # -P: not the working directory first on the import path (it may be a source checkout,
    # where peer_tui.models does not exist): the installed program, as `peer-tui` runs it.
    command = [sys.executable, "-P", "-m", "peer_tui"]
    if db:
        command += ["--db", db]
    command += ["kiosk", "--served"]
    if house:
        command += ["--house", house]
    return shlex.join(command)


class PathOnlyAccessLogger(AbstractAccessLogger):
    """One line per request, without its query string or headers."""

    def log(self, request, response, time) -> None:
        self.logger.info("%s %s %s %s", request.remote, request.method, request.path,
                         response.status)


class KioskServer(Server):
    """textual-serve's server with the kiosk's page, quiet about its command, and its page's
    addresses taken from the request (so it works behind a proxy and on any bound address)."""

    def __init__(self, command: str, host: str, port: int) -> None:
        web_assets = Path(str(files("peer_tui.assets").joinpath("web")))
        super().__init__(command, host=host, port=port, title=TITLE,
                         templates_path=web_assets)

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"Serving the peer-tui kiosk on http://{self.host}:{self.port}/ "
                           "(Ctrl+C stops it)", highlight=False, markup=False)

    def serve(self, debug: bool = False) -> None:
        """textual-serve's ``serve``, with an access log that never shows a query string."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        except NotImplementedError:
            pass
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False,
                    loop=loop, print=lambda *args: None,
                    access_log_class=PathOnlyAccessLogger)

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        try:
            font_size = max(8, min(64, int(request.query.get("fontsize", FONT_SIZE))))
        except ValueError:
            font_size = FONT_SIZE
        # Behind a TLS proxy the browser speaks https (and so wss) to the proxy.
        secure = request.secure or request.headers.get("X-Forwarded-Proto") == "https"
        host = request.host
        socket_path = request.app.router["websocket"].url_for()
        static_path = request.app.router["static"].url_for(filename="/")
        return {
            "font_size": font_size,
            "app_websocket_url": f"{'wss' if secure else 'ws'}://{host}{socket_path}",
            "config": {"static": {"url": str(static_path).rstrip("/") + "/"}},
            "application": {"name": self.title},
        }


def serve(db: str | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          house: str = "") -> int:
    """Serve the kiosk until Ctrl+C (or SIGTERM). Warns first when HOST is not this computer."""
    if not is_local(host):
        print(exposed_warning(host, port), file=sys.stderr)
    KioskServer(kiosk_command(db, house), host, port).serve()
    return 0


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "KioskServer", "exposed_warning", "is_local",
           "kiosk_command", "serve"]
