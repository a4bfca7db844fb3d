"""Reads of business cases, scoped to the user's municipality."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.reports.access import municipality_id_of

from .models import BusinessCase
from .rules import BusinessCaseResult, compute


def business_cases_for(user: User) -> QuerySet[BusinessCase]:
    municipality_id = municipality_id_of(user)
    if municipality_id is None:
        return BusinessCase.objects.none()  # as the filter on None did: no municipality, no records
    return BusinessCase.objects.filter(municipality_id=municipality_id).order_by("title")


def business_case_get(user: User, business_case_id: int) -> BusinessCase:
    """The business case in the user's municipality; 404 otherwise."""
    found = business_cases_for(user).filter(pk=business_case_id).prefetch_related("lines", "outcomes").first()
    if found is None:
        raise Http404
    return found


def business_case_input(business_case: BusinessCase) -> dict[str, object]:
    """The stored case in the compute rule's (and the API's) input shape."""
    lines = list(business_case.lines.all())
    return {
        "first_year": business_case.first_year,
        "years": business_case.years,
        "investments": [line.as_input() for line in lines if line.kind == "investment"],
        "savings": [line.as_input() for line in lines if line.kind == "saving"],
    }


def business_case_result(business_case: BusinessCase) -> BusinessCaseResult:
    return compute(business_case_input(business_case))
