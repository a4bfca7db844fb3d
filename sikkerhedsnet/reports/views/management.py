"""The management dashboard (ledelsesinformation) and the placement pattern and economics, with exports."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.jobs import job_enqueue

from ..access import REPORT_ROLES, is_suppressed_for, require
from ..forms import MonthPeriodForm
from ..jobs import KIND as COMMITTEE_PDF
from ..management_documents import dashboard_report, placement_economics_report
from ..rules.management import default_months, default_years, month_end
from ..rules.periods import validate_date_period
from .common import check_format, export, export_links, form_error, render_report, year_period


def month_period(request: AuthenticatedHttpRequest, today: date) -> tuple[MonthPeriodForm, date, date, bool]:
    """The requested months (first day of each); bad input keeps the form's errors and falls back to the default."""
    default = default_months(today)
    if "start" not in request.GET and "end" not in request.GET:
        initial = {"start": default[0], "end": default[1]}
        return MonthPeriodForm(initial=initial), *default, True
    form = MonthPeriodForm(request.GET)
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        try:
            for field, value in (("start", start), ("end", end)):
                validation.plausible_date(value, field=field)
            validate_date_period(start, month_end(end))
        except DomainError as exc:
            form_error(form, exc)
        else:
            return form, start, end, True
    return form, *default, False


def _query(start: date, end: date) -> str:
    return f"?start={start:%Y-%m}&end={end:%Y-%m}"


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Team leader: own team; head: the municipality; analyst: the municipality, suppressed. Others 403."""
    require(request.user, REPORT_ROLES)
    today = timezone.localdate()
    form, start, end, valid = month_period(request, today)
    suppressed = is_suppressed_for(request.user)
    report = dashboard_report(
        request.user, start, month_end(end), suppressed=suppressed, now=timezone.now(), today=today
    )
    return render_report(
        request,
        "reports/dashboard.html",
        report,
        suppressed=suppressed,
        status=200 if valid else 422,
        context={
            "period_form": form,
            "exports": export_links("reports:dashboard_export", query=_query(start, end)),
            "placements_url_query": f"?first_year={start.year}&last_year={end.year}",
        },
    )


@login_required
def dashboard_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    """CSV, XLSX or the committee PDF of the dashboard, always suppressed; the export is logged."""
    require(request.user, REPORT_ROLES)
    check_format(fmt)
    today = timezone.localdate()
    _form, start, end, _valid = month_period(request, today)
    if fmt == "pdf":
        params: dict[str, object] = {
            "report": "dashboard",
            "start": start.isoformat(),
            "end": month_end(end).isoformat(),
        }
        return _committee_pdf(request, params)
    report = dashboard_report(request.user, start, month_end(end), suppressed=True, now=timezone.now(), today=today)
    return export(request, report, fmt)


def _committee_pdf(request: AuthenticatedHttpRequest, params: dict[str, object]) -> HttpResponse:
    """The committee PDF is made by the job worker; the user is sent to its progress page (core/jobs.py)."""
    return redirect(job_enqueue(by=request.user, kind=COMMITTEE_PDF, params=params))


@login_required
def placements(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Placement pattern and economics per year (Billund Table 4 and 5) from the measures data."""
    require(request.user, REPORT_ROLES)
    form, first, last, valid = year_period(request, default_years(timezone.localdate()))
    suppressed = is_suppressed_for(request.user)
    report = placement_economics_report(request.user, first, last, suppressed=suppressed, now=timezone.now())
    return render_report(
        request,
        "reports/placements.html",
        report,
        suppressed=suppressed,
        status=200 if valid else 422,
        context={
            "period_form": form,
            "exports": export_links("reports:placements_export", query=f"?first_year={first}&last_year={last}"),
        },
    )


@login_required
def placements_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    check_format(fmt)
    _form, first, last, _valid = year_period(request, default_years(timezone.localdate()))
    if fmt == "pdf":
        return _committee_pdf(request, {"report": "placements", "first_year": first, "last_year": last})
    return export(
        request, placement_economics_report(request.user, first, last, suppressed=True, now=timezone.now()), fmt
    )
