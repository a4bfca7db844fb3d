from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from sikkerhedsnet.core import retention
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.models import DeletionRun


class Command(BaseCommand):
    help = (
        "Retention runs. `policies`: the record types and their periods. `plan`: list what is due (a dry run, "
        "nothing deleted). `show RUN`: the plan. `commit RUN`: erase it (re-checked; legal holds win). "
        "`discard RUN`: drop the plan. `purge-technical`: plan and commit the technical record types."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["policies", "plan", "show", "commit", "discard", "purge-technical"])
        parser.add_argument("run", nargs="?", type=int)

    def _run(self, run_id: int | None) -> DeletionRun:
        if run_id is None:
            raise CommandError("Give the run number.")
        try:
            return DeletionRun.objects.get(pk=run_id)
        except DeletionRun.DoesNotExist as exc:
            raise CommandError(f"No deletion run #{run_id}.") from exc

    def _summary(self, run: DeletionRun) -> None:
        self.stdout.write(f"Deletion run #{run.pk}: {run.status}, as of {run.as_of}")
        rows = run.items.values("record_type", "outcome").annotate(n=Count("pk")).order_by("record_type", "outcome")
        for row in rows:
            self.stdout.write(f"  {row['record_type']:<32} {row['outcome']:<8} {row['n']}")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "policies":
            for rt in retention.record_types():
                kind = "technical" if rt.technical else "reviewed"
                self.stdout.write(f"{rt.key:<32} {rt.anchor:<12} {retention.period_of(rt)} ({kind}) - {rt.label}")
            return
        try:
            if action == "plan":
                run = retention.deletion_plan(by=None)
                self._summary(run)
                self.stdout.write(f"Nothing is deleted yet. Review, then: retention commit {run.pk} (or discard).")
            elif action == "show":
                run = self._run(options["run"])
                self._summary(run)
                for item in run.items.order_by("record_type", "pk")[:500]:
                    self.stdout.write(f"  {item.record_type} #{item.object_id} {item.summary} {item.note}".rstrip())
            elif action == "commit":
                self._summary(retention.deletion_commit(by=None, run=self._run(options["run"])))
            elif action == "discard":
                self._summary(retention.deletion_discard(by=None, run=self._run(options["run"])))
            else:
                purged = retention.purge_technical()
                if purged is None:
                    self.stdout.write("No technical records are past their retention.")
                else:
                    self._summary(purged)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
