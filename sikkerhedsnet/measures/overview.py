"""Measures' part of the child's overview (children/overview.py, autodiscovered): the running measures and
placements with their monthly cost, and the events measure started and ended. One query each."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db.models import Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from sikkerhedsnet.children.models import Child
from sikkerhedsnet.children.overview import MEASURE, Event, Item, Panel

from .models import Measure


def _cost(measure: Measure) -> str:
    return _("%(amount)s kr. om måneden") % {"amount": number_format(measure.monthly_cost, force_grouping=True)}


def _item(measure: Measure, today: date) -> Item:
    if measure.start_on > today:
        since = _("Starter %(day)s") % {"day": date_format(measure.start_on, "j. F Y")}
    else:
        since = _("Siden %(day)s") % {"day": date_format(measure.start_on, "j. F Y")}
    parts = [since, _cost(measure)]
    if measure.is_placement and measure.placement_type:
        parts.insert(0, measure.get_placement_type_display())
    if measure.end_on:
        parts.append(_("slutter %(day)s") % {"day": date_format(measure.end_on, "j. F Y")})
    return Item(
        text=str(measure),
        url=measure.get_absolute_url(),
        detail=" · ".join(parts),
        badge=_("Anbringelse") if measure.is_placement else _("Forebyggende"),
        badge_style="warning" if measure.is_placement else "info",
    )


def measures_panel(child: Child, today: date) -> Panel:
    """The measures not yet ended (placements first), with their cost."""
    measures = sorted(
        Measure.objects.filter(child=child).running_or_future(today).select_related("offer"),
        key=lambda m: (not m.is_placement, m.start_on, m.pk),
    )
    items = [_item(m, today) for m in measures]
    if measures:
        total = sum(m.monthly_cost for m in measures if m.start_on <= today)
        items.append(
            Item(text=_("I alt %(amount)s kr. om måneden") % {"amount": number_format(total, force_grouping=True)})
        )
    return Panel(
        key="measures",
        title=_("Indsatser og anbringelse"),
        items=items,
        empty=_("Ingen igangværende indsatser."),
        order=30,
    )


def measure_events(child: Child, kinds: Collection[str], before: date | None, limit: int) -> list[Event]:
    """Each measure started and ended (up to today: a measure planned to start later is not history yet)."""
    if MEASURE not in kinds:
        return []
    measures = Measure.objects.filter(child=child).select_related("offer")
    if before is not None:
        measures = measures.filter(Q(start_on__lt=before) | Q(end_on__lt=before))
    found: list[Event] = []
    for m in measures.order_by("-start_on", "-pk")[:limit]:
        label = _("Anbringelse startet") if m.is_placement else _("Indsats startet")
        if before is None or m.start_on < before:
            found.append(
                Event(on=m.start_on, kind=MEASURE, label=label, detail=str(m), url=m.get_absolute_url(), sort_id=m.pk)
            )
        if m.end_on is not None and (before is None or m.end_on < before):
            ended = _("Anbringelse afsluttet") if m.is_placement else _("Indsats afsluttet")
            found.append(
                Event(on=m.end_on, kind=MEASURE, label=ended, detail=str(m), url=m.get_absolute_url(), sort_id=m.pk)
            )
    return found


PANELS = (measures_panel,)
TIMELINE = (measure_events,)
