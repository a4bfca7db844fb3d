"""Graceful degradation: when the database is unreachable answer 503 with a Danish page, never a 500."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError):
            return self.unavailable(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return self.unavailable(request)
        return None

    @staticmethod
    def unavailable(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": "database_unavailable", "message": "The database cannot be reached.", "errors": []},
                status=503,
            )
        html = render_to_string("503.html", {})
        return HttpResponse(html, status=503)


_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class RejectNullCharacterMiddleware:
    """Refuse input with a NUL character (PostgreSQL cannot store one): 422 for the API, 400 for pages.

    Forms already refuse it (Django's CharField); this covers query strings, paths and API JSON bodies, so no
    endpoint, present or future, can reach the database with one and answer 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        bad = "\x00" in request.path or "%00" in query or "\x00" in query
        if not bad and request.path.startswith("/api/") and request.content_type == "application/json":
            body = request.body
            bad = b"\x00" in body or bool(_ESCAPED_NUL.search(body))
        if not bad:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            message = "Input must not contain NUL characters."
            return JsonResponse(
                {"code": "validation_error", "message": message, "errors": [{"field": "", "message": message}]},
                status=422,
            )
        return HttpResponse(render_to_string("400.html", {}), status=400)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer Django makes (pages, API, downloads): they show a child's data
    or may, and neither the browser's disk cache nor a proxy may keep them. Static files are served before this
    (WhiteNoise) and keep their long cache. A view that sets its own Cache-Control keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
