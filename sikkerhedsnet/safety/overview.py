"""Safety's part of the child's overview (children/overview.py, autodiscovered): the safety plan's version and
status, the latest scaling per participant and the family's network; the events plan approved, scaling, mapping
and network meeting. A fixed number of queries whatever the amount of safety work."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sikkerhedsnet.children.models import Child
from sikkerhedsnet.children.overview import SAFETY, Event, Item, Panel
from sikkerhedsnet.core import legal

from .models import Mapping, NetworkMeeting, NetworkMember, SafetyPlan, Scaling, ScalingScore

SCORES_READ = 200  # the newest scores read to find each participant's latest (a participant absent longer is gone)


def _long(day: date) -> str:
    return date_format(day, "j. F Y")


def plan_panel(child: Child, today: date) -> Panel:
    """The plan in force and a draft on its way; without either, the latest plan (ended or superseded)."""
    current = list(
        SafetyPlan.objects.filter(child=child, status__in=[SafetyPlan.Status.ACTIVE, SafetyPlan.Status.DRAFT]).order_by(
            "-number", "-pk"
        )
    )
    if not current:
        current = list(
            SafetyPlan.objects.filter(child=child).exclude(status=SafetyPlan.Status.DISCARDED).order_by("-pk")[:1]
        )
    items = []
    for plan in current:
        detail = [plan.get_level_display()]
        if plan.approved_at:
            detail.append(_("godkendt %(day)s") % {"day": _long(legal.local_day(plan.approved_at))})
        if plan.review_on and plan.status == SafetyPlan.Status.ACTIVE:
            detail.append(_("revurderes senest %(day)s") % {"day": _long(plan.review_on)})
        active = plan.status == SafetyPlan.Status.ACTIVE
        items.append(
            Item(
                text=_("Sikkerhedsplan, version %(number)s") % {"number": plan.number},
                url=plan.get_absolute_url(),
                detail=" · ".join(detail),
                badge=plan.get_status_display(),
                badge_style="success" if active else "warning" if plan.status == SafetyPlan.Status.DRAFT else "info",
            )
        )
    return Panel(
        key="safety_plan",
        title=_("Sikkerhedsplan"),
        items=items,
        empty=_("Ingen sikkerhedsplan."),
        order=20,
        links=[(reverse("safety:overview", args=[child.pk]), _("Sikkerhedsarbejdet"))],
    )


def scaling_panel(child: Child, today: date) -> Panel | None:
    """Each participant's latest score (nobody's score is averaged away); no panel before the first scaling."""
    scores = ScalingScore.objects.filter(scaling__child=child).select_related("scaling")
    latest: dict[tuple[str, str], ScalingScore] = {}
    for score in scores.order_by("-scaling__scored_on", "-scaling_id")[:SCORES_READ]:
        latest.setdefault((score.participant, score.role), score)
    if not latest:
        return None
    items = [
        Item(
            text=_("%(participant)s (%(role)s): %(score)s af 10")
            % {"participant": s.participant, "role": s.get_role_display(), "score": s.score},
            detail=_long(s.scaling.scored_on),
        )
        for s in latest.values()
    ]
    return Panel(
        key="scaling",
        title=_("Seneste skalering"),
        items=items,
        order=21,
        links=[(reverse("safety:scaling", args=[child.pk]), _("Alle skaleringer"))],
    )


def network_panel(child: Child, today: date) -> Panel:
    """The family's active network members and their roles."""
    members = NetworkMember.objects.filter(child=child, active=True).order_by("role", "name")
    items = [
        Item(
            text=m.name,
            detail=", ".join(x for x in (m.get_role_display(), m.relation, m.phone) if x),
        )
        for m in members
    ]
    return Panel(
        key="network",
        title=_("Netværket"),
        items=items,
        empty=_("Intet netværk registreret endnu."),
        order=22,
        links=[(reverse("safety:network", args=[child.pk]), _("Netværket og netværksmøder"))],
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=legal.LOCAL_TZ)


def safety_events(child: Child, kinds: Collection[str], before: date | None, limit: int) -> list[Event]:
    """Each safety plan approved, scaling, mapping and network meeting."""
    if SAFETY not in kinds:
        return []
    plans = SafetyPlan.objects.filter(child=child, approved_at__isnull=False)
    scalings = Scaling.objects.filter(child=child)
    mappings = Mapping.objects.filter(child=child)
    meetings = NetworkMeeting.objects.filter(child=child)
    if before is not None:
        plans = plans.filter(approved_at__lt=_start_of(before))
        scalings = scalings.filter(scored_on__lt=before)
        mappings = mappings.filter(held_on__lt=before)
        meetings = meetings.filter(held_on__lt=before)
    found: list[Event] = []
    for plan in plans.order_by("-approved_at")[:limit]:
        assert plan.approved_at is not None
        found.append(
            Event(
                on=legal.local_day(plan.approved_at),
                kind=SAFETY,
                label=_("Sikkerhedsplan version %(number)s godkendt") % {"number": plan.number},
                url=plan.get_absolute_url(),
                at=plan.approved_at,
                sort_id=plan.pk,
            )
        )
    scaling_url = reverse("safety:scaling", args=[child.pk])
    for scaling in scalings.order_by("-scored_on", "-pk")[:limit]:
        found.append(
            Event(
                on=scaling.scored_on,
                kind=SAFETY,
                label=_("Skalering"),
                url=scaling_url,
                at=scaling.created_at,
                sort_id=scaling.pk,
            )
        )
    for mapping in mappings.order_by("-held_on", "-pk")[:limit]:
        found.append(
            Event(
                on=mapping.held_on,
                kind=SAFETY,
                label=_("Kortlægning"),
                detail=mapping.title,
                url=mapping.get_absolute_url(),
                at=mapping.created_at,
                sort_id=mapping.pk,
            )
        )
    network_url = reverse("safety:network", args=[child.pk])
    for meeting in meetings.order_by("-held_on", "-pk")[:limit]:
        found.append(
            Event(
                on=meeting.held_on,
                kind=SAFETY,
                label=_("Netværksmøde"),
                url=network_url,
                at=meeting.created_at,
                sort_id=meeting.pk,
            )
        )
    return found


PANELS = (plan_panel, scaling_panel, network_panel)
TIMELINE = (safety_events,)
