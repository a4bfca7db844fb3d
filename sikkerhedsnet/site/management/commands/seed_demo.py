from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sikkerhedsnet.site.demo import seed_demo


class Command(BaseCommand):
    help = "Load the fictitious demo municipality (Demo Kommune). Running it twice changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--allow-production", action="store_true", help="Seed even with DJANGO_ENV=production.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError("Refusing to load demo data into a production database (use --allow-production).")
        counts = seed_demo()
        if counts:
            self.stdout.write("Demo municipality loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        else:
            self.stdout.write("Demo municipality already present; nothing changed.")
