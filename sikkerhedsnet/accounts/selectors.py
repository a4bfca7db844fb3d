"""Reads about the organisation: the teams a user oversees."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Role, Team, User


def teams_for_user(user: User) -> QuerySet[Team]:
    if user.role == Role.HEAD:
        return Team.objects.filter(department__municipality_id=user.municipality_id).order_by("name")
    if user.team_id:
        return Team.objects.filter(pk=user.team_id)
    return Team.objects.none()
