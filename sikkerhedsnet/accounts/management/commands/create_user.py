from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sikkerhedsnet.accounts.models import Role
from sikkerhedsnet.accounts.services import api_token_create, team_get_or_create, user_create_or_update


class Command(BaseCommand):
    help = (
        "Create or update a user. The password comes from NEW_USER_PASSWORD (unset: no password login). "
        "A team that does not exist is created. With --api-token the last line printed is a new API token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--team")
        parser.add_argument("--api-token", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        if not username or len(username) > 150:
            raise CommandError("USERNAME must be 1-150 characters.")
        team = team_get_or_create(name=options["team"]) if options["team"] else None
        password = os.environ.get("NEW_USER_PASSWORD") or None
        user, created = user_create_or_update(
            by=None, username=username, role=options["role"], team=team, password=password
        )
        self.stdout.write(f"{'Created' if created else 'Updated'} user {user.username} ({user.role}).")
        if options["api_token"]:
            self.stdout.write(api_token_create(by=None, user=user, label="create_user"))
