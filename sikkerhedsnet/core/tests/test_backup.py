"""Backup, backup_check and restore, on whichever engine the suite runs (SQLite file or PostgreSQL)."""

import gzip
import io
import json
import stat
import tarfile

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Document, JournalEntry
from sikkerhedsnet.children.tests.factories import JournalEntryFactory
from sikkerhedsnet.core import backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"  # the safety copies go here
    return settings.MEDIA_ROOT


@pytest.fixture
def notes(child):
    return JournalEntryFactory.create_batch(3, child=child)


def _payload(archive, tmp_path):
    """The archive's decrypted payload (a .tar.gz), checked with the configured key."""
    plain = tmp_path / "payload.tar.gz"
    backup.decrypt_archive(archive, plain)
    return plain


def _rewrite(archive, out, change):
    """Copy an archive with the configured key (as someone holding the key would), passing each member's bytes
    through change(name, data); a member for which it returns None is left out."""
    work = out.with_name(out.name + ".d")
    work.mkdir()
    with tarfile.open(_payload(archive, work), "r:gz") as src, tarfile.open(work / "new.tar.gz", "w:gz") as dst:
        for member in src.getmembers():
            data = change(member.name, src.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                dst.addfile(member, io.BytesIO(data))
    backup.encrypt_archive(work / "new.tar.gz", out)
    return out


def _flip_byte(archive, out, at):
    data = bytearray(archive.read_bytes())
    data[at] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def _live_state(media):
    return JournalEntry.objects.count(), sorted(p.name for p in media.rglob("*") if p.is_file())


@pytest.fixture
def upload(media):
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "keep.pdf").write_bytes(b"%PDF-1.4 keep")


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
    backup.encrypt_archive(evil, tmp_path / "evil.tar.gz.enc")  # signed with the right key: only the path is wrong
    with pytest.raises(backup.BackupError, match="outside"):
        backup.restore(tmp_path / "evil.tar.gz.enc")
    assert not (tmp_path.parent / "outside.txt").exists()


def test_database_is_empty_false_with_rows(db, notes) -> None:
    assert backup.database_is_empty() is False


# ------------------------------------------------------------------ issue #20, Medium 9: validate, safety copy, keys


def _without_database(name, data):
    if name == "manifest.json":
        manifest = json.loads(data)
        del manifest["database_file"]
        manifest["files"] = {}
        return json.dumps(manifest).encode()
    return None if name in (backup.SQLITE_FILE, backup.PG_FILE) or name.startswith("media/") else data


def test_restore_refuses_an_archive_without_the_database_and_changes_nothing(tmp_path, media, notes, upload) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz.enc")
    before = _live_state(media)
    with pytest.raises(CommandError, match="names no database dump"):
        call_command("restore", str(_rewrite(path, tmp_path / "n.tar.gz.enc", _without_database)), "--yes")
    assert _live_state(media) == before == (3, ["keep.pdf"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda name, data: None if name == backup.SQLITE_FILE or name == backup.PG_FILE else data, "missing"),
        (lambda name, data: None if name.startswith("media/") else data, "media/documents/keep.pdf: missing"),
        (lambda name, data: data + b"x" if name.startswith("media/") else data, "size differs"),
        (lambda name, data: b"%PDF-1.4 KEEP" if name.startswith("media/") else data, "checksum differs"),
        (
            lambda name, data: (
                json.dumps(json.loads(data) | {"tables": {"django_migrations": 1}}).encode()
                if name == "manifest.json"
                else data
            ),
            "rows restored",
        ),
        (lambda name, data: None if name == "manifest.json" else data, "no manifest"),
    ],
    ids=["database-missing", "file-missing", "size", "checksum", "row-counts", "no-manifest"],
)
def test_restore_refuses_an_incomplete_archive_and_changes_nothing(
    tmp_path, media, notes, upload, change, message
) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz.enc")
    JournalEntryFactory(child=notes[0].child)
    before = _live_state(media)
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(_rewrite(path, tmp_path / "n.tar.gz.enc", change))
    assert _live_state(media) == before and not (media.parent / "backups" / "safety").exists()


def test_restore_refuses_a_file_the_manifest_does_not_list(tmp_path, media, notes) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz.enc")
    work = tmp_path / "w"
    work.mkdir()
    plain = _payload(path, work)
    with tarfile.open(plain, "r:gz") as src, tarfile.open(work / "x.tar.gz", "w:gz") as dst:
        for member in src.getmembers():
            dst.addfile(member, src.extractfile(member))
        extra = tarfile.TarInfo("media/planted.html")
        extra.size = 3
        dst.addfile(extra, io.BytesIO(b"<x>"))
    backup.encrypt_archive(work / "x.tar.gz", tmp_path / "x.tar.gz.enc")
    with pytest.raises(backup.BackupError, match="planted.html: in the archive but not in the manifest"):
        backup.restore(tmp_path / "x.tar.gz.enc")


@pytest.mark.parametrize("where", ["header", "middle", "signature"])
def test_restore_refuses_an_archive_with_one_byte_changed(tmp_path, media, notes, upload, where) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz.enc")
    size = path.stat().st_size
    at = {"header": len(backup.MAGIC) + 10, "middle": size // 2, "signature": size - 1}[where]
    before = _live_state(media)
    with pytest.raises(CommandError, match="Restore refused"):
        call_command("restore", str(_flip_byte(path, tmp_path / "t.tar.gz.enc", at)), "--yes")
    assert _live_state(media) == before


def test_backup_check_refuses_a_tampered_archive(tmp_path, media, notes) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz.enc")
    tampered = _flip_byte(path, tmp_path / "t.tar.gz.enc", path.stat().st_size // 2)
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("backup_check", str(tampered))


def test_restore_refuses_an_archive_made_with_another_key(tmp_path, media, notes, settings) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz.enc")
    settings.BACKUP_KEY = "another-key-" + "x" * 40
    with pytest.raises(backup.BackupError, match="made with another BACKUP_KEY"):
        backup.restore(path)
    assert JournalEntry.objects.count() == 3


def test_restore_refuses_a_plain_archive_from_before_encryption(tmp_path, media, notes) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz.enc")
    plain = _payload(path, tmp_path)  # what format 1 was: a .tar.gz, neither encrypted nor signed
    with pytest.raises(backup.BackupError, match="before backups were encrypted"):
        backup.restore(plain)


def test_backup_archive_is_encrypted(tmp_path, media, notes) -> None:
    notes[0].text = "Hemmelig note om barnet 7b1f"
    notes[0].save()
    path, _ = backup.backup_create(tmp_path / "b.tar.gz.enc")
    raw = path.read_bytes()
    assert raw.startswith(backup.MAGIC) and b"manifest.json" not in raw and b"7b1f" not in raw


def test_backup_refuses_to_run_without_a_key(tmp_path, media, settings) -> None:
    settings.BACKUP_KEY = ""
    with pytest.raises(backup.BackupError, match="BACKUP_KEY"):
        backup.backup_create(tmp_path / "b.tar.gz.enc")
    assert not list(tmp_path.glob("b.tar.gz.enc*"))


def test_backup_leaves_out_the_sessions(tmp_path, media, notes) -> None:
    Session.objects.create(session_key="livesessionkey0123456789abcdefgh", session_data="x", expire_date=timezone.now())
    path, manifest = backup.backup_create(tmp_path / "b.tar.gz.enc")
    payload = gzip.decompress(_payload(path, tmp_path).read_bytes())
    call_command("restore", str(path), "--yes", stdout=io.StringIO())
    assert (manifest["tables"]["django_session"], b"livesessionkey" in payload, Session.objects.count()) == (
        0,
        False,
        0,
    )


def test_restore_takes_a_safety_copy_that_brings_back_the_state_before(tmp_path, media, notes, upload) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz.enc")
    JournalEntryFactory(child=notes[0].child)
    (media / "documents" / "later.pdf").write_bytes(b"%PDF-1.4 later")
    out = io.StringIO()
    call_command("restore", str(path), "--yes", stdout=out)
    safety = next((tmp_path / "backups" / "safety").glob("*-before-restore-*.tar.gz.enc"))
    assert f"Safety copy of the current database and uploaded files: {safety}" in out.getvalue()
    assert _live_state(media) == (3, ["keep.pdf"])
    call_command("restore", str(safety), "--yes", stdout=io.StringIO())
    assert _live_state(media) == (4, ["keep.pdf", "later.pdf"])


def test_restore_puts_the_safety_copy_back_when_it_fails_midway(tmp_path, media, notes, upload, monkeypatch) -> None:
    path, _ = backup.backup_create(tmp_path / "b.tar.gz.enc")
    JournalEntryFactory(child=notes[0].child)
    before = _live_state(media)
    real = backup._replace_media
    calls = []

    def fail_once(source):
        calls.append(source)
        if len(calls) == 1:
            raise OSError("disk full")
        real(source)

    monkeypatch.setattr(backup, "_replace_media", fail_once)
    with pytest.raises(backup.BackupError, match="put back from the safety copy"):
        backup.restore(path)
    assert _live_state(media) == before == (4, ["keep.pdf"])


def test_backup_key_check_refuses_a_missing_key_in_production(settings) -> None:
    settings.PRODUCTION = True
    settings.BACKUP_KEY = ""
    assert [m.id for m in backup.backup_key_check()] == ["backup.E001"]


def test_backup_key_check_refuses_the_development_key_in_production(settings) -> None:
    settings.PRODUCTION = True
    settings.BACKUP_KEY = settings.BACKUP_KEY_DEVELOPMENT
    assert [m.id for m in backup.backup_key_check()] == ["backup.E001"]
