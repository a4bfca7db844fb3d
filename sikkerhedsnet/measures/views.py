"""Thin views: the catalogue and legal bases (admin/head edit), a child's measures, staircase and plan."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, own_municipality, own_municipality_id
from sikkerhedsnet.children.access import child_for_request, object_for_request
from sikkerhedsnet.core.errors import DomainError, PreconditionMissing
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit

from . import plans, selectors, services
from .forms import (
    ActionPlanForm,
    GoalForm,
    LegalBasisChoiceField,
    LegalBasisForm,
    MeasureDecideForm,
    MeasureEditForm,
    OfferForm,
    StaircaseMoveForm,
)
from .models import Goal, LegalBasis, Measure, Offer, Step


def _require_catalogue_reader(request: AuthenticatedHttpRequest) -> None:
    if not selectors.can_read_catalogue(request.user):
        raise PermissionDenied


def _require_catalogue_editor(request: AuthenticatedHttpRequest) -> None:
    if not selectors.can_edit_catalogue(request.user):
        raise PermissionDenied


# --- Catalogue and legal bases ------------------------------------------------------------------------------


@login_required
def offer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Tilbudsviften: the municipality's measures by step on the staircase."""
    _require_catalogue_reader(request)
    show_inactive = request.GET.get("alle") == "1"
    offers = list(selectors.offers_for(own_municipality_id(request.user), active_only=not show_inactive))
    steps = [(value, label, [o for o in offers if o.step == value]) for value, label in Step.choices]
    today = timezone.localdate()
    return render(
        request,
        "measures/offer_list.html",
        {
            "steps": steps,
            "today": today,
            "can_edit": selectors.can_edit_catalogue(request.user),
            "show_inactive": show_inactive,
        },
    )


@login_required
def offer_detail(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    _require_catalogue_reader(request)
    offer = get_object_or_404(selectors.offers_for(own_municipality_id(request.user)), pk=offer_id)
    history = list(offer.history.select_related("history_user").order_by("-history_date", "-history_id")[:50])
    changes = []
    for newer, older in zip(history, history[1:] + [None], strict=False):
        delta = newer.diff_against(older) if older is not None else None
        changes.append((newer, delta.changes if delta else []))
    basis_versions: list[LegalBasis] = []
    basis: LegalBasis | None = offer.legal_basis
    while basis is not None and len(basis_versions) < 10:
        basis_versions.append(basis)
        basis = basis.replaces
    return render(
        request,
        "measures/offer_detail.html",
        {
            "offer": offer,
            "changes": changes,
            "basis_versions": basis_versions,
            "can_edit": selectors.can_edit_catalogue(request.user),
        },
    )


def _offer_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in services.OFFER_FIELDS}


@login_required
def offer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_catalogue_editor(request)
    form = OfferForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                by=request.user, municipality=own_municipality(request.user), **_offer_values(form.cleaned_data)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Tilbuddet er oprettet."))
            return redirect(offer)
    return render(
        request, "measures/offer_form.html", {"form": form, "offer": None}, status=422 if form.errors else 200
    )


@login_required
def offer_edit(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    _require_catalogue_editor(request)
    offer = get_object_or_404(selectors.offers_for(own_municipality_id(request.user)), pk=offer_id)
    initial = {k: getattr(offer, k) for k in services.OFFER_FIELDS} | {"version": offer.version}
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_update(
                by=request.user,
                offer=offer,
                expected_version=form.cleaned_data["version"] or 0,
                **_offer_values(form.cleaned_data),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Tilbuddet er gemt."))
            return redirect(offer)
    return render(
        request, "measures/offer_form.html", {"form": form, "offer": offer}, status=422 if form.errors else 200
    )


@login_required
def legal_basis_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not (selectors.can_read_catalogue(request.user) or selectors.can_edit_legal_bases(request.user)):
        raise PermissionDenied
    bases = LegalBasis.objects.select_related("replaces").order_by("-valid_from", "law", "code")
    return render(
        request,
        "measures/legal_basis_list.html",
        {"bases": bases, "today": timezone.localdate(), "can_edit": selectors.can_edit_legal_bases(request.user)},
    )


@login_required
def legal_basis_edit(request: AuthenticatedHttpRequest, basis_id: int | None = None) -> HttpResponse:
    """The installation's operator only (national law, shared by every municipality; measures/selectors.py)."""
    if not selectors.can_edit_legal_bases(request.user):
        raise PermissionDenied
    basis = get_object_or_404(LegalBasis, pk=basis_id) if basis_id else None
    initial = {}
    if basis is not None:
        initial = {k: getattr(basis, k) for k in services.LEGAL_BASIS_FIELDS} | {"version": basis.version}
    form = LegalBasisForm(request.POST or None, initial=initial, editing=basis is not None)
    if basis is not None:
        cast(LegalBasisChoiceField, form.fields["replaces"]).queryset = LegalBasis.objects.exclude(pk=basis.pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            if basis is None:
                services.legal_basis_create(by=request.user, **data)
            else:
                data.pop("code", None)
                services.legal_basis_update(by=request.user, basis=basis, expected_version=version or 0, **data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Hjemlen er gemt."))
            return redirect("measures:legal_bases")
    return render(
        request, "measures/legal_basis_form.html", {"form": form, "basis": basis}, status=422 if form.errors else 200
    )


# --- A child's measures --------------------------------------------------------------------------------------


@login_required
def child_measures(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """The child's measures, staircase timeline and plan status."""
    child = child_for_request(request, child_id, purpose="measures")
    today = timezone.localdate()
    measures = list(selectors.measures_of_child(child.pk))
    position = selectors.staircase_position([child.pk], today)[child.pk]
    return render(
        request,
        "measures/child_measures.html",
        {
            "child": child,
            "active": [m for m in measures if m.end_on is None or m.end_on >= today],
            "ended": [m for m in measures if m.end_on is not None and m.end_on < today],
            "timeline": list(selectors.staircase_timeline(child.pk)),
            "position": position,
            "position_label": Step(position[0]).label if position[0] else None,
            "plan": selectors.action_plan_of(child.pk),
            "steps": Step.choices,
            "today": today,
        },
    )


def _decision_from(data: dict[str, Any]) -> services.Decision:
    offer: Offer = data["offer"]
    placement_type = data.get("placement_type") or offer.placement_type
    return services.Decision(
        kind=offer.kind,
        decided_on=data["decided_on"],
        start_on=data["start_on"],
        end_on=data.get("end_on"),
        monthly_cost=data["monthly_cost"] if data.get("monthly_cost") is not None else offer.monthly_price,
        offer=offer,
        legal_basis=data.get("legal_basis"),
        provider=data.get("provider") or "",
        purpose=data["purpose"],
        goals_child=data["goals_child"],
        goals_parents=data["goals_parents"],
        category=data["category"],
        placement_type=placement_type if placement_type else "",
        consent=data.get("consent") or "",
        young_person_consent=data.get("young_person_consent") if data.get("consent") else None,
        committee_decided_on=data.get("committee_decided_on"),
        committee_reference=data.get("committee_reference") or "",
        return_home_plan=data.get("return_home_plan") or "",
        return_home_plan_made_on=data.get("return_home_plan_made_on"),
        return_home_exclusion=data.get("return_home_exclusion") or "",
        return_home_exclusion_note=data.get("return_home_exclusion_note") or "",
        child_plan_required=bool(data.get("child_plan_required")),
        parallel_investigation_concluded_on=data.get("parallel_investigation_concluded_on"),
        urgent_reason=data.get("urgent_reason") or "",
    )


@login_required
@single_submit
def measure_decide(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Træf afgørelse: record a decided measure or placement for the child."""
    child = child_for_request(request, child_id, purpose="measure_decide")
    municipality_id = child.case.team.department.municipality_id
    today = timezone.localdate()
    form = MeasureDecideForm(
        request.POST or None,
        municipality_id=municipality_id,
        initial={"decided_on": today, "start_on": today, "child_plan_required": True},
    )
    refused = False
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_decide(
                by=request.user,
                child=child,
                decision=_decision_from(form.cleaned_data),
                staircase_reason=form.cleaned_data.get("staircase_reason") or "",
            )
        except PreconditionMissing as exc:
            form_error(form, exc)
            refused = True
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Afgørelsen om indsatsen er registreret."))
            return redirect(measure)
    position = selectors.staircase_position([child.pk], today)[child.pk]
    # The nudge: what a placement decided today would still lack (without consent, the plan too), before submitting.
    preconditions = services.placement_preconditions(
        child=child, kind="residential", consent="without_consent", decided_on=today, urgent_reason=""
    )
    return render(
        request,
        "measures/measure_form.html",
        {
            "form": form,
            "child": child,
            "measure": None,
            "position": position,
            "age": child.age_on(today),
            "preconditions": preconditions,
            "preconditions_intro": _(
                "Gælder afgørelsen en anbringelse, mangler disse forudsætninger. Er anbringelsen akut, så begrund "
                "det i feltet »Begrundelse for akut anbringelse«."
            ),
            "preconditions_failed": refused,
        },
        status=422 if form.errors else 200,
    )


@login_required
def measure_detail(request: AuthenticatedHttpRequest, measure_id: int) -> HttpResponse:
    measure = object_for_request(request, selectors.measure_queryset(), measure_id, purpose="measure")
    child = measure.child
    today = timezone.localdate()
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "child": child,
            "plan": plans.plan_for(measure, today=today),
            "moves": measure.staircase_moves.order_by("moved_on", "id"),
            "goals": measure.goals.select_related("plan").order_by("for_whom", "id"),
            "today": today,
        },
    )


@login_required
@single_submit
def measure_edit(request: AuthenticatedHttpRequest, measure_id: int) -> HttpResponse:
    measure = object_for_request(request, selectors.measure_queryset(), measure_id, purpose="measure_edit")
    child = measure.child
    initial = {name: getattr(measure, name) for name in services.MEASURE_EDITABLE} | {"version": measure.version}
    form = MeasureEditForm(request.POST or None, initial=initial, measure=measure)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if not measure.is_placement:
            data["young_person_consent"] = None
        elif not data.get("consent"):
            data["young_person_consent"] = None
        try:
            measure = services.measure_update(by=request.user, measure=measure, expected_version=version, **data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Indsatsen er gemt."))
            return redirect(measure)
    return render(
        request,
        "measures/measure_form.html",
        {"form": form, "child": child, "measure": measure, "age": child.age_on(timezone.localdate())},
        status=422 if form.errors else 200,
    )


@login_required
@single_submit
def staircase_move(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Register a movement on the staircase or a new Børnelineal rating."""
    child = child_for_request(request, child_id, purpose="staircase")
    today = timezone.localdate()
    position = selectors.staircase_position([child.pk], today)[child.pk]
    form = StaircaseMoveForm(
        request.POST or None, initial={"moved_on": today, "to_step": position[0], "category": position[1]}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.staircase_move_record(
                by=request.user,
                child=child,
                moved_on=data["moved_on"],
                to_step=data["to_step"],
                category=data["category"],
                reason=data["reason"],
            )
        except DomainError as exc:
            if exc.field == "staircase_reason":
                exc.field = "reason"
            form_error(form, exc)
        else:
            messages.success(request, _("Bevægelsen på indsatstrappen er registreret."))
            return redirect("measures:child", child_id=child.pk)
    return render(
        request,
        "measures/staircase_form.html",
        {"form": form, "child": child, "position": position},
        status=422 if form.errors else 200,
    )


# --- Barnets plan ---------------------------------------------------------------------------------------------


def _measure_choices(child_id: int) -> list[tuple[str, str]]:
    today = timezone.localdate()
    return [
        (str(m.pk), f"{m} ({m.start_on:%d.%m.%Y})")
        for m in selectors.measures_of_child(child_id).running_or_future(today).order_by("start_on", "id")
    ]


@login_required
@single_submit
def action_plan(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Barnets plan: view and revise it, add goals for the child and for the parents."""
    child = child_for_request(request, child_id, purpose="plan")
    plan = selectors.action_plan_of(child.pk)
    choices = _measure_choices(child.pk)
    if plan is not None:
        initial = {
            "version": plan.version,
            "made_on": plan.made_on,
            "participants": plan.participants,
            "step_down_plan": plan.step_down_plan,
            "family_support": plan.family_support,
            "measures": [str(pk) for pk in plan.measures.values_list("pk", flat=True)],
        }
    else:
        initial = {"made_on": timezone.localdate(), "measures": [c[0] for c in choices], "version": 0}
    form = ActionPlanForm(request.POST or None, initial=initial, measure_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_plan_save(
                by=request.user,
                child=child,
                expected_version=data["version"],
                made_on=data["made_on"],
                participants=data["participants"],
                step_down_plan=data["step_down_plan"],
                family_support=data["family_support"],
                measure_ids=[int(pk) for pk in data["measures"]],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Planen er gemt."))
            return redirect("measures:plan", child_id=child.pk)
    goals = list(plan.goals.select_related("measure").prefetch_related("reviews__follow_up")) if plan else []
    needing = list(selectors.measures_needing_plan([child.pk], today=timezone.localdate()))
    return render(
        request,
        "measures/plan.html",
        {
            "child": child,
            "plan": plan,
            "form": form,
            "goal_form": GoalForm(measure_choices=choices),
            "goals_child": [g for g in goals if g.for_whom == Goal.For.CHILD],
            "goals_parents": [g for g in goals if g.for_whom == Goal.For.PARENTS],
            "needing": needing,
            "statuses": Goal.Status.choices,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
@single_submit
def goal_add(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="plan")
    plan = selectors.action_plan_of(child.pk)
    if plan is None:
        messages.error(request, _("Lav planen, før du tilføjer mål."))
        return redirect("measures:plan", child_id=child.pk)
    choices = _measure_choices(child.pk)
    form = GoalForm(request.POST, measure_choices=choices)
    if form.is_valid():
        data = form.cleaned_data
        measure = Measure.objects.filter(child=child, pk=data["measure"]).first() if data["measure"] else None
        try:
            services.goal_add(by=request.user, plan=plan, for_whom=data["for_whom"], text=data["text"], measure=measure)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Målet er tilføjet."))
            return redirect(f"{plan.get_absolute_url()}#goals")
    return render(request, "measures/goal_form.html", {"child": child, "form": form}, status=422)


@login_required
@require_POST
def goal_status(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = object_for_request(request, selectors.goal_queryset(), goal_id, child_field="plan__child", purpose="plan")
    child = goal.plan.child
    try:
        services.goal_set_status(by=request.user, goal=goal, status=request.POST.get("status", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Målets status er ændret."))
    return redirect(f"{child.action_plan.get_absolute_url()}#goals")
