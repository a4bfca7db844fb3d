"""Need-to-know for pages and the API: the one place a request's access to a child is checked.

A child: `child_for_request` (pages) and `child_for_api` (the API). Anything a child owns (a notification, a
measure, a safety plan, a mapping entry, ...): `object_for_request` and `object_for_api` with the room's
queryset (e.g. `intake.selectors.notification_queryset()`). All four go through children.selectors
(`child_get_for_user`, `object_get_for_user`): they log the read as the child's and answer 404 for a child the
user may not see, exactly as for one that does not exist.

Break the glass grants reading only. A request that changes something (any method but GET, HEAD and OPTIONS) is
a write unless the caller says `for_write=False` (registering a notification, which is routed to the child's own
team): for a child the user sees only through break the glass the page answers 403 with a Danish explanation and
the API 403 `break_glass_read_only`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.core.converters import MAX_ID
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.headers import UndecodableHeader, header_text

from . import selectors
from .models import Child

M = TypeVar("M", bound=models.Model)

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BreakGlassReadOnlyDenied(PermissionDenied):
    """403 for a page: the child is open to this user only through break the glass, which grants reading."""

    def __init__(self) -> None:
        self.user_message = _(
            "Begrundet adgang giver kun læseadgang. For at skrive i sagen skal den overdrages til dit team, "
            "eller du skal have en rolle i barnets team."
        )
        super().__init__(self.user_message)


class BreakGlassReadOnlyError(DomainError):
    """The API's 403 `break_glass_read_only`."""

    code = selectors.BreakGlassReadOnly.code
    status = 403

    def __init__(self) -> None:
        super().__init__(
            "Break-the-glass access is read-only: writing needs the case transferred to your team or a role in "
            "the child's team."
        )


def _writes(request: HttpRequest, for_write: bool | None) -> bool:
    return request.method not in _READ_METHODS if for_write is None else for_write


def child_for_request(
    request: AuthenticatedHttpRequest, child_id: int, *, purpose: str = "", for_write: bool | None = None
) -> Child:
    """The child, if this user may see it (the read is logged); 404 otherwise, as for a child that does not exist.

    `for_write` (default: the request is not a GET/HEAD/OPTIONS): 403 for a child seen only through break the glass.
    """
    if not request.user.has_case_access or not 0 < child_id <= MAX_ID:
        raise Http404
    try:
        return selectors.child_get_for_user(
            request.user, child_id, purpose=purpose, for_write=_writes(request, for_write)
        )
    except Child.DoesNotExist as exc:
        raise Http404 from exc
    except selectors.BreakGlassReadOnly as exc:
        raise BreakGlassReadOnlyDenied from exc


def object_for_request(
    request: AuthenticatedHttpRequest,
    queryset: models.QuerySet[M],
    object_id: Any,
    *,
    field: str = "pk",
    child_field: str = "child",
    purpose: str = "",
    forbid_without_case_role: bool = False,
    for_write: bool | None = None,
) -> M:
    """A child-owned object, if the user may see its child (the read is logged); 404 otherwise.

    The object's child (`obj.child`) is the checked one. A role without case access gets 404 too, as for an
    object that does not exist, or 403 with `forbid_without_case_role` (intake's notification and
    investigation pages).
    """
    if not request.user.has_case_access:
        if forbid_without_case_role:
            raise PermissionDenied
        raise Http404
    try:
        return selectors.object_get_for_user(
            request.user,
            queryset,
            object_id,
            field=field,
            child_field=child_field,
            purpose=purpose,
            for_write=_writes(request, for_write),
        )
    except ObjectDoesNotExist as exc:  # the object's DoesNotExist: missing, or its child out of sight
        raise Http404 from exc
    except selectors.BreakGlassReadOnly as exc:
        raise BreakGlassReadOnlyDenied from exc


def require_case_access(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_case_access:
        raise PermissionDenied("Your role has no access to case data.")


def _access_reason(request: HttpRequest) -> str:
    """The X-Access-Reason header as text: `UTF-8''<percent-encoded>` (RFC 8187), or the value as sent, UTF-8 or
    Latin-1 (core/headers.py). A broken encoded value is 422 `invalid_access_reason`, never a garbled reason."""
    try:
        return header_text(request.headers.get("X-Access-Reason", "").strip()).strip()
    except UndecodableHeader as exc:
        raise DomainError(
            "X-Access-Reason could not be decoded: send ASCII, or UTF-8''<percent-encoded UTF-8> (RFC 8187).",
            field="X-Access-Reason",
            code="invalid_access_reason",
        ) from exc


def _reason_error(exc: selectors.AccessReasonTooShort | selectors.AccessReasonTooLong) -> DomainError:
    if isinstance(exc, selectors.AccessReasonTooShort):
        message = "X-Access-Reason must be at least 10 characters."
    else:
        message = "X-Access-Reason must be at most 500 characters."
    return DomainError(message, field="X-Access-Reason", code=exc.code)


def child_for_api(
    request: AuthenticatedHttpRequest, child_id: int, *, purpose: str = "", for_write: bool | None = None
) -> Child:
    """The child if visible (or with X-Access-Reason, break the glass); 404 otherwise. Logged.

    `for_write` (default: the request is not a GET/HEAD/OPTIONS): 403 `break_glass_read_only` for a child seen
    only through break the glass.
    """
    require_case_access(request)
    try:
        return selectors.child_get_for_user(
            request.user,
            child_id,
            reason=_access_reason(request),
            purpose=purpose,
            for_write=_writes(request, for_write),
        )
    except (selectors.AccessReasonTooShort, selectors.AccessReasonTooLong) as exc:
        raise _reason_error(exc) from exc
    except selectors.BreakGlassReadOnly as exc:
        raise BreakGlassReadOnlyError from exc


def object_for_api(
    request: AuthenticatedHttpRequest,
    queryset: models.QuerySet[M],
    object_id: Any,
    *,
    field: str = "pk",
    child_field: str = "child",
    purpose: str = "",
    for_write: bool | None = None,
) -> M:
    """A child-owned object if its child is visible (or with X-Access-Reason, break the glass). Logged.

    403 for a role without case access; the object's DoesNotExist (the API's 404 not_found) for an object that
    does not exist or whose child the user may not see; 403 `break_glass_read_only` for a write (`for_write`, by
    default any method but GET/HEAD/OPTIONS) to a child seen only through break the glass.
    """
    require_case_access(request)
    try:
        return selectors.object_get_for_user(
            request.user,
            queryset,
            object_id,
            field=field,
            child_field=child_field,
            reason=_access_reason(request),
            purpose=purpose,
            for_write=_writes(request, for_write),
        )
    except (selectors.AccessReasonTooShort, selectors.AccessReasonTooLong) as exc:
        raise _reason_error(exc) from exc
    except selectors.BreakGlassReadOnly as exc:
        raise BreakGlassReadOnlyError from exc
