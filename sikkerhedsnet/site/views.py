"""Organisation-wide pages: retention and erasure runs (sletning) and a case's legal hold (slettestop).

Each acts for the user's own municipality: a run belongs to one municipality, and another's run (or one without a
municipality: the system's technical purges and runs from before runs had one) answers 404 as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, own_municipality, own_municipality_id
from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.children.access import child_for_request
from sikkerhedsnet.children.services import case_legal_hold_set
from sikkerhedsnet.core import retention
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit
from sikkerhedsnet.core.models import DeletionRun

from .forms import LegalHoldForm

# ------------------------------------------------------------------------------ retention and erasure

RETENTION_ROLES = frozenset({Role.ADMIN, Role.HEAD})
LEGAL_HOLD_ROLES = frozenset({Role.TEAM_LEADER, Role.HEAD})


def _require_retention_role(user: User) -> None:
    if user.role not in RETENTION_ROLES:
        raise PermissionDenied


def _own_run(user: User, run_id: int) -> DeletionRun:
    """A run of the user's municipality; any other (another's, or the system's without one) is 404."""
    return get_object_or_404(DeletionRun, pk=run_id, municipality_id=own_municipality_id(user))


@login_required
def retention_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Retention periods per record type, and the deletion runs (plan → review → commit or discard)."""
    _require_retention_role(request.user)
    today = timezone.localdate()
    municipality_id = own_municipality_id(request.user)
    policies = [
        (rt, retention.period_of(rt, municipality_id=municipality_id, on=today)) for rt in retention.record_types()
    ]
    runs = (
        DeletionRun.objects.filter(municipality_id=own_municipality_id(request.user))
        .annotate(n=Count("items"))
        .select_related("planned_by", "decided_by")
        .order_by("-pk")
    )
    return render(request, "site/retention_index.html", {"policies": policies, "runs": runs[:50]})


@login_required
@require_POST
@single_submit
def retention_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_retention_role(request.user)
    run = retention.deletion_plan(by=request.user, municipality=own_municipality(request.user))
    messages.info(request, _("Planen er lavet. Intet er slettet endnu."))
    return redirect("site:retention_run", run_id=run.pk)


@login_required
def retention_run(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    _require_retention_role(request.user)
    run = _own_run(request.user, run_id)
    counts = run.items.values("record_type", "outcome").annotate(n=Count("pk")).order_by("record_type", "outcome")
    items = Paginator(run.items.order_by("record_type", "pk"), 200).get_page(request.GET.get("side"))
    labels = {rt.key: rt.label for rt in retention.record_types()}
    return render(request, "site/retention_run.html", {"run": run, "counts": counts, "items": items, "labels": labels})


@login_required
@require_POST
@single_submit
def retention_decide(request: AuthenticatedHttpRequest, run_id: int, decision: str) -> HttpResponse:
    _require_retention_role(request.user)
    run = _own_run(request.user, run_id)
    try:
        if decision == "commit":
            retention.deletion_commit(by=request.user, run=run)
            messages.success(request, _("Sletningen er gennemført."))
        else:
            retention.deletion_discard(by=request.user, run=run)
            messages.info(request, _("Planen er kasseret. Intet er slettet."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("site:retention_run", run_id=run.pk)


@login_required
@single_submit
def legal_hold(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Slettestop on a child's case: team leaders and heads set or lift it; case workers see it."""
    child = child_for_request(request, child_id, purpose="legal_hold")
    may_change = request.user.role in LEGAL_HOLD_ROLES
    case = child.case
    form = LegalHoldForm(
        request.POST or None, initial={"legal_hold": case.legal_hold, "reason": case.legal_hold_reason}
    )
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                case_legal_hold_set(
                    by=request.user,
                    child=child,
                    hold=form.cleaned_data["legal_hold"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Slettestop er gemt."))
                return redirect("site:legal_hold", child_id=child.pk)
    status = 422 if form.errors else 200
    return render(
        request,
        "site/legal_hold.html",
        {"child": child, "case": case, "form": form, "may_change": may_change},
        status=status,
    )
