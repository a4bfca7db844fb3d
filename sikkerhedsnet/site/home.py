"""The front door: each role lands on its own start page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.accounts.models import Role

START_PAGES: dict[str, str] = {
    Role.CASEWORKER: "tasks:my_tasks",  # the day's work: overdue, due today, new notifications
    Role.SOS_CONSULTANT: "tasks:consultations",
    Role.TEAM_LEADER: "tasks:team_dashboard",
    Role.HEAD: "tasks:team_dashboard",
    Role.ANALYST: "reports:index",
    Role.ADMIN: "accounts:user_list",
    Role.AUDITOR: "insight:index",
}


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect(START_PAGES.get(request.user.role, "tasks:my_tasks"))
