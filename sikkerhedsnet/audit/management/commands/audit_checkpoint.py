from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sikkerhedsnet.audit.services import audit_checkpoint_write


class Command(BaseCommand):
    help = (
        "Sign the audit chain's head (entry, hash, time) and append it to AUDIT_CHECKPOINT_FILE and the log. "
        "The job worker does this every AUDIT_CHECKPOINT_MINUTES; run it from cron where no worker runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, help="checkpoint file (default: AUDIT_CHECKPOINT_FILE)")

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = audit_checkpoint_write(path=options["file"])
        assert checkpoint is not None  # no `previous` given: always written
        self.stdout.write(f"Audit checkpoint written: entry {checkpoint.seq} ({checkpoint.at}).")
