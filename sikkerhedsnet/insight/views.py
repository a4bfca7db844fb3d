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

from . import wording
from .selectors import access_log_filtered, access_log_for_cpr

MAX_ROWS = 5000


class AccessLogForm(forms.Form):
    cpr = forms.CharField(label=gettext_lazy("CPR-nummer"), max_length=11, help_text=gettext_lazy("Fx 010203-1234"))
    format = forms.ChoiceField(choices=[("html", "HTML"), ("csv", "CSV"), ("pdf", "PDF")], required=False)
    # Filters of the screen (the CSV and PDF are always complete: the person's right of access).
    person = forms.CharField(
        label=gettext_lazy("Medarbejder"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Navn eller brugernavn"),
    )
    date_from = forms.DateField(
        label=gettext_lazy("Fra og med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("Til og med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Slags"), choices=[("", gettext_lazy("Alle")), *wording.KINDS.items()], required=False
    )
    technical = forms.BooleanField(label=gettext_lazy("Vis tekniske detaljer (til kontrol)"), required=False)

    def clean_cpr(self) -> str:
        try:
            return cprlib.compact(self.cleaned_data["cpr"])
        except cprlib.InvalidCpr as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Til-datoen ligger før fra-datoen."))
        return data


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The CPR is POSTed, never put in a URL; the lookup itself is logged by the selector.

    CSV and PDF are made by a background job (audit/jobs.py), so a large log does not hold up the web server.
    """
    if request.user.role != Role.AUDITOR:
        raise PermissionDenied
    form = AccessLogForm(request.POST or None)
    events: list[wording.Line] | None = None
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
        data = form.cleaned_data
        found = access_log_filtered(
            access_log_for_cpr(request.user, data["cpr"]),
            person=data.get("person") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            kind=data.get("kind") or "",
        )
        events = wording.lines(found[:MAX_ROWS])
    return render(
        request,
        "insight/index.html",
        {
            "form": form,
            "events": events,
            "technical": form.is_bound and form.is_valid() and form.cleaned_data.get("technical"),
            "max_rows": MAX_ROWS,
            "title": _("Logning: indsigt for en person"),
        },
        status=422 if form.errors else 200,
    )
