from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sikkerhedsnet.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into a scratch database (never the live one) and check it: row counts of every "
        "table against the manifest, file checksums, and the audit chain. Exit 0 only when everything matches."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup.backup_check(Path(options["path"]))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for problem in result.mismatches:
            self.stderr.write(problem)
        if not result.audit_ok and not result.mismatches:
            self.stderr.write(f"Audit chain in the restored copy: {result.audit_detail}")
        if not result.ok:
            raise CommandError("Backup check FAILED.")
        self.stdout.write(
            f"Backup check OK: {result.tables_compared} tables and {result.rows_compared} rows match the manifest, "
            f"{result.files_checked} files match their checksums; {result.audit_detail}"
        )
