"""Caseloads: open cases per caseworker, against the municipality's target range (domain.md §3.2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sikkerhedsnet.accounts.models import Role, User

from .models import Case

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


@dataclass(frozen=True)
class CaseloadRow:
    user: User
    open_cases: int
    status: str  # "under", "within", "over"

    @property
    def team_name(self) -> str:
        team = self.user.team
        if team is None:  # cannot happen: caseworkers_with_caseload lists members of the given teams only
            raise ValueError(f"caseworker {self.user.pk} has no team")
        return team.name


def _status(count: int, low: int, high: int) -> str:
    return "over" if count > high else "under" if count < low else "within"


class OpenCases(TypedDict):
    open_cases: int


def caseworkers_with_caseload(team_ids: list[int]) -> QuerySet[WithAnnotations[User, OpenCases]]:
    # A counted subquery per caseworker reads only their open cases from the (caseworker, closed_on) index;
    # a join + GROUP BY made PostgreSQL hash the whole case table (every municipality's) on each request.
    open_cases = (
        Case.objects.filter(caseworker=OuterRef("pk"), closed_on__isnull=True)
        .order_by()
        .values("caseworker")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        User.objects.filter(team_id__in=team_ids, role__in=[Role.CASEWORKER, Role.SOS_CONSULTANT], is_active=True)
        .select_related("team")
        .annotate(open_cases=Coalesce(Subquery(open_cases, output_field=IntegerField()), Value(0)))
        .order_by("team__name", "first_name", "username")
    )


def caseload_rows(team_ids: list[int], *, low: int, high: int) -> list[CaseloadRow]:
    """Open cases per caseworker with a status against the municipality's target range."""
    return [CaseloadRow(u, u.open_cases, _status(u.open_cases, low, high)) for u in caseworkers_with_caseload(team_ids)]
