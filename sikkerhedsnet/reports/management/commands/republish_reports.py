"""Re-publish one municipality's frozen report cells of a closed year (docs/hardening.md §4b).

Released month cells are frozen at their first release and never refreshed by the system. Once a year, when the
head asks for it (the year's late registrations are in), the installation's operator forgets that year's frozen
cells; the next answer releases them again from the data of that day. Only a closed year: the current year's
months keep their first release."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sikkerhedsnet.accounts.models import Municipality
from sikkerhedsnet.reports.publication.services import republish


class Command(BaseCommand):
    help = "Forget a municipality's frozen report cells of a closed year, so they are released again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="The municipality's code, e.g. 751")
        parser.add_argument("--year", required=True, type=int, help="A closed calendar year, e.g. 2025")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError("No municipality has that code.")
        if options["year"] >= timezone.localdate().year:
            raise CommandError("Only a closed year can be re-published.")
        forgotten = republish(municipality_id=municipality.pk, year=options["year"])
        self.stdout.write(f"{forgotten} frozen cells of {options['year']} forgotten; released again when asked.")
