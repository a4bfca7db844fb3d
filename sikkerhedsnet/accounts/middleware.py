from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

SESSION_EPOCH_KEY = "_session_epoch"
# Set at login when the user has a confirmed TOTP device: the session is not usable until the code is given,
# whether or not OTP_REQUIRED is on (an enrolled second factor is never optional).
OTP_PENDING_KEY = "_otp_pending"

# Paths an authenticated user without a verified second factor may still reach.
_OTP_EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/otp/",
    "/static/",
    "/healthz",
    "/i18n/",
    "/api/",
)


class SessionEpochMiddleware:
    """Ends sessions started before the user chose "log ud overalt"."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            epoch = request.session.get(SESSION_EPOCH_KEY)
            if epoch is None:
                request.session[SESSION_EPOCH_KEY] = user.session_epoch
            elif epoch != user.session_epoch:
                logout(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


def otp_needed(request: HttpRequest) -> bool:
    """Whether this logged-in session must still pass TOTP before it may see anything."""
    user = request.user
    # Right after login() the user is not yet wrapped by django_otp's middleware, so has no is_verified().
    is_verified = getattr(user, "is_verified", None)
    if not user.is_authenticated or (is_verified is not None and is_verified()):
        return False
    return bool(request.session.get(OTP_PENDING_KEY)) or (settings.OTP_REQUIRED and user.requires_otp)


class OtpRequiredMiddleware:
    """With OTP_REQUIRED (production) the roles in OTP_ROLES, and anyone with a TOTP device, pass TOTP first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and not request.path.startswith(_OTP_EXEMPT_PREFIXES) and otp_needed(request):
            return redirect("accounts:otp")
        return self.get_response(request)
