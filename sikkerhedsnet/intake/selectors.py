"""Reads for intake, scoped to the user. A notification or investigation is visible exactly when its child is
(the same getter, the same log line); lists go through the child scope of children.selectors."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from sikkerhedsnet.accounts.models import Role, Team, User
from sikkerhedsnet.children.deadlines import Deadline, open_deadlines
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.children.selectors import child_get_for_user, child_queryset_in_scope, children_visible_to

from . import rules
from .models import Investigation, Notification

QUEUE_VIEWS = ("queue", "unassessed", "open", "all")
MAX_ID = 2**63 - 1  # a larger id cannot exist; asking the database for it would raise instead of "not found"
LIST_LIMIT = 200


def notification_get_for_user(user: User, notification_id: int, *, reason: str = "", purpose: str = "") -> Notification:
    """The notification if the user may see its child (the read is logged); Notification.DoesNotExist otherwise."""
    if not 0 < notification_id <= MAX_ID:
        raise Notification.DoesNotExist
    child_id = Notification.objects.filter(pk=notification_id).values_list("child_id", flat=True).first()
    if child_id is None:
        raise Notification.DoesNotExist
    try:
        child_get_for_user(user, child_id, reason=reason, purpose=purpose or "notification")
    except Child.DoesNotExist as exc:
        raise Notification.DoesNotExist from exc
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
    ).get(pk=notification_id)


def investigation_get_for_user(
    user: User, investigation_id: int, *, reason: str = "", purpose: str = ""
) -> Investigation:
    """The investigation if the user may see its child (the read is logged); Investigation.DoesNotExist otherwise."""
    if not 0 < investigation_id <= MAX_ID:
        raise Investigation.DoesNotExist
    child_id = Investigation.objects.filter(pk=investigation_id).values_list("child_id", flat=True).first()
    if child_id is None:
        raise Investigation.DoesNotExist
    try:
        child_get_for_user(user, child_id, reason=reason, purpose=purpose or "investigation")
    except Child.DoesNotExist as exc:
        raise Investigation.DoesNotExist from exc
    return Investigation.objects.select_related(
        "child", "child__case", "notification", "started_by", "concluded_by"
    ).get(pk=investigation_id)


def visible_children_by_cpr(user: User, cprs: list[str]) -> dict[str, Child]:
    """The children with these CPR numbers that the user may see (registration looks the child up by CPR)."""
    return {c.cpr: c for c in children_visible_to(user).filter(cpr__in=cprs).select_related("case")}


def cpr_is_registered(cpr: str) -> bool:
    """Whether a child with this CPR exists at all. Reveals no more than creating the child would (duplicate)."""
    return Child.objects.filter(cpr=cpr).exists()


def child_is_visible(user: User, child_id: int) -> bool:
    return children_visible_to(user).filter(pk=child_id).exists()


def possible_duplicates(notification: Notification) -> list[Notification]:
    """Other unmerged notifications about the same child received within 72 hours of this one."""
    window = rules.DUPLICATE_WINDOW
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
    window = rules.DUPLICATE_WINDOW
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
        if any(pk != n.pk and rules.are_possible_duplicates(n.received_at, at) for pk, at in by_child[n.child_id])
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


# --- "Mine opgaver", the team leader's and the head's overviews, the digest -----------------------------------


@dataclass(frozen=True)
class Task:
    deadline: Deadline
    child: Child
    days_left: int
    overdue: bool  # by the clock for hour-based deadlines (the 24-hour assessment), by the day otherwise

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left < 0 else 0

    @property
    def caseworker(self) -> User | None:
        return self.child.case.caseworker


def tasks_for_children(children: Iterable[Child], *, today: date, now: datetime | None = None) -> list[Task]:
    """Every open deadline of these children (every app's providers): overdue first, then by due date.

    A notification about siblings gives the same duty on each child's case; it is listed once per caseworker.
    """
    now = now or timezone.now()
    by_id = {c.pk: c for c in children}
    tasks: list[Task] = []
    seen: set[tuple[str, str, int | None]] = set()
    for deadline in open_deadlines(by_id.keys(), today=today):
        child = by_id[deadline.child_id]
        key = (deadline.kind, deadline.url, child.case.caseworker_id)
        if deadline.url and key in seen:
            continue
        seen.add(key)
        overdue = (
            rules.is_overdue_at(due_at=deadline.due_at, now=now)
            if deadline.due_at
            else rules.is_overdue(due_on=deadline.due_on, today=today)
        )
        tasks.append(Task(deadline=deadline, child=child, days_left=deadline.days_left(today), overdue=overdue))
    tasks.sort(key=lambda t: not t.overdue)  # stable: keeps the due-date order inside each group
    return tasks


def _open_case_children(**filters: object) -> QuerySet[Child]:
    return Child.objects.filter(case__closed_on__isnull=True, **filters).select_related(
        "case", "case__caseworker", "case__team"
    )


def my_tasks(user: User, *, today: date, now: datetime | None = None) -> list[Task]:
    """Open deadlines of the cases this user holds."""
    return tasks_for_children(_open_case_children(case__caseworker=user), today=today, now=now)


@dataclass
class CaseworkerLoad:
    caseworker: User | None  # None: the team's unassigned cases (the queue)
    team: Team
    overdue: int = 0
    due_this_week: int = 0
    open_total: int = 0


@dataclass
class TeamOverview:
    team: Team
    rows: list[CaseworkerLoad] = field(default_factory=list)
    overdue_tasks: list[Task] = field(default_factory=list)
    week_tasks: list[Task] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(r.overdue for r in self.rows)

    @property
    def due_this_week(self) -> int:
        return sum(r.due_this_week for r in self.rows)

    @property
    def open_total(self) -> int:
        return sum(r.open_total for r in self.rows)


def team_overviews(teams: Iterable[Team], *, today: date, now: datetime | None = None) -> list[TeamOverview]:
    """Per team: overdue and due-this-week deadlines per caseworker (and the unassigned queue).

    A fixed number of queries for any number of teams and cases: the members, the children, the providers.
    """
    teams = list(teams)
    overviews = {t.pk: TeamOverview(team=t) for t in teams}
    rows: dict[tuple[int, int | None], CaseworkerLoad] = {}
    members = User.objects.filter(
        team__in=teams, is_active=True, role__in=[Role.CASEWORKER, Role.SOS_CONSULTANT]
    ).order_by("first_name", "last_name", "username")
    for member in members:
        rows[(member.team_id, member.pk)] = CaseworkerLoad(caseworker=member, team=overviews[member.team_id].team)
    tasks = tasks_for_children(_open_case_children(case__team__in=teams), today=today, now=now)
    for task in tasks:
        case = task.child.case
        key = (case.team_id, case.caseworker_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = CaseworkerLoad(caseworker=case.caseworker, team=overviews[case.team_id].team)
        row.open_total += 1
        overview = overviews[case.team_id]
        if task.overdue:
            row.overdue += 1
            overview.overdue_tasks.append(task)
        elif rules.is_due_this_week(due_on=task.deadline.due_on, today=today):
            row.due_this_week += 1
            overview.week_tasks.append(task)
    for (team_id, _user_id), row in rows.items():
        overviews[team_id].rows.append(row)
    for overview in overviews.values():
        # Most overdue first; the unassigned queue last.
        overview.rows.sort(key=lambda r: (r.caseworker is None, -r.overdue, -r.due_this_week, str(r.caseworker)))
    return [overviews[t.pk] for t in teams]


@dataclass
class Digest:
    user: User
    overdue: list[Task] = field(default_factory=list)
    upcoming: list[Task] = field(default_factory=list)


def digests(*, today: date, now: datetime | None = None) -> list[Digest]:
    """Per caseworker: everything overdue and what falls due within the next 2 working days.

    Working days follow each caseworker's municipality (Saturday may count). A fixed number of queries.
    """
    children = _open_case_children(case__caseworker__isnull=False, case__caseworker__is_active=True).select_related(
        "case__caseworker__municipality"
    )
    by_user: dict[int, Digest] = {}
    for task in tasks_for_children(children, today=today, now=now):
        user = task.child.case.caseworker
        assert user is not None
        digest = by_user.setdefault(user.pk, Digest(user=user))
        saturday = bool(user.municipality and user.municipality.saturday_is_working_day)
        if task.overdue:
            digest.overdue.append(task)
        elif task.deadline.due_on <= rules.digest_until(today, saturday_counts=saturday):
            digest.upcoming.append(task)
    return sorted((d for d in by_user.values() if d.overdue or d.upcoming), key=lambda d: d.user.username)
