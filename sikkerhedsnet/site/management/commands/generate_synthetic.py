from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from sikkerhedsnet.core import synthetic
from sikkerhedsnet.site.demo import MAX_MUNICIPALITIES, synthetic_organisation


class Command(BaseCommand):
    help = (
        "Add N synthetic children with realistic case histories (deterministic for a seed), in chunks, spread "
        "over the Demo Kommune and optionally up to 97 more fictitious municipalities (national scale)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--municipalities",
            type=int,
            default=1,
            help=f"How many municipalities share the children (1-{MAX_MUNICIPALITIES}; 98 = all of Denmark).",
        )
        parser.add_argument("--chunk-size", type=int, default=synthetic.CHUNK_SIZE, help="Children per chunk.")
        parser.add_argument("--allow-production", action="store_true", help="Generate even with DJANGO_ENV=production.")

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["children"]
        if n < 1 or n > 2_000_000:
            raise CommandError("--children must be between 1 and 2,000,000.")
        if not 1 <= options["municipalities"] <= MAX_MUNICIPALITIES:
            raise CommandError(f"--municipalities must be between 1 and {MAX_MUNICIPALITIES}.")
        if not 100 <= options["chunk_size"] <= 50_000:
            raise CommandError("--chunk-size must be between 100 and 50,000.")
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError("Refusing to generate synthetic data in a production database (use --allow-production).")
        started = time.monotonic()
        organisation = synthetic_organisation(n_children=n, municipalities=options["municipalities"])
        self.stderr.write(
            f"Organisation: {options['municipalities']} municipalities, {len(organisation.teams)} teams, "
            f"{sum(len(w) for w in organisation.caseworkers_by_team.values())} caseworkers "
            f"({time.monotonic() - started:.1f} s)"
        )

        def progress(done: int, chunks: int, totals: dict[str, int]) -> None:
            self.stderr.write(
                f"Chunk {done}/{chunks}: {totals.get('children', 0)} children ({time.monotonic() - started:.1f} s)"
            )

        seconds: dict[str, float] = {}
        counts = synthetic.generate(
            organisation=organisation,
            n_children=n,
            seed=options["seed"],
            today=timezone.localdate(),
            chunk_size=options["chunk_size"],
            progress=progress,
            seconds=seconds,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after a bulk load (autovacuum would lag behind)
        self.stderr.write(
            "Seconds per step: " + ", ".join(f"{path.split('.')[1]} {s:.1f}" for path, s in seconds.items())
        )
        self.stdout.write("Generated: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
