"""Intake's part of the child's overview (children/overview.py, autodiscovered): the open notifications and the
investigation with its stage, and the events notification received, assessed, investigation started and
concluded. Two queries for the panel and at most two for the timeline, whatever the child's history."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sikkerhedsnet.children.models import Child
from sikkerhedsnet.children.overview import INVESTIGATION, NOTIFICATION, Event, Item, Panel
from sikkerhedsnet.core import legal

from .models import Investigation, Notification

SHOWN = 10  # open notifications listed on the panel; more are counted


def _notification_item(n: Notification) -> Item:
    if n.is_assessed:
        state = _("Vurderet: %(outcome)s") % {"outcome": n.get_outcome_display()}
        badge, style = "", "info"
    else:
        state = _("Ikke vurderet endnu")
        badge, style = _("Ny"), "warning"
    if n.acute:
        badge, style = _("Akut"), "error"
    text = _("Underretning modtaget %(day)s") % {"day": date_format(n.received_on, "j. F Y")}
    return Item(text=text, url=n.get_absolute_url(), detail=state, badge=badge, badge_style=style)


def _investigation_item(i: Investigation, today: date) -> Item:
    text = _("Børnefaglig undersøgelse, startet %(day)s") % {"day": date_format(i.awareness_on, "j. F Y")}
    if i.is_concluded:
        concluded = legal.local_day(i.concluded_at) if i.concluded_at else i.awareness_on
        detail = _("Afsluttet %(day)s") % {"day": date_format(concluded, "j. F Y")}
        return Item(text=text, url=i.get_absolute_url(), detail=detail, badge=_("Afsluttet"), badge_style="success")
    missing = i.missing_parts()
    if missing:
        stage = _("Mangler %(count)s dele før den kan afsluttes, fx %(first)s") % {
            "count": len(missing),
            "first": missing[0],
        }
    else:
        stage = _("Klar til at blive afsluttet")
    detail = _("%(stage)s. Frist %(day)s.") % {"stage": stage, "day": date_format(i.due_on, "j. F Y")}
    overdue = i.due_on < today
    return Item(
        text=text,
        url=i.get_absolute_url(),
        detail=detail,
        badge=_("Overskredet") if overdue else _("I gang"),
        badge_style="error" if overdue else "info",
    )


def notifications_panel(child: Child, today: date) -> Panel:
    """Open notifications (not closed or merged), newest first, and the child's latest investigation."""
    notifications = list(Notification.objects.open().filter(child=child).order_by("-received_at")[: SHOWN + 1])
    investigation = Investigation.objects.filter(child=child).order_by("-awareness_on", "-pk").first()
    items = [_notification_item(n) for n in notifications[:SHOWN]]
    if investigation is not None:
        items.insert(0, _investigation_item(investigation, today))
    if len(notifications) > SHOWN:
        items.append(Item(text=_("Flere åbne underretninger: se tidslinjen")))
    return Panel(
        key="intake",
        title=_("Underretninger og undersøgelse"),
        items=items,
        empty=_("Ingen åbne underretninger og ingen undersøgelse."),
        order=10,
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=legal.LOCAL_TZ)


def notification_events(child: Child, kinds: Collection[str], before: date | None, limit: int) -> list[Event]:
    """Each notification received and assessed."""
    if NOTIFICATION not in kinds:
        return []
    found: list[Event] = []
    notifications = Notification.objects.filter(child=child).order_by("-received_at")
    if before is not None:
        notifications = notifications.filter(received_at__lt=_start_of(before))
    for n in notifications[:limit]:
        label = _("Akut underretning modtaget") if n.acute else _("Underretning modtaget")
        found.append(
            Event(
                on=n.received_on,
                kind=NOTIFICATION,
                label=label,
                detail=n.get_reporter_type_display(),
                url=n.get_absolute_url(),
                at=n.received_at,
                sort_id=n.pk,
            )
        )
        if n.assessed_at is not None and (before is None or legal.local_day(n.assessed_at) < before):
            found.append(
                Event(
                    on=legal.local_day(n.assessed_at),
                    kind=NOTIFICATION,
                    label=_("Underretning vurderet"),
                    detail=n.get_outcome_display(),
                    url=n.get_absolute_url(),
                    at=n.assessed_at,
                    sort_id=n.pk,
                )
            )
    return found


def investigation_events(child: Child, kinds: Collection[str], before: date | None, limit: int) -> list[Event]:
    """Each investigation started and concluded."""
    if INVESTIGATION not in kinds:
        return []
    found: list[Event] = []
    investigations = Investigation.objects.filter(child=child).order_by("-awareness_on", "-pk")
    if before is not None:
        investigations = investigations.filter(awareness_on__lt=before)
    for i in investigations[:limit]:
        found.append(
            Event(
                on=i.awareness_on,
                kind=INVESTIGATION,
                label=_("Børnefaglig undersøgelse startet"),
                url=i.get_absolute_url(),
                at=i.created_at,
                sort_id=i.pk,
            )
        )
        if i.concluded_at is not None and (before is None or legal.local_day(i.concluded_at) < before):
            found.append(
                Event(
                    on=legal.local_day(i.concluded_at),
                    kind=INVESTIGATION,
                    label=_("Børnefaglig undersøgelse afsluttet"),
                    detail=_("Behov for støtte") if i.support_needed else "",
                    url=i.get_absolute_url(),
                    at=i.concluded_at,
                    sort_id=i.pk,
                )
            )
    return found


PANELS = (notifications_panel,)
TIMELINE = (notification_events, investigation_events)
