"""Kommunens indstillinger: the municipality's own choices, each change dated and audited (head and admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error

from . import settings_selectors as selectors
from . import settings_services as services
from .forms import SettingChangeForm
from .http import AuthenticatedHttpRequest, own_municipality


@login_required
def municipal_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every setting with today's value, its bounds and source, a form per setting, and the change log."""
    user = request.user
    if not services.can_edit(user):
        raise PermissionDenied
    municipality = own_municipality(user)
    version = selectors.version(municipality.pk)
    bound = SettingChangeForm(request.POST) if request.method == "POST" else None
    if bound is not None and bound.is_valid():
        data = bound.cleaned_data
        try:
            services.setting_change(
                by=user,
                municipality=municipality,
                key=data["key"],
                value=data["value"],
                effective_from=data["effective_from"],
                expected_version=data["version"],
            )
        except DomainError as exc:
            form_error(bound, exc)
        else:
            messages.success(request, _("Indstillingen er gemt og står i ændringsloggen."))
            return redirect("accounts:settings")
    rows = []
    for row in selectors.settings_overview(municipality):
        if bound is not None and bound.data.get("key") == row.spec.key:
            form = bound
        else:
            form = SettingChangeForm(initial={"key": row.spec.key, "version": version}, auto_id=f"id_{row.spec.key}_%s")
        rows.append((row, form))
    return render(
        request,
        "accounts/municipal_settings.html",
        {"municipality": municipality, "rows": rows, "log": selectors.change_log(municipality)},
        status=422 if bound is not None and bound.errors else 200,
    )
