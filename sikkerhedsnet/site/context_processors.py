from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sikkerhedsnet.accounts.models import Municipality, Team


def site(request: HttpRequest) -> dict[str, Any]:
    """The municipality and department in the header: one query on every page, cached on the user."""
    user = getattr(request, "user", None)
    municipality = department = None
    if user is not None and user.is_authenticated:
        if user.team_id:
            team = Team.objects.select_related("department__municipality").filter(pk=user.team_id).first()
            if team is not None:
                user.team = team  # the header's "{{ user.team }}" then costs nothing either
                department, municipality = team.department.name, team.department.municipality.name
        elif user.municipality_id:
            municipality = Municipality.objects.filter(pk=user.municipality_id).values_list("name", flat=True).first()
    return {"site_municipality": municipality, "site_department": department, "site_production": settings.PRODUCTION}
