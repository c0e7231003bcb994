"""`peer-tui kiosk --serve` without a browser: the page ships inside the package, its addresses
come from the request (a proxy, any bound address), binding beyond this computer warns in one
line, and each browser session runs the kiosk on the same database with no staff exit."""

from __future__ import annotations

import re
import shlex
import sys

import pytest
from aiohttp.test_utils import TestClient, TestServer

from peer_tui import cli, kiosk_web


@pytest.fixture
async def client():
    server = kiosk_web.KioskServer(kiosk_web.kiosk_command(None), "127.0.0.1", 8080)
    async with TestClient(TestServer(await server._make_app())) as client:
        yield client


async def test_the_page_and_its_font_come_from_the_package(client):
    response = await client.get("/")
    page = await response.text()
    assert response.status == 200
    assert not re.search(r"https?://", page.replace('xmlns="http://www.w3.org', "")), \
        "the page must not load anything from outside the kiosk server"
    for path in re.findall(r'(?:href|src)="([^"]+)"|url\("([^"]+)"\)', page):
        url = next(p for p in path if p)
        assert url.startswith("/static/"), url
        asset = await client.get(url)
        assert asset.status == 200, url
    assert "RobotoMono-VariableFont_wght.ttf" in page
    assert "Sesión terminada" in page  # the page's own words, after F12, in both languages


async def test_the_page_follows_the_address_it_was_asked_on(client):
    page = await (await client.get("/", headers={"Host": "kiosk.house.example"})).text()
    assert 'data-session-websocket-url="ws://kiosk.house.example/ws"' in page
    page = await (await client.get("/", headers={"Host": "kiosk.house.example",
                                                 "X-Forwarded-Proto": "https"})).text()
    assert 'data-session-websocket-url="wss://kiosk.house.example/ws"' in page


@pytest.mark.parametrize("size, expected", [("", 20), ("28", 28), ("x", 20), ("500", 64)])
async def test_the_font_size_is_tablet_sized_and_bounded(client, size, expected):
    page = await (await client.get(f"/?fontsize={size}" if size else "/")).text()
    assert f'data-font-size="{expected}"' in page


def test_each_session_runs_the_served_kiosk_on_the_same_database():
    words = shlex.split(kiosk_web.kiosk_command("/srv/a house/house.db"))
    assert words[:4] == [sys.executable, "-P", "-m", "peer_tui"]
    assert words[4:] == ["--db", "/srv/a house/house.db", "kiosk", "--served"]
    assert "--db" not in shlex.split(kiosk_web.kiosk_command(None))
    # With several houses, every session is the kiosk of the house the server was started for.
    words = shlex.split(kiosk_web.kiosk_command("/srv/org.db", "Cedar House"))
    assert words[-4:] == ["kiosk", "--served", "--house", "Cedar House"]


@pytest.mark.parametrize("host, local", [("127.0.0.1", True), ("localhost", True),
                                         ("::1", True), ("127.0.0.2", True),
                                         ("0.0.0.0", False), ("192.168.1.20", False),
                                         ("::", False), ("kiosk.example", False)])
def test_binding_beyond_this_computer_warns_in_one_line(monkeypatch, capsys, host, local):
    monkeypatch.setattr(kiosk_web.KioskServer, "serve", lambda self: None)
    assert kiosk_web.serve(None, host, 8080) == 0
    err = capsys.readouterr().err
    if local:
        assert err == ""
    else:
        assert err.count("\n") == 1 and f"{host}:8080" in err
        assert "TLS reverse proxy" in err and "house network" in err


def test_host_and_port_belong_to_serve(db, capsys):
    db_file = db.obj.database
    assert cli.main(["--db", db_file, "kiosk", "--port", "8080"]) == 2
    assert "--host and --port go with --serve" in capsys.readouterr().err


def test_a_port_out_of_range_is_refused(demo_db, capsys):
    assert cli.main(["--db", demo_db.obj.database, "kiosk", "--serve", "--port", "70000"]) == 2
    assert "--port 70000 is not a port" in capsys.readouterr().err


@pytest.mark.parametrize("flag, driver, served", [
    (True, "textual.drivers.web_driver:WebDriver", True),
    (True, "", False),  # typed at the house computer: F12 stays the staff exit
    (False, "textual.drivers.web_driver:WebDriver", False),
])
def test_only_textual_serve_makes_a_served_session(monkeypatch, flag, driver, served):
    from argparse import Namespace

    from peer_tui.commands import served_session

    monkeypatch.setenv("TEXTUAL_DRIVER", driver)
    assert served_session(Namespace(served=flag)) is served
