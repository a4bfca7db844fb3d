"""Aggregates only: reports never return a child. Counted in the database, not in Python loops."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from sikkerhedsnet.accounts.models import Team, User


@dataclass(frozen=True)
class TeamCount:
    team: str
    open_cases: int
    closed_cases: int


def open_cases_per_team(user: User) -> list[TeamCount]:
    """Open and closed cases per team in the user's municipality."""
    teams = (
        Team.objects.filter(department__municipality_id=user.municipality_id)
        .annotate(
            open_cases=Count("cases", filter=Q(cases__closed_on__isnull=True)),
            closed_cases=Count("cases", filter=Q(cases__closed_on__isnull=False)),
        )
        .order_by("name")
    )
    return [TeamCount(t.name, t.open_cases, t.closed_cases) for t in teams]
