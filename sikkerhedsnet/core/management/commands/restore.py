from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sikkerhedsnet.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive made by `manage.py backup`: replaces the whole database and the uploaded files. "
        "The archive is checked completely first (signature, decryption, manifest, every file, row counts); then "
        "the current state is saved to a safety copy (BACKUP_DIR/safety/), whose path is printed, and only then "
        "replaced. Refuses a database that holds data unless --yes is given. Stop the web server and job worker "
        "first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="replace a database that already holds data")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"] and not backup.database_is_empty():
            raise CommandError(
                "The database already holds data. Restoring replaces all of it; run again with --yes to confirm."
            )
        try:
            restored = backup.restore(Path(options["path"]), on_safety_copy=self._safety_copy)
        except backup.BackupError as exc:
            raise CommandError(f"Restore refused or failed: {exc}") from exc
        manifest, safety = restored.manifest, restored.safety_copy
        from sikkerhedsnet.audit.services import audit_chain_verify

        problem = audit_chain_verify()
        if problem is not None:
            raise CommandError(
                f"Restored, but the audit chain is broken at entry {problem.seq}: {problem.problem}"
                + (f". The state before the restore: manage.py restore {safety} --yes" if safety else "")
            )
        self.stdout.write(
            f"Restored the {manifest['engine']} backup from {manifest['created_at']} "
            f"({sum(manifest['tables'].values())} rows); audit chain intact."
        )
        if safety is not None:
            self.stdout.write(f"To undo: manage.py restore {safety} --yes")

    def _safety_copy(self, path: Path | None) -> None:
        if path is None:
            self.stdout.write("The database and the uploaded files are empty: no safety copy needed.")
        else:
            self.stdout.write(f"Safety copy of the current database and uploaded files: {path}")
