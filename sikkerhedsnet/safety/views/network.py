"""The family's network: members, roles, commitments, and network meetings with minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.children.access import child_for_request, object_for_request
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit

from .. import selectors, services
from ..forms import NetworkMeetingForm, NetworkMemberEditForm, NetworkMemberForm
from ..models import NetworkMember


def _page(
    request: AuthenticatedHttpRequest,
    child: Child,
    *,
    member_form: NetworkMemberForm | None = None,
    meeting_form: NetworkMeetingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "child": child,
        "active_tab": "network",
        "members": selectors.network_members(child),
        "meetings": selectors.network_meetings(child),
        "member_form": member_form or NetworkMemberForm(child=child),
        "meeting_form": meeting_form or NetworkMeetingForm(child=child, initial={"held_on": timezone.localdate()}),
        "open_member_form": member_form is not None,
        "open_meeting_form": meeting_form is not None,
    }
    return render(request, "safety/network.html", context, status=status)


@login_required
def network_page(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="safety_network")
    return _page(request, child)


@login_required
@require_POST
@single_submit
def member_add(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="safety_network")
    form = NetworkMemberForm(request.POST, child=child)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = data.pop("person")
        if person is not None and not data["name"]:
            data.pop("name")
        try:
            services.network_member_add(by=request.user, child=child, person=person, **data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Personen er tilføjet til netværket."))
            return redirect("safety:network", child_id=child.pk)
    return _page(request, child, member_form=form, status=422)


@login_required
@single_submit
def member_edit(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = object_for_request(request, NetworkMember.objects.all(), member_id, purpose="safety_network")
    child = member.child
    fields = ("name", "relation", "role", "phone", "email", "commitment", "active")
    form = NetworkMemberEditForm(
        request.POST or None, initial={f: getattr(member, f) for f in fields} | {"version": member.version}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.network_member_update(by=request.user, member=member, expected_version=version, **data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Oplysningerne er gemt."))
            return redirect("safety:network", child_id=child.pk)
    status = 422 if request.method == "POST" else 200
    context = {"child": child, "active_tab": "network", "member": member, "form": form}
    return render(request, "safety/network_member_form.html", context, status=status)


@login_required
@require_POST
@single_submit
def meeting_add(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="safety_network")
    form = NetworkMeetingForm(request.POST, child=child)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.network_meeting_record(
                by=request.user,
                child=child,
                held_on=data["held_on"],
                minutes=data["minutes"],
                participant_ids=[m.pk for m in data["participants"]],
                other_participants=data["other_participants"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Netværksmødet er gemt."))
            return redirect(reverse("safety:network", args=[child.pk]) + "#meetings")
    return _page(request, child, meeting_form=form, status=422)
