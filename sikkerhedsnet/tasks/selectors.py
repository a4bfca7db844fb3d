"""The day's work: "Mine opgaver", the team leader's and the head's overviews, the deadline digest.

Every app's open deadlines come from `core.deadlines` (each app's `deadlines.py`, found by autodiscovery).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from sikkerhedsnet.accounts.models import Role, Team, User
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core.deadlines import Deadline, open_deadlines
from sikkerhedsnet.intake.models import Notification
from sikkerhedsnet.safety.models import Mapping, SafetyPlan
from sikkerhedsnet.tasks import rules


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


def about_to_fall_out(teams: Iterable[Team], *, today: date, now: datetime | None = None) -> list[Task]:
    """The teams' open steps the review measures that fall due this week and are not yet overdue, soonest first.
    The same deadlines as every list (core.deadlines, the rule table): a fixed number of queries."""
    tasks = tasks_for_children(_open_case_children(case__team__in=list(teams)), today=today, now=now)
    return [
        t
        for t in tasks
        if not t.overdue and rules.is_about_to_fall_out(kind=t.deadline.kind, due_on=t.deadline.due_on, today=today)
    ]


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
        if member.team_id is None:  # never (team__in); tells the type checker so
            continue
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


# ------------------------------------------------------------------------------ the first screens of each role


def filter_tasks(tasks: Iterable[Task], filters: dict[str, str], *, today: date) -> list[Task]:
    """The tasks a cleaned filter (`rules.clean_filter`) keeps: due window, deadline kind, team member."""
    window, kind, member = filters.get("frist", ""), filters.get("type", ""), filters.get("raadgiver", "")
    return [
        t
        for t in tasks
        if rules.in_window(window, overdue=t.overdue, due_on=t.deadline.due_on, today=today)
        and (not kind or t.deadline.kind == kind)
        and (not member or str(t.child.case.caseworker_id) == member)
    ]


def new_notifications(user: User, *, now: datetime) -> list[Notification]:
    """Open notifications on the user's open cases received within `rules.NEW_WINDOW`, newest first."""
    return list(
        Notification.objects.open()
        .filter(
            child__case__caseworker=user,
            child__case__closed_on__isnull=True,
            received_at__gte=now - rules.NEW_WINDOW,
            received_at__lte=now,
        )
        .select_related("child", "child__case")
        .order_by("-received_at")
    )


def acute_child_ids(child_ids: Iterable[int]) -> set[int]:
    """Of these children, those with an open acute notification (primary child or sibling covered by it)."""
    ids = list(child_ids)
    if not ids:
        return set()
    acute = Notification.objects.open().filter(acute=True)
    primary = set(acute.filter(child_id__in=ids).values_list("child_id", flat=True))
    siblings = set(acute.filter(siblings__in=ids).values_list("siblings", flat=True))
    return primary | siblings


# Safety-plan work under way on a case: an open mapping, or a draft or approved safety plan.
def _sos_work() -> Q:
    return Q(pk__in=Mapping.objects.filter(finalized_at__isnull=True).values("child_id")) | Q(
        pk__in=SafetyPlan.objects.filter(status__in=[SafetyPlan.Status.DRAFT, SafetyPlan.Status.ACTIVE]).values(
            "child_id"
        )
    )


@dataclass
class Consultations:
    mine: list[Child]  # cases the consultant holds or has done SoS work on (a mapping or safety plan)
    team: list[Child]  # the rest of the team's open cases with SoS work under way


def consultations(user: User) -> Consultations:
    """The SoS consultant's first screen: the open cases of their team they consult on, then the team's other
    cases with safety-plan work under way (there is no "consultant on the case" field: the work shows it)."""
    if not user.team_id:
        return Consultations(mine=[], team=[])
    base = _open_case_children(case__team_id=user.team_id).order_by("last_name", "first_name", "pk")
    mine_q = (
        Q(case__caseworker=user)
        | Q(pk__in=Mapping.objects.filter(created_by=user).values("child_id"))
        | Q(pk__in=SafetyPlan.objects.filter(created_by=user).values("child_id"))
    )
    mine = list(base.filter(mine_q))
    taken = {c.pk for c in mine}
    team = [c for c in base.filter(_sos_work()) if c.pk not in taken]
    return Consultations(mine=mine, team=team)
