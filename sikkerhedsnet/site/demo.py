"""The demo municipality ("Demo Kommune") with ~240 children, and the national synthetic organisation."""

from __future__ import annotations

import math

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from sikkerhedsnet.accounts.models import Department, Municipality, Role, Team, User
from sikkerhedsnet.accounts.services import (
    DEFAULT_DEPARTMENT,
    DEFAULT_MUNICIPALITY,
    team_get_or_create,
    user_create_or_update,
)
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Case
from sikkerhedsnet.core import synthetic

DEMO_PASSWORD = "demo-Sikkerhed-2026"  # noqa: S105 - a published demo password for fictitious data only
DEMO_CHILDREN = 240
DEMO_SEED = 2026
TEAMS = (("Team Nord", True), ("Team Syd", False))
# fmt: off
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
# fmt: on


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
    created = []
    for username, role, team_name, first, last in demo_users():
        if username in existing:
            continue
        user_create_or_update(
            by=None,
            username=username,
            role=role,
            team=teams[team_name] if team_name else None,
            municipality=municipality,
            first_name=first,
            last_name=last,
        )
        created.append(username)
    if created:
        # One Argon2 hash for all demo logins (it costs about a second each on a busy machine, on purpose);
        # sharing a salt is harmless for a published password on fictitious data.
        User.objects.filter(username__in=created).update(password=make_password(DEMO_PASSWORD))
    team_list = list(teams.values())
    if Case.objects.filter(team__in=team_list).exists():
        return {}
    return generate_into(
        municipality=municipality, teams=team_list, n_children=DEMO_CHILDREN, seed=DEMO_SEED, demo=True
    )


def _caseworkers_by_team(teams: list[Team]) -> dict[int, list[User]]:
    workers: dict[int, list[User]] = {t.pk: [] for t in teams}
    for user in User.objects.filter(team__in=teams, role=Role.CASEWORKER).order_by("username"):
        if user.team_id is not None:  # always (team__in); tells the type checker so
            workers[user.team_id].append(user)
    return workers


def _actor(municipality: Municipality) -> User:
    """Who the synthetic records are made by: the municipality's administrator, else the first user."""
    actor = (
        User.objects.filter(municipality=municipality, role=Role.ADMIN).first() or User.objects.order_by("pk").first()
    )
    if actor is None:  # the synthetic steps use the actor's id, so this was already an error further on
        raise ValueError("No user to make the synthetic records: create the demo users first (seed_demo).")
    return actor


def demo_organisation(municipality: Municipality, teams: list[Team]) -> synthetic.Organisation:
    return synthetic.Organisation(
        municipality=municipality,
        teams=teams,
        caseworkers_by_team=_caseworkers_by_team(teams),
        actor=_actor(municipality),
        municipality_by_team={t.pk: municipality for t in teams},
    )


def generate_into(
    *, municipality: Municipality, teams: list[Team], n_children: int, seed: int, demo: bool
) -> dict[str, int]:
    """Generate children into these teams (equal shares) with their existing caseworkers."""
    return synthetic.generate(
        organisation=demo_organisation(municipality, teams),
        n_children=n_children,
        seed=seed,
        today=timezone.localdate(),
        demo=demo,
    )


# National scale: fictitious municipalities named from invented syllables (7 x 14 = 98 names), sized like
# Denmark's (a few large, many small: the largest about 11 % of all children), each with teams of about
# CHILDREN_PER_TEAM children and enough caseworkers for about OPEN_CASES_PER_CASEWORKER open cases each.
_NAME_HEADS = ("Demo", "Prøve", "Test", "Fiktiv", "Skitse", "Model", "Øvelses")
_NAME_TAILS = (
    "by",
    "rup",
    "lund",
    "holm",
    "bæk",
    "sted",
    "købing",
    "strup",
    "gaard",
    "høj",
    "vig",
    "ager",
    "løse",
    "skov",
)
MAX_MUNICIPALITIES = 98  # the Demo Kommune plus 97 synthetic ones: all of Denmark
SIZE_SKEW = 0.75
CHILDREN_PER_TEAM = 200
OPEN_CASES_PER_CASEWORKER = 22
OPEN_SHARE = 0.88  # the generator closes about 12 % of cases
UNUSABLE_PASSWORD = "!synthetic-user-cannot-log-in"  # noqa: S105 - "!" marks an unusable password in Django


def municipality_shares(count: int) -> list[float]:
    """Each municipality's share of the children; the first (the Demo Kommune) is the largest."""
    weights = [(i + 1) ** -SIZE_SKEW for i in range(count)]
    total = sum(weights)
    return [w / total for w in weights]


def _synthetic_municipality_names() -> list[str]:
    return [f"{head}{tail} Kommune" for tail in _NAME_TAILS for head in _NAME_HEADS][: MAX_MUNICIPALITIES - 1]


@transaction.atomic
def synthetic_organisation(*, n_children: int, municipalities: int = 1) -> synthetic.Organisation:
    """The Demo Kommune plus `municipalities - 1` fictitious ones, with teams and caseworkers sized for
    `n_children` (created in bulk where missing; running it again reuses what exists)."""
    if not 1 <= municipalities <= MAX_MUNICIPALITIES:
        raise ValueError(f"municipalities must be between 1 and {MAX_MUNICIPALITIES}")
    seed_demo()
    demo = Municipality.objects.get(code=DEFAULT_MUNICIPALITY[1])
    names = _synthetic_municipality_names()
    wanted = [(DEFAULT_MUNICIPALITY[1], DEFAULT_MUNICIPALITY[0])] + [
        (f"{900 + i:03d}", names[i - 1]) for i in range(1, municipalities)
    ]
    existing = {m.code: m for m in Municipality.objects.filter(code__in=[c for c, _ in wanted])}
    Municipality.objects.bulk_create(
        [Municipality(code=code, name=name, fictitious=True) for code, name in wanted if code not in existing]
    )
    by_code = {m.code: m for m in Municipality.objects.filter(code__in=[c for c, _ in wanted])}
    munis = [by_code[code] for code, _ in wanted]
    departments = {
        d.municipality_id: d for d in Department.objects.filter(municipality__in=munis, name=DEFAULT_DEPARTMENT)
    }
    Department.objects.bulk_create(
        [Department(municipality=m, name=DEFAULT_DEPARTMENT) for m in munis if m.pk not in departments]
    )
    departments = {
        d.municipality_id: d for d in Department.objects.filter(municipality__in=munis, name=DEFAULT_DEPARTMENT)
    }

    # Teams per municipality: the demo teams first, then "Team 03", ... as the size requires.
    plan: list[tuple[Municipality, str, float]] = []  # (municipality, team name, expected children)
    demo_team_names = [name for name, _ in TEAMS]
    for muni, share in zip(munis, municipality_shares(municipalities), strict=True):
        expected = n_children * share
        n_teams = max(1 if muni.pk != demo.pk else len(demo_team_names), math.ceil(expected / CHILDREN_PER_TEAM))
        team_names = (demo_team_names if muni.pk == demo.pk else []) + [
            f"Team {j:02d}" for j in range(len(demo_team_names) + 1 if muni.pk == demo.pk else 1, n_teams + 1)
        ]
        team_names = team_names[:n_teams]
        plan += [(muni, name, expected / n_teams) for name in team_names]
    existing_teams = {
        (t.department.municipality_id, t.name): t
        for t in Team.objects.filter(department__in=departments.values()).select_related("department")
    }
    Team.objects.bulk_create(
        [Team(department=departments[m.pk], name=name) for m, name, _ in plan if (m.pk, name) not in existing_teams]
    )
    teams_by_key = {
        (t.department.municipality_id, t.name): t
        for t in Team.objects.filter(department__in=departments.values()).select_related("department")
    }
    teams = [teams_by_key[(m.pk, name)] for m, name, _ in plan]

    # Caseworkers: enough for the expected open cases; synthetic ones cannot log in (unusable password).
    have: dict[int, int] = {}
    for team_id in User.objects.filter(team__in=teams, role=Role.CASEWORKER).values_list("team_id", flat=True):
        have[team_id] = have.get(team_id, 0) + 1
    leaders = set(User.objects.filter(team__in=teams, role=Role.TEAM_LEADER).values_list("team_id", flat=True))
    new_users = []
    for (muni, name, expected), team in zip(plan, teams, strict=True):
        needed = max(1, math.ceil(expected * OPEN_SHARE / OPEN_CASES_PER_CASEWORKER))
        slug = f"syn{muni.code}-{team.pk}"
        for k in range(have.get(team.pk, 0), needed):
            first = synthetic.FIRST_NAMES_ADULTS[(team.pk + k) % len(synthetic.FIRST_NAMES_ADULTS)]
            last = synthetic.LAST_NAMES[(team.pk * 7 + k) % len(synthetic.LAST_NAMES)]
            new_users.append(_synthetic_user(f"{slug}-r{k + 1:02d}", Role.CASEWORKER, team, muni, first, last))
        if team.pk not in leaders:
            new_users.append(_synthetic_user(f"{slug}-leder", Role.TEAM_LEADER, team, muni, "Leder", name))
    User.objects.bulk_create(new_users, batch_size=2000)
    actor = _actor(demo)
    if new_users:
        created = User.objects.filter(username__in=[u.username for u in new_users]).values_list(
            "pk", "username", "role"
        )
        audit.record_many(
            by=actor,
            entries=[
                audit.Entry(
                    type=AuditEvent.Type.USER_CHANGED,
                    target_model="accounts.user",
                    target_id=str(pk),
                    new={"username": username, "role": role, "created": True, "synthetic": True},
                )
                for pk, username, role in created
            ],
        )
    return synthetic.Organisation(
        municipality=demo,
        teams=teams,
        caseworkers_by_team=_caseworkers_by_team(teams),
        actor=actor,
        team_weights=[expected for _, _, expected in plan],
        municipality_by_team={t.pk: m for (m, _, _), t in zip(plan, teams, strict=True)},
    )


def _synthetic_user(username: str, role: str, team: Team, muni: Municipality, first: str, last: str) -> User:
    return User(
        username=username,
        role=role,
        team=team,
        municipality=muni,
        first_name=first,
        last_name=last,
        password=UNUSABLE_PASSWORD,
    )
