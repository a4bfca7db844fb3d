"""The login lockout: django-axes with one limit per lockout parameter (README, "Accounts and sessions").

Axes compares every parameter's failure count with one limit (`AXES_FAILURE_LIMIT`). We want two:

- one username from one address: `AXES_FAILURE_LIMIT` (5) failures lock that pair, so guessing one person's
  password is slow, and an attacker elsewhere cannot lock the real user out of their own address;
- one address over all usernames: `LOGIN_FAILURES_PER_IP` (25) failures lock the address, so trying one
  password against many usernames (password spraying) stops too - with a higher limit, because one office's
  users share an address.

There is deliberately no limit on a username alone (from any address): it would let anyone lock anyone out.
Addresses come from `core.client_ip` (X-Forwarded-For only from `TRUSTED_PROXIES`).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def failure_limits() -> list[tuple[list[str], int]]:
    """(parameters, limit) in the order of `AXES_LOCKOUT_PARAMETERS`."""
    return [(list(params), limit) for params, limit in settings.LOGIN_LOCKOUT_LIMITS]


class LoginLimitsHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler, each lockout parameter counted against its own limit."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # Axes locks when the result reaches AXES_FAILURE_LIMIT (L). Scaling a parameter's count by L / its own limit
        # (P), rounded down, reaches L exactly when the count reaches P.
        base = settings.AXES_FAILURE_LIMIT
        scaled = 0
        attempts = self.get_user_attempts(request, credentials)
        for queryset, (_, limit) in zip(attempts, failure_limits(), strict=True):
            count = queryset.aggregate(n=Sum("failures_since_start"))["n"] or 0
            scaled = max(scaled, count * base // limit)
        return scaled

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """A successful login clears its own username's failures from its address only, so a sprayer who logs
        in to an account of their own does not wipe the address's count."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return int(count)
