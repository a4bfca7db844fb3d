"""Reads of early-intervention projects, scoped to the user's municipality."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.reports.access import municipality_id_of

from .models import (
    Consultation,
    EarlyInterventionProject,
    ProjectBudget,
    ProjectExpense,
    WellbeingConversation,
)
from .rules import ConsultationRow, Economy


def early_projects_for(user: User) -> QuerySet[EarlyInterventionProject]:
    municipality_id = municipality_id_of(user)
    if municipality_id is None:
        return EarlyInterventionProject.objects.none()  # as the filter on None did: no municipality, no records
    return EarlyInterventionProject.objects.filter(municipality_id=municipality_id).order_by("name")


def early_project_get(user: User, project_id: int) -> EarlyInterventionProject:
    found = early_projects_for(user).filter(pk=project_id).first()
    if found is None:
        raise Http404
    return found


def consultation_rows(project: EarlyInterventionProject, first_year: int, last_year: int) -> list[ConsultationRow]:
    rows = Consultation.objects.filter(
        project=project, requested_on__year__gte=first_year, requested_on__year__lte=last_year
    ).values_list("requested_on__year", "district__name", "specific_child", "age_band")
    return [ConsultationRow(year, district, specific, band or None) for year, district, specific, band in rows]


def conversations_per_year(project: EarlyInterventionProject, first_year: int, last_year: int) -> dict[int, int]:
    return dict(
        WellbeingConversation.objects.filter(
            project=project, held_on__year__gte=first_year, held_on__year__lte=last_year
        )
        .values_list("held_on__year")
        .annotate(n=Count("pk"))
    )


def project_economy(project: EarlyInterventionProject, year: int) -> Economy | None:
    """Budget and net spending for a year; None when the year has no budget."""
    budget = ProjectBudget.objects.filter(project=project, year=year).values_list("amount", flat=True).first()
    if budget is None:
        return None
    totals = {kind: 0 for kind in ProjectExpense.Kind.values}
    totals.update(
        ProjectExpense.objects.filter(project=project, booked_on__year=year)
        .values_list("kind")
        .annotate(total=Sum("amount"))
    )
    return Economy(budget=budget, expenses=totals["expense"], reimbursements=totals["reimbursement"])
