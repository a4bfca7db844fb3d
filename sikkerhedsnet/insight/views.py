"""The auditor's page: everything that touched one person, on screen or as CSV/PDF (the right of access)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.accounts.models import Role
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.jobs import job_enqueue

from .exports import Row, describe
from .selectors import access_log_for_cpr

MAX_ROWS = 5000


class AccessLogForm(forms.Form):
    cpr = forms.CharField(label=gettext_lazy("CPR-nummer"), max_length=11, help_text=gettext_lazy("Fx 010203-1234"))
    format = forms.ChoiceField(choices=[("html", "HTML"), ("csv", "CSV"), ("pdf", "PDF")], required=False)

    def clean_cpr(self) -> str:
        try:
            return cprlib.compact(self.cleaned_data["cpr"])
        except cprlib.InvalidCpr as exc:
            raise forms.ValidationError(str(exc)) from exc


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The CPR is POSTed, never put in a URL; the lookup itself is logged by the selector.

    CSV and PDF are made by a background job (audit/jobs.py), so a large log does not hold up the web server.
    """
    if request.user.role != Role.AUDITOR:
        raise PermissionDenied
    form = AccessLogForm(request.POST or None)
    events: list[Row] | None = None
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data.get("format") or "html"
        if fmt in ("csv", "pdf"):
            job = job_enqueue(
                by=request.user,
                kind="audit.access_log_export",
                params={"cpr": form.cleaned_data["cpr"], "format": fmt},
            )
            return redirect(job)
        # The exports are complete (the data subject's right of access); the screen shows the first MAX_ROWS.
        events = [describe(e) for e in access_log_for_cpr(request.user, form.cleaned_data["cpr"])[:MAX_ROWS]]
    return render(
        request,
        "insight/index.html",
        {"form": form, "events": events, "max_rows": MAX_ROWS, "title": _("Logning: indsigt for en person")},
        status=422 if form.errors else 200,
    )
