"""The auditor's page: everything that touched one person, on screen or as CSV/PDF (the right of access)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

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
from sikkerhedsnet.core.pdf import render_pdf

from .models import AuditEvent
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


HEADER = ["at", "user", "action", "object_type", "object_id", "reason"]

# Why a child was opened (the `purpose` the views pass to the access getter), in words for the auditor.
PURPOSES = {
    "edit": gettext_lazy("redigering af oplysninger"),
    "journal": gettext_lazy("journalnotat"),
    "document": gettext_lazy("upload af dokument"),
    "document_download": gettext_lazy("hentning af dokument"),
    "history": gettext_lazy("tidligere versioner"),
    "relation": gettext_lazy("familie og netværk"),
    "relation_edit": gettext_lazy("familie og netværk"),
    "relation_remove": gettext_lazy("familie og netværk"),
    "case_assign": gettext_lazy("fordeling af sagen"),
    "case_close": gettext_lazy("lukning af sagen"),
    "case_reopen": gettext_lazy("genåbning af sagen"),
    "break_the_glass_search": gettext_lazy("søgning med begrundelse"),
}


@dataclass(frozen=True)
class Row:
    """One audit event as the auditor reads it."""

    at: datetime
    user: str
    action: str
    object: str
    reason: str


def describe(event: AuditEvent) -> Row:
    action = str(event.get_type_display())
    purpose = event.new.get("purpose") if isinstance(event.new, dict) else None
    if purpose:
        action = f"{action} ({PURPOSES.get(purpose, purpose)})"
    return Row(
        at=event.created_at,
        user=event.actor_username or "–",
        action=action,
        object=f"{event.target_model} {event.target_id}".strip() or "–",
        reason=event.reason,
    )


def _csv(events: Iterable[AuditEvent], stamp: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indsigt-{stamp}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(HEADER)
    for e in events:
        writer.writerow(
            [
                timezone.localtime(e.created_at).isoformat(),
                e.actor_username,
                e.type,
                e.target_model,
                e.target_id,
                e.reason,
            ]
        )
    return response


def _pdf(events: list[AuditEvent], cpr_digits: str, stamp: str, municipality: str) -> HttpResponse:
    pdf = render_pdf(
        "audit/access_log_pdf.html",
        {
            "rows": [describe(e) for e in events],
            "cpr": cprlib.format_cpr(cpr_digits),
            "generated_at": timezone.localtime(),
            "municipality": municipality,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="indsigt-{stamp}.pdf"'
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The CPR is POSTed, never put in a URL; the lookup itself is logged by the selector."""
    if request.user.role != Role.AUDITOR:
        raise PermissionDenied
    form = AccessLogForm(request.POST or None)
    events: list[Row] | None = None
    if request.method == "POST" and form.is_valid():
        found = access_log_for_cpr(request.user, form.cleaned_data["cpr"])
        fmt = form.cleaned_data.get("format") or "html"
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        # The exports are complete (the data subject's right of access); the screen shows the first MAX_ROWS.
        if fmt == "csv":
            return _csv(found.iterator(), stamp)
        if fmt == "pdf":
            municipality = request.user.municipality.name if request.user.municipality_id else ""
            return _pdf(list(found), form.cleaned_data["cpr"], stamp, municipality)
        events = [describe(e) for e in found[:MAX_ROWS]]
    return render(
        request,
        "audit/index.html",
        {"form": form, "events": events, "max_rows": MAX_ROWS, "title": _("Logning: indsigt for en person")},
        status=422 if form.errors else 200,
    )
