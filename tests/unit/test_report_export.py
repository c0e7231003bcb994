"""The program report as files: tidy CSV read back with the csv module, printable HTML, text;
small counts hidden in files meant for outside the program."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date
from pathlib import Path

import pytest

from helpers import report_house
from peer_tui.models.audit import AuditLog
from peer_tui.models.people import House
from peer_tui.services import program_report
from peer_tui.services.errors import InvalidInput, NotFound
from peer_tui.services.report_export import CSV_COLUMNS, render, section_csv, shown_value
from peer_tui.services.report_model import COUNT, MEAN, SHARE, TOTAL, Figure
from peer_tui.services.report_scope import month_period

OCTOBER = month_period("2026-10")


@pytest.mark.parametrize("figure,threshold,shown", [
    (Figure("x", "x", 0), 5, "0"),  # a zero identifies nobody
    (Figure("x", "x", 1), 5, "<5"),
    (Figure("x", "x", 4), 5, "<5"),
    (Figure("x", "x", 5), 5, "5"),  # the threshold itself is shown
    (Figure("x", "x", 4), None, "4"),  # internal: nothing hidden
    (Figure("x", "x", 2), 1, "2"),  # a threshold of 1 hides nothing
    (Figure("x", "x", 2), 3, "<3"),
    (Figure("x", "x", 12.5, "days", kind=MEAN, n=4), 5, "n<5"),
    (Figure("x", "x", 12.5, "days", kind=MEAN, n=5), 5, "12.5"),
    (Figure("x", "x", 0.25, "share", kind=SHARE, n=2), 5, "n<5"),
    (Figure("x", "x", 1.0, "hours", kind=TOTAL), 5, "1.0"),  # hours are not people
    (Figure("x", "x", None, "days", kind=MEAN, n=0), 5, ""),
    (Figure("x", "x", 3, kind=COUNT), 5, "<5"),
])
def test_small_counts_are_hidden_outside(figure, threshold, shown):
    assert shown_value(figure, threshold) == shown


@pytest.fixture
def october(admin):
    report_house(admin)
    return program_report.program_report(admin, OCTOBER, internal=False,
                                         today=date(2026, 11, 26))


def tables(report, threshold):
    """Each section's CSV table read back with the csv module, by section key."""
    return {s.key: list(csv.DictReader(io.StringIO(section_csv(report, s, threshold))))
            for s in report.sections}


def test_csv_is_one_tidy_table_per_section_with_documented_columns(october):
    by_section = tables(october, 5)
    assert set(by_section) == {"residents", "engagement", "concerns", "referrals",
                               "capital", "interviews", "training"}
    for key, rows in by_section.items():
        assert rows and all(tuple(r) == CSV_COLUMNS for r in rows), key
    residents = by_section["residents"]
    served = next(r for r in residents if r["measure"] == "served")
    assert (served["value"], served["period_start"], served["period_end"]) == (
        "<5", "2026-10-01", "2026-10-31")  # 4 residents: a small cell
    day = next(r for r in residents if r["measure"] == "occupancy_by_day")
    assert day["breakdown"] == "2026-10-01"  # ISO dates
    stay = next(r for r in residents if r["measure"] == "length_of_stay_mean")
    assert (stay["value"], stay["n"]) == ("n<5", "2")
    hours = next(r for r in by_section["engagement"] if r["measure"] == "peer_support_hours")
    assert hours["value"] == "3.8"
    rows = [r for section in by_section.values() for r in section]
    assert not [r for r in rows if r["value"] not in ("", "0", "<5", "n<5")
                and r["kind"] == "count" and 0 < float(r["value"]) < 5]


def test_internal_csv_shows_everything_and_the_staff(admin):
    report_house(admin)
    report = program_report.program_report(admin, OCTOBER, today=date(2026, 11, 26))
    by_section = tables(report, None)
    assert next(r for r in by_section["residents"] if r["measure"] == "served")["value"] == "4"
    assert {"pat", "casey"} <= {r["breakdown"] for r in by_section["staff"]}


def test_html_and_text_say_who_the_file_is_for_and_escape_names(october, admin):
    House.update(name='<script>x</script> & "[b]Harbor[/]"\x1b[31m').execute()
    report = program_report.program_report(admin, OCTOBER, internal=False,
                                           today=date(2026, 11, 26))
    html = render(report, "html", 5)
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert "\x1b" not in html
    assert "counts from 1 to 4 are shown as &lt;5" in html
    assert "<h2>Residents</h2>" in html and "</table>" in html
    text = render(october, "txt", 5)
    assert text.startswith("Program report: October 2026 (2026-10-01 to 2026-10-31)")
    assert "Residents served (unduplicated)" in text and "<5" in text
    assert "Per staff member" not in text


def test_export_writes_new_private_files_and_is_audited(admin, tmp_path):
    report_house(admin)
    written = program_report.export_report(admin, OCTOBER, None, "csv",
                                           str(tmp_path / "october.csv"))
    assert [Path(p).name for p in written] == [
        f"october-{key}.csv" for key in ("residents", "engagement", "concerns", "referrals",
                                          "capital", "interviews", "training")]
    assert all(stat.S_IMODE(Path(p).stat().st_mode) == 0o600 for p in written)
    assert AuditLog.select().where(AuditLog.action == "report_export").count() == 1
    with pytest.raises(InvalidInput, match="already exists"):
        program_report.export_report(admin, OCTOBER, None, "csv", str(tmp_path / "october"))
    with pytest.raises(InvalidInput, match="csv, html or txt"):
        program_report.export_report(admin, OCTOBER, None, "pdf", str(tmp_path / "a.pdf"))
    assert not (tmp_path / "a.pdf").exists()
    assert AuditLog.select().where(AuditLog.action == "report_export").count() == 1
    inside = program_report.export_report(admin, OCTOBER, None, "csv",
                                          str(tmp_path / "board"), internal=True)
    assert "board-staff.csv" in [Path(p).name for p in inside]  # only in the program's own
    html = program_report.export_report(admin, OCTOBER, None, "html", str(tmp_path / "o.html"))
    assert html == [str(tmp_path / "o.html")]


def test_an_export_that_cannot_finish_leaves_no_file(admin, tmp_path):
    report_house(admin)
    out = tmp_path / "out"
    out.mkdir()
    (out / "nov-capital.csv").write_text("someone else's file")
    with pytest.raises(InvalidInput, match="nov-capital.csv already exists"):
        program_report.export_report(admin, OCTOBER, None, "csv", str(out / "nov.csv"))
    assert sorted(p.name for p in out.iterdir()) == ["nov-capital.csv"]
    assert (out / "nov-capital.csv").read_text() == "someone else's file"
    assert AuditLog.select().where(AuditLog.action == "report_export").count() == 0


def test_houses_by_name(admin):
    report_house(admin)
    assert program_report.house_named("") is None
    assert program_report.house_named("  main   HOUSE ") == House.get().id
    with pytest.raises(NotFound, match="No house is called"):
        program_report.house_named("Elm")


def test_files_are_removed_again_when_the_audit_row_cannot_be_saved(admin, tmp_path,
                                                                    monkeypatch):
    report_house(admin)

    record_read = program_report.audit.record_read

    def disk_full_at_export(actor, action, *args, **kwargs):
        if action == "report_export":
            raise OSError(28, "No space left on device")
        return record_read(actor, action, *args, **kwargs)

    monkeypatch.setattr(program_report.audit, "record_read", disk_full_at_export)
    with pytest.raises(InvalidInput, match="No space left"):
        program_report.export_report(admin, OCTOBER, None, "csv", str(tmp_path / "x" / "n"))
    assert not list((tmp_path / "x").iterdir())
