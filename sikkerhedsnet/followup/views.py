"""Thin views: follow-up overview and tasks, a child's follow-ups, holding one, settings, caseload advice."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, own_municipality
from sikkerhedsnet.accounts.models import Role
from sikkerhedsnet.accounts.selectors import teams_for_user
from sikkerhedsnet.children.access import child_for_request, object_for_request
from sikkerhedsnet.children.caseloads import caseworkers_with_caseload
from sikkerhedsnet.children.rules import caseload_average
from sikkerhedsnet.children.selectors import (
    child_queryset_in_scope,
    children_listed,
    children_visible_to,
    my_open_cases,
)
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit
from sikkerhedsnet.measures.models import Goal, Measure
from sikkerhedsnet.measures.selectors import measure_queryset

from . import rules, selectors, services
from .forms import CaseloadTargetForm, HoldForm, PolicyForm, ScheduleForm
from .models import FollowUp
from .policies import MEASURE_KINDS, POLICIES, describe_cadence, get_policy, schedule

OVERVIEW_DAYS = 60


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Opfølgninger: overdue follow-ups (tasks) and those due in the next 60 days, for my cases (a team
    leader: the team's; a head: the municipality's)."""
    user = request.user
    if not user.has_case_access:
        raise PermissionDenied
    today = timezone.localdate()
    if user.role in (Role.TEAM_LEADER, Role.HEAD):
        children = child_queryset_in_scope(user).filter(case__closed_on__isnull=True)
    else:
        children = my_open_cases(user)
    children_by_id = {c.pk: c for c in children.select_related("case", "case__caseworker")}
    plans = selectors.plans_for_children(
        list(children_by_id), today=today, until=today + timedelta(days=OVERVIEW_DAYS), include_next=False
    )
    overdue, upcoming = [], []
    for plan in plans:
        for slot in plan.slots:
            row = (slot, plan.measure, children_by_id[plan.measure.child_id])
            if slot.state == rules.SlotState.OVERDUE:
                overdue.append(row)
            elif slot.state == rules.SlotState.UPCOMING:
                upcoming.append(row)
    overdue.sort(key=lambda r: (r[0].due_on, r[2].last_name))
    upcoming.sort(key=lambda r: (r[0].due_on, r[2].last_name))
    children_listed(user, [child.pk for _, _, child in overdue + upcoming], page="followup_overview")
    return render(
        request,
        "followup/overview.html",
        {
            "overdue": overdue,
            "upcoming": upcoming,
            "today": today,
            "days": OVERVIEW_DAYS,
            "team_view": user.role in (Role.TEAM_LEADER, Role.HEAD),
        },
    )


@login_required
def child_followups(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """A child's follow-up plans per measure and the follow-ups held."""
    child = child_for_request(request, child_id, purpose="followup")
    today = timezone.localdate()
    measures = list(Measure.objects.filter(child=child).running_or_future(today).select_related("offer"))
    plans = selectors.measure_plans(measures, today=today)
    municipality_id = child.case.team.department.municipality_id
    return render(
        request,
        "followup/child.html",
        {
            "child": child,
            "plans": plans,
            "held": list(selectors.followups_of_child(child.pk)),
            "policy": selectors.active_policy(municipality_id),
            "today": today,
        },
    )


@login_required
@single_submit
def hold(request: AuthenticatedHttpRequest, measure_id: int) -> HttpResponse:
    """Registrér opfølgning: the meeting, the child heard, goal attainment and the decision."""
    measure = object_for_request(request, measure_queryset(), measure_id, purpose="followup_hold")
    child = measure.child
    today = timezone.localdate()
    plan = selectors.measure_plan(measure, today=today)
    municipality_id = child.case.team.department.municipality_id
    goals = list(Goal.objects.filter(plan__child=child, status=Goal.Status.OPEN).order_by("for_whom", "id"))
    requested_due = request.GET.get("due", "")
    default_due = (
        requested_due
        if any(s.due_on.isoformat() == requested_due for s in plan.open_slots)
        else (plan.next_open.due_on.isoformat() if plan.next_open else "")
    )
    sets_cadence = services.is_first_under_legal(plan, plan.next_open.due_on) if plan.next_open else False
    form = HoldForm(
        request.POST or None,
        open_slots=plan.open_slots,
        goals=goals,
        sets_cadence=sets_cadence,
        initial={
            "measure_version": measure.version,
            "policy_token": selectors.policy_token(municipality_id),
            "due_on": default_due,
            "held_on": today,
            "decision": FollowUp.Decision.CONTINUE,
            "child_heard": True,
            "parents_heard": True,
            "next_every_months": 6,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        held = services.HeldFollowUp(
            due_on=data["due_on"],
            held_on=data["held_on"],
            method=data["method"],
            decision=data["decision"],
            participants=list(data["participants"]),
            participants_other=data["participants_other"],
            child_heard=data["child_heard"],
            child_not_heard_reason=data["child_not_heard_reason"],
            parents_heard=data["parents_heard"],
            summary=data["summary"],
            decision_reason=data["decision_reason"],
            new_step=data["new_step"],
            end_on=data["end_on"],
            goal_reviews=form.goal_reviews(),
            next_every_months=data.get("next_every_months"),
            cadence_reason=data.get("cadence_reason") or "",
        )
        try:
            follow_up = services.followup_hold(
                by=request.user,
                measure=measure,
                held=held,
                expected_measure_version=data["measure_version"],
                expected_policy_token=data["policy_token"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Opfølgningen er registreret."))
            return redirect("followup:detail", followup_id=follow_up.pk)
    return render(
        request,
        "followup/hold_form.html",
        {"form": form, "measure": measure, "child": child, "plan": plan, "today": today},
        status=422 if form.errors else 200,
    )


@login_required
def followup_detail(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    follow_up = object_for_request(request, selectors.follow_up_queryset(), followup_id, purpose="followup")
    child = follow_up.child
    reviews = follow_up.goal_reviews.select_related("goal").order_by("goal__for_whom", "goal_id")
    return render(request, "followup/detail.html", {"follow_up": follow_up, "child": child, "reviews": reviews})


@login_required
def policies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The shipped policies, per measure kind, and a schedule explorer (the same dates as the API)."""
    form = ScheduleForm(
        request.GET or None, initial={"policy": "kolding", "measure_kind": "foster_family", "count": 12}
    )
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = schedule(
            get_policy(data["policy"]),
            measure_kind=data["measure_kind"],
            start=data["start"],
            count=data["count"],
            ongoing=data["ongoing"],
        )
    kind_labels = dict(Measure.Kind.choices)
    table = [
        (
            policy,
            [
                (
                    kind_labels[kind],
                    describe_cadence(policy.cadence(kind)),
                    describe_cadence(policy.ongoing[kind]) if kind in policy.ongoing else "",
                )
                for kind in MEASURE_KINDS
            ],
        )
        for policy in POLICIES.values()
    ]
    active = selectors.active_policy(request.user.municipality_id) if request.user.municipality_id else None
    return render(request, "followup/policies.html", {"form": form, "result": result, "table": table, "active": active})


@login_required
def settings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Head/admin: the municipality's follow-up policy and caseload target."""
    user = request.user
    if not selectors.can_edit_settings(user):
        raise PermissionDenied
    municipality = own_municipality(user)
    adoption = selectors.current_adoption(municipality.pk)
    active = selectors.active_policy(municipality.pk)
    policy_form = PolicyForm(
        request.POST if request.POST.get("form") == "policy" else None,
        initial={"policy_token": selectors.policy_token(municipality.pk), "policy_code": active.code},
    )
    caseload_form = CaseloadTargetForm(
        request.POST if request.POST.get("form") == "caseload" else None,
        initial={
            "low": municipality.caseload_target_min,
            "high": municipality.caseload_target_max,
            "expected_low": municipality.caseload_target_min,
            "expected_high": municipality.caseload_target_max,
        },
    )
    if request.method == "POST":
        if request.POST.get("form") == "policy" and policy_form.is_valid():
            try:
                adopted = services.followup_policy_adopt(
                    by=user,
                    municipality=municipality,
                    policy_code=policy_form.cleaned_data["policy_code"],
                    expected_token=policy_form.cleaned_data["policy_token"],
                    effective_from=policy_form.cleaned_data.get("effective_from"),
                )
            except DomainError as exc:
                form_error(policy_form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Opfølgningspolitikken er ændret. Opfølgninger fra skiftedagen er planlagt om; tidligere og "
                        "afholdte opfølgninger er uændrede, og ingen første opfølgning er flyttet ud over 3 måneder."
                    ),
                )
                return redirect("followup:moved", adoption_id=adopted.pk)
        elif request.POST.get("form") == "caseload" and caseload_form.is_valid():
            data = caseload_form.cleaned_data
            try:
                services.caseload_target_update(
                    by=user,
                    municipality=municipality,
                    low=data["low"],
                    high=data["high"],
                    expected=(data["expected_low"], data["expected_high"]),
                )
            except DomainError as exc:
                form_error(caseload_form, exc)
            else:
                messages.success(request, _("Sagstalsmålet er gemt."))
                return redirect("followup:settings")
    has_errors = bool(policy_form.errors or caseload_form.errors)
    return render(
        request,
        "followup/settings.html",
        {
            "policy_form": policy_form,
            "caseload_form": caseload_form,
            "active": active,
            "adoption": adoption,
            "adoptions": list(selectors.adoptions_of(municipality.pk)[:20]),
            "policies": POLICIES,
            "municipality": municipality,
        },
        status=422 if has_errors else 200,
    )


@login_required
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Sagsfordeling: open cases per caseworker against the target, and who can take the next new case."""
    user = request.user
    if user.role not in (Role.TEAM_LEADER, Role.HEAD):
        raise PermissionDenied
    municipality = own_municipality(user)
    low, high = municipality.caseload_target_min, municipality.caseload_target_max
    workers = list(caseworkers_with_caseload([t.pk for t in teams_for_user(user)]))
    rows = [(w, w.open_cases, rules.caseload_status(w.open_cases, low=low, high=high)) for w in workers]
    suggestions = selectors.caseload_suggestions(user)
    return render(
        request,
        "followup/caseload.html",
        {
            "rows": rows,
            "suggestions": suggestions,
            "low": low,
            "high": high,
            # Only members whose role holds cases count (a safety consultant with none would pull it down).
            "average": caseload_average((w.role, w.open_cases) for w in workers),
            "can_edit": selectors.can_edit_settings(user),
        },
    )


@login_required
def moved(request: AuthenticatedHttpRequest, adoption_id: int) -> HttpResponse:
    """Head/admin: after a policy change, the measures whose planned follow-ups moved (old → new dates).

    A child's name is shown only to a user who may open the child (the listing is logged); others see the measure.
    """
    user = request.user
    if not selectors.can_edit_settings(user):
        raise PermissionDenied
    adoption = selectors.adoptions_of(own_municipality(user).pk).filter(pk=adoption_id).first()
    if adoption is None:
        raise Http404
    rows = selectors.moved_by_adoption(adoption)
    visible = set(
        children_visible_to(user).filter(pk__in=[r.measure.child_id for r in rows]).values_list("pk", flat=True)
    )
    children_listed(user, [r.measure.child_id for r in rows if r.measure.child_id in visible], page="followup_moved")
    return render(
        request,
        "followup/moved.html",
        {"adoption": adoption, "rows": rows, "visible": visible, "policy": get_policy(adoption.policy_code)},
    )
