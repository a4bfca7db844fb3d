"""Business cases: list, create (optionally from a shipped example), edit, realised figures, exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.formtokens import single_submit
from sikkerhedsnet.reports.access import BUSINESS_CASE_EDITORS, REPORT_ROLES, require
from sikkerhedsnet.reports.views.common import check_format, export, export_links, form_error, render_report

from . import selectors, services
from .documents import business_case_report
from .examples import EXAMPLES
from .forms import BusinessCaseForm, LineFormSet, OutcomeForm
from .models import BusinessCase
from .rules import BusinessCaseInvalid, compute

LINE_FIELDS = {"amount_per_year": "amount", "increment_per_year": "amount", "amounts": "amounts", "label": "label"}


@login_required
def business_case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    return render(
        request,
        "reports/business_case_list.html",
        {
            "cases": selectors.business_cases_for(request.user),
            "can_edit": request.user.role in BUSINESS_CASE_EDITORS,
            "examples": [(key, example["title"]) for key, example in EXAMPLES.items()],
        },
    )


def _initial_from(data: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    def line_initial(line: dict[str, Any], single: str) -> dict[str, Any]:
        initial = {"label": line.get("label", "")}
        if line.get("amounts") is not None:
            initial["amounts"] = "; ".join(str(a) for a in line["amounts"])
        else:
            initial["amount"] = line.get(single)
        return initial

    main = {
        k: data.get(k)
        for k in ("title", "description", "first_year", "years", "baseline_placed", "average_placement_cost")
    }
    return (
        main,
        [line_initial(line, "amount_per_year") for line in data.get("investments", [])],
        [line_initial(line, "increment_per_year") for line in data.get("savings", [])],
    )


def _bound(
    request: AuthenticatedHttpRequest,
    initial: dict[str, Any] | None = None,
    investments: list[Any] | None = None,
    savings: list[Any] | None = None,
) -> tuple[BusinessCaseForm, Any, Any]:
    data = request.POST if request.method == "POST" else None
    return (
        BusinessCaseForm(data, initial=initial),
        LineFormSet(data, initial=investments, prefix="investments"),
        LineFormSet(data, initial=savings, prefix="savings"),
    )


def _collect(form: BusinessCaseForm, investments: Any, savings: Any) -> dict[str, Any] | None:
    """The request body for the rule/service, or None when a form has errors."""
    valid = form.is_valid() & investments.is_valid() & savings.is_valid()
    if not valid:
        return None
    data = dict(form.cleaned_data)
    data["investments"] = [line for f in investments.forms if (line := f.line("investment")) is not None]
    data["savings"] = [line for f in savings.forms if (line := f.line("saving")) is not None]
    return data


def _place_problems(exc: BusinessCaseInvalid, form: BusinessCaseForm, investments: Any, savings: Any) -> None:
    """Put each rule problem on the field the user typed it in."""
    for problem in exc.problems:
        parts = problem.field.split(".")
        if parts[0] in ("investments", "savings") and len(parts) >= 2 and parts[1].isdigit():
            formset = investments if parts[0] == "investments" else savings
            filled = [f for f in formset.forms if f.line(parts[0][:-1]) is not None]
            target = filled[int(parts[1])] if int(parts[1]) < len(filled) else formset.forms[0]
            field = LINE_FIELDS.get(parts[2]) if len(parts) > 2 else None
            target.add_error(field if field in target.fields else None, problem.message)
        elif parts[0] in form.fields:
            form.add_error(parts[0], problem.message)
        else:
            form.add_error(None, problem.message)


def _form_page(
    request: AuthenticatedHttpRequest,
    form: BusinessCaseForm,
    investments: Any,
    savings: Any,
    *,
    business_case: BusinessCase | None,
    preview: Any = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "reports/business_case_form.html",
        {
            "form": form,
            "investments": investments,
            "savings": savings,
            "business_case": business_case,
            "preview": preview,
        },
        status=status,
    )


def _save(request: AuthenticatedHttpRequest, business_case: BusinessCase | None) -> HttpResponse:
    form, investments, savings = _bound(request)
    data = _collect(form, investments, savings)
    if data is None:
        return _form_page(request, form, investments, savings, business_case=business_case, status=422)
    if "preview" in request.POST:
        try:
            preview = compute(data)
        except BusinessCaseInvalid as exc:
            _place_problems(exc, form, investments, savings)
            return _form_page(request, form, investments, savings, business_case=business_case, status=422)
        return _form_page(request, form, investments, savings, business_case=business_case, preview=preview)
    try:
        if business_case is None:
            business_case = services.business_case_create(by=request.user, data=data)
        else:
            services.business_case_update(
                by=request.user, business_case=business_case, expected_version=data.get("version") or 0, data=data
            )
    except BusinessCaseInvalid as exc:
        _place_problems(exc, form, investments, savings)
    except DomainError as exc:
        form_error(form, exc)
    else:
        messages.success(request, _("Business casen er gemt."))
        return redirect(business_case)
    return _form_page(request, form, investments, savings, business_case=business_case, status=422)


@login_required
@single_submit
def business_case_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, BUSINESS_CASE_EDITORS)
    if request.method == "POST":
        return _save(request, None)
    example = EXAMPLES.get(request.GET.get("eksempel", ""))
    main, investments, savings = _initial_from(example) if example else ({}, [], [])
    form, inv, sav = _bound(request, main, investments, savings)
    return _form_page(request, form, inv, sav, business_case=None)


@login_required
@single_submit
def business_case_edit(request: AuthenticatedHttpRequest, business_case_id: int) -> HttpResponse:
    require(request.user, BUSINESS_CASE_EDITORS)
    business_case = selectors.business_case_get(request.user, business_case_id)
    if request.method == "POST":
        return _save(request, business_case)
    main, investments, savings = _initial_from(
        {
            **selectors.business_case_input(business_case),
            "title": business_case.title,
            "description": business_case.description,
            "baseline_placed": business_case.baseline_placed,
            "average_placement_cost": business_case.average_placement_cost,
        }
    )
    main["version"] = business_case.version
    form, inv, sav = _bound(request, main, investments, savings)
    return _form_page(request, form, inv, sav, business_case=business_case)


@login_required
def business_case_detail(request: AuthenticatedHttpRequest, business_case_id: int) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    business_case = selectors.business_case_get(request.user, business_case_id)
    return _detail(request, business_case, OutcomeForm(initial={"year": business_case.first_year}))


def _detail(
    request: AuthenticatedHttpRequest, business_case: BusinessCase, outcome_form: OutcomeForm, status: int = 200
) -> HttpResponse:
    report = business_case_report(business_case, today=timezone.localdate())
    return render_report(
        request,
        "reports/business_case_detail.html",
        report,
        suppressed=False,
        status=status,
        context={
            "business_case": business_case,
            "outcome_form": outcome_form,
            "can_edit": request.user.role in BUSINESS_CASE_EDITORS,
            "exports": export_links("reports:business_case_export", business_case.pk),
        },
    )


@login_required
@require_POST
def business_case_outcome(request: AuthenticatedHttpRequest, business_case_id: int) -> HttpResponse:
    require(request.user, BUSINESS_CASE_EDITORS)
    business_case = selectors.business_case_get(request.user, business_case_id)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.business_case_outcome_record(by=request.user, business_case=business_case, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("De realiserede tal er gemt."))
            return redirect(business_case)
    return _detail(request, selectors.business_case_get(request.user, business_case_id), form, status=422)


@login_required
def business_case_export(request: AuthenticatedHttpRequest, business_case_id: int, fmt: str) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    business_case = selectors.business_case_get(request.user, business_case_id)
    return export(request, business_case_report(business_case, today=timezone.localdate()), check_format(fmt))
