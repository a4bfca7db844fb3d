from __future__ import annotations

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikkerhedsnet.accounts.models import Role
from sikkerhedsnet.core import cpr as cprlib

from .selectors import access_log_for_cpr


class AccessLogForm(forms.Form):
    cpr = forms.CharField(label=gettext_lazy("CPR-nummer"), max_length=11)
    format = forms.ChoiceField(
        choices=[("html", "HTML"), ("csv", "CSV"), ("pdf", "PDF")], required=False, widget=forms.HiddenInput
    )

    def clean_cpr(self) -> str:
        try:
            return cprlib.compact(self.cleaned_data["cpr"])
        except cprlib.InvalidCpr as exc:
            raise forms.ValidationError(str(exc)) from exc


HEADER = ["at", "user", "action", "object_type", "object_id", "reason"]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.AUDITOR:
        raise PermissionDenied
    form = AccessLogForm(request.GET or None)
    events = None
    if form.is_valid():
        events = list(access_log_for_cpr(request.user, form.cleaned_data["cpr"])[:5000])
        fmt = form.cleaned_data.get("format") or "html"
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if fmt == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="indsigt-{stamp}.csv"'
            response.write("\ufeff")  # Excel reads UTF-8 with a BOM
            writer = csv.writer(response, delimiter=";")
            writer.writerow(HEADER)
            for e in events:
                writer.writerow(
                    [timezone.localtime(e.created_at).isoformat(), e.actor_username, e.type, e.target_model, e.target_id, e.reason]
                )
            return response
        if fmt == "pdf":
            from weasyprint import HTML

            html = render_to_string(
                "audit/access_log_pdf.html",
                {"events": events, "cpr": cprlib.mask(form.cleaned_data["cpr"]), "generated_at": timezone.localtime()},
            )
            pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="indsigt-{stamp}.pdf"'
            return response
    return render(
        request, "audit/index.html", {"form": form, "events": events, "title": _("Logning: indsigt for en person")}
    )
