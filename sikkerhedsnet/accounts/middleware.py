from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

SESSION_EPOCH_KEY = "_session_epoch"

# Paths an authenticated user without a verified second factor may still reach.
_OTP_EXEMPT_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/otp/", "/static/", "/healthz", "/i18n/", "/api/")


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


class OtpRequiredMiddleware:
    """With OTP_REQUIRED (production), users with case access must pass TOTP before any page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.OTP_REQUIRED
            and user is not None
            and user.is_authenticated
            and user.has_case_access
            and not user.is_verified()
            and not request.path.startswith(_OTP_EXEMPT_PREFIXES)
        ):
            return redirect("accounts:otp")
        return self.get_response(request)
