from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain: exit 0 when intact, otherwise non-zero and the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        problem = audit_chain_verify()
        if problem is not None:
            raise CommandError(f"Audit chain broken at entry {problem.seq}: {problem.problem}")
        self.stdout.write(f"Audit chain intact: {AuditEvent.objects.count()} entries.")
