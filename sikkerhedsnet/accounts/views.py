from __future__ import annotations

import base64
import io
import json
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, calendar_feed_url
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent

from . import drafts
from .forms import LoginForm, OtpTokenForm
from .middleware import OTP_PENDING_KEY, SESSION_EPOCH_KEY, otp_needed
from .models import ApiToken, CalendarFeed
from .services import (
    calendar_feed_renew,
    calendar_feed_revoke,
    otp_enrolment_confirm,
    otp_enrolment_start,
    user_logout_everywhere,
)

OTP_NEXT_KEY = "_otp_next"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # A form posted after the session expired was kept (FormDraftMiddleware): say so before the user logs in.
        context["kept_draft"] = drafts.unclaimed_draft_exists(self.request.COOKIES.get(drafts.CLAIM_COOKIE, ""))
        return context

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        session = self.request.session
        session[SESSION_EPOCH_KEY] = user.session_epoch
        claimed = drafts.drafts_claim(user=user, token=self.request.COOKIES.get(drafts.CLAIM_COOKIE, ""))
        if claimed:
            session[drafts.SESSION_KEY] = sorted(set(session.get(drafts.SESSION_KEY, [])) | set(claimed))
            messages.info(
                self.request,
                _("Det, du skrev, før du blev logget ud, er sat ind i formularen igen. Tjek det, og gem."),
            )
        response.delete_cookie(drafts.CLAIM_COOKIE, samesite="Lax")
        response.set_signed_cookie(
            drafts.LAST_USER_COOKIE,
            str(user.pk),
            salt=drafts.LAST_USER_SALT,
            max_age=int(drafts.DRAFT_LIFETIME.total_seconds()),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            session[OTP_PENDING_KEY] = True
        audit.record(by=user, type=AuditEvent.Type.LOGIN, target=user)
        if otp_needed(self.request):
            session[OTP_NEXT_KEY] = self.get_success_url()
            return redirect("accounts:otp")
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(by=request.user, type=AuditEvent.Type.LOGOUT, target=request.user)
    logout(request)
    messages.info(request, _("Du er logget ud."))
    return redirect("accounts:login")


@login_required
@require_POST
def logout_everywhere_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    user_logout_everywhere(by=request.user)
    logout(request)
    messages.info(
        request, _("Du er logget ud på alle enheder, og dine API-nøgler og dit kalenderabonnement er spærret.")
    )
    return redirect("accounts:login")


def _profile(request: AuthenticatedHttpRequest, *, calendar_url: str = "") -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "otp_enabled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "active_tokens": ApiToken.objects.filter(user=user, revoked_at__isnull=True).count(),
            "calendar_feed": CalendarFeed.objects.filter(user=user).first(),
            "calendar_url": calendar_url,
        },
    )


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Min profil: who am I, is two-factor on, the private calendar feed, and "log ud overalt"."""
    return _profile(request)


@login_required
@require_POST
def calendar_feed_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Opret/forny the private calendar feed: a new secret address (the old one stops working), shown once on the
    page this answers with; never put in a message or a redirect, where it would be stored."""
    secret = calendar_feed_renew(user=request.user)
    return _profile(request, calendar_url=calendar_feed_url(request, secret))


@login_required
@require_POST
def calendar_feed_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    if calendar_feed_revoke(user=request.user):
        messages.success(request, _("Kalenderabonnementet er slettet. Adressen virker ikke længere."))
    return redirect("accounts:profile")


def _qr_svg_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _after_otp(request: HttpRequest) -> str:
    target = request.session.pop(OTP_NEXT_KEY, "") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@login_required
def otp_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Verify the second factor, or enrol a TOTP device when the user has none yet.

    Enrolment shows a new secret on every visit (`otp_enrolment_start` replaces the unconfirmed device), and only
    then: after a wrong code the page asks again without showing it, so a secret is on screen once.
    """
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and user.is_verified():  # type: ignore[attr-defined]  # set by django_otp's OTPMiddleware
        return redirect("home")
    enrolling = device is None
    if enrolling and request.method != "POST":
        device = otp_enrolment_start(user=user)
    elif enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device is not None and device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                otp_enrolment_confirm(user=user, device=device)
            otp_login(request, device)
            request.session.pop(OTP_PENDING_KEY, None)
            if enrolling:
                messages.success(request, _("Totrinsbekræftelse er slået til."))
            return redirect(_after_otp(request))
        form.add_error("token", _("Koden er forkert eller udløbet. Prøv den nyeste kode."))
    context = {"form": form, "enrolling": enrolling}
    if enrolling and request.method != "POST" and device is not None:
        context["qr"] = _qr_svg_data_uri(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode("ascii")
    return render(request, "accounts/otp.html", context)


@login_required
def form_draft(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Autosave of long forms (static/js/app.js): GET ?form=PATH answers the user's draft, POST saves it.

    Only the user's own drafts, and only by the path their form posts to; the text is sealed and never logged.
    """
    form_path = (request.POST.get("form") if request.method == "POST" else request.GET.get("form")) or ""
    if not form_path.startswith("/") or form_path.startswith("//") or len(form_path) > drafts.MAX_PATH:
        return JsonResponse({"code": "invalid_form", "message": _("Ukendt formular.")}, status=422)
    if request.method == "GET":
        found = drafts.draft_for(request.user, form_path)
        if found is None:
            return JsonResponse({"fields": None})
        fields, draft = found
        saved_at = timezone.localtime(draft.created_at).strftime("%H:%M")
        return JsonResponse({"fields": fields, "saved_at": saved_at})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    page_path = request.POST.get("page") or form_path
    try:
        raw = json.loads(request.POST.get("fields") or "{}")
    except ValueError:
        raw = None
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v) for k, v in raw.items()
    ):
        return JsonResponse({"code": "invalid_fields", "message": _("Kladden kunne ikke læses.")}, status=422)
    typed = drafts.clean_fields(raw)
    if typed is None:
        drafts.draft_discard(user=request.user, form_path=form_path)
        return JsonResponse({"saved": False})
    if not page_path.startswith("/") or page_path.startswith("//"):
        page_path = form_path
    drafts.draft_save(user=request.user, form_path=form_path, page_path=page_path, fields=typed)
    kept = request.session.get(drafts.SESSION_KEY, [])
    if form_path not in kept:
        request.session[drafts.SESSION_KEY] = [*kept, form_path]
    return JsonResponse({"saved": True})
