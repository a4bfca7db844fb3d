"""The request type of a logged-in page (and of an API call that passed the token check).

`login_required` and the API's `TokenAuth` guarantee that `request.user` is a `User`, never `AnonymousUser`;
Django's `HttpRequest` cannot say so. Views behind them annotate `request: AuthenticatedHttpRequest`, so mypy knows
the user's role, municipality and teams without a cast at every use.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from sikkerhedsnet.accounts.models import Municipality, User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


def own_municipality(user: User) -> Municipality:
    """The municipality the user acts for. A user with none (a technical account) may not act for one: 403."""
    if user.municipality is None:
        raise PermissionDenied
    return user.municipality


def own_municipality_id(user: User) -> int:
    """`own_municipality(user).pk` without loading the municipality."""
    if user.municipality_id is None:
        raise PermissionDenied
    return user.municipality_id


def calendar_feed_url(request: HttpRequest, secret: str) -> str:
    """The full address of a user's private calendar feed (served by tasks.views.calendar_feed)."""
    from django.urls import reverse

    return request.build_absolute_uri(reverse("tasks:calendar_feed", kwargs={"secret": secret}))
