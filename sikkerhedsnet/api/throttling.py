"""API rate limiting: requests per user per period, read from settings.API_THROTTLE_RATE on every request."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import UserRateThrottle


class UserThrottle(UserRateThrottle):
    """Per authenticated user (the token's owner). The rate is re-read so a deployment can change it."""

    scope = "user"

    def __init__(self) -> None:
        super().__init__(rate=settings.API_THROTTLE_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_THROTTLE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
