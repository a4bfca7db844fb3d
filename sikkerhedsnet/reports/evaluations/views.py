"""Evaluations of a practice change: set-up, the recorded lottery, quarterly snapshots, the comparison."""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.formtokens import single_submit
from sikkerhedsnet.reports.access import (
    EVALUATION_MANAGERS,
    REPORT_ROLES,
    is_suppressed_for,
    municipality_id_of,
    require,
)
from sikkerhedsnet.reports.views.common import check_format, export, export_links, form_error, render_report

from . import selectors, services
from .documents import evaluation_report
from .forms import EvaluationForm, FollowUpChoiceForm, LotteryForm, SnapshotDateForm, SnapshotForm
from .models import Evaluation, EvaluationSnapshot
from .providers import staircase_provider
from .rules import quarter_dates


@login_required
def evaluation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    return render(
        request,
        "reports/evaluation_list.html",
        {
            "evaluations": selectors.evaluations_for(request.user),
            "can_manage": request.user.role in EVALUATION_MANAGERS,
        },
    )


@login_required
@single_submit
def evaluation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, EVALUATION_MANAGERS)
    form = EvaluationForm(
        request.POST or None,
        municipality_id=municipality_id_of(request.user),
        initial={"unit": Evaluation.Unit.CASES, "new_model_share": 50},
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Evalueringen er oprettet. Foretag lodtrækningen, når forsøget går i gang."))
            return redirect(evaluation)
    return render(
        request, "reports/evaluation_form.html", {"form": form}, status=422 if request.method == "POST" else 200
    )


def _query(request: AuthenticatedHttpRequest, *keys: str) -> str:
    """The report's own parameters (dates and years, never personal data) carried over to its exports."""
    params = {k: request.GET[k] for k in keys if request.GET.get(k)}
    return "?" + urlencode(params) if params else ""


def _follow_up(request: AuthenticatedHttpRequest) -> date | None:
    form = FollowUpChoiceForm(request.GET or None)
    return form.cleaned_data["follow_up_on"] if form.is_valid() else None


def _detail(
    request: AuthenticatedHttpRequest,
    evaluation: Evaluation,
    *,
    lottery_form: LotteryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    suppressed = is_suppressed_for(request.user)
    rounds = selectors.evaluation_rounds(evaluation)
    follow_ups = [d for d, _n in rounds if d > evaluation.baseline_on]
    chosen = _follow_up(request) or (follow_ups[-1] if follow_ups else None)
    report = evaluation_report(evaluation, follow_up_on=chosen, suppressed=suppressed)
    today = timezone.localdate()
    planned = quarter_dates(evaluation.baseline_on, 8)
    taken = {d for d, _n in rounds}
    next_due = next((d for d in planned if d not in taken), None)
    return render_report(
        request,
        "reports/evaluation_detail.html",
        report,
        suppressed=suppressed,
        status=status,
        context={
            "evaluation": evaluation,
            "exports": export_links("reports:evaluation_export", evaluation.pk, query=_query(request, "follow_up_on")),
            "can_manage": request.user.role in EVALUATION_MANAGERS,
            "lottery_form": lottery_form or LotteryForm(),
            "reproduces": selectors.evaluation_lottery_reproduces(evaluation),
            "follow_ups": follow_ups,
            "chosen_follow_up": chosen,
            "next_due": next_due,
            "next_due_overdue": next_due is not None and next_due < today,
            "pool": evaluation.pool.select_related("team").order_by("first_name"),
        },
    )


@login_required
def evaluation_detail(request: AuthenticatedHttpRequest, evaluation_id: int) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    return _detail(request, selectors.evaluation_get(request.user, evaluation_id))


@login_required
@require_POST
def evaluation_lottery(request: AuthenticatedHttpRequest, evaluation_id: int) -> HttpResponse:
    require(request.user, EVALUATION_MANAGERS)
    evaluation = selectors.evaluation_get(request.user, evaluation_id)
    form = LotteryForm(request.POST)
    if form.is_valid():
        try:
            evaluation = services.evaluation_lottery_run(
                by=request.user, evaluation=evaluation, seed=form.cleaned_data["seed"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("Lodtrækningen er foretaget med seed %(seed)s.") % {"seed": evaluation.lottery_seed}
            )
            return redirect(evaluation)
    return _detail(request, evaluation, lottery_form=form, status=422)


@login_required
def evaluation_snapshot(request: AuthenticatedHttpRequest, evaluation_id: int) -> HttpResponse:
    """Record a snapshot: from the measures data when wired, otherwise by hand for each participant."""
    require(request.user, EVALUATION_MANAGERS)
    evaluation = selectors.evaluation_get(request.user, evaluation_id)
    provider = staircase_provider()
    participants = selectors.evaluation_participants(request.user, evaluation) if provider is None else []
    child_ids = [child.pk for child, _group in participants]
    default_on = next(
        (
            d
            for d in quarter_dates(evaluation.baseline_on, 8)
            if d not in {r for r, _n in selectors.evaluation_rounds(evaluation)}
        ),
        timezone.localdate(),
    )
    form_class: type[SnapshotDateForm] = SnapshotDateForm if provider is not None else SnapshotForm
    kwargs: dict[str, Any] = {} if provider is not None else {"child_ids": child_ids}
    initial: dict[str, object] = {"taken_on": min(default_on, timezone.localdate())}
    for child_id, (category, step) in selectors.evaluation_latest_positions(evaluation).items():
        initial[f"category_{child_id}"], initial[f"step_{child_id}"] = category, step
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        on = form.cleaned_data["taken_on"]
        try:
            if provider is not None:
                count = services.evaluation_snapshot_take(
                    by=request.user,
                    evaluation=evaluation,
                    on=on,
                    provider=provider,
                    source=EvaluationSnapshot.Source.CASE_DATA,
                )
            else:
                values = cast(SnapshotForm, form).positions()  # without a provider, form_class is SnapshotForm
                count = services.evaluation_snapshot_take(
                    by=request.user, evaluation=evaluation, on=on, provider=lambda ids, _on: values
                )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Målingen er gemt for %(count)s børn.") % {"count": count})
            return redirect(evaluation)
    rows = [(child, group, form[f"category_{child.pk}"], form[f"step_{child.pk}"]) for child, group in participants]
    return render(
        request,
        "reports/evaluation_snapshot.html",
        {"evaluation": evaluation, "form": form, "rows": rows, "automatic": provider is not None},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def evaluation_export(request: AuthenticatedHttpRequest, evaluation_id: int, fmt: str) -> HttpResponse:
    require(request.user, REPORT_ROLES)
    evaluation = selectors.evaluation_get(request.user, evaluation_id)
    report = evaluation_report(evaluation, follow_up_on=_follow_up(request), suppressed=True)
    return export(request, report, check_format(fmt))
