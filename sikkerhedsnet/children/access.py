"""Need-to-know for pages and the API: the one place a request's access to a child is checked.

Every child-owned object (a notification, a measure, a safety plan, ...) is reached through its child: fetch the
object, then `child_for_request`/`child_for_api` with its child id, which logs the read (selectors.child_get_for_user)
and answers 404 for a child the user may not see, exactly as for one that does not exist.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.core.converters import MAX_ID
from sikkerhedsnet.core.errors import DomainError

from . import selectors
from .models import Child

M = TypeVar("M", bound=models.Model)


def child_for_request(request: AuthenticatedHttpRequest, child_id: int, *, purpose: str = "") -> Child:
    """The child, if this user may see it (the read is logged); 404 otherwise, as for a child that does not exist."""
    if not request.user.has_case_access or not 0 < child_id <= MAX_ID:
        raise Http404
    try:
        return selectors.child_get_for_user(request.user, child_id, purpose=purpose)
    except Child.DoesNotExist as exc:
        raise Http404 from exc


def object_for_request(
    request: AuthenticatedHttpRequest, queryset: models.QuerySet[M], object_id: int, *, purpose: str = ""
) -> tuple[M, Child]:
    """A child-owned object and its child, if the user may see the child (the read is logged); 404 otherwise."""
    if not 0 < object_id <= MAX_ID:
        raise Http404
    obj = queryset.filter(pk=object_id).first()
    if obj is None:
        raise Http404
    return obj, child_for_request(request, obj.child_id, purpose=purpose)  # type: ignore[attr-defined]


def require_case_access(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_case_access:
        raise PermissionDenied("Your role has no access to case data.")


def child_for_api(request: AuthenticatedHttpRequest, child_id: int, *, purpose: str = "") -> Child:
    """The child if visible (or with X-Access-Reason, break the glass); 404 otherwise. Logged."""
    require_case_access(request)
    reason = request.headers.get("X-Access-Reason", "").strip()
    try:
        return selectors.child_get_for_user(request.user, child_id, reason=reason, purpose=purpose)
    except selectors.AccessReasonTooShort as exc:
        raise DomainError(
            "X-Access-Reason must be at least 10 characters.", field="X-Access-Reason", code="access_reason_too_short"
        ) from exc
    except selectors.AccessReasonTooLong as exc:
        raise DomainError(
            "X-Access-Reason must be at most 500 characters.", field="X-Access-Reason", code="access_reason_too_long"
        ) from exc
