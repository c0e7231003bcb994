"""peer-tui report: the program report written as CSV, HTML or text from the command line,
read back with Python's csv module; every mistake one line, before the PIN when it can be."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest


def run(*args, stdin: str = "2468\n"):
    env = {**os.environ, "PEER_TUI_DATABASE": ""}
    return subprocess.run([sys.executable, "-m", "peer_tui", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("report") / "demo.db"
    made = run("--db", str(db), "demo", stdin="")
    assert made.returncode == 0, made.stderr
    return db


def one_line(result) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_csv_for_a_month_is_a_table_per_section_that_opens_with_the_csv_module(demo, tmp_path):
    done = run("--db", str(demo), "report", "--month", "2026-10", "--format", "csv",
               "--out", str(tmp_path / "october.csv"), "--user", "casey")
    assert done.returncode == 0, done.stderr
    assert "for outside the program" in done.stdout and "one table per section" in done.stdout
    sections = ("residents", "engagement", "concerns", "referrals", "capital", "interviews",
                "training")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"october-{key}.csv" for key in sections)  # no per-staff table outside the program
    for key in sections:
        assert str(tmp_path / f"october-{key}.csv") in done.stdout
        with open(tmp_path / f"october-{key}.csv", newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, key
        assert rows[0]["period_start"] == "2026-10-01" and rows[0]["period_end"] == "2026-10-31"
        assert all(r["value"] not in {"1", "2", "3", "4"} for r in rows if r["kind"] == "count")


@pytest.mark.parametrize("fmt,marker", [("html", "<h2>Per staff member (supervision)</h2>"),
                                        ("txt", "Per staff member (supervision)")])
def test_internal_html_and_text_for_a_date_range(demo, tmp_path, fmt, marker):
    out = tmp_path / f"week.{fmt}"
    done = run("--db", str(demo), "report", "--from", "2026-10-05", "--to", "2026-10-11",
               "--format", fmt, "--out", str(out), "--user", "admin", "--internal")
    assert done.returncode == 0, done.stderr
    assert marker in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args,words", [
    (("--month", "2026-13"), "Give the month as YYYY-MM"),
    (("--month", "2026-10", "--from", "2026-10-01", "--to", "2026-10-02"), "not both"),
    (("--from", "2026-10-01"), "needs both --from and --to"),
    (("--from", "yesterday", "--to", "2026-10-02"), "YYYY-MM-DD"),
    (("--from", "2026-10-09", "--to", "2026-10-02"), "before the start date"),
    (("--house", "Nowhere"), "No house is called 'Nowhere'"),
])
def test_mistakes_are_one_line_before_the_pin(demo, tmp_path, args, words):
    out = tmp_path / "x.csv"
    failed = run("--db", str(demo), "report", *args, "--format", "csv", "--out", str(out),
                 "--user", "casey", stdin="")
    assert words in one_line(failed)
    assert not list(tmp_path.iterdir())


def test_roles_pins_and_existing_files(demo, tmp_path):
    out = tmp_path / "r.txt"
    base = ("--db", str(demo), "report", "--format", "txt", "--out", str(out))
    assert "cannot export program reports" in one_line(run(*base, "--user", "pat"))
    assert "cannot export program reports" in one_line(run(*base, "--user", "frank"))
    assert "not right" in one_line(run(*base, "--user", "casey", stdin="1111\n"))
    assert not out.exists()
    assert run(*base, "--user", "casey").returncode == 0
    assert "already exists" in one_line(run(*base, "--user", "casey"))


def test_a_house_one_does_not_work_in_is_refused(demo, tmp_path):
    """A second house and a case manager who works only there: she may report on her house,
    not on Harbor House, and not on the whole organisation (she does not work in every house)."""
    import shutil

    from peer_tui.models.db import close_database
    from peer_tui.services import auth, house
    from peer_tui.storage import open_and_upgrade

    db = tmp_path / "two.db"
    shutil.copy(demo, db)
    open_and_upgrade(str(db), create=False)
    try:
        house.add_house("Cedar House")
        cedar = house.house_ids_named(["Cedar House"])
        auth.create_staff("cora", "Cora Diaz", "case_manager", "2468", houses=cedar)
    finally:
        close_database()
    base = ("--db", str(db), "report", "--month", "2026-10", "--format", "csv",
            "--user", "cora")
    refused = one_line(run(*base, "--house", "Harbor House", "--out", str(tmp_path / "h.csv")))
    assert "You do not work in Harbor House" in refused
    refused = one_line(run(*base, "--out", str(tmp_path / "all.csv")))
    assert "every house: choose one of yours (Cedar House)" in refused
    assert sorted(p.name for p in tmp_path.iterdir()) == ["two.db"]  # nothing written
    done = run(*base, "--house", "cedar house", "--out", str(tmp_path / "c.csv"))
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "c-residents.csv", newline="", encoding="utf-8") as handle:
        assert {r["house"] for r in csv.DictReader(handle)} == {"Cedar House"}
