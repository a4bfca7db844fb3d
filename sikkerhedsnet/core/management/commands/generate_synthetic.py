from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sikkerhedsnet.accounts.models import Municipality
from sikkerhedsnet.accounts.services import DEFAULT_MUNICIPALITY
from sikkerhedsnet.core.demo import generate_into, seed_demo


class Command(BaseCommand):
    help = "Add N synthetic children with realistic case histories (deterministic for a seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["children"]
        if n < 1 or n > 2_000_000:
            raise CommandError("--children must be between 1 and 2,000,000.")
        seed_demo()  # the organisation the children belong to
        municipality = Municipality.objects.get(code=DEFAULT_MUNICIPALITY[1])
        teams = [t for d in municipality.departments.all() for t in d.teams.order_by("name")]
        counts = generate_into(municipality=municipality, teams=teams, n_children=n, seed=options["seed"], demo=False)
        self.stdout.write("Generated: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
