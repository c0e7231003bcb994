"""The transcript and the certificate: text and HTML, escaped, audited, own or coordinator."""

from __future__ import annotations

import pytest

from peer_tui.models.audit import AuditLog
from peer_tui.models.training import Trainee
from peer_tui.services import auth
from peer_tui.services import training as tr
from peer_tui.services import training_document as doc
from peer_tui.services.errors import InvalidInput, PermissionDenied


@pytest.fixture
def actors(demo_db):
    return {u: auth.sign_in(u, "2468").actor for u in ("casey", "pat", "frank")}


def trainee(name: str) -> int:
    return Trainee.get(Trainee.name == name).id


def test_transcript_text_and_html(actors, tmp_path):
    chris = trainee("Chris Walker")
    Trainee.update(name="Chris <script>x</script> [b]W").where(Trainee.id == chris).execute()
    text = doc.export(actors["casey"], chris, "transcript", "txt",
                      str(tmp_path / "t.txt")).read_text()
    assert "TRAINING TRANSCRIPT" in text and "Chris <script>x</script> [b]W" in text
    assert "STILL TO DO" in text and "of 72 hours" in text and "History of the peer" in text
    page = doc.export(actors["casey"], chris, "transcript", "html",
                      str(tmp_path / "t.html")).read_text()
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert oct((tmp_path / "t.html").stat().st_mode & 0o777) == "0o600"
    assert AuditLog.select().where(AuditLog.action == "training_transcript_export").count() == 2
    with pytest.raises(InvalidInput, match="already exists"):
        doc.export(actors["casey"], chris, "transcript", "txt", str(tmp_path / "t.txt"))


def test_certificate_only_once_complete(actors, tmp_path):
    with pytest.raises(InvalidInput, match="not complete"):
        doc.export(actors["casey"], trainee("Chris Walker"), "certificate", "txt",
                   str(tmp_path / "c.txt"))
    assert not (tmp_path / "c.txt").exists()
    text = doc.export(actors["casey"], trainee("Jordan Ellis"), "certificate", "txt",
                      str(tmp_path / "c.txt")).read_text()
    assert "CERTIFICATE OF COMPLETION" in text and "Jordan Ellis" in text
    assert "completed the 72-hour course" in text


def test_staff_print_their_own_only(actors, tmp_path):
    pat = actors["pat"]
    own = tr.my_trainee_id(pat)
    assert doc.export(pat, own, "certificate", "html", str(tmp_path / "p.html")).exists()
    with pytest.raises(PermissionDenied):
        doc.export(pat, trainee("Chris Walker"), "transcript", "txt", str(tmp_path / "x.txt"))
    with pytest.raises(PermissionDenied):
        doc.export(actors["frank"], own, "transcript", "txt", str(tmp_path / "y.txt"))
    assert not (tmp_path / "x.txt").exists() and not (tmp_path / "y.txt").exists()


def test_the_transcript_says_nothing_of_a_linked_resident(actors, tmp_path):
    rosa = Trainee.get(Trainee.name == "Rosa Jim\u00e9nez")
    assert rosa.resident_id is not None  # the demo links her to a former resident
    text = doc.export(actors["casey"], rosa.id, "transcript", "txt",
                      str(tmp_path / "r.txt")).read_text().lower()
    assert "resident" not in text and "alumni" not in text and "discharg" not in text


def test_the_document_names_the_house_of_the_session_that_prints_it(actors, tmp_path):
    from peer_tui.models.people import House
    from peer_tui.services import house_scope

    home = House.get_by_id(actors["casey"].house_id).name
    chris = trainee("Chris Walker")
    text = doc.export(actors["casey"], chris, "transcript", "txt",
                      str(tmp_path / "one.txt")).read_text()
    assert home in text
    cedar = House.create(name="Cedar House").id
    admin = auth.sign_in("admin", "2468").actor
    here = house_scope.switch(admin, cedar)
    text = doc.export(here, chris, "transcript", "txt", str(tmp_path / "cedar.txt")).read_text()
    assert "Cedar House" in text and home not in text
    everywhere = house_scope.switch(admin, None)
    assert everywhere.house_id is None
    text = doc.export(everywhere, chris, "transcript", "txt",
                      str(tmp_path / "all.txt")).read_text()
    assert "Cedar House" not in text and home not in text and "peer-tui" in text
