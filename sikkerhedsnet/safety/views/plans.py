"""Safety plans: build a draft, approve it (the level's requirements enforced), revise as new versions,
end it with an outcome; compare versions; print it for the family and network."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.children.access import child_for_request, object_for_request
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit

from .. import pdfs, rules, selectors, services
from ..forms import (
    BLANK_ROWS,
    MORE_ROWS,
    ROW_SECTIONS,
    ApproveForm,
    CompareForm,
    EndForm,
    PlanForm,
    plan_content_from_forms,
    plan_initial,
    rows_from_data,
)
from ..models import REQUIREMENT_LABELS, NetworkMember, SafetyPlan
from .common import pdf_response

SECTION_LABELS = {
    "level": gettext_lazy("Niveau"),
    "danger_statement": gettext_lazy("Faresætning"),
    "safety_goal": gettext_lazy("Sikkerhedsmål"),
    **REQUIREMENT_LABELS,
}
ROW_FIELDS = {
    "agreements": ("text", "responsible"),
    "contacts": ("name", "phone", "relation"),
    "professional_agreements": ("text", "responsible"),
    "informed_persons": ("name", "relation"),
}


def requirement_checklist(plan: SafetyPlan) -> list[dict[str, Any]]:
    """Every requirement of the plan's level with whether it is met, named in Danish."""
    content = plan.content()
    return [
        {"code": code, "label": REQUIREMENT_LABELS[code], "met": rules.section_filled(code, content.get(code))}
        for code in rules.requirements_for(plan.level)
    ]


def _formsets(*, data: Any = None, rows: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The row sections' formsets: bound to posted data, or filled from a plan's content (other keys ignored)."""
    if data is not None:
        return {s: fs(data, prefix=s) for s, fs in ROW_SECTIONS.items()}
    rows = rows or {}
    return {s: fs(prefix=s, initial=list(rows.get(s, [])) + [{}] * BLANK_ROWS) for s, fs in ROW_SECTIONS.items()}


def _proposal(child: Child) -> dict[str, Any]:
    """A first draft proposed from what the case already holds: the latest mapping and the network."""
    content: dict[str, Any] = {}
    mapping = selectors.mappings(child).first()
    if mapping is not None:
        content["danger_statement"] = mapping.danger_statement
        content["safety_goal"] = mapping.safety_goal
        content["agreements"] = [
            {"text": e.text, "responsible": ""} for e in mapping.entries.filter(category="agreement").order_by("id")
        ]
    members = list(selectors.network_members(child).filter(active=True))
    content["contacts"] = [
        {"name": m.name, "phone": m.phone, "relation": m.relation or m.get_role_display()} for m in members if m.phone
    ]
    coordinator = next((m for m in members if m.role == NetworkMember.Role.NETWORK_COORDINATOR), None)
    if coordinator is not None:
        content["network_coordinator"] = {"name": coordinator.name, "phone": coordinator.phone}
    return content


def _form_page(
    request: AuthenticatedHttpRequest,
    child: Child,
    plan: SafetyPlan | None,
    form: PlanForm,
    formsets: dict[str, Any],
    *,
    status: int = 200,
    stale: bool = False,
) -> HttpResponse:
    context = {
        "child": child,
        "active_tab": "plan",
        "plan": plan,
        "form": form,
        "formsets": formsets,
        "section_labels": SECTION_LABELS,
        "stale": stale,
        "saved_plan": SafetyPlan.objects.get(pk=plan.pk) if stale and plan else None,
        "new_version": plan is not None and plan.status == SafetyPlan.Status.ACTIVE,
    }
    return render(request, "safety/plan_form.html", context, status=status)


def _handle_form(request: AuthenticatedHttpRequest, child: Child, plan: SafetyPlan | None) -> HttpResponse:
    if "more_rows" in request.POST:
        # Without JavaScript: show what was typed again with more empty rows in one section; nothing is saved.
        section = request.POST["more_rows"]
        form = PlanForm(initial={name: request.POST.get(name, "") for name in PlanForm.base_fields})
        formsets = {}
        for s, formset_class in ROW_SECTIONS.items():
            rows = rows_from_data(request.POST, s, ROW_FIELDS[s])
            extra = MORE_ROWS if s == section else 0
            formsets[s] = formset_class(prefix=s, initial=(rows + [{}] * extra)[:50])
        return _form_page(request, child, plan, form, formsets)
    form = PlanForm(request.POST)
    formsets = _formsets(data=request.POST)
    if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        content = plan_content_from_forms(form, formsets)
        level = form.cleaned_data["level"]
        try:
            if plan is None:
                saved = services.safety_plan_create(by=request.user, child=child, level=level, content=content)
                messages.success(request, _("Udkastet til sikkerhedsplanen er gemt."))
            else:
                saved = services.safety_plan_update(
                    by=request.user,
                    plan=plan,
                    level=level,
                    content=content,
                    expected_version=form.cleaned_data.get("version"),
                )
                if saved.pk != plan.pk:
                    messages.success(
                        request,
                        _(
                            "Der er oprettet et udkast til version %(number)s. Den godkendte version %(old)s gælder, "
                            "indtil udkastet er godkendt."
                        )
                        % {"number": saved.number, "old": plan.number},
                    )
                else:
                    messages.success(request, _("Udkastet er gemt."))
        except DomainError as exc:
            form_error(form, exc)
            if exc.code == "stale_edit" and plan is not None:
                # Keep every word the user typed; the next save builds on the version stored now (shown below).
                data = request.POST.copy()
                data["version"] = str(SafetyPlan.objects.values_list("version", flat=True).get(pk=plan.pk))
                kept = PlanForm(data)
                kept.is_valid()
                kept.add_error(None, exc.message)
                return _form_page(request, child, plan, kept, _formsets(data=data), status=422, stale=True)
        else:
            return redirect(saved)
    return _form_page(request, child, plan, form, formsets, status=422)


@login_required
def plan_overview(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """The child's safety plan: the version in force, a draft, every version, and ended plans with outcomes."""
    child = child_for_request(request, child_id, purpose="safety_plan")
    state = selectors.plan_state(child)
    compare = None
    if len(state.versions) > 1:
        compare = CompareForm(initial={"a": state.versions[-2].pk, "b": state.versions[-1].pk})
    context = {
        "child": child,
        "active_tab": "plan",
        "state": state,
        "compare": compare,
        "checklist": requirement_checklist(state.draft) if state.draft else None,
    }
    return render(request, "safety/plan_overview.html", context)


@login_required
@single_submit
def plan_create(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="safety_plan")
    if request.method == "POST":
        return _handle_form(request, child, None)
    proposal = _proposal(child)
    form = PlanForm(initial=plan_initial(None, content=proposal))
    return _form_page(request, child, None, form, _formsets(rows=proposal))


@login_required
@single_submit
def plan_edit(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """Edit a draft in place, or start a new version from the approved one (it stays in force meanwhile)."""
    plan = object_for_request(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    child = plan.child
    if rules.edit_mode(plan.status) == "refused":
        messages.error(request, _("Denne version kan ikke ændres. Den gemmes, som den var."))
        return redirect(plan)
    if plan.status == SafetyPlan.Status.ACTIVE:
        draft = SafetyPlan.objects.filter(child=child, status=SafetyPlan.Status.DRAFT).first()
        if draft is not None:
            messages.info(request, _("Der er allerede et udkast til en ny version. Du kan rette i det her."))
            return redirect("safety:plan_edit", plan_id=draft.pk)
    if request.method == "POST":
        return _handle_form(request, child, plan)
    form = PlanForm(initial=plan_initial(plan))
    return _form_page(request, child, plan, form, _formsets(rows=plan.content()))


@login_required
def plan_detail(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = object_for_request(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    child = plan.child
    versions = list(selectors.plan_versions(plan))
    context = {
        "child": child,
        "active_tab": "plan",
        "plan": plan,
        "versions": versions,
        "checklist": requirement_checklist(plan),
        "section_labels": SECTION_LABELS,
        "previous": next((v for v in versions if v.number == plan.number - 1), None),
        "pending_draft": next((v for v in versions if v.status == SafetyPlan.Status.DRAFT), None),
    }
    return render(request, "safety/plan_detail.html", context)


@login_required
def plan_approve(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """Check the plan against its level's requirements and approve it with a review date."""
    plan = object_for_request(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    child = plan.child
    if plan.status != SafetyPlan.Status.DRAFT:
        messages.error(request, _("Kun et udkast kan godkendes."))
        return redirect(plan)
    today = timezone.localdate()
    months = selectors.review_months(child, plan.level, on=today)
    form = ApproveForm(
        request.POST or None, initial={"review_on": rules.default_review_on(plan.level, today, months=months)}
    )
    missing: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            approved = services.safety_plan_approve(
                by=request.user, plan=plan, review_on=form.cleaned_data["review_on"]
            )
        except services.IncompletePlan as exc:
            missing = exc.missing
            form.add_error(None, exc.message)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Sikkerhedsplanen (version %(number)s) er godkendt og gælder nu.") % {"number": approved.number},
            )
            return redirect(approved)
    context = {
        "child": child,
        "active_tab": "plan",
        "plan": plan,
        "form": form,
        "checklist": requirement_checklist(plan),
        "missing_labels": [REQUIREMENT_LABELS[m] for m in missing],
        "active": SafetyPlan.objects.filter(child=child, status=SafetyPlan.Status.ACTIVE).first(),
    }
    return render(request, "safety/plan_approve.html", context, status=422 if request.method == "POST" else 200)


@login_required
def plan_end(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """End the plan in force and record what happened to the child (the outcome reports count)."""
    plan = object_for_request(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    child = plan.child
    if plan.status != SafetyPlan.Status.ACTIVE:
        messages.error(request, _("Kun den gældende plan kan afsluttes."))
        return redirect(plan)
    form = EndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_plan_end(by=request.user, plan=plan, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Sikkerhedsplanen er afsluttet, og udfaldet er registreret."))
            return redirect("safety:plan_overview", child_id=child.pk)
    context = {"child": child, "active_tab": "plan", "plan": plan, "form": form}
    return render(request, "safety/plan_end.html", context, status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def plan_discard(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = object_for_request(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    child = plan.child
    try:
        services.safety_plan_discard(by=request.user, plan=plan)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(plan)
    messages.success(request, _("Udkastet er kasseret. Det gemmes i historikken."))
    return redirect("safety:plan_overview", child_id=child.pk)


@login_required
def plan_compare(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Two versions of the child's plan side by side; changed sections are marked."""
    child = child_for_request(request, child_id, purpose="safety_plan")
    form = CompareForm(request.GET or None)
    plans = list(selectors.child_plans(child).order_by("created_at", "number"))
    rows = left = right = None
    if form.is_valid():
        by_id = {p.pk: p for p in plans}
        left, right = by_id.get(form.cleaned_data["a"]), by_id.get(form.cleaned_data["b"])
        if left is None or right is None:
            raise Http404
        rows = [
            {"label": SECTION_LABELS[key], "key": key, "left": a, "right": b, "changed": changed}
            for key, a, b, changed in selectors.plan_comparison(left, right)
        ]
    context = {
        "child": child,
        "active_tab": "plan",
        "form": form,
        "plans": plans,
        "rows": rows,
        "left": left,
        "right": right,
    }
    return render(request, "safety/plan_compare.html", context)


@login_required
def plan_pdf(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The plan printed for the family and network (safety/pdfs.py)."""
    plan = object_for_request(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan_pdf")
    return pdf_response(*pdfs.plan_pdf(by=request.user, plan=plan))
