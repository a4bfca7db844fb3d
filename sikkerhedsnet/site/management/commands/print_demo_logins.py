from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sikkerhedsnet.site.demo import DEMO_PASSWORD, demo_users


class Command(BaseCommand):
    help = "Print the demo logins (fictitious users of Demo Kommune)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("\nSikkerhedsnet demo — http://127.0.0.1:8000/accounts/login/")
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}\n")
        self.stdout.write(f"{'username':<18} {'role':<16} team")
        for username, role, team, first, last in demo_users():
            self.stdout.write(f"{username:<18} {role:<16} {team or '-'}  ({first} {last})")
        self.stdout.write("")
