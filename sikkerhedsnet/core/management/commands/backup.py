from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sikkerhedsnet.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup API / pg_dump of one snapshot; without session rows) and the "
        "uploaded files into one archive, encrypted and signed with BACKUP_KEY (default BACKUP_DIR, var/backups/). "
        "With --verify the archive is then restored into a scratch database and "
        "checked (row counts per table, checksums, audit chain)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="where to write the archive (.tar.gz.enc)")
        parser.add_argument("--verify", action="store_true", help="run backup_check on the new archive")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path, manifest = backup.backup_create(Path(options["path"]) if options["path"] else None)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backup written: {path} ({manifest['engine']}, {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['files']) - 1} files, audit head #{manifest['audit']['seq']})."
        )
        if options["verify"]:
            from django.core.management import call_command

            call_command("backup_check", str(path), stdout=self.stdout, stderr=self.stderr)
