"""Reads for the reports' aggregates: caseloads, teams, and the placements a business case is followed with.
Counted in the database and scoped to the user's municipality; no selector here returns a child. The
sub-domains' own reads are in their packages (e.g. `evaluations/selectors.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sikkerhedsnet.accounts.models import Role, Team, User
from sikkerhedsnet.children.caseloads import CaseloadRow, caseload_rows
from sikkerhedsnet.children.models import Case

from .access import municipality_id_of
from .rules.management import MeasureRow, month_end, months_between

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# --- teams and caseloads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamCount:
    team: str
    open_cases: int
    closed_cases: int


class _CaseCounts(TypedDict):
    open_cases: int
    closed_cases: int


def _cases_of_team(*, closed: bool) -> Coalesce:
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
    municipality_id = municipality_id_of(user)
    if municipality_id is None:
        return []  # as the filter on None did: no municipality, no teams
    teams: QuerySet[WithAnnotations[Team, _CaseCounts]] = (
        Team.objects.filter(department__municipality_id=municipality_id)
        .annotate(open_cases=_cases_of_team(closed=False), closed_cases=_cases_of_team(closed=True))
        .order_by("name")
    )
    return [TeamCount(t.name, t.open_cases, t.closed_cases) for t in teams]


def report_team_ids(user: User) -> list[int]:
    """Teams whose figures the user may see: a team leader their own team; head and analyst the municipality."""
    if user.role == Role.TEAM_LEADER:
        return [user.team_id] if user.team_id else []
    if user.role in (Role.HEAD, Role.ANALYST):
        municipality_id = municipality_id_of(user)
        if municipality_id is None:
            return []  # as the filter on None did: no municipality, no teams
        return list(Team.objects.filter(department__municipality_id=municipality_id).values_list("pk", flat=True))
    return []


@dataclass(frozen=True)
class Caseload:
    target_min: int
    target_max: int
    rows: list[CaseloadRow]


def caseload_for(user: User) -> Caseload:
    """Open cases per caseworker against the municipality's target range (children.caseloads)."""
    municipality = user.municipality or (user.team.department.municipality if user.team is not None else None)
    if municipality is None:
        return Caseload(20, 22, [])
    low, high = municipality.caseload_target_min, municipality.caseload_target_max
    return Caseload(low, high, caseload_rows(report_team_ids(user), low=low, high=high))


# --- placements, counted for the business cases' actuals and the management figures ---------------------------

PLACEMENT_KINDS = ("foster_family", "network_foster_family", "residential")


def placed_children_by_month(municipality_id: int, start: date, end: date) -> dict[date, int]:
    """Children with a placement running on the last day of each month from start to end (`end` itself for
    the last month). One query over the core Measure record (measures app), counted here.
    """
    from sikkerhedsnet.measures.models import Measure

    spans = list(
        Measure.objects.filter(
            kind__in=PLACEMENT_KINDS,
            child__case__team__department__municipality_id=municipality_id,
            start_on__lte=end,
        )
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=start))
        .values_list("child_id", "start_on", "end_on")
    )
    result: dict[date, int] = {}
    for month in months_between(start, end):
        day = min(month_end(month), end)
        result[month] = len({child for child, s, e in spans if s <= day and (e is None or e >= day)})
    return result


def measure_rows(municipality_id: int, start: date, end: date) -> list[MeasureRow]:
    """Every measure in the municipality running some day in [start, end], as plain rows for
    rules.management (spending per month and kind, placement economics per year).

    Reads only the core Measure fields. `without_consent` is False until the measures app records consent;
    wire it here (one field) when it does.
    """
    from sikkerhedsnet.measures.models import Measure

    rows = (
        Measure.objects.filter(child__case__team__department__municipality_id=municipality_id, start_on__lte=end)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=start))
        .values_list("child_id", "kind", "start_on", "end_on", "monthly_cost")
    )
    return [
        MeasureRow(
            child_id,
            kind,
            start_on,
            end_on,
            cost,
            placement=kind in PLACEMENT_KINDS,
            network=kind == "network_foster_family",
            foster=kind in ("foster_family", "network_foster_family"),
        )
        for child_id, kind, start_on, end_on, cost in rows
    ]
