"""FIT scores and the involvement questionnaire for one child, shown as trends (chart and table)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.children.access import child_for_request
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.formtokens import single_submit
from sikkerhedsnet.reports.views.common import check_format, export, export_links, form_error, render_report

from . import services
from .documents import measurements_report
from .forms import FitScoreForm, InvolvementForm


def _page(request: AuthenticatedHttpRequest, child, *, fit_form=None, involvement_form=None, status=200):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return render_report(
        request,
        "reports/measurements.html",
        measurements_report(child),
        suppressed=False,
        status=status,
        context={
            "child": child,
            "exports": export_links("reports:measurements_export", child.pk, committee=False),
            "export_note": _("(barnets egne målinger; eksporten logges på barnet)"),
            "fit_form": fit_form or FitScoreForm(initial={"session_on": today}),
            "involvement_form": involvement_form or InvolvementForm(initial={"answered_on": today}),
        },
    )


@login_required
def measurements(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    return _page(request, child_for_request(request, child_id, purpose="measurements"))


@login_required
@require_POST
@single_submit
def fit_add(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="fit")
    form = FitScoreForm(request.POST)
    if form.is_valid():
        try:
            services.fit_score_record(by=request.user, child=child, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("FIT-målingen er gemt."))
            return redirect(reverse("reports:measurements", args=[child.pk]) + "#afsnit-1")
    return _page(request, child, fit_form=form, status=422)


@login_required
@require_POST
@single_submit
def involvement_add(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="questionnaire")
    form = InvolvementForm(request.POST)
    if form.is_valid():
        try:
            services.involvement_response_record(by=request.user, child=child, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Besvarelsen er gemt."))
            return redirect(reverse("reports:measurements", args=[child.pk]) + "#afsnit-2")
    return _page(request, child, involvement_form=form, status=422)


@login_required
def measurements_export(request: AuthenticatedHttpRequest, child_id: int, fmt: str) -> HttpResponse:
    """The child's own measurements (personal data, not statistics): full figures, export logged on the child."""
    child = child_for_request(request, child_id, purpose="export")
    return export(request, measurements_report(child), check_format(fmt), suppressed=False, child_id=child.pk)
