"""Backup, restore and restore-check of the database and the uploaded files.

A backup is one `.tar.gz` archive:

    manifest.json        engine, time, row count of every table and the audit chain head, all taken from
                         the same snapshot as the database copy; SHA-256 of every file in the archive
    database.sqlite3     SQLite: a page copy made with SQLite's online backup API (writers may continue)
    database.pgdump      PostgreSQL: `pg_dump --format=custom` of an exported snapshot
    media/...            the uploaded documents and job results (MEDIA_ROOT)

`backup_check` restores an archive into a scratch database (a temporary SQLite file, or a temporary
PostgreSQL database), compares the row count of every table with the manifest, verifies every file's
checksum and runs `verify_audit` against the scratch database. The live database is never touched.

The archive holds the most sensitive data the municipality has: it is written with mode 0600, and must be
stored encrypted (the storage's job, not this module's).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


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
        counts[table] = cursor.fetchone()[0]
    return counts


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
            snapshot = cur.fetchone()[0]
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
    return {"tables": counts, "audit": audit, "database_file": PG_FILE}


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
    finally:
        target.close()
        source.close()
    return {"tables": counts, "audit": audit, "database_file": SQLITE_FILE}


def _sqlite_copy_into(src_file: Path, dest_file: Path) -> None:
    source = sqlite3.connect(src_file)
    target = sqlite3.connect(dest_file, timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


# --------------------------------------------------------------------------------------------- archives


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"sikkerhedsnet-{engine()}-{stamp}.tar.gz"


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def backup_create(path: Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Write a backup archive; returns its path and manifest."""
    path = Path(path) if path else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
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
            **snapshot,
            "files": {snapshot["database_file"]: _sha256(workdir / snapshot["database_file"])}
            | {f"media/{p.relative_to(media_root).as_posix()}": _sha256(p) for p in media},
        }
        (workdir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = path.with_name(path.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(workdir / "manifest.json", arcname="manifest.json")
            tar.add(workdir / snapshot["database_file"], arcname=snapshot["database_file"])
            for p in media:
                tar.add(p, arcname=f"media/{p.relative_to(media_root).as_posix()}")
        os.replace(partial, path)  # never a half-written archive under the final name
    return path, manifest


@contextmanager
def _extracted(path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    if not Path(path).is_file():
        raise BackupError(f"no backup archive at {path}")
    with tempfile.TemporaryDirectory(prefix="restore-") as tmp:
        workdir = Path(tmp)
        with tarfile.open(path, "r:gz") as tar:
            tar.extractall(workdir, filter="data")  # refuses absolute paths, "..", links out of the tree
        manifest_file = workdir / "manifest.json"
        if not manifest_file.is_file():
            raise BackupError("the archive has no manifest.json")
        manifest = json.loads(manifest_file.read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        yield workdir, manifest


def _checksum_mismatches(workdir: Path, manifest: dict[str, Any]) -> tuple[int, list[str]]:
    problems = []
    for name, expected in manifest["files"].items():
        file = workdir / name
        if not file.is_file():
            problems.append(f"{name}: missing from the archive")
        elif _sha256(file) != expected:
            problems.append(f"{name}: checksum differs (corrupt archive)")
    return len(manifest["files"]), problems


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


def backup_check(path: Path) -> CheckResult:
    """Restore the archive into a scratch database and compare it with its manifest (see module docstring)."""
    result = CheckResult()
    with _extracted(path) as (workdir, manifest):
        result.files_checked, problems = _checksum_mismatches(workdir, manifest)
        result.mismatches += problems
        if problems:
            return result
        if manifest["engine"] == "sqlite":
            scratch = workdir / "scratch.sqlite3"
            _sqlite_copy_into(workdir / SQLITE_FILE, scratch)
            with sqlite3.connect(scratch) as conn:
                cur = conn.cursor()
                actual = _counts(cur, _sqlite_tables(cur))
            result.audit_ok, result.audit_detail = _verify_audit(f"sqlite:///{scratch}")
        else:
            import psycopg

            db = connection.settings_dict
            if connection.vendor != "postgresql":
                raise BackupError("a PostgreSQL backup is checked with DATABASE_URL pointing at a PostgreSQL server")
            with _pg_scratch(db) as name:
                _pg_restore_into(db, name, workdir / PG_FILE, clean=False)
                with psycopg.connect(**_pg_params(db, name)) as conn, conn.cursor() as cur:
                    actual = _counts(cur, _pg_tables(cur))
                result.audit_ok, result.audit_detail = _verify_audit(_pg_url(db, name))
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


def restore(path: Path) -> dict[str, Any]:
    """Replace the database and MEDIA_ROOT with the archive's content. The caller confirms first."""
    kind = engine()
    with _extracted(path) as (workdir, manifest):
        _, problems = _checksum_mismatches(workdir, manifest)
        if problems:
            raise BackupError("; ".join(problems))
        if manifest["engine"] != kind:
            raise BackupError(f"this is a {manifest['engine']} backup; the configured database is {kind}")
        connections.close_all()
        if kind == "sqlite":
            _sqlite_copy_into(workdir / SQLITE_FILE, _sqlite_path())
        else:
            db = connection.settings_dict
            _pg_restore_into(db, db["NAME"], workdir / PG_FILE, clean=True)
        media_root = Path(settings.MEDIA_ROOT)
        restored = workdir / "media"
        if media_root.exists():
            shutil.rmtree(media_root)
        if restored.exists():
            shutil.copytree(restored, media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    return manifest
