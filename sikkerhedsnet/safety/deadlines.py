"""Deadline provider for "Mine sager", "Mine opgaver" and the child page (see children/deadlines.py)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from sikkerhedsnet.core.deadlines import Deadline

from .models import SafetyPlan


def review_deadlines(child_ids: list[int], today: date) -> list[Deadline]:
    """The review date set when a safety plan was approved, for every plan in force (one query)."""
    rows = SafetyPlan.objects.filter(
        child_id__in=child_ids, status=SafetyPlan.Status.ACTIVE, review_on__isnull=False
    ).values_list("pk", "child_id", "review_on", "number")
    return [
        Deadline(
            child_id=child_id,
            due_on=review_on,
            kind="safety_plan_review",
            label=_("Revurdering af sikkerhedsplan (version %(number)s)") % {"number": number},
            url=reverse("safety:plan_detail", args=[pk]),
        )
        for pk, child_id, review_on, number in rows
        if review_on is not None  # always true (review_on__isnull=False); tells the type checker so
    ]


PROVIDERS = (review_deadlines,)
