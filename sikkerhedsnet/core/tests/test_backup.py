"""Backup, backup_check and restore, on whichever engine the suite runs (SQLite file or PostgreSQL)."""

import io
import json
import stat
import tarfile

import pytest
from django.core.management import CommandError, call_command

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Document, JournalEntry
from sikkerhedsnet.children.tests.factories import JournalEntryFactory
from sikkerhedsnet.core import backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def notes(child):
    return JournalEntryFactory.create_batch(3, child=child)


def _rewrite(archive, out, change):
    """Copy an archive, passing each member's bytes through change(name, data)."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = change(member.name, src.extractfile(member).read())
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return out


def test_backup_check_restored_copy_matches_counts_and_audit(tmp_path, media, notes) -> None:
    path, manifest = backup.backup_create(tmp_path / "b.tar.gz")
    result = backup.backup_check(path)
    assert (result.ok, result.rows_compared) == (True, sum(manifest["tables"].values()))


def test_backup_manifest_counts_every_table(tmp_path, media, notes) -> None:
    _, manifest = backup.backup_create(tmp_path / "b.tar.gz")
    assert manifest["tables"]["children_journalentry"] == 3 and "audit_auditevent" in manifest["tables"]


def test_backup_archive_is_readable_by_owner_only(tmp_path, media, notes) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_backup_check_detects_a_corrupt_database_copy(tmp_path, media, notes) -> None:
    path, manifest = backup.backup_create(tmp_path / "b.tar.gz")
    corrupt = _rewrite(
        path, tmp_path / "c.tar.gz", lambda n, d: d[:-10] + b"x" * 10 if n == manifest["database_file"] else d
    )
    result = backup.backup_check(corrupt)
    assert not result.ok and "checksum differs" in result.mismatches[0]


def test_backup_check_detects_row_count_differing_from_manifest(tmp_path, media, notes) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz")

    def lie(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"]["children_journalentry"] = 4
        return json.dumps(manifest).encode()

    result = backup.backup_check(_rewrite(path, tmp_path / "c.tar.gz", lie))
    assert result.mismatches == ["table children_journalentry: 3 rows restored, 4 in the backup"]


def test_backup_check_detects_a_broken_audit_chain_in_the_backup(tmp_path, media, notes) -> None:
    audit.record(by=None, type=AuditEvent.Type.LOGIN)
    audit.record(by=None, type=AuditEvent.Type.LOGOUT)
    AuditEvent.objects.filter(seq=1).update(reason="changed afterwards")
    path, _ = backup.backup_create(tmp_path / "b.tar.gz")
    result = backup.backup_check(path)
    assert (result.ok, result.audit_ok, result.mismatches) == (False, False, [])


def test_backup_command_with_verify_reports_ok(tmp_path, media, notes) -> None:
    out = io.StringIO()
    call_command("backup", str(tmp_path / "b.tar.gz"), "--verify", stdout=out)
    assert "Backup check OK" in out.getvalue()


def test_restore_refuses_a_database_with_data_without_yes(tmp_path, media, notes) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(path))


def test_restore_with_yes_brings_back_deleted_notes(tmp_path, media, notes) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz")
    JournalEntry.objects.all().delete()
    call_command("restore", str(path), "--yes", stdout=io.StringIO())
    assert JournalEntry.objects.count() == 3


def test_restore_brings_back_uploaded_documents(tmp_path, media, child, caseworker) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sikkerhedsnet.children.services import document_upload

    doc = document_upload(
        by=caseworker, child=child, title="Referat", upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x"), max_bytes=10**6
    )
    path, _ = backup.backup_create(tmp_path / "b.tar.gz")
    (media / doc.file.name).unlink()
    call_command("restore", str(path), "--yes", stdout=io.StringIO())
    with Document.objects.get().file.open("rb") as restored:
        assert restored.read() == b"%PDF-1.4 x"


def test_restore_refuses_a_backup_of_the_other_engine(tmp_path, media, notes) -> None:
    path, manifest = backup.backup_create(tmp_path / "b.tar.gz")
    other = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"

    def swap(name, data):
        return json.dumps(json.loads(data) | {"engine": other}).encode() if name == "manifest.json" else data

    with pytest.raises(backup.BackupError, match="configured database"):
        backup.restore(_rewrite(path, tmp_path / "o.tar.gz", swap))


def test_restore_refuses_an_archive_with_a_path_outside_the_tree(tmp_path, media) -> None:
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("../../outside.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(tarfile.OutsideDestinationError):
        backup.restore(evil)


def test_database_is_empty_false_with_rows(db, notes) -> None:
    assert backup.database_is_empty() is False
