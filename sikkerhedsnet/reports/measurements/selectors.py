"""Reads of FIT scores and questionnaire answers (the child is already access-checked by the caller)."""

from __future__ import annotations

from datetime import date

from sikkerhedsnet.children.models import Child

from .models import FitScore, InvolvementResponse


def fit_scores(child: Child) -> list[FitScore]:
    return list(FitScore.objects.filter(child=child).order_by("session_on", "respondent", "pk"))


def involvement_responses(child: Child) -> list[InvolvementResponse]:
    return list(InvolvementResponse.objects.filter(child=child).order_by("answered_on", "respondent", "pk"))


def heard_answers(child_ids: list[int], *, since: date) -> list[tuple[int, int]]:
    """(child id, answer on "heard") of the questionnaire answers about these children since a day."""
    return list(
        InvolvementResponse.objects.filter(child_id__in=child_ids, answered_on__gte=since).values_list(
            "child_id", "heard"
        )
    )
