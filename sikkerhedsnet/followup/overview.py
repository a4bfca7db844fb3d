"""Follow-up's part of the child's overview (children/overview.py, autodiscovered): the next follow-up of each
running measure (overdue ones first), and the event follow-up held. Three queries for the panel, one for the
timeline, whatever the number of measures and meetings."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sikkerhedsnet.children.models import Child
from sikkerhedsnet.children.overview import FOLLOWUP, Event, Item, Panel

from .models import FollowUp
from .rules import SlotState
from .selectors import plans_for_children


def followup_panel(child: Child, today: date) -> Panel | None:
    """Each running measure's next follow-up (or its overdue one); no panel for a child without measures."""
    plans = plans_for_children([child.pk], today=today, include_next=True)
    if not plans:
        return None
    items = []
    for plan in plans:
        measure = plan.measure
        slot = next((s for s in plan.slots if s.state in (SlotState.OVERDUE, SlotState.UPCOMING)), None)
        last = plan.held[-1].held_on if plan.held else None
        detail = _("Seneste opfølgning %(day)s") % {"day": date_format(last, "j. F Y")} if last else ""
        if slot is None:
            items.append(Item(text=_("%(measure)s: ingen planlagt opfølgning") % {"measure": measure}, detail=detail))
            continue
        overdue = slot.state == SlotState.OVERDUE
        items.append(
            Item(
                text=_("Næste opfølgning på %(measure)s: %(day)s")
                % {"measure": measure, "day": date_format(slot.due_on, "j. F Y")},
                url=f"{reverse('followup:hold', args=[measure.pk])}?due={slot.due_on.isoformat()}",
                detail=detail,
                badge=_("Overskredet") if overdue else "",
                badge_style="error",
            )
        )
    return Panel(
        key="followup",
        title=_("Opfølgning"),
        items=items,
        order=31,
        links=[(reverse("followup:child", args=[child.pk]), _("Alle opfølgninger"))],
    )


def followup_events(child: Child, kinds: Collection[str], before: date | None, limit: int) -> list[Event]:
    """Each follow-up meeting held."""
    if FOLLOWUP not in kinds:
        return []
    held = FollowUp.objects.filter(child=child).select_related("measure", "measure__offer")
    if before is not None:
        held = held.filter(held_on__lt=before)
    return [
        Event(
            on=f.held_on,
            kind=FOLLOWUP,
            label=_("Opfølgning holdt"),
            detail=_("%(measure)s: %(decision)s") % {"measure": f.measure, "decision": f.get_decision_display()},
            url=reverse("followup:detail", args=[f.pk]),
            at=f.created_at,
            sort_id=f.pk,
        )
        for f in held.order_by("-held_on", "-pk")[:limit]
    ]


PANELS = (followup_panel,)
TIMELINE = (followup_events,)
