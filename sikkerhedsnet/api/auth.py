from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from sikkerhedsnet.accounts.models import ApiToken, User

_TOUCH_EVERY = timedelta(minutes=5)


def user_for_token(token: str) -> User | None:
    if not token or len(token) > 200:
        return None
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if api_token is None:
        return None
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return api_token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user
