from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sikkerhedsnet.accounts.models import Role

from .selectors import open_cases_per_team

REPORT_ROLES = frozenset({Role.ANALYST, Role.HEAD, Role.TEAM_LEADER})


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Aggregated figures for the municipality; analysts see only suppressed counts, never a child."""
    if request.user.role not in REPORT_ROLES:
        raise PermissionDenied
    return render(
        request,
        "reports/index.html",
        {"team_counts": open_cases_per_team(request.user), "data_date": timezone.localtime()},
    )
