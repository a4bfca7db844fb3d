from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikkerhedsnet.accounts.models import Role
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.jobs import job_enqueue

from .selectors import access_log_for_cpr


class AccessLogForm(forms.Form):
    cpr = forms.CharField(label=gettext_lazy("CPR-nummer"), max_length=11)
    format = forms.ChoiceField(choices=[("html", "HTML"), ("csv", "CSV"), ("pdf", "PDF")], required=False)

    def clean_cpr(self) -> str:
        try:
            return cprlib.compact(self.cleaned_data["cpr"])
        except cprlib.InvalidCpr as exc:
            raise forms.ValidationError(str(exc)) from exc


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The auditor's lookup. POST, never GET: the CPR number must not end up in a URL (history, server logs).

    CSV and PDF are made by a background job, so a large log does not hold up the web server.
    """
    if request.user.role != Role.AUDITOR:
        raise PermissionDenied
    form = AccessLogForm(request.POST or None)
    events = None
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data.get("format") or "html"
        if fmt in ("csv", "pdf"):
            job = job_enqueue(
                by=request.user,
                kind="audit.access_log_export",
                params={"cpr": form.cleaned_data["cpr"], "format": fmt},
            )
            return redirect(job)
        events = list(access_log_for_cpr(request.user, form.cleaned_data["cpr"])[:5000])
    return render(
        request, "audit/index.html", {"form": form, "events": events, "title": _("Logning: indsigt for en person")}
    )
