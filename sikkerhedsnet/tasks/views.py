"""The first screens of the day: Mine sager, Mine opgaver and the team leader's and head's team overview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, own_municipality
from sikkerhedsnet.accounts.models import Role
from sikkerhedsnet.accounts.selectors import teams_for_user
from sikkerhedsnet.children import selectors as children_selectors
from sikkerhedsnet.children.caseloads import caseload_rows
from sikkerhedsnet.children.models import BreakGlassAccess
from sikkerhedsnet.children.selectors import (
    break_glass_activity,
    break_glass_for_team_leader,
    unassigned_open_cases,
)
from sikkerhedsnet.children.services import break_glass_review
from sikkerhedsnet.core.deadlines import next_deadline_by_child
from sikkerhedsnet.followup.selectors import caseload_suggestions
from sikkerhedsnet.tasks import rules

from . import selectors


def _require_case_role(user: object) -> None:
    if not getattr(user, "has_case_access", False):
        raise PermissionDenied


@login_required
def my_cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mine sager: my open cases with the next deadline of each, most urgent first."""
    _require_case_role(request.user)
    today = timezone.localdate()
    children = list(children_selectors.my_open_cases(request.user))
    nearest = next_deadline_by_child([c.pk for c in children], today=today)
    rows = []
    for child in children:
        deadline = nearest.get(child.pk)
        days_left = deadline.days_left(today) if deadline else None
        rows.append((child, deadline, days_left, -days_left if days_left is not None and days_left < 0 else 0))
    # Most urgent first; children without an open deadline last, by name.
    rows.sort(key=lambda row: (row[1] is None, row[1].due_on if row[1] else today, row[0].last_name, row[0].first_name))
    children_selectors.children_listed(request.user, [c.pk for c in children], page="my_cases")
    return render(request, "tasks/my_cases.html", {"rows": rows, "today": today})


@login_required
def my_tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mine opgaver: my open deadlines (overdue first); team leaders and heads also see their teams."""
    _require_case_role(request.user)
    user, today, now = request.user, timezone.localdate(), timezone.now()
    tasks = selectors.my_tasks(user, today=today, now=now)
    overviews = []
    if user.role in (Role.TEAM_LEADER, Role.HEAD):
        overviews = selectors.team_overviews(teams_for_user(user), today=today, now=now)
    shown = [t.child.pk for t in tasks]
    for overview in overviews:
        shown += [t.child.pk for t in [*overview.overdue_tasks, *overview.week_tasks]]
    children_selectors.children_listed(user, shown, page="my_tasks")
    return render(
        request,
        "tasks/my_tasks.html",
        {
            "tasks": tasks,
            "overdue_count": sum(1 for t in tasks if t.overdue),
            "overviews": overviews,
            "is_head": user.role == Role.HEAD,
            "is_leader": user.role == Role.TEAM_LEADER,
            "today": today,
            "week_end": rules.end_of_week(today),
            "now": now,
        },
    )


UNASSIGNED_SHOWN = 50


@login_required
def team_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in (Role.TEAM_LEADER, Role.HEAD):
        raise PermissionDenied
    municipality = own_municipality(user)
    teams = list(teams_for_user(user))
    rows = caseload_rows(
        [t.pk for t in teams], low=municipality.caseload_target_min, high=municipality.caseload_target_max
    )
    accesses = list(break_glass_for_team_leader(user)[:50])
    activity = break_glass_activity(accesses)
    for access in accesses:
        access.activity = activity[access.pk]  # type: ignore[attr-defined]  # what was read under it, for the review
    unassigned = unassigned_open_cases([t.pk for t in teams])
    unassigned_shown = list(unassigned[:UNASSIGNED_SHOWN])
    now = timezone.now()
    at_risk = selectors.about_to_fall_out(teams, today=timezone.localdate(), now=now)
    children_selectors.children_listed(
        user,
        [c.pk for c in unassigned_shown] + [a.child_id for a in accesses] + [t.child.pk for t in at_risk],
        page="team_dashboard",
    )
    return render(
        request,
        "tasks/team_dashboard.html",
        {
            "teams": teams,
            "rows": rows,
            "target_min": municipality.caseload_target_min,
            "target_max": municipality.caseload_target_max,
            "accesses": accesses,
            "suggestions": caseload_suggestions(user),
            "unassigned": unassigned_shown,
            "unassigned_count": unassigned.count(),
            "unreviewed": sum(1 for a in accesses if a.reviewed_at is None),
            "at_risk": at_risk,
            "now": now,
            "compliance_url": reverse("reports:compliance"),
        },
    )


@login_required
@require_POST
def break_glass_reviewed(request: AuthenticatedHttpRequest, access_id: int) -> HttpResponse:
    if request.user.role != Role.TEAM_LEADER:
        raise PermissionDenied
    try:
        break_glass_review(by=request.user, access_id=access_id)
    except BreakGlassAccess.DoesNotExist:
        messages.error(request, _("Adgangen findes ikke."))
    return redirect("tasks:team_dashboard")
