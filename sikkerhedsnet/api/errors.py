"""The API's error shape: {"code", "message", "errors": [{"field", "message"}]}. Never a 500 for bad input."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Schema

from sikkerhedsnet.core.errors import DomainError, PreconditionMissing


class ErrorItem(Schema):
    field: str
    message: str


class Error(Schema):
    """The one error schema of the API: every operation declares its error answers with it."""

    code: str
    message: str
    errors: list[ErrorItem] = []
    missing: list[str] | None = Field(
        None, description="With code precondition_missing: the codes of the law's preconditions not met"
    )


ERROR_JSON_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "code": {"title": "Code", "type": "string"},
        "message": {"title": "Message", "type": "string"},
        "errors": {
            "title": "Errors",
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
        "missing": {"title": "Missing", "type": "array", "items": {"type": "string"}},
    },
    "required": ["code", "message"],
}


def error_response(
    status: int, code: str, message: str, errors: list[dict[str, str]] | None = None, **extra: Any
) -> JsonResponse:
    body: dict[str, Any] = {"code": code, "message": message, "errors": errors or []}
    body.update(extra)
    return JsonResponse(body, status=status)


def _field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts) if parts else ""


def validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"field": _field_of(e.get("loc", ())), "message": str(e.get("msg", "invalid"))} for e in errors]


VERSION_FIELDS = frozenset({"version", "lock_version"})
_UPDATE_METHODS = frozenset({"PUT", "PATCH"})


def version_missing(method: str | None, errors: list[dict[str, Any]]) -> bool:
    """An update (PUT/PATCH) whose body lacks its optimistic lock (`version` or `lock_version`).

    Every update operation declares the version as required (api/tests/test_update_versions.py), so a missing one
    is a validation error; it gets its own code, `version_required`, because a client that forgot it would
    otherwise overwrite someone else's save without noticing."""
    if method not in _UPDATE_METHODS:
        return False
    return any(_field_of(e.get("loc", ())) in VERSION_FIELDS and e.get("type") == "missing" for e in errors)


def domain_error_response(exc: DomainError) -> HttpResponse:
    errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
    if isinstance(exc, PreconditionMissing):  # the codes of the law's preconditions that are not met
        return error_response(exc.status, exc.code, exc.message, errors, missing=exc.missing)
    return error_response(exc.status, exc.code, exc.message, errors)


def install(api: Any) -> None:
    """Register the handlers on a NinjaAPI instance."""
    from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
    from django.db import OperationalError
    from django.http import Http404
    from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        if version_missing(request.method, exc.errors):
            return error_response(
                422,
                "version_required",
                "An update must carry the version you read (optimistic locking).",
                validation_errors(exc.errors),
            )
        return error_response(422, "validation_error", "Invalid input.", validation_errors(exc.errors))

    @api.exception_handler(DomainError)
    def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return domain_error_response(exc)

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401, "unauthorized", "Missing or invalid API token.")

    @api.exception_handler(AuthorizationError)
    def _authz(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return error_response(403, "forbidden", "Your role does not allow this.")

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(403, "forbidden", str(exc) or "Your role does not allow this.")

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", "Not found.")

    @api.exception_handler(ObjectDoesNotExist)
    def _does_not_exist(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return error_response(404, "not_found", "Not found.")

    @api.exception_handler(OperationalError)
    def _database_down(request: HttpRequest, exc: OperationalError) -> HttpResponse:
        # The same answer as the middleware gives, also when DEBUG would otherwise show a traceback.
        return error_response(503, "database_unavailable", "The database cannot be reached.")

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # e.g. a body that is not JSON: invalid input, which the contract answers 422
            return error_response(422, "validation_error", str(exc), [{"field": "body", "message": str(exc)}])
        codes = {
            400: "bad_request",
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
            422: "validation_error",
            429: "rate_limited",
        }
        return error_response(exc.status_code, codes.get(exc.status_code, "error"), str(exc))
