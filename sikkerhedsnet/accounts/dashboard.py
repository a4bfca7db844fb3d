"""Team leader's and head's start page: caseloads and reasoned cross-team accesses to review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.children.models import BreakGlassAccess
from sikkerhedsnet.children.selectors import break_glass_for_team_leader, unassigned_open_cases
from sikkerhedsnet.children.services import break_glass_review
from sikkerhedsnet.followup.selectors import caseload_suggestions

from .models import Role
from .selectors import caseload_rows, teams_for_user

UNASSIGNED_SHOWN = 50


@login_required
def team_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in (Role.TEAM_LEADER, Role.HEAD):
        raise PermissionDenied
    municipality = user.municipality
    teams = list(teams_for_user(user))
    rows = caseload_rows(
        [t.pk for t in teams], low=municipality.caseload_target_min, high=municipality.caseload_target_max
    )
    accesses = list(break_glass_for_team_leader(user)[:50])
    unassigned = unassigned_open_cases([t.pk for t in teams])
    return render(
        request,
        "accounts/team_dashboard.html",
        {
            "teams": teams,
            "rows": rows,
            "target_min": municipality.caseload_target_min,
            "target_max": municipality.caseload_target_max,
            "accesses": accesses,
            "suggestions": caseload_suggestions(user),
            "unassigned": list(unassigned[:UNASSIGNED_SHOWN]),
            "unassigned_count": unassigned.count(),
            "unreviewed": sum(1 for a in accesses if a.reviewed_at is None),
        },
    )


@login_required
@require_POST
def break_glass_reviewed(request: HttpRequest, access_id: int) -> HttpResponse:
    if request.user.role != Role.TEAM_LEADER:
        raise PermissionDenied
    try:
        break_glass_review(by=request.user, access_id=access_id)
    except BreakGlassAccess.DoesNotExist:
        messages.error(request, _("Adgangen findes ikke."))
    return redirect("accounts:team_dashboard")
