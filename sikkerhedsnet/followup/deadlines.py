"""Deadline provider: overdue and next follow-ups, and milestones ahead (see children/deadlines.py)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from sikkerhedsnet.core.deadlines import Deadline

from .policies import get_policy
from .rules import SlotState
from .selectors import plans_for_children


def followup_deadlines(child_ids: list[int], today: date) -> list[Deadline]:
    """Each running measure's overdue follow-ups (tasks until one is held), its next follow-up and upcoming
    milestones not yet dealt with, such as reconsidering a return home. Three queries for any number of children."""
    deadlines = []
    for plan in plans_for_children(child_ids, today=today, include_next=True):
        measure = plan.measure
        hold_url = reverse("followup:hold", args=[measure.pk])
        upcoming_seen = False
        for slot in plan.slots:
            if slot.state == SlotState.UPCOMING:
                if upcoming_seen:
                    break
                upcoming_seen = True
            elif slot.state != SlotState.OVERDUE:
                continue
            policy = get_policy(slot.policy_code)
            deadlines.append(
                Deadline(
                    child_id=measure.child_id,
                    due_on=slot.due_on,
                    kind="followup",
                    label=_("Opfølgning på %(measure)s (%(policy)s)")
                    % {"measure": measure, "policy": policy.short_name},
                    legal_reference="Barnets lov § 95",
                    url=f"{hold_url}?due={slot.due_on.isoformat()}",
                )
            )
        last_held_on = plan.held[-1].held_on if plan.held else None
        for milestone in plan.milestones:
            # A milestone is dealt with at a follow-up held on or after its date; until then it is open.
            if last_held_on is None or last_held_on < milestone.on:
                deadlines.append(
                    Deadline(
                        child_id=measure.child_id,
                        due_on=milestone.on,
                        kind=f"followup_{milestone.kind}",
                        label=_("%(label)s (%(measure)s)") % {"label": milestone.label, "measure": measure},
                        url=reverse("followup:child", args=[measure.child_id]),
                    )
                )
    return deadlines


PROVIDERS = (followup_deadlines,)
