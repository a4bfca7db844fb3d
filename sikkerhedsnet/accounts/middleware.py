from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from . import drafts

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


class FormDraftMiddleware:
    """Nothing typed is lost when the session has expired (issue #14 item 2).

    A POST without a session that the view answers with the login redirect is kept as a sealed draft (accounts/
    drafts.py) and the user is sent to log in with `next` pointing at the page that showed the form (a GET, never
    the POST-only address, which answered 405). After a successful save (a redirect) of a form the session has a
    draft for, the draft is discarded.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        anonymous_post = request.method == "POST" and not request.user.is_authenticated
        response = self.get_response(request)
        if anonymous_post and _is_login_redirect(response):
            return _keep_draft(request, response)
        if request.method == "POST" and request.user.is_authenticated and 300 <= response.status_code < 400:
            kept = request.session.get(drafts.SESSION_KEY, [])
            if request.path in kept:
                drafts.draft_discard(user=request.user, form_path=request.path)  # type: ignore[arg-type]
                request.session[drafts.SESSION_KEY] = [p for p in kept if p != request.path]
        return response


def _login_path() -> str:
    return resolve_url(settings.LOGIN_URL)


def _is_login_redirect(response: HttpResponse) -> bool:
    if response.status_code not in (301, 302, 303):
        return False
    return urlsplit(response.get("Location", "")).path == _login_path()


def _form_page(request: HttpRequest) -> str:
    """The page that showed the form: the Referer when it is this site's, else the start page."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        if parts.path and parts.path != _login_path():
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


def _keep_draft(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    try:
        raw = {name: request.POST.getlist(name) for name in request.POST}
    except Exception:  # noqa: BLE001 - an unreadable body keeps nothing; the login redirect stands
        return response
    fields = drafts.clean_fields(raw)
    if fields is None or len(request.path) > drafts.MAX_PATH:
        return response
    try:  # whose draft: the user who last logged in with this browser; without that, nobody's
        user_id = int(request.get_signed_cookie(drafts.LAST_USER_COOKIE, salt=drafts.LAST_USER_SALT) or "")
    except (KeyError, ValueError, signing.BadSignature):
        return response
    token = request.COOKIES.get(drafts.CLAIM_COOKIE, "")
    if not (20 <= len(token) <= 100):
        token = secrets.token_urlsafe(32)
    page = _form_page(request)
    drafts.draft_keep_unclaimed(user_id=user_id, token=token, form_path=request.path, page_path=page, fields=fields)
    kept = redirect(f"{_login_path()}?{urlencode({'next': page})}")
    kept.set_cookie(
        drafts.CLAIM_COOKIE,
        token,
        max_age=int(drafts.DRAFT_LIFETIME.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return kept
