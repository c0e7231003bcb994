"""The daily backup runs beside the starting app, in its own connection."""

from peer_tui.services import backup


def test_background_backup_makes_the_daily_copy(demo_db):
    daily = backup.BackgroundBackup(keep=3)
    assert daily.join() == ""
    copies = list(backup.backup_folder().glob("*-auto-*.db"))
    assert len(copies) == 1 and backup.integrity_of(copies[0]) == "ok"


def test_background_backup_reports_instead_of_raising(demo_db, monkeypatch):
    def broken(keep):
        raise OSError("No space left on device")

    monkeypatch.setattr(backup, "automatic_backup", broken)
    assert "No space left" in backup.BackgroundBackup(keep=3).join()
