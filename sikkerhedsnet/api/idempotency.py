"""Idempotency-Key for API POSTs: a retry with the same key and body replays the first response."""

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
PENDING_TIMEOUT = timedelta(seconds=60)


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
        # Reserve the key before doing the work (status 0 = in progress), so two concurrent retries cannot
        # both create; a reservation left by a crashed request is taken over after PENDING_TIMEOUT.
        try:
            with transaction.atomic():
                reservation = IdempotentResponse.objects.create(
                    user=user, key=key, request_hash=digest, status_code=0, body=b"", content_type=""
                )
        except IntegrityError:
            previous = IdempotentResponse.objects.get(user=user, key=key)
            if previous.request_hash != digest:
                return error_response(
                    422, "idempotency_key_reused", "This Idempotency-Key was used with a different request."
                )
            if previous.status_code == 0:
                if timezone.now() - previous.created_at < PENDING_TIMEOUT:
                    return error_response(409, "request_in_progress", "The first request with this key is running.")
                reservation = previous
            else:
                replay = HttpResponse(
                    bytes(previous.body), status=previous.status_code, content_type=previous.content_type
                )
                replay["Idempotent-Replayed"] = "true"
                return replay
        response = self.get_response(request)
        if response.status_code < 500 and not getattr(response, "streaming", False):
            IdempotentResponse.objects.filter(pk=reservation.pk).update(
                status_code=response.status_code,
                body=response.content,
                content_type=response.get("Content-Type", "application/json"),
            )
        else:
            IdempotentResponse.objects.filter(pk=reservation.pk).delete()
        return response
