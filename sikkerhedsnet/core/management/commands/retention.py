from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from sikkerhedsnet.core import retention
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.models import DeletionRun


class Command(BaseCommand):
    help = (
        "Retention runs. `policies`: the record types and their periods. `plan --municipality CODE`: list what "
        "is due in that municipality (a dry run, nothing deleted; the run is on its heads' and admins' page); "
        "`plan` without it: one such run per municipality. `show RUN`: the plan. `commit RUN`: erase it "
        "(re-checked; legal holds win). `discard RUN`: drop the plan. `purge-technical`: plan and commit the "
        "technical record types (a run of no municipality)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["policies", "plan", "show", "commit", "discard", "purge-technical"])
        parser.add_argument("run", nargs="?", type=int)
        parser.add_argument(
            "--municipality", metavar="CODE", help="plan: the municipality (kommunekode); default: each in turn"
        )

    def _municipalities(self, code: str | None) -> list[Any]:
        # core names the municipality model only through the run's foreign key (it sits below accounts).
        model = DeletionRun._meta.get_field("municipality").related_model
        assert model is not None and not isinstance(model, str)
        manager = model._default_manager
        chosen = list(manager.order_by("code") if code is None else manager.filter(code=code))
        if code is not None and not chosen:
            raise CommandError(f"No municipality with code {code!r}.")
        return chosen

    def _run(self, run_id: int | None) -> DeletionRun:
        if run_id is None:
            raise CommandError("Give the run number.")
        try:
            return DeletionRun.objects.get(pk=run_id)
        except DeletionRun.DoesNotExist as exc:
            raise CommandError(f"No deletion run #{run_id}.") from exc

    def _summary(self, run: DeletionRun) -> None:
        owner = run.municipality if run.municipality_id else "no municipality (the system's)"
        self.stdout.write(f"Deletion run #{run.pk}: {run.status}, as of {run.as_of}, {owner}")
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
                for municipality in self._municipalities(options["municipality"]):
                    run = retention.deletion_plan(by=None, municipality=municipality)
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
