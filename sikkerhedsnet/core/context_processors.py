from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    municipality = None
    if user is not None and user.is_authenticated and user.team_id:
        municipality = user.team.department.municipality.name
    return {"site_municipality": municipality, "site_production": settings.PRODUCTION}
