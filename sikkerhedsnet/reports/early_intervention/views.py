"""Early-intervention projects (the Aarhus template): records, the report for a year range, the PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.formtokens import single_submit
from sikkerhedsnet.reports.access import (
    EARLY_INTERVENTION_MANAGERS,
    EARLY_INTERVENTION_RECORDERS,
    REPORT_ROLES,
    is_suppressed_for,
    require,
)
from sikkerhedsnet.reports.forms import PeriodForm
from sikkerhedsnet.reports.views.common import (
    check_format,
    export,
    export_links,
    form_error,
    render_report,
    year_period,
)

from . import selectors, services
from .documents import early_intervention_report
from .forms import BudgetForm, ConsultationForm, EarlyProjectForm, ExpenseForm, WellbeingConversationForm
from .models import EarlyInterventionProject
from .services import PROJECT_TEXT_FIELDS


@login_required
def early_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    return render(
        request,
        "reports/early_list.html",
        {
            "projects": selectors.early_projects_for(request.user),
            "can_manage": request.user.role in EARLY_INTERVENTION_MANAGERS,
        },
    )


def _project_form_page(
    request: AuthenticatedHttpRequest,
    form: EarlyProjectForm,
    project: EarlyInterventionProject | None,
    status: int = 200,
) -> HttpResponse:
    return render(request, "reports/early_form.html", {"form": form, "project": project}, status=status)


def _save_project(request: AuthenticatedHttpRequest, project: EarlyInterventionProject | None) -> HttpResponse:
    form = EarlyProjectForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            project = services.early_project_save(
                by=request.user,
                name=data["name"],
                districts=form.district_names(),
                project=project,
                expected_version=data.get("version"),
                **{k: data[k] for k in PROJECT_TEXT_FIELDS},
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Projektet er gemt."))
            return redirect(project)
    return _project_form_page(request, form, project, status=422)


@login_required
def early_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, EARLY_INTERVENTION_MANAGERS)
    if request.method == "POST":
        return _save_project(request, None)
    return _project_form_page(request, EarlyProjectForm(), None)


@login_required
def early_edit(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    require(request.user, EARLY_INTERVENTION_MANAGERS)
    project = selectors.early_project_get(request.user, project_id)
    if request.method == "POST":
        return _save_project(request, project)
    initial = {k: getattr(project, k) for k in PROJECT_TEXT_FIELDS} | {
        "name": project.name,
        "version": project.version,
        "districts": "\n".join(project.districts.values_list("name", flat=True)),
    }
    return _project_form_page(request, EarlyProjectForm(initial=initial), project)


def _period(request: AuthenticatedHttpRequest, project: EarlyInterventionProject) -> tuple[PeriodForm, int, int, bool]:
    """The requested year range; a bad one keeps the form's errors and falls back to the default range."""
    last = timezone.localdate().year
    first_recorded = project.consultations.order_by("requested_on").values_list("requested_on__year", flat=True).first()
    default = (first_recorded or last, max(first_recorded or last, last))
    return year_period(request, default)


@login_required
def early_detail(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    project = selectors.early_project_get(request.user, project_id)
    period_form, first, last, valid = _period(request, project)
    suppressed = is_suppressed_for(request.user)
    report = early_intervention_report(project, first, last, suppressed=suppressed)
    return render_report(
        request,
        "reports/early_detail.html",
        report,
        suppressed=suppressed,
        status=200 if valid else 422,
        context={
            "exports": export_links("reports:early_export", project.pk, query=f"?first_year={first}&last_year={last}"),
            "project": project,
            "period_form": period_form,
            "first_year": first,
            "last_year": last,
            "can_record": request.user.role in EARLY_INTERVENTION_RECORDERS,
            "can_manage": request.user.role in EARLY_INTERVENTION_MANAGERS,
        },
    )


@login_required
def early_export(request: AuthenticatedHttpRequest, project_id: int, fmt: str) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    project = selectors.early_project_get(request.user, project_id)
    _form, first, last, _valid = _period(request, project)
    report = early_intervention_report(project, first, last, suppressed=True)
    return export(
        request,
        report,
        check_format(fmt),
        pdf_template="reports/pdf/early_intervention.html",
        pdf_extra={"project": project, "first_year": first, "last_year": last},
    )


# --- recording -----------------------------------------------------------------------------------------------

RECORD_FORMS = {
    "consultation": ConsultationForm,
    "conversation": WellbeingConversationForm,
    "budget": BudgetForm,
    "expense": ExpenseForm,
}


def _record_forms(project: EarlyInterventionProject, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    initial = {
        "consultation": {"requested_on": today},
        "conversation": {"held_on": today},
        "budget": {"year": today.year},
        "expense": {"booked_on": today},
    }
    forms = {}
    for key, form_class in RECORD_FORMS.items():
        kwargs = {"project_id": project.pk} if key in ("consultation", "conversation") else {}
        forms[key] = (bound or {}).get(key) or form_class(initial=initial[key], prefix=key, **kwargs)
    return forms


@login_required
def early_record(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    require(request.user, EARLY_INTERVENTION_RECORDERS)
    project = selectors.early_project_get(request.user, project_id)
    return render(request, "reports/early_record.html", {"project": project, "forms": _record_forms(project)})


@login_required
@require_POST
@single_submit
def early_record_save(request: AuthenticatedHttpRequest, project_id: int, kind: str) -> HttpResponse:
    require(request.user, EARLY_INTERVENTION_RECORDERS)
    project = selectors.early_project_get(request.user, project_id)
    if kind not in RECORD_FORMS:
        return redirect(reverse("reports:early_record", args=[project.pk]))
    kwargs = {"project_id": project.pk} if kind in ("consultation", "conversation") else {}
    form = RECORD_FORMS[kind](request.POST, prefix=kind, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "consultation":
                services.consultation_record(by=request.user, project=project, **data)
                done = _("Henvendelsen er registreret.")
            elif kind == "conversation":
                services.wellbeing_conversation_record(by=request.user, project=project, **data)
                done = _("Trivselssamtalen er registreret.")
            elif kind == "budget":
                services.project_budget_set(by=request.user, project=project, **data)
                done = _("Budgettet er gemt.")
            else:
                services.project_expense_record(by=request.user, project=project, **data)
                done = _("Posteringen er gemt.")
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(reverse("reports:early_record", args=[project.pk]) + f"#{kind}")
    return render(
        request,
        "reports/early_record.html",
        {"project": project, "forms": _record_forms(project, {kind: form}), "open": kind},
        status=422,
    )
