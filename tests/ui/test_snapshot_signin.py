"""Visual regression of the sign-in screen (demo database)."""

from helpers import make_app


def test_sign_in_screen(demo_db, snap_compare):
    assert snap_compare(make_app(), terminal_size=(100, 30))


def test_sign_in_screen_80x24(demo_db, snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24))
