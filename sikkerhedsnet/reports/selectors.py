"""Aggregates only: reports never return a child. Counted in the database, not in Python loops."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sikkerhedsnet.accounts.models import Team, User


@dataclass(frozen=True)
class TeamCount:
    team: str
    open_cases: int
    closed_cases: int


def _cases_of_team(*, closed: bool) -> Subquery:
    from sikkerhedsnet.children.models import Case

    counted = (
        Case.objects.filter(team=OuterRef("pk"), closed_on__isnull=not closed)
        .order_by()
        .values("team")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def open_cases_per_team(user: User) -> list[TeamCount]:
    """Open and closed cases per team in the user's municipality.

    One query; each team's counts come from the (team, closed_on) index, so the cost follows the municipality's
    size, not the national case table (a join + GROUP BY hashed every case in the country).
    """
    teams: QuerySet[Team] = (
        Team.objects.filter(department__municipality_id=user.municipality_id)
        .annotate(open_cases=_cases_of_team(closed=False), closed_cases=_cases_of_team(closed=True))
        .order_by("name")
    )
    return [TeamCount(t.name, t.open_cases, t.closed_cases) for t in teams]
