"""The demo municipality ("Demo Kommune"): fictitious organisation, users and ~240 children."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from sikkerhedsnet.accounts.models import Municipality, Role, Team, User
from sikkerhedsnet.accounts.services import DEFAULT_MUNICIPALITY, team_get_or_create, user_create_or_update
from sikkerhedsnet.children.models import Case

from . import synthetic

DEMO_PASSWORD = "demo-Sikkerhed-2026"  # noqa: S105 - a published demo password for fictitious data only
DEMO_CHILDREN = 240
DEMO_SEED = 2026
TEAMS = (("Team Nord", True), ("Team Syd", False))
CASEWORKER_NAMES = (
    ("Birte", "Rådgivsen"),
    ("Anders", "Sagsholm"),
    ("Lone", "Fiktivgaard"),
    ("Mikkel", "Demolund"),
    ("Hanne", "Prøvesen"),
    ("Jonas", "Eksempelgaard"),
    ("Sara", "Testholm"),
    ("Kim", "Skitsesen"),
    ("Dorthe", "Modelgaard"),
    ("Ali", "Øvelund"),
    ("Nadia", "Kladdesen"),
    ("Per", "Udkastholm"),
)


def demo_users() -> list[tuple[str, str, str | None, str, str]]:
    """(username, role, team, first name, last name) of every demo login."""
    users: list[tuple[str, str, str | None, str, str]] = []
    for i, (first, last) in enumerate(CASEWORKER_NAMES):
        users.append((f"raadgiver{i + 1:02d}", Role.CASEWORKER, TEAMS[i // 6][0], first, last))
    users += [
        ("sos01", Role.SOS_CONSULTANT, TEAMS[0][0], "Gitte", "Sikkerhedsen"),
        ("teamleder.nord", Role.TEAM_LEADER, TEAMS[0][0], "Lene", "Ledersen"),
        ("teamleder.syd", Role.TEAM_LEADER, TEAMS[1][0], "Ole", "Ledergaard"),
        ("leder", Role.HEAD, None, "Inger", "Chefsen"),
        ("analytiker", Role.ANALYST, None, "Tobias", "Talsen"),
        ("admin", Role.ADMIN, None, "Ada", "Adminsen"),
        ("revisor", Role.AUDITOR, None, "Rita", "Revisen"),
    ]
    return users


@transaction.atomic
def seed_demo() -> dict[str, int]:
    """Create the demo municipality once; running it again changes nothing."""
    municipality, _ = Municipality.objects.get_or_create(
        code=DEFAULT_MUNICIPALITY[1], defaults={"name": DEFAULT_MUNICIPALITY[0], "fictitious": True}
    )
    teams = {name: team_get_or_create(name=name, municipality=municipality, is_intake=intake) for name, intake in TEAMS}
    existing = set(User.objects.filter(username__in=[u[0] for u in demo_users()]).values_list("username", flat=True))
    for username, role, team_name, first, last in demo_users():
        if username in existing:
            continue
        user_create_or_update(
            by=None,
            username=username,
            role=role,
            team=teams[team_name] if team_name else None,
            municipality=municipality,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
        )
    team_list = list(teams.values())
    if Case.objects.filter(team__in=team_list).exists():
        return {}
    return generate_into(
        municipality=municipality, teams=team_list, n_children=DEMO_CHILDREN, seed=DEMO_SEED, demo=True
    )


def generate_into(
    *, municipality: Municipality, teams: list[Team], n_children: int, seed: int, demo: bool
) -> dict[str, int]:
    workers: dict[int, list[User]] = {t.pk: [] for t in teams}
    for user in User.objects.filter(team__in=teams, role=Role.CASEWORKER).order_by("username"):
        workers[user.team_id].append(user)
    actor = (
        User.objects.filter(municipality=municipality, role=Role.ADMIN).first() or User.objects.order_by("pk").first()
    )
    world = synthetic.World(
        rng=random.Random(seed),
        today=timezone.localdate(),
        municipality=municipality,
        teams=teams,
        caseworkers_by_team=workers,
        actor=actor,
        n_children=n_children,
        demo=demo,
    )
    return synthetic.run(world)
