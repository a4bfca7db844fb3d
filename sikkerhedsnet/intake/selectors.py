"""Reads for intake, scoped to the user. A notification or investigation is visible exactly when its child is:
fetch one with children.access.object_for_request/_api and the queryset below (the same getter, the same log
line); lists go through the child scope of children.selectors."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet

from sikkerhedsnet.accounts.models import Role, Team, User
from sikkerhedsnet.accounts.settings_selectors import setting_on
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Case, Child
from sikkerhedsnet.children.selectors import child_queryset_in_scope, children_visible_to
from sikkerhedsnet.core import legal
from sikkerhedsnet.core.legal import local_day

from . import rules
from .models import Investigation, Notification

QUEUE_VIEWS = ("queue", "unassessed", "open", "all")
MAX_ID = 2**63 - 1  # a larger id cannot exist; asking the database for it would raise instead of "not found"
LIST_LIMIT = 200


def notification_queryset() -> QuerySet[Notification]:
    """Notifications with what their page and the API show; pass it to children.access.object_for_request/_api."""
    return Notification.objects.select_related(
        "child",
        "child__case",
        "child__case__caseworker",
        "routed_team",
        "assigned_to",
        "registered_by",
        "assessed_by",
        "reassessment_participant",
        "receipt_sent_by",
        "duplicate_of",
        "merged_by",
        "closed_by",
    )


def investigation_queryset() -> QuerySet[Investigation]:
    """Investigations with what their page shows; pass it to children.access.object_for_request/_api."""
    return Investigation.objects.select_related("child", "child__case", "notification", "started_by", "concluded_by")


def visible_children_by_cpr(user: User, cprs: list[str]) -> dict[str, Child]:
    """The children with these CPR numbers that the user may see (registration looks the child up by CPR)."""
    return {c.cpr: c for c in children_visible_to(user).filter(cpr__in=cprs).select_related("case")}


@dataclass(frozen=True)
class CprLookup:
    """A notification's child found by CPR. Only `visible` may be shown to the user; `known` is for routing."""

    visible: Child | None  # the child, when the user may see it
    known: Child | None  # the child with this CPR in the user's municipality, seen or not
    elsewhere: bool  # the CPR is another municipality's child


def notification_cpr_lookup(user: User, cpr: str) -> CprLookup:
    """Find the child of a new notification by CPR, and log the lookup (the CPR itself is never logged).

    Need-to-know: the caller tells the user about `visible` only; a child the user may not see is answered
    exactly as a CPR that is not known (intake.views), and the notification about it is routed to its team.
    """
    child = Child.objects.select_related("case__team__department").filter(cpr=cpr).first()
    visible = child if child is not None and children_visible_to(user).filter(pk=child.pk).exists() else None
    own = child is not None and child.case.team.department.municipality_id == user.municipality_id
    audit.record(
        by=user,
        type=AuditEvent.Type.CHILD_SEARCHED,
        target=child if own else None,
        child_id=child.pk if own and child is not None else None,
        new={"purpose": "register_notification", "known_to_user": visible is not None},
    )
    return CprLookup(visible=visible, known=child if own else None, elsewhere=child is not None and not own)


def child_is_visible(user: User, child_id: int) -> bool:
    return children_visible_to(user).filter(pk=child_id).exists()


def duplicate_window(notification: Notification) -> timedelta:
    """The municipality's duplicate window in force on the day the notification was received."""
    municipality_id = Team.objects.filter(pk=notification.routed_team_id).values_list(
        "department__municipality_id", flat=True
    )[0]
    hours = setting_on(municipality_id, "duplicate_window_hours", on=local_day(notification.received_at))
    return timedelta(hours=int(hours))


def registrant_may_follow(user: User, notification: Notification) -> bool:
    """After registering: may the page open the notification, or only say it was sent on (issue #20, Medium 4)?

    A member of the intake team registers about new children (their team's queue) and about other teams'
    children alike; opening the one and not the other would tell them which CPRs already had a case. So the
    intake team opens only a notification whose case they hold themselves; everyone else every child they see.
    """
    if not child_is_visible(user, notification.child_id):
        return False
    if user.team_id is None or not Team.objects.filter(pk=user.team_id, is_intake=True).exists():
        return True
    return Case.objects.filter(child_id=notification.child_id, caseworker=user).exists()


def possible_duplicates(notification: Notification) -> list[Notification]:
    """Other unmerged notifications about the same child received within the municipality's window (default 72
    hours; `duplicate_window_hours` as of the day this one was received) of this one."""
    window = duplicate_window(notification)
    return list(
        Notification.objects.filter(
            child_id=notification.child_id,
            duplicate_of__isnull=True,
            received_at__gte=notification.received_at - window,
            received_at__lte=notification.received_at + window,
        )
        .exclude(pk=notification.pk)
        .order_by("received_at", "pk")
    )


def duplicate_flags(notifications: Iterable[Notification]) -> set[int]:
    """Ids of the given notifications that have a possible duplicate. One query for the whole list."""
    items = [n for n in notifications if n.duplicate_of_id is None]
    if not items:
        return set()
    window = duplicate_window(items[0])  # a list shows one municipality's notifications
    others = Notification.objects.filter(
        child_id__in={n.child_id for n in items},
        duplicate_of__isnull=True,
        received_at__gte=min(n.received_at for n in items) - window,
        received_at__lte=max(n.received_at for n in items) + window,
    ).values_list("pk", "child_id", "received_at")
    by_child: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    for pk, child_id, received_at in others:
        by_child[child_id].append((pk, received_at))
    return {
        n.pk
        for n in items
        if any(
            pk != n.pk and rules.are_possible_duplicates(n.received_at, at, window=window)
            for pk, at in by_child[n.child_id]
        )
    }


def notifications_for_user(user: User, *, view: str = "queue") -> QuerySet[Notification]:
    """Notifications about children in the user's scope.

    queue: not yet assessed and the child's case has no caseworker (the intake queue); unassessed: every
    notification awaiting assessment; open: not closed; all: everything, newest first.
    """
    qs = Notification.objects.filter(child__in=child_queryset_in_scope(user)).select_related(
        "child", "child__case", "child__case__caseworker", "assigned_to"
    )
    if view == "queue":
        qs = qs.open().unassessed().filter(child__case__caseworker__isnull=True)
    elif view == "unassessed":
        qs = qs.open().unassessed()
    elif view == "open":
        qs = qs.open()
    if view == "all":
        return qs.order_by("-received_at", "-pk")
    # Acute first, then the oldest (the nearest 24-hour deadline).
    return qs.order_by("-acute", "received_at", "pk")


def notifications_of_child(child: Child) -> list[Notification]:
    """Every notification about the child, as primary child or as a sibling, newest first."""
    # Two index lookups (the child's own, then those naming it as a sibling) instead of one OR across the
    # sibling join, which PostgreSQL could only answer by scanning every notification (0.46 s at 700,000).
    as_sibling = list(
        Notification.siblings.through.objects.filter(child_id=child.pk).values_list("notification_id", flat=True)
    )
    return list(
        Notification.objects.filter(Q(child=child) | Q(pk__in=as_sibling))
        .select_related("assessed_by")
        .order_by("-received_at", "-pk")
    )


def investigations_of_child(child: Child) -> list[Investigation]:
    return list(Investigation.objects.filter(child=child).order_by("-awareness_on", "-pk"))


def visible_siblings(user: User, notification: Notification) -> tuple[list[Child], int]:
    """The notification's siblings the user may see, and how many others are hidden from them."""
    siblings = list(notification.siblings.all().order_by("first_name"))
    visible_ids = set(
        child_queryset_in_scope(user).filter(pk__in=[s.pk for s in siblings]).values_list("pk", flat=True)
    )
    shown = [s for s in siblings if s.pk in visible_ids]
    return shown, len(siblings) - len(shown)


def reassessment_candidates(notification: Notification, *, exclude: User) -> QuerySet[User]:
    """People in the municipality with case access who could join the reassessment (the service checks
    that they are new to the case)."""
    municipality_id = notification.routed_team.department.municipality_id
    return (
        User.objects.filter(
            is_active=True,
            municipality_id=municipality_id,
            role__in=[Role.CASEWORKER, Role.SOS_CONSULTANT, Role.TEAM_LEADER, Role.HEAD],
        )
        .exclude(pk=exclude.pk)
        .exclude(pk=notification.child.case.caseworker_id or 0)
        .order_by("first_name", "last_name", "username")
    )


def has_open_investigation(child_id: int) -> bool:
    """Whether a child investigation about the child is in progress (the caller has checked need-to-know)."""
    return Investigation.objects.open().filter(child_id=child_id).exists()


def investigation_concluded_on(child_id: int) -> date | None:
    """The Danish day the child's latest child investigation was concluded, or None (for measures' preconditions)."""
    concluded_at = (
        Investigation.objects.filter(child_id=child_id, status=Investigation.Status.CONCLUDED)
        .order_by("-concluded_at")
        .values_list("concluded_at", flat=True)
        .first()
    )
    return legal.local_day(concluded_at) if concluded_at is not None else None


def earlier_notifications(notification: Notification, *, limit: int = 20) -> list[Notification]:
    """The child's notifications received before this one, newest first (shown while assessing, issue #14)."""
    return list(
        Notification.objects.filter(child_id=notification.child_id, received_at__lt=notification.received_at)
        .exclude(pk=notification.pk)
        .order_by("-received_at", "-pk")[:limit]
    )
