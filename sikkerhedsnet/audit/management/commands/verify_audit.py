from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.audit.services import audit_chain_verify, audit_checkpoints_read


class Command(BaseCommand):
    help = (
        "Check the audit log's keyed hash chain and the signed checkpoints of its head (AUDIT_CHECKPOINT_FILE): "
        "exit 0 when intact, otherwise non-zero and the first problem (a changed, missing, truncated or "
        "recomputed chain, or a checkpoint line that is not signed with the key)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--checkpoints", type=Path, help="checkpoint file (default: AUDIT_CHECKPOINT_FILE)")
        parser.add_argument(
            "--require-checkpoints",
            action="store_true",
            help="fail when the file holds no checkpoint of this database (cannot detect removed newest entries)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = audit_checkpoints_read(path=options["checkpoints"])
        if found.problem is not None:
            raise CommandError(f"Audit checkpoints broken: {found.problem}")
        if not found.checkpoints:
            message = f"No checkpoint of this database in {found.path}: removed newest entries cannot be detected."
            if options["require_checkpoints"]:
                raise CommandError(message)
            # On stdout before the verdict: backup_check shows the last line of the output.
            self.stdout.write(f"Warning: {message}")
        problem = audit_chain_verify(checkpoints=found.checkpoints)
        if problem is not None:
            raise CommandError(f"Audit chain broken at entry {problem.seq}: {problem.problem}")
        checked = ""
        if found.checkpoints:
            newest = max(found.checkpoints, key=lambda c: c.seq)
            checked = f"; {len(found.checkpoints)} checkpoint(s) hold, the newest at entry {newest.seq} ({newest.at})"
        self.stdout.write(f"Audit chain intact: {AuditEvent.objects.count()} entries{checked}.")
