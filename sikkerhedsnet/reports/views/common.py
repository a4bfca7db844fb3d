"""Shared pieces of the report views: page context for a Report, exports with audit, form errors."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core.charts import svg_data_uri
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error

from ..exports import FORMATS, data_date_text, export_response
from ..forms import PeriodForm
from ..rules.periods import validate_year_range
from ..tables import Report, render_table, suppression_note


def sections_context(report: Report, *, suppressed: bool) -> list[dict[str, Any]]:
    return [
        {
            "heading": s.heading,
            "text": s.text,
            "table": render_table(s.table, suppressed=suppressed),
            "chart_uri": svg_data_uri(s.chart.svg) if s.chart else "",
            "chart_alt": s.chart.alt if s.chart else "",
            "anchor": f"afsnit-{i}",
        }
        for i, s in enumerate(report.sections, start=1)
    ]


def render_report(
    request: AuthenticatedHttpRequest,
    template: str,
    report: Report,
    *,
    suppressed: bool,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = {
        "report": report,
        "sections": sections_context(report, suppressed=suppressed),
        "data_date": data_date_text(report),
        "suppressed": suppressed,
        "suppression_note": suppression_note(),
        "export_note": _("(filer er altid med små tal skjult)"),
        **(context or {}),
    }
    return render(request, template, page, status=status)


def export_links(url_name: str, *args: Any, query: str = "", committee: bool = True) -> list[tuple[str, str]]:
    """(label, url) of the CSV, XLSX and PDF exports of a report page. A child's own page (committee=False) offers a
    plain PDF: its figures are one child's, never the committee's (issue #14)."""
    labels = {"csv": _("CSV"), "xlsx": _("Excel (XLSX)"), "pdf": _("PDF til udvalget") if committee else _("PDF")}
    return [(labels[fmt], reverse(url_name, args=[*args, fmt]) + query) for fmt in FORMATS]


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt


def export(
    request: AuthenticatedHttpRequest,
    report: Report,
    fmt: str,
    *,
    suppressed: bool = True,
    child_id: int | None = None,
    **pdf: Any,
) -> HttpResponse:
    """Send the report as a file and log the export (against the child for a child's own data)."""
    audit.record(
        by=request.user,
        type=AuditEvent.Type.EXPORTED,
        child_id=child_id,
        new={
            "report": report.slug,
            "format": fmt,
            "suppressed": suppressed,
            "at": timezone.localtime().isoformat(timespec="seconds"),
        },
    )
    return export_response(report, fmt, suppressed=suppressed, **pdf)


def year_period(request: AuthenticatedHttpRequest, default: tuple[int, int]) -> tuple[PeriodForm, int, int, bool]:
    """The report's year range from `?first_year=&last_year=`: the default when neither is given; a bad range
    keeps what was typed in the form (shown with its error) and falls back to the default figures."""
    if "first_year" not in request.GET and "last_year" not in request.GET:
        return PeriodForm(initial={"first_year": default[0], "last_year": default[1]}), *default, True
    form = PeriodForm(request.GET)
    if form.is_valid():
        try:
            validate_year_range(form.cleaned_data["first_year"], form.cleaned_data["last_year"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            return form, form.cleaned_data["first_year"], form.cleaned_data["last_year"], True
    return form, *default, False
