"""Prepare a loaded database for the benchmark and write the fixture the simulated users read.

    DATABASE_URL=... python bench/prepare.py --out fixture.json
The simulated users are the demo logins of the Demo Kommune (the largest municipality in a national data
set): caseworkers raadgiver01-12 (each gets an API token), the team leaders and the head. For each
caseworker the fixture lists children of their team (ids, CPR numbers, names) to open and search for.

Logging in is not a measured journey, and Argon2 (about 100 MB and a noticeable fraction of a second per
login on purpose) would swamp a 2-core machine when 75 sessions log in at once. So each simulated user gets
ready-made sessions, exactly what a successful login stores (user id, backend, auth hash, session epoch),
plus a CSRF secret to send as cookie and form field.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from sikkerhedsnet.accounts.middleware import SESSION_EPOCH_KEY  # noqa: E402
from sikkerhedsnet.accounts.models import Municipality, Role, Team, User  # noqa: E402
from sikkerhedsnet.accounts.services import api_token_create  # noqa: E402
from sikkerhedsnet.audit.models import AuditEvent  # noqa: E402
from sikkerhedsnet.children.models import Case, Child, JournalEntry, Person  # noqa: E402
from sikkerhedsnet.site.demo import DEMO_PASSWORD  # noqa: E402

CHILDREN_PER_CASEWORKER = 300


def _children_of_team(team_id: int) -> list[dict[str, object]]:
    rows = list(
        Child.objects.filter(case__team_id=team_id).order_by("pk").values_list("pk", "cpr", "first_name", "last_name")
    )
    step = max(1, len(rows) // CHILDREN_PER_CASEWORKER)
    return [{"id": pk, "cpr": cpr, "name": f"{first} {last}"} for pk, cpr, first, last in rows[::step]]


def _sessions(user: User, count: int) -> list[dict[str, str]]:
    """`count` logged-in sessions of this user, as a successful login leaves them."""
    made = []
    for _ in range(count):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[SESSION_EPOCH_KEY] = user.session_epoch
        store.create()
        made.append({"sessionid": store.session_key, "csrftoken": get_random_string(32)})
    return made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--users", type=int, default=25, help="the most concurrent simulated users of any level")
    args = parser.parse_args()

    caseworkers = []
    for user in User.objects.filter(username__startswith="raadgiver", role=Role.CASEWORKER).order_by("username"):
        caseworkers.append(
            {
                "username": user.username,
                "password": DEMO_PASSWORD,
                "token": api_token_create(by=user, user=user, label="benchmark"),
                "children": _children_of_team(user.team_id),
                "open_cases": Case.objects.filter(caseworker=user, closed_on__isnull=True).count(),
                "user": user,
            }
        )
    leaders = [
        {"username": u.username, "password": DEMO_PASSWORD, "user": u}
        for u in User.objects.filter(username__startswith="teamleder.").order_by("username")
    ]
    head = User.objects.get(username="leder")
    heads = [{"username": "leder", "password": DEMO_PASSWORD, "user": head}]
    for accounts in (caseworkers, leaders, heads):
        share = -(-args.users // len(accounts))  # each simulated user n uses account n % len(accounts)
        for account in accounts:
            account["sessions"] = _sessions(account.pop("user"), share)
    demo_children = Case.objects.filter(team__department__municipality_id=head.municipality_id).count()
    team_sizes = list(Team.objects.annotate(n=Count("cases")).values_list("n", flat=True))
    dataset = {
        "children": Child.objects.count(),
        "persons": Person.objects.count(),
        "journal_entries": JournalEntry.objects.count(),
        "audit_events": AuditEvent.objects.count(),
        "municipalities": Municipality.objects.count(),
        "teams": len(team_sizes),
        "users": User.objects.count(),
        "largest_team_children": max(team_sizes) if team_sizes else 0,
        "bench_municipality_children": demo_children,
        "bench_team_children": {
            c["username"]: Case.objects.filter(team__members__username=c["username"]).count() for c in caseworkers[:1]
        },
        "bench_caseworker_open_cases": [c["open_cases"] for c in caseworkers],
    }
    Path(args.out).write_text(
        json.dumps({"caseworkers": caseworkers, "team_leaders": leaders, "heads": heads, "dataset": dataset}, indent=1)
    )
    print(json.dumps(dataset))


if __name__ == "__main__":
    main()
