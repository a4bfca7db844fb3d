"""User administration for the `admin` role: users and teams only, never case content."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, own_municipality, own_municipality_id

from .admin_forms import UserForm
from .models import Role, User
from .services import user_create_or_update


def _require_admin(user: User) -> None:
    if user.role != Role.ADMIN:
        raise PermissionDenied


@login_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_admin(request.user)
    users = (
        User.objects.filter(municipality_id=own_municipality_id(request.user))
        .select_related("team")
        .annotate(has_otp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by("-is_active", "team__name", "first_name", "last_name", "username")
    )
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def user_edit(request: AuthenticatedHttpRequest, user_id: int | None = None) -> HttpResponse:
    _require_admin(request.user)
    existing = (
        get_object_or_404(User, pk=user_id, municipality_id=own_municipality_id(request.user)) if user_id else None
    )
    initial = (
        {
            "username": existing.username,
            "first_name": existing.first_name,
            "last_name": existing.last_name,
            "role": existing.role,
            "team": existing.team_id,
            "is_active": existing.is_active,
        }
        if existing
        else {"is_active": True}
    )
    form = UserForm(
        request.POST or None, initial=initial, municipality_id=own_municipality_id(request.user), editing=bool(existing)
    )
    if existing:
        form.fields["username"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        username = existing.username if existing else data["username"]
        if not existing and User.objects.filter(username__iexact=username).exists():
            form.add_error("username", _("Brugernavnet er optaget."))
        elif existing == request.user and (data["role"] != Role.ADMIN or not data["is_active"]):
            form.add_error(None, _("Du kan ikke fjerne din egen administratorrolle eller deaktivere dig selv."))
        else:
            user_create_or_update(
                by=request.user,
                username=username,
                role=data["role"],
                team=data["team"],
                municipality=own_municipality(request.user),
                password=data["password"] or None,
                first_name=data["first_name"],
                last_name=data["last_name"],
                is_active=data["is_active"],
                reset_otp=bool(data.get("reset_otp")),
            )
            messages.success(request, _("Brugeren %(username)s er gemt.") % {"username": username})
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "existing": existing},
        status=422 if form.errors else 200,
    )
