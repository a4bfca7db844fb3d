"""The reports index and the caseload report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest

from ..access import (
    BUSINESS_CASE_EDITORS,
    COMPLIANCE_ROLES,
    EVALUATION_MANAGERS,
    REPORT_ROLES,
    is_suppressed_for,
    require,
)
from ..documents import caseload_report
from .common import check_format, export, export_links, render_report


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every report, with what it shows; analysts see only aggregated, suppressed figures."""
    require(request.user, REPORT_ROLES)
    return render(
        request,
        "reports/index.html",
        {
            "suppressed": is_suppressed_for(request.user),
            "can_edit_business_cases": request.user.role in BUSINESS_CASE_EDITORS,
            "can_manage_evaluations": request.user.role in EVALUATION_MANAGERS,
            "can_see_compliance": request.user.role in COMPLIANCE_ROLES,
        },
    )


@login_required
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    suppressed = is_suppressed_for(request.user)
    return render_report(
        request,
        "reports/caseload.html",
        caseload_report(request.user, suppressed=suppressed),
        suppressed=suppressed,
        context={"exports": export_links("reports:caseload_export")},
    )


@login_required
def caseload_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    return export(request, caseload_report(request.user, suppressed=True), check_format(fmt))
