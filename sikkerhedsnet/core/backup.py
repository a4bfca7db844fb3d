"""Backup, restore and restore-check of the database and the uploaded files.

A backup is one file, an encrypted and signed container (format 2, docs/hardening.md §2):

    MAGIC                b"SIKKERHEDSNET-BACKUP\n"
    header               4-byte length + JSON: format, cipher, chunk size, a random salt, the key's id, engine, time
    chunks               4-byte length + 12-byte nonce + AES-256-GCM ciphertext and tag of the next 1 MiB of the
                         payload; the associated data binds each chunk to the header, its position and whether it
                         is the last (so chunks can be neither reordered, dropped, nor cut off)
    signature            HMAC-SHA256 over everything before it

The encryption and the signature keys are derived from `settings.BACKUP_KEY` with HKDF-SHA256 and the archive's
salt (two keys for two purposes). The payload is a `.tar.gz`:

    manifest.json        engine, time, row count of every table and the audit chain head, all taken from
                         the same snapshot as the database copy; SHA-256 and size of every file in the archive
    database.sqlite3     SQLite: a page copy made with SQLite's online backup API (writers may continue)
    database.pgdump      PostgreSQL: `pg_dump --format=custom` of an exported snapshot
    media/...            the uploaded documents and job results (MEDIA_ROOT)

Left out: the rows of `django_session` (live session keys; nobody needs them after a restore). Kept: TOTP and
static 2FA devices (without them every user would have to enrol again) and API token hashes; the encryption
protects them.

Nothing is restored before the whole archive is checked (`open_archive`): signature, decryption, a manifest that
names the database of this engine and every file, no file in the archive the manifest does not name, every
file's size and SHA-256, and the row count of every table in a scratch copy of the database. Then `restore`
writes a safety copy of the current state (an archive like any other, in BACKUP_DIR/safety/) and only then
replaces the database and MEDIA_ROOT; if that fails, it puts the safety copy back.

`backup_check` restores an archive into a scratch database (a temporary SQLite file, or a temporary
PostgreSQL database), compares the row count of every table with the manifest, verifies every file's
checksum and runs `verify_audit` against the scratch database. The live database is never touched.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import sqlite3
import struct
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.db import connection, connections
from django.utils import timezone

FORMAT = 2  # 1: a plain .tar.gz (before issue #20); refused now, it is neither signed nor encrypted
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
DATABASE_FILES = {"sqlite": SQLITE_FILE, "postgresql": PG_FILE}
SUFFIX = ".tar.gz.enc"
# Live secrets left out of every backup: their rows are not copied (the table itself is, empty).
EXCLUDED_TABLES = ("django_session",)

MAGIC = b"SIKKERHEDSNET-BACKUP\n"
CHUNK_SIZE = 1 << 20
NONCE_SIZE = 12
TAG_SIZE = 16
MAC_SIZE = 32
MAX_HEADER = 1 << 16
MIN_KEY_LENGTH = 32
CIPHER = "AES-256-GCM"
KDF_INFO = b"sikkerhedsnet-backup/v2/"


class BackupError(Exception):
    pass


@dataclass
class CheckResult:
    tables_compared: int = 0
    rows_compared: int = 0
    mismatches: list[str] = field(default_factory=list)
    audit_ok: bool = False
    audit_detail: str = ""
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.mismatches and self.audit_ok


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - catalogue names, quoted  # nosec B608
        counts[table] = _one(cursor.fetchone())
    return counts


def _one(row: Any) -> Any:
    if row is None:
        raise BackupError("the database answered no row where one was expected")
    return row[0]


def _without_excluded(counts: dict[str, int]) -> dict[str, int]:
    return {table: 0 if table in EXCLUDED_TABLES else n for table, n in counts.items()}


def _audit_head(cursor: Any, tables: list[str]) -> dict[str, Any]:
    if "audit_auditchainhead" not in tables:
        return {"seq": 0, "hash": None}
    cursor.execute("SELECT seq, hash FROM audit_auditchainhead WHERE id = 1")
    row = cursor.fetchone()
    return {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": None}


# -------------------------------------------------------------------------------------------- PostgreSQL


def _pg_params(db: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": int(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
        "dbname": name or db["NAME"],
    }


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db: dict[str, Any], name: str | None = None) -> list[str]:
    p = _pg_params(db, name)
    return ["--host", p["host"], "--port", str(p["port"]), "--username", p["user"], "--dbname", p["dbname"]]


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return [r[0] for r in cursor.fetchall()]


def _pg_backup(workdir: Path) -> dict[str, Any]:
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(**_pg_params(db)) as conn:
        # One snapshot for the counts and the dump: pg_dump joins it with --snapshot.
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with conn.cursor() as cur:
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = _one(cur.fetchone())
            tables = _pg_tables(cur)
            counts = _counts(cur, tables)
            audit = _audit_head(cur, tables)
        out = workdir / PG_FILE
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                "pg_dump",
                *_pg_args(db),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                *(f"--exclude-table-data=public.{table}" for table in EXCLUDED_TABLES),
                "--file",
                str(out),
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        conn.execute("COMMIT")
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return {"tables": _without_excluded(counts), "audit": audit, "database_file": PG_FILE}


def _pg_restore_into(db: dict[str, Any], name: str, dump: Path, *, clean: bool) -> None:
    import psycopg

    if clean:
        with psycopg.connect(**_pg_params(db, name), autocommit=True) as conn, conn.cursor() as cur:
            for table in _pg_tables(cur):
                cur.execute(f"DROP TABLE IF EXISTS {_quote(table)} CASCADE")
    result = subprocess.run(  # noqa: S603
        [
            "pg_restore",
            *_pg_args(db, name),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(dump),
        ],
        env=_pg_env(db),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


@contextmanager
def _pg_scratch(db: dict[str, Any]) -> Iterator[str]:
    import psycopg

    name = f"{db['NAME']}_check_{secrets.token_hex(4)}"[:63]
    admin = _pg_params(db, "postgres")
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {_quote(name)}")
    try:
        yield name
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


def _pg_url(db: dict[str, Any], name: str) -> str:
    p = _pg_params(db, name)
    auth = p["user"] + (f":{p['password']}" if p["password"] else "")
    return f"postgres://{auth}@{p['host']}:{p['port']}/{name}"


# ------------------------------------------------------------------------------------------------ SQLite


def _sqlite_path() -> Path:
    return Path(connection.settings_dict["NAME"])


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [r[0] for r in cursor.fetchall()]


def _sqlite_backup(workdir: Path) -> dict[str, Any]:
    source = sqlite3.connect(_sqlite_path(), timeout=30, isolation_level=None)
    target = sqlite3.connect(workdir / SQLITE_FILE)
    try:
        # A read transaction pins one snapshot (WAL): the counts and the page copy describe the same state.
        source.execute("BEGIN")
        cur = source.cursor()
        tables = _sqlite_tables(cur)
        counts = _counts(cur, tables)
        audit = _audit_head(cur, tables)
        source.backup(target)
        source.execute("COMMIT")
        # Leave the live secrets out of the copy; VACUUM rewrites the file, so no deleted row stays in a free page.
        for table in EXCLUDED_TABLES:
            if table in tables:
                target.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608 - our constant, quoted  # nosec B608
        target.commit()
        target.execute("PRAGMA journal_mode=DELETE")
        target.execute("VACUUM")
    finally:
        target.close()
        source.close()
    return {"tables": _without_excluded(counts), "audit": audit, "database_file": SQLITE_FILE}


def _sqlite_copy_into(src_file: Path, dest_file: Path) -> None:
    source = sqlite3.connect(src_file)
    target = sqlite3.connect(dest_file, timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


# ------------------------------------------------------------------------------------------------- keys


@register()
def backup_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """backup.E001: in production the backup key must be set, at least 32 characters, and not the development key."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    key = getattr(settings, "BACKUP_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH or key == getattr(settings, "BACKUP_KEY_DEVELOPMENT", None):
        return [
            Error(
                "BACKUP_KEY is missing, shorter than 32 characters or the development key.",
                hint=(
                    "Set BACKUP_KEY (or BACKUP_KEY_FILE) to a random secret kept in the secret store, away from the "
                    "archives, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'. Without it no "
                    "backup can be read: keep every key an archive you may need was made with."
                ),
                id="backup.E001",
            )
        ]
    return []


def _master_key() -> bytes:
    key = getattr(settings, "BACKUP_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH:
        raise BackupError("BACKUP_KEY (or BACKUP_KEY_FILE) is not set or shorter than 32 characters.")
    return key.encode("utf-8")


def _derive(master: bytes, salt: bytes, purpose: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=KDF_INFO + purpose).derive(master)


def key_id(master: bytes | None = None) -> str:
    """A short, public fingerprint of the backup key, written in each archive's header (names the key, hides it)."""
    return _derive(master or _master_key(), b"", b"key-id", 8).hex()


# --------------------------------------------------------------------------------------- the container


class _Sealer:
    """Encrypt and sign a stream of payload bytes into `out` (the container in the module docstring)."""

    def __init__(self, out: IO[bytes], header: dict[str, Any]) -> None:
        master = _master_key()
        salt = os.urandom(16)
        self._out = out
        self._aead = AESGCM(_derive(master, salt, b"encrypt"))
        self._mac = hmac.new(_derive(master, salt, b"sign"), digestmod=hashlib.sha256)
        raw = json.dumps(
            header
            | {
                "format": FORMAT,
                "cipher": CIPHER,
                "chunk_size": CHUNK_SIZE,
                "salt": salt.hex(),
                "key_id": key_id(master),
            },
            sort_keys=True,
        ).encode()
        prefix = MAGIC + struct.pack(">I", len(raw)) + raw
        self._context = hashlib.sha256(prefix).digest()
        self._emit(prefix)
        self._buffer = bytearray()
        self._index = 0

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_SIZE:  # keep at least one byte back: the last chunk is written by finish()
            self._chunk(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def finish(self) -> None:
        self._chunk(bytes(self._buffer), last=True)
        self._out.write(self._mac.digest())

    def _chunk(self, plain: bytes, *, last: bool) -> None:
        nonce = os.urandom(NONCE_SIZE)
        sealed = self._aead.encrypt(nonce, plain, _chunk_aad(self._context, self._index, last))
        self._emit(struct.pack(">I", len(sealed)) + nonce + sealed)
        self._index += 1

    def _emit(self, data: bytes) -> None:
        self._out.write(data)
        self._mac.update(data)


def _chunk_aad(context: bytes, index: int, last: bool) -> bytes:
    return context + struct.pack(">Q?", index, last)


def _write_private(path: Path) -> IO[bytes]:
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def encrypt_archive(payload: Path, dest: Path, header: dict[str, Any] | None = None) -> None:
    """Encrypt and sign a plain payload file (a .tar.gz) into `dest` (mode 0600)."""
    with payload.open("rb") as src, _write_private(dest) as out:
        sealer = _Sealer(out, header or {})
        for block in iter(lambda: src.read(CHUNK_SIZE), b""):
            sealer.write(block)
        sealer.finish()


def read_header(path: Path) -> dict[str, Any]:
    """The archive's header (not yet authenticated: `decrypt_archive` checks the signature over it)."""
    with Path(path).open("rb") as f:
        return _read_header(f)[0]


def _read_header(f: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    magic = f.read(len(MAGIC))
    if magic != MAGIC:
        if magic[:2] == b"\x1f\x8b":
            raise BackupError(
                "this is a plain .tar.gz archive from before backups were encrypted and signed (format 1); it is "
                "refused because nobody can tell whether it was changed. Make a new backup."
            )
        raise BackupError("this is not a Sikkerhedsnet backup archive (unknown start of file)")
    length_bytes = f.read(4)
    length = struct.unpack(">I", length_bytes)[0] if len(length_bytes) == 4 else 0
    raw = f.read(length) if 0 < length <= MAX_HEADER else b""
    try:
        header = json.loads(raw)
        if not isinstance(header, dict):
            raise ValueError
        bytes.fromhex(header["salt"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError("the archive's header is damaged") from exc
    if header.get("format") != FORMAT or header.get("cipher") != CIPHER:
        raise BackupError(f"unknown backup format {header.get('format')!r} / cipher {header.get('cipher')!r}")
    return header, MAGIC + length_bytes + raw


def decrypt_archive(path: Path, dest: Path) -> dict[str, Any]:
    """Check the signature over the whole archive, then decrypt its payload into `dest`; returns the header."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup archive at {path}")
    master = _master_key()
    size = path.stat().st_size
    with path.open("rb") as f:
        header, prefix = _read_header(f)
        if header.get("key_id") != key_id(master):
            raise BackupError(
                f"the archive was made with another BACKUP_KEY (key id {header.get('key_id')}; the configured key's "
                f"id is {key_id(master)}). Set BACKUP_KEY to the key it was made with."
            )
        salt = bytes.fromhex(header["salt"])
        body_end = size - MAC_SIZE
        if body_end < len(prefix):
            raise BackupError("the archive is cut off (no signature)")
        # 1. The signature over every byte, before anything is decrypted or believed.
        mac = hmac.new(_derive(master, salt, b"sign"), digestmod=hashlib.sha256)
        f.seek(0)
        remaining = body_end
        while remaining:
            block = f.read(min(CHUNK_SIZE, remaining))
            if not block:
                raise BackupError("the archive is cut off")
            mac.update(block)
            remaining -= len(block)
        if not hmac.compare_digest(mac.digest(), f.read(MAC_SIZE)):
            raise BackupError(
                "the archive's signature does not match: it was changed or damaged after it was written. Refused."
            )
        # 2. Decrypt chunk by chunk; each chunk's tag also covers its position and whether it is the last.
        aead = AESGCM(_derive(master, salt, b"encrypt"))
        context = hashlib.sha256(prefix).digest()
        f.seek(len(prefix))
        index = 0
        with _write_private(dest) as out:
            while f.tell() < body_end:
                length_bytes = f.read(4)
                length = struct.unpack(">I", length_bytes)[0] if len(length_bytes) == 4 else 0
                if not TAG_SIZE <= length <= CHUNK_SIZE + TAG_SIZE:
                    raise BackupError(f"the archive's chunk {index} is damaged")
                nonce = f.read(NONCE_SIZE)
                sealed = f.read(length)
                last = f.tell() == body_end
                try:
                    out.write(aead.decrypt(nonce, sealed, _chunk_aad(context, index, last)))
                except InvalidTag as exc:
                    raise BackupError(
                        f"the archive's chunk {index} cannot be decrypted (damaged or reordered)"
                    ) from exc
                index += 1
        if index == 0:
            raise BackupError("the archive holds no data")
    return header


# --------------------------------------------------------------------------------------------- archives


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BACKUP_DIR) / f"sikkerhedsnet-{engine()}-{stamp}{SUFFIX}"


def safety_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BACKUP_DIR) / "safety" / f"sikkerhedsnet-{engine()}-before-restore-{stamp}{SUFFIX}"


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _file_entry(path: Path) -> dict[str, Any]:
    return {"sha256": _sha256(path), "size": path.stat().st_size}


def backup_create(path: Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Write an encrypted, signed backup archive; returns its path and manifest."""
    path = Path(path) if path else default_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new folder: the owner's only
    _master_key()  # refuse before any work when there is no key
    kind = engine()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="backup-") as tmp:
        workdir = Path(tmp)
        snapshot = _sqlite_backup(workdir) if kind == "sqlite" else _pg_backup(workdir)
        media = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "engine": kind,
            "created_at": timezone.now().isoformat(),
            "excluded_tables": list(EXCLUDED_TABLES),
            **snapshot,
            "files": {snapshot["database_file"]: _file_entry(workdir / snapshot["database_file"])}
            | {f"media/{p.relative_to(media_root).as_posix()}": _file_entry(p) for p in media},
        }
        (workdir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = path.with_name(path.name + ".partial")
        with _write_private(partial) as raw:
            sealer = _Sealer(raw, {"engine": kind, "created_at": manifest["created_at"]})
            # Streamed: the tar.gz is encrypted as it is written, never stored in the clear.
            with tarfile.open(fileobj=sealer, mode="w|gz") as tar:  # type: ignore[call-overload]
                tar.add(workdir / "manifest.json", arcname="manifest.json")
                tar.add(workdir / snapshot["database_file"], arcname=snapshot["database_file"])
                for p in media:
                    tar.add(p, arcname=f"media/{p.relative_to(media_root).as_posix()}")
            sealer.finish()
        os.replace(partial, path)  # never a half-written archive under the final name
    return path, manifest


def _manifest_problems(manifest: Any) -> list[str]:
    """What makes a manifest unusable: anything missing that a restore would otherwise replace with nothing."""
    if not isinstance(manifest, dict):
        return ["manifest.json is not an object"]
    problems = []
    kind = manifest.get("engine")
    if manifest.get("format") != FORMAT:
        problems.append(f"manifest: unknown format {manifest.get('format')!r}")
    if kind not in DATABASE_FILES:
        problems.append(f"manifest: unknown engine {kind!r}")
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(e, dict) and isinstance(e.get("sha256"), str) and isinstance(e.get("size"), int)
        for e in files.values()
    ):
        problems.append("manifest: the list of files (with size and SHA-256) is missing or damaged")
        files = {}
    database_file = manifest.get("database_file")
    if kind in DATABASE_FILES and database_file != DATABASE_FILES[kind]:
        problems.append(f"manifest: names no database dump ({DATABASE_FILES[kind]}) - it would replace the database")
    elif database_file not in files:
        problems.append(f"manifest: the database dump {database_file} is not in its list of files")
    if any(name != database_file and not name.startswith("media/") for name in files):
        problems.append("manifest: lists a file that is neither the database dump nor under media/")
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(n, int) and n >= 0 for n in tables.values()):
        problems.append("manifest: the row counts of the tables are missing or damaged")
    elif not tables.get("django_migrations"):
        problems.append(
            "manifest: the database has no migrated tables - it would replace the database with an empty one"
        )
    audit = manifest.get("audit")
    if not isinstance(audit, dict) or not isinstance(audit.get("seq"), int):
        problems.append("manifest: the audit chain head is missing")
    return problems


def _file_problems(workdir: Path, manifest: dict[str, Any]) -> list[str]:
    """Every listed file present with its size and SHA-256, and no file the manifest does not list."""
    problems = []
    present = {p.relative_to(workdir).as_posix() for p in workdir.rglob("*") if p.is_file()} - {"manifest.json"}
    for name, expected in sorted(manifest["files"].items()):
        file = workdir / name
        if name not in present:
            problems.append(f"{name}: missing from the archive")
        elif file.stat().st_size != expected["size"]:
            problems.append(f"{name}: size differs from the manifest (corrupt archive)")
        elif _sha256(file) != expected["sha256"]:
            problems.append(f"{name}: checksum differs (corrupt archive)")
    problems += [f"{name}: in the archive but not in the manifest" for name in sorted(present - set(manifest["files"]))]
    return problems


@contextmanager
def open_archive(path: Path, *, engine: str | None = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Check the signature, decrypt, check the members and the manifest (of `engine`, when given); yields the
    extracted tree and the manifest.

    Raises BackupError for anything but a file whose content differs from the manifest (see `_file_problems`)."""
    with tempfile.TemporaryDirectory(prefix="restore-") as tmp:
        payload = Path(tmp) / "payload.tar.gz"
        workdir = Path(tmp) / "content"
        workdir.mkdir()
        decrypt_archive(path, payload)
        try:
            with tarfile.open(payload, "r:gz") as tar:
                for member in tar.getmembers():
                    if not (member.isfile() or member.isdir()):
                        raise BackupError(f"{member.name}: not a plain file in the archive")
                tar.extractall(workdir, filter="data")  # refuses absolute paths, "..", links out of the tree
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"the archive's content cannot be read: {exc}") from exc
        payload.unlink()
        manifest_file = workdir / "manifest.json"
        if not manifest_file.is_file():
            raise BackupError("the archive has no manifest.json")
        try:
            manifest = json.loads(manifest_file.read_text())
        except ValueError as exc:
            raise BackupError("the archive's manifest.json is not JSON") from exc
        other = manifest.get("engine") if isinstance(manifest, dict) else None
        if engine is not None and other in DATABASE_FILES and other != engine:
            raise BackupError(f"this is a {other} backup; the configured database is {engine}")
        problems = _manifest_problems(manifest)
        if problems:
            raise BackupError("; ".join(problems))
        yield workdir, manifest


def _count_mismatches(actual: dict[str, int], expected: dict[str, int]) -> list[str]:
    problems = []
    for table in sorted(set(actual) | set(expected)):
        if actual.get(table) != expected.get(table):
            problems.append(f"table {table}: {actual.get(table)} rows restored, {expected.get(table)} in the backup")
    return problems


def _verify_audit(database_url: str) -> tuple[bool, str]:
    """Run `verify_audit` against another database, in its own process (its own settings)."""
    env = dict(os.environ) | {"DATABASE_URL": database_url}
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "verify_audit"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    lines = (result.stdout + result.stderr).strip().splitlines()
    return result.returncode == 0, lines[-1] if lines else ""


def _scratch_check(workdir: Path, manifest: dict[str, Any], *, audit: bool) -> tuple[dict[str, int], bool, str]:
    """Restore the dump into a scratch database; its row counts (and, with `audit`, the verify_audit result)."""
    audit_ok, detail = True, ""
    if manifest["engine"] == "sqlite":
        scratch = workdir.parent / "scratch.sqlite3"
        try:
            _sqlite_copy_into(workdir / SQLITE_FILE, scratch)
            with sqlite3.connect(scratch) as lite:
                cur = lite.cursor()
                actual = _counts(cur, _sqlite_tables(cur))
            lite.close()
            if audit:
                audit_ok, detail = _verify_audit(f"sqlite:///{scratch}")
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"the database copy in the archive cannot be read: {exc}") from exc
        finally:
            scratch.unlink(missing_ok=True)
        return actual, audit_ok, detail
    import psycopg

    db = connection.settings_dict
    if connection.vendor != "postgresql":
        raise BackupError("a PostgreSQL backup is checked with DATABASE_URL pointing at a PostgreSQL server")
    with _pg_scratch(db) as name:
        _pg_restore_into(db, name, workdir / PG_FILE, clean=False)
        with psycopg.connect(**_pg_params(db, name)) as pg, pg.cursor() as pg_cur:
            actual = _counts(pg_cur, _pg_tables(pg_cur))
        if audit:
            audit_ok, detail = _verify_audit(_pg_url(db, name))
    return actual, audit_ok, detail


def backup_check(path: Path) -> CheckResult:
    """Restore the archive into a scratch database and compare it with its manifest (see module docstring)."""
    result = CheckResult()
    with open_archive(path) as (workdir, manifest):
        result.files_checked = len(manifest["files"])
        result.mismatches += _file_problems(workdir, manifest)
        if result.mismatches:
            return result
        actual, result.audit_ok, result.audit_detail = _scratch_check(workdir, manifest, audit=True)
        result.mismatches += _count_mismatches(actual, manifest["tables"])
        result.tables_compared = len(manifest["tables"])
        result.rows_compared = sum(manifest["tables"].values())
    return result


# ---------------------------------------------------------------------------------------------- restore


def database_is_empty() -> bool:
    """True when no table holds a row (a fresh database, migrated or not)."""
    with connection.cursor() as cur:
        tables = _sqlite_tables(cur) if connection.vendor == "sqlite" else _pg_tables(cur)
        for table in tables:
            if table == "django_migrations":
                continue  # a migrated but unused database is still empty
            cur.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608 - catalogue names, quoted  # nosec B608
            if cur.fetchone():
                return False
    return True


def _replace_media(source: Path) -> None:
    """Make MEDIA_ROOT the tree at `source`: copied beside it first, then swapped in by two renames."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restoring-", dir=media_root.parent))
    try:
        if source.exists():
            shutil.copytree(source, staged, dirs_exist_ok=True)
        if media_root.exists():
            staged.chmod(media_root.stat().st_mode & 0o777)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    old = None
    if media_root.exists():
        old = media_root.with_name(f".{media_root.name}-replaced-{secrets.token_hex(4)}")
        os.replace(media_root, old)
    os.replace(staged, media_root)
    if old is not None:
        shutil.rmtree(old)


def _apply(workdir: Path, manifest: dict[str, Any]) -> None:
    """Replace the live database, then MEDIA_ROOT, with a checked archive's content."""
    connections.close_all()
    if manifest["engine"] == "sqlite":
        _sqlite_copy_into(workdir / SQLITE_FILE, _sqlite_path())  # one write transaction: all or nothing
    else:
        db = connection.settings_dict
        _pg_restore_into(db, db["NAME"], workdir / PG_FILE, clean=True)
    _replace_media(workdir / "media")


@dataclass
class Restored:
    manifest: dict[str, Any]
    safety_copy: Path | None


def restore(path: Path, *, on_safety_copy: Callable[[Path | None], None] | None = None) -> Restored:
    """Replace the database and MEDIA_ROOT with the archive's content. The caller confirms first.

    The whole archive is checked first; then the current state is saved to a safety copy (skipped only when the
    database and MEDIA_ROOT hold nothing) and `on_safety_copy` is called with its path before anything is replaced.
    If replacing fails, the safety copy is put back."""
    kind = engine()
    with open_archive(path, engine=kind) as (workdir, manifest):
        problems = _file_problems(workdir, manifest)
        if not problems:
            actual, _, _ = _scratch_check(workdir, manifest, audit=False)
            problems = _count_mismatches(actual, manifest["tables"])
        if problems:
            raise BackupError("the archive does not match its manifest; nothing was changed: " + "; ".join(problems))
        safety = None
        if not (database_is_empty() and not _media_files(Path(settings.MEDIA_ROOT))):
            safety, _ = backup_create(safety_path())
        if on_safety_copy is not None:
            on_safety_copy(safety)
        try:
            _apply(workdir, manifest)
        except Exception as exc:
            if safety is None:
                raise BackupError(
                    f"the restore failed midway ({exc}); the database and files were empty before it: empty them "
                    "again and repeat the restore"
                ) from exc
            try:
                with open_archive(safety) as (safety_dir, safety_manifest):
                    _apply(safety_dir, safety_manifest)
            except Exception as again:
                raise BackupError(
                    f"the restore failed midway ({exc}), and putting the safety copy back failed too ({again}). "
                    f"Put it back by hand: manage.py restore {safety} --yes"
                ) from exc
            raise BackupError(
                f"the restore failed midway ({exc}); the database and files were put back from the safety copy {safety}"
            ) from exc
    return Restored(manifest=manifest, safety_copy=safety)
