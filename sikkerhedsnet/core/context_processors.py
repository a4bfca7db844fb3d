from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """The municipality and department shown in the header (one query, cached on the user)."""
    user = getattr(request, "user", None)
    municipality = department = None
    if user is not None and user.is_authenticated:
        if user.team_id:
            department = user.team.department.name
            municipality = user.team.department.municipality.name
        elif user.municipality_id:
            municipality = user.municipality.name
    return {"site_municipality": municipality, "site_department": department, "site_production": settings.PRODUCTION}
