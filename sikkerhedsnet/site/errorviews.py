"""Error pages: Danish, no personal data, no stack traces. The API answers JSON."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from sikkerhedsnet.core.middleware import DatabaseUnavailableMiddleware


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"code": "not_found", "message": "Not found.", "errors": []}, status=404)
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"code": "forbidden", "message": "Forbidden.", "errors": []}, status=403)
    # A refusal that explains itself to the user (e.g. break the glass grants reading only) says so on the page.
    return render(request, "403.html", {"message": getattr(exception, "user_message", "")}, status=403)


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def server_error(request: HttpRequest) -> HttpResponse:
    """A crash caused by an unreachable database becomes the 503 page (no stack trace either way)."""
    if not _database_reachable():
        return DatabaseUnavailableMiddleware.unavailable(request)
    if _api(request):
        return JsonResponse({"code": "server_error", "message": "Internal error.", "errors": []}, status=500)
    return HttpResponse(render_to_string("500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _api(request):
        return JsonResponse({"code": "csrf_failed", "message": "CSRF check failed.", "errors": []}, status=403)
    return render(request, "403_csrf.html", status=403)
