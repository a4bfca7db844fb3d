"""Idempotency-Key for API POSTs: a retry with the same key and body replays the first response.

The key is claimed in the same database transaction as the request's work, and the response is stored in
that transaction too. So either the record and its stored response both exist, or neither does:

- a retry after the first response was lost (network, crash after commit) replays the stored response;
- a retry after a crash before commit finds nothing and does the work (no stale "in progress" claim);
- two simultaneous requests with one key: the second waits on the key's unique index until the first
  commits, then replays its response (PostgreSQL row lock; SQLite runs writers one at a time).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sikkerhedsnet.accounts.models import IdempotentResponse

from .auth import user_for_token
from .errors import error_response

HEADER = "HTTP_IDEMPOTENCY_KEY"
# Rows with status 0 were written by the earlier, two-step version of this middleware; treat them as abandoned.
PENDING_TIMEOUT = timedelta(seconds=60)


def _replay(previous: IdempotentResponse) -> HttpResponse:
    replay = HttpResponse(bytes(previous.body), status=previous.status_code, content_type=previous.content_type)
    replay["Idempotent-Replayed"] = "true"
    return replay


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER, "").strip()
        if request.method != "POST" or not key or not request.path.startswith("/api/"):
            return self.get_response(request)
        auth = request.META.get("HTTP_AUTHORIZATION", "")
        user = user_for_token(auth[7:].strip()) if auth.lower().startswith("bearer ") else None
        if user is None:
            return self.get_response(request)  # the API answers 401 itself
        if len(key) > 200:
            return error_response(422, "invalid_idempotency_key", "Idempotency-Key is longer than 200 characters.")
        digest = hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = IdempotentResponse.objects.create(
                        user=user, key=key, request_hash=digest, status_code=0, body=b"", content_type=""
                    )
            except IntegrityError:
                claim = None
            if claim is None:
                previous = IdempotentResponse.objects.select_for_update().get(user=user, key=key)
                if previous.request_hash != digest:
                    return error_response(
                        422, "idempotency_key_reused", "This Idempotency-Key was used with a different request."
                    )
                if previous.status_code != 0:
                    return _replay(previous)
                if timezone.now() - previous.created_at < PENDING_TIMEOUT:
                    return error_response(409, "request_in_progress", "The first request with this key is running.")
                claim = previous
            response = self.get_response(request)
            if response.status_code >= 500 or getattr(response, "streaming", False):
                # Nothing to remember: the work (if any) is rolled back with the claim, so a retry runs again.
                transaction.set_rollback(True)
                return response
            claim.status_code = response.status_code
            claim.body = response.content
            claim.content_type = response.get("Content-Type", "application/json")
            claim.save(update_fields=["status_code", "body", "content_type"])
        return response

    @staticmethod
    def purge(*, older_than: timedelta) -> int:
        """Forget stored responses older than `older_than` (they hold personal data, e.g. a CPR number)."""
        deleted, _ = IdempotentResponse.objects.filter(created_at__lt=timezone.now() - older_than).delete()
        return deleted
