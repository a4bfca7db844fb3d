"""Scaling (skalering): each participant's score 0–10 over time, as a chart (page and PDF) and a table."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.children.access import child_for_request
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit

from .. import pdfs, selectors, services
from ..forms import MORE_ROWS, ScalingForm, ScoreFormSet, rows_from_data
from ..models import DEFAULT_SCALING_QUESTION, ParticipantRole
from .common import pdf_response

SCORE_FIELDS = ("participant", "role", "score")
KIND_TO_ROLE = {"mother": ParticipantRole.MOTHER, "father": ParticipantRole.FATHER}


def _initial_rows(request: AuthenticatedHttpRequest, child: Child) -> list[dict[str, Any]]:
    """Start with the people of the last scaling; the first time, the parents and the caseworker."""
    last = selectors.last_scaling_participants(child)
    if last:
        return [{"participant": p, "role": r} for p, r in last]
    rows: list[dict[str, Any]] = []
    for relation in child.relations.select_related("person").filter(kind__in=KIND_TO_ROLE).order_by("kind"):
        rows.append({"participant": relation.person.first_name, "role": KIND_TO_ROLE[relation.kind]})
    rows.append({"participant": child.first_name, "role": ParticipantRole.CHILD})
    rows.append(
        {"participant": request.user.get_full_name() or request.user.username, "role": ParticipantRole.CASEWORKER}
    )
    return rows


def _page(
    request: AuthenticatedHttpRequest, child: Child, form: ScalingForm, formset: Any, status: int = 200
) -> HttpResponse:
    context = {
        "child": child,
        "active_tab": "scaling",
        "charts": pdfs.scaling_charts(child),
        "scalings": list(selectors.scalings(child).order_by("-scored_on", "-id")),
        "form": form,
        "formset": formset,
    }
    return render(request, "safety/scaling.html", context, status=status)


@login_required
@single_submit
def scaling_page(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="safety_scaling")
    if request.method != "POST":
        form = ScalingForm(initial={"scored_on": timezone.localdate(), "question": DEFAULT_SCALING_QUESTION})
        formset = ScoreFormSet(prefix="scores", initial=_initial_rows(request, child) + [{}] * 2)
        return _page(request, child, form, formset)
    if "more_rows" in request.POST:
        # Without JavaScript: show what was typed again, with more empty rows; nothing is saved.
        form = ScalingForm(initial={k: request.POST.get(k, "") for k in ("scored_on", "question", "note")})
        rows = rows_from_data(request.POST, "scores", SCORE_FIELDS, limit=30)
        formset = ScoreFormSet(prefix="scores", initial=(rows + [{}] * MORE_ROWS)[:30])
        return _page(request, child, form, formset)
    form = ScalingForm(request.POST)
    formset = ScoreFormSet(request.POST, prefix="scores")
    if form.is_valid() and formset.is_valid():
        scores = [
            {
                "participant": row.cleaned_data["participant"],
                "role": row.cleaned_data["role"],
                "score": row.cleaned_data["score"],
            }
            for row in formset.forms
            if row.cleaned_data.get("participant")
        ]
        try:
            services.scaling_record(by=request.user, child=child, **form.cleaned_data, scores=scores)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Skaleringen er gemt."))
            return redirect("safety:scaling", child_id=child.pk)
    return _page(request, child, form, formset, status=422)


@login_required
def scaling_pdf(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """The scaling charts and tables as an A4 PDF (safety/pdfs.py)."""
    child = child_for_request(request, child_id, purpose="safety_scaling_pdf")
    return pdf_response(*pdfs.scaling_pdf(by=request.user, child=child))
