"""The first screens of the day: Mine sager, Mine opgaver, the team leader's and head's team overview, the SoS
consultant's cases; saved filters on the lists; the bulk reassignment when a caseworker leaves."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override
from django.views.decorators.http import require_GET, require_POST
from ninja.throttling import SimpleRateThrottle

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, own_municipality
from sikkerhedsnet.accounts.models import CalendarFeed, Role, User
from sikkerhedsnet.accounts.selectors import teams_for_user
from sikkerhedsnet.accounts.services import calendar_feed_used
from sikkerhedsnet.children import selectors as children_selectors
from sikkerhedsnet.children.caseloads import caseload_rows
from sikkerhedsnet.children.models import BreakGlassAccess
from sikkerhedsnet.children.selectors import (
    break_glass_activity,
    break_glass_for_team_leader,
    unassigned_open_cases,
)
from sikkerhedsnet.children.services import break_glass_review, cases_reassign
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.deadlines import next_deadline_by_child
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit
from sikkerhedsnet.followup.selectors import caseload_suggestions
from sikkerhedsnet.tasks import rules

from . import calendar, selectors, services
from .forms import ReassignForm, SavedFilterForm
from .models import SavedFilter

PAGE_URLS: dict[str, str] = {
    SavedFilter.Page.MY_CASES: "tasks:my_cases",
    SavedFilter.Page.MY_TASKS: "tasks:my_tasks",
    SavedFilter.Page.TEAM: "tasks:team_dashboard",
}
LEADER_ROLES = (Role.TEAM_LEADER, Role.HEAD)


def _filters(
    request: AuthenticatedHttpRequest, page: str, *, kinds: dict[str, str], members: list[User] | None = None
) -> dict[str, Any]:
    """The list's filter from the query string (only the allowed keys, each checked), the user's saved filters
    for the page, and the form to save the current one: the context of templates/tasks/_filters.html."""
    filters = rules.clean_filter(request.GET.dict())
    query = urlencode(sorted(filters.items()))
    return {
        "filters": filters,
        "filter_query": query,
        "filter_page": page,
        "filter_url": reverse(PAGE_URLS[page]),
        "filter_kinds": sorted(kinds.items(), key=lambda kv: kv[1]),
        "filter_members": members,
        "filter_windows": WINDOW_LABELS,
        "saved_filters": list(SavedFilter.objects.filter(user=request.user, page=page).order_by("name")),
        "save_form": SavedFilterForm(initial={"page": page, "query": query}),
    }


WINDOW_LABELS = (
    (rules.OVERDUE, gettext_lazy("Overskredet")),
    (rules.TODAY, gettext_lazy("I dag")),
    (rules.WEEK, gettext_lazy("Resten af ugen")),
    (rules.LATER, gettext_lazy("Senere")),
)


def _require_case_role(user: object) -> None:
    if not getattr(user, "has_case_access", False):
        raise PermissionDenied


@login_required
def my_cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mine sager: my open cases with the next deadline of each, most urgent first."""
    _require_case_role(request.user)
    today = timezone.localdate()
    children = list(children_selectors.my_open_cases(request.user))
    nearest = next_deadline_by_child([c.pk for c in children], today=today)
    kinds = {d.kind: d.label for d in nearest.values()}
    context = _filters(request, SavedFilter.Page.MY_CASES, kinds=kinds)
    window, kind = context["filters"].get("frist", ""), context["filters"].get("type", "")
    rows = []
    for child in children:
        deadline = nearest.get(child.pk)
        if (window or kind) and deadline is None:
            continue
        if deadline is not None:
            overdue = deadline.is_overdue(today)
            if not rules.in_window(window, overdue=overdue, due_on=deadline.due_on, today=today):
                continue
            if kind and deadline.kind != kind:
                continue
        days_left = deadline.days_left(today) if deadline else None
        rows.append((child, deadline, days_left, -days_left if days_left is not None and days_left < 0 else 0))
    # Most urgent first; children without an open deadline last, by name.
    rows.sort(key=lambda row: (row[1] is None, row[1].due_on if row[1] else today, row[0].last_name, row[0].first_name))
    children_selectors.children_listed(request.user, [row[0].pk for row in rows], page="my_cases")
    return render(request, "tasks/my_cases.html", context | {"rows": rows, "today": today, "total": len(children)})


@login_required
def my_tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mine opgaver, the caseworker's first screen: the day's work (overdue, due today, new notifications), then
    the rest of the open deadlines; team leaders and heads also see their teams."""
    _require_case_role(request.user)
    user, today, now = request.user, timezone.localdate(), timezone.now()
    all_tasks = selectors.my_tasks(user, today=today, now=now)
    overviews = []
    members = None
    if user.role in LEADER_ROLES:
        teams = list(teams_for_user(user))
        overviews = selectors.team_overviews(teams, today=today, now=now)
        members = [r.caseworker for o in overviews for r in o.rows if r.caseworker is not None]
    kinds = {t.deadline.kind: t.deadline.label for t in all_tasks}
    for overview in overviews:
        kinds |= {t.deadline.kind: t.deadline.label for t in [*overview.overdue_tasks, *overview.week_tasks]}
    context = _filters(request, SavedFilter.Page.MY_TASKS, kinds=kinds, members=members)
    filters = context["filters"]
    tasks = selectors.filter_tasks(all_tasks, filters, today=today)
    for overview in overviews:
        overview.overdue_tasks = selectors.filter_tasks(overview.overdue_tasks, filters, today=today)
        overview.week_tasks = selectors.filter_tasks(overview.week_tasks, filters, today=today)
    groups: dict[str, list[selectors.Task]] = {w: [] for w in rules.WINDOWS}
    for task in tasks:
        groups[rules.day_group(overdue=task.overdue, due_on=task.deadline.due_on, today=today)].append(task)
    new = [] if filters else selectors.new_notifications(user, now=now)
    acute = selectors.acute_child_ids(n.child_id for n in new)
    shown = [t.child.pk for t in tasks] + [n.child_id for n in new]
    for overview in overviews:
        shown += [t.child.pk for t in [*overview.overdue_tasks, *overview.week_tasks]]
    children_selectors.children_listed(user, shown, page="my_tasks")
    return render(
        request,
        "tasks/my_tasks.html",
        context
        | {
            "tasks": tasks,
            "overdue_tasks": groups[rules.OVERDUE],
            "today_tasks": groups[rules.TODAY],
            "later_tasks": groups[rules.WEEK] + groups[rules.LATER],
            "new_notifications": new,
            "day_sections": [
                ("overdue", _("Overskredne frister"), _("Ingen overskredne frister.")),
                ("today", _("Frist i dag"), _("Ingen frister i dag.")),
                *(
                    []
                    if filters
                    else [("new", _("Nye underretninger"), _("Ingen nye underretninger de sidste 3 dage."))]
                ),
                ("later", _("Kommende frister"), _("Ingen kommende frister.")),
            ],
            "acute_ids": acute,
            "overdue_count": len(groups[rules.OVERDUE]),
            "overviews": overviews,
            "is_head": user.role == Role.HEAD,
            "is_leader": user.role == Role.TEAM_LEADER,
            "today": today,
            "week_end": rules.end_of_week(today),
            "now": now,
        },
    )


UNASSIGNED_SHOWN = 50


@login_required
def team_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in (Role.TEAM_LEADER, Role.HEAD):
        raise PermissionDenied
    municipality = own_municipality(user)
    teams = list(teams_for_user(user))
    rows = caseload_rows(
        [t.pk for t in teams], low=municipality.caseload_target_min, high=municipality.caseload_target_max
    )
    accesses = list(break_glass_for_team_leader(user)[:50])
    activity = break_glass_activity(accesses)
    for access in accesses:
        access.activity = activity[access.pk]  # type: ignore[attr-defined]  # what was read under it, for the review
    # Acute and unassigned first: every unassigned case with an open acute notification, then the oldest others.
    unassigned = unassigned_open_cases([t.pk for t in teams])
    acute = selectors.acute_child_ids(unassigned.values_list("pk", flat=True))
    unassigned_shown = list(unassigned.filter(pk__in=acute)) + list(unassigned.exclude(pk__in=acute)[:UNASSIGNED_SHOWN])
    # Then the deadlines overdue across the team(s), filtered as the query string says.
    today, now = timezone.localdate(), timezone.now()
    # (Without a due window chosen, the overdue ones; the overview knows the deadlines up to the end of the week.)
    team_tasks = [
        t for o in selectors.team_overviews(teams, today=today, now=now) for t in [*o.overdue_tasks, *o.week_tasks]
    ]
    members = list(children_selectors.reassign_candidates(user).filter(team__in=teams))
    context = _filters(
        request, SavedFilter.Page.TEAM, kinds={t.deadline.kind: t.deadline.label for t in team_tasks}, members=members
    )
    shown_filter = {"frist": rules.OVERDUE} | context["filters"]
    overdue_shown = selectors.filter_tasks(team_tasks, shown_filter, today=today)
    at_risk = selectors.about_to_fall_out(teams, today=today, now=now)
    children_selectors.children_listed(
        user,
        [c.pk for c in unassigned_shown]
        + [a.child_id for a in accesses]
        + [t.child.pk for t in overdue_shown]
        + [t.child.pk for t in at_risk],
        page="team_dashboard",
    )
    return render(
        request,
        "tasks/team_dashboard.html",
        context
        | {
            "acute_ids": acute,
            "overdue_tasks": overdue_shown,
            "team_window": shown_filter["frist"],
            "now": now,
            "teams": teams,
            "rows": rows,
            "target_min": municipality.caseload_target_min,
            "target_max": municipality.caseload_target_max,
            "accesses": accesses,
            "suggestions": caseload_suggestions(user),
            "unassigned": unassigned_shown,
            "unassigned_count": unassigned.count(),
            "unreviewed": sum(1 for a in accesses if a.reviewed_at is None),
            "at_risk": at_risk,
            "compliance_url": reverse("reports:compliance"),
        },
    )


@login_required
@require_POST
def break_glass_reviewed(request: AuthenticatedHttpRequest, access_id: int) -> HttpResponse:
    if request.user.role != Role.TEAM_LEADER:
        raise PermissionDenied
    try:
        break_glass_review(by=request.user, access_id=access_id)
    except BreakGlassAccess.DoesNotExist:
        messages.error(request, _("Adgangen findes ikke."))
    return redirect("tasks:team_dashboard")


@login_required
def consultations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The SoS consultant's first screen: the cases they consult on, then the team's other safety-plan work."""
    user = request.user
    if user.role != Role.SOS_CONSULTANT:
        raise PermissionDenied
    today = timezone.localdate()
    found = selectors.consultations(user)
    children = [*found.mine, *found.team]
    nearest = next_deadline_by_child([c.pk for c in children], today=today)
    children_selectors.children_listed(user, [c.pk for c in children], page="consultations")
    return render(
        request,
        "tasks/consultations.html",
        {
            "mine": [(c, nearest.get(c.pk)) for c in found.mine],
            "team": [(c, nearest.get(c.pk)) for c in found.team],
            "today": today,
        },
    )


# ------------------------------------------------------------------------------ saved filters


@login_required
@require_POST
@single_submit
def filter_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Save the filter now shown on a list under a name; back to the list with it applied."""
    _require_case_role(request.user)
    form = SavedFilterForm(request.POST)
    page = request.POST.get("page", "")
    back = reverse(PAGE_URLS.get(page, "tasks:my_tasks"))
    if form.is_valid():
        filters = dict(parse_qsl(form.cleaned_data["query"]))
        try:
            saved = services.saved_filter_save(
                by=request.user, page=form.cleaned_data["page"], name=form.cleaned_data["name"], filters=filters
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Filteret er gemt."))
            return redirect(f"{back}?{saved.query}")
    else:
        messages.error(request, _("Filteret blev ikke gemt: giv det et navn på højst 80 tegn."))
    query = urlencode(sorted(rules.clean_filter(dict(parse_qsl(request.POST.get("query", "")[:300]))).items()))
    return redirect(f"{back}?{query}" if query else back)


@login_required
@require_POST
def filter_delete(request: AuthenticatedHttpRequest, filter_id: int) -> HttpResponse:
    _require_case_role(request.user)
    saved = get_object_or_404(SavedFilter, pk=filter_id, user=request.user)
    page = saved.page
    services.saved_filter_delete(by=request.user, filter_id=saved.pk)
    messages.info(request, _("Filteret er slettet."))
    return redirect(PAGE_URLS[page])


# ------------------------------------------------------------------------------ when a caseworker leaves


@login_required
@single_submit
def reassign(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Omfordeling: pick the leaving caseworker (?raadgiver=<id>), choose who takes which case, confirm."""
    user = request.user
    if user.role not in LEADER_ROLES:
        raise PermissionDenied
    candidates = list(children_selectors.reassign_candidates(user))
    if user.role == Role.TEAM_LEADER:
        leavers = [u for u in candidates if u.team_id == user.team_id]
    else:
        leavers = candidates
    leaver_id = validation.query_id(request.GET.get("raadgiver"))
    leaving = next((u for u in leavers if u.pk == leaver_id), None)
    if leaver_id is not None and leaving is None:
        raise Http404
    context: dict[str, Any] = {"leavers": leavers, "leaving": leaving}
    if leaving is None:
        return render(request, "tasks/reassign.html", context)
    cases = list(children_selectors.reassignable_cases(user, leaving))
    colleagues = [u for u in candidates if u.pk != leaving.pk]
    form = ReassignForm(request.POST or None, cases=cases, candidates=colleagues)
    children_selectors.children_listed(user, [c.pk for c in cases], page="reassign")
    context |= {"form": form, "cases": cases}
    if request.method == "POST" and form.is_valid():
        moves = form.cleaned_data["moves"]
        if not form.cleaned_data["confirm"]:
            # The confirmation step: the same choices, shown as a list, and one button that carries them.
            by_id = {c.pk: c for c in cases}
            summary = [(by_id[pk], to) for pk, to in moves.items()]
            return render(request, "tasks/reassign_confirm.html", context | {"summary": summary})
        try:
            done = cases_reassign(by=user, leaving=leaving, moves=moves)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(count)d sag er fordelt.", "%(count)d sager er fordelt.", len(done)) % {"count": len(done)},
            )
            return redirect(f"{reverse('tasks:reassign')}?raadgiver={leaving.pk}")
    status = 422 if form.errors else 200
    return render(request, "tasks/reassign.html", context, status=status)


class CalendarFeedThrottle(SimpleRateThrottle):
    """Fetches of one feed address (known or not), at settings.CALENDAR_FEED_THROTTLE_RATE."""

    scope = "calendar_feed"

    def __init__(self, key_hash: str) -> None:
        super().__init__(rate=settings.CALENDAR_FEED_THROTTLE_RATE)
        self.key_hash = key_hash

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.key_hash}


@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The private iCal feed of a user's open deadlines (as on Mine opgaver), reached without a session through
    its secret address. An unknown or revoked secret, or a deactivated user, is 404; every fetch is audited.
    GET only, so no CSRF token is ever needed (a POST is refused by the CSRF check, or 405)."""
    key_hash = CalendarFeed.hash_key(secret[:200])
    throttle = CalendarFeedThrottle(key_hash)
    if not throttle.allow_request(request):
        response = HttpResponse(_("For mange forespørgsler."), status=429, content_type="text/plain; charset=utf-8")
        wait = throttle.wait()
        if wait is not None:
            response["Retry-After"] = str(max(1, int(wait)))
        return response
    feed = CalendarFeed.objects.select_related("user").filter(key_hash=key_hash, user__is_active=True).first()
    if feed is None:
        raise Http404
    today, now = timezone.localdate(), timezone.now()
    tasks = selectors.my_tasks(feed.user, today=today, now=now)
    with override(settings.LANGUAGE_CODE):
        body = calendar.deadlines_calendar(tasks, now=now)
    calendar_feed_used(feed=feed, deadlines=len(tasks))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = 'inline; filename="frister.ics"'
    return response
