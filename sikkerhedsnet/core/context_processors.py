from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sikkerhedsnet.accounts.models import Team


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    municipality = None
    if user is not None and user.is_authenticated and user.team_id:
        # One query for team, department and municipality (instead of three), cached on the user so the
        # header's "{{ user.team }}" costs nothing either: this runs on every page.
        team = Team.objects.select_related("department__municipality").filter(pk=user.team_id).first()
        if team is not None:
            user.team = team
            municipality = team.department.municipality.name
    return {"site_municipality": municipality, "site_production": settings.PRODUCTION}
