"""The auditor's page: everything that touched one person, on screen or as CSV/PDF (the right of access)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikkerhedsnet.accounts.models import Role
from sikkerhedsnet.core import cpr as cprlib

from .exports import Row, access_log_csv, access_log_pdf, describe
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


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'  # never the CPR number
    response["Cache-Control"] = "no-store"
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The CPR is POSTed, never put in a URL; the lookup itself is logged by the selector."""
    if request.user.role != Role.AUDITOR:
        raise PermissionDenied
    form = AccessLogForm(request.POST or None)
    events: list[Row] | None = None
    if request.method == "POST" and form.is_valid():
        digits = form.cleaned_data["cpr"]
        found = access_log_for_cpr(request.user, digits)
        fmt = form.cleaned_data.get("format") or "html"
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        # The exports are complete (the data subject's right of access); the screen shows the first MAX_ROWS.
        if fmt == "csv":
            return _download(access_log_csv(found.iterator()), "text/csv; charset=utf-8", f"indsigt-{stamp}.csv")
        if fmt == "pdf":
            municipality = request.user.municipality.name if request.user.municipality_id else ""
            pdf = access_log_pdf(found.iterator(), cpr_digits=digits, municipality=municipality)
            return _download(pdf, "application/pdf", f"indsigt-{stamp}.pdf")
        events = [describe(e) for e in found[:MAX_ROWS]]
    return render(
        request,
        "audit/index.html",
        {"form": form, "events": events, "max_rows": MAX_ROWS, "title": _("Logning: indsigt for en person")},
        status=422 if form.errors else 200,
    )
