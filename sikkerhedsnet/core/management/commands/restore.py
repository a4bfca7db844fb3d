from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sikkerhedsnet.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive made by `manage.py backup`: replaces the whole database and the uploaded files. "
        "Refuses a database that holds data unless --yes is given. Stop the web server and job worker first."
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
            manifest = backup.restore(Path(options["path"]))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        from sikkerhedsnet.audit.services import audit_chain_verify

        problem = audit_chain_verify()
        if problem is not None:
            raise CommandError(f"Restored, but the audit chain is broken at entry {problem.seq}: {problem.problem}")
        self.stdout.write(
            f"Restored the {manifest['engine']} backup from {manifest['created_at']} "
            f"({sum(manifest['tables'].values())} rows); audit chain intact."
        )
