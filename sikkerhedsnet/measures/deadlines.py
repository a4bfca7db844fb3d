"""Deadline provider: barnets plan for measures that need one (see children/deadlines.py)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from sikkerhedsnet.core.deadlines import Deadline
from sikkerhedsnet.measures.rules import child_plan_due_on

from .models import Measure
from .selectors import measures_needing_plan


def child_plan_deadlines(child_ids: list[int], today: date) -> list[Deadline]:
    """Barnets plan: within 3 months of the decision; before it for a placement without consent (BL § 91)."""
    deadlines = []
    for measure in measures_needing_plan(child_ids, today=today):
        deadlines.append(
            Deadline(
                child_id=measure.child_id,
                due_on=child_plan_due_on(
                    measure.decided_on, placement_without_consent=measure.consent == Measure.Consent.WITHOUT_CONSENT
                ),
                kind="child_plan",
                label=_("Barnets plan for %(measure)s") % {"measure": measure},
                legal_reference="Barnets lov § 91",
                url=reverse("measures:plan", args=[measure.child_id]),
            )
        )
    return deadlines


PROVIDERS = (child_plan_deadlines,)
