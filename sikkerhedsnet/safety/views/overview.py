"""The child's "Samarbejde om sikkerhed" page and the target-group screening."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.children.access import child_for_request
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error

from .. import selectors, services
from ..forms import TargetGroupForm


@login_required
def overview(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Where the child's safety work stands: screening, mapping, scaling, network, plan, documents."""
    child = child_for_request(request, child_id, purpose="safety")
    screening = selectors.target_group_assessments(child).first()
    mappings = list(selectors.mappings(child)[:3])
    state = selectors.plan_state(child)
    members = list(selectors.network_members(child).filter(active=True))
    context = {
        "child": child,
        "active_tab": "overview",
        "screening": screening,
        "mappings": mappings,
        "mapping_count": child.mappings.count(),
        "latest_scaling": child.scalings.prefetch_related("scores").order_by("-scored_on", "-id").first(),
        "state": state,
        "members": members,
        "coordinator": next((m for m in members if m.role == "network_coordinator"), None),
        "stories": child.words_and_pictures.count(),
        "houses": child.three_houses.count(),
        "today": timezone.localdate(),
    }
    return render(request, "safety/overview.html", context)


@login_required
def target_group(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Målgruppevurdering: the screening form and every earlier result with its reasoning."""
    child = child_for_request(request, child_id, purpose="safety_target_group")
    form = TargetGroupForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assessment = services.target_group_assessment_create(by=request.user, child=child, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                if assessment.eligible:
                    messages.success(request, _("Vurderingen er gemt: barnet er i målgruppen for en sikkerhedsplan."))
                else:
                    messages.info(request, _("Vurderingen er gemt: barnet er ikke i målgruppen for en sikkerhedsplan."))
                return redirect("safety:target_group", child_id=child.pk)
        status = 422
    context = {
        "child": child,
        "active_tab": "target_group",
        "form": form,
        "assessments": selectors.target_group_assessments(child),
    }
    return render(request, "safety/target_group.html", context, status=status)
