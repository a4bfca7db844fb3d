"""API: the auditor's access log for one person (contract §Audit)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.insight.selectors import NotAuditor, access_log_for_cpr

router = Router(tags=["audit"])


class AccessLogEntry(Schema):
    at: datetime
    user: str
    action: str
    object_type: str
    object_id: str
    reason: str


class AccessLog(Schema):
    entries: list[AccessLogEntry]


@router.get("/audit/access-log", response={200: AccessLog, 403: Error, 422: Error})
def access_log(request: AuthenticatedHttpRequest, cpr: str = Query(..., max_length=20)) -> dict[str, object]:
    try:
        events = access_log_for_cpr(request.user, cpr)
    except NotAuditor as exc:
        raise PermissionDenied("Only auditors may read the access log.") from exc
    except cprlib.InvalidCpr as exc:
        raise DomainError(str(exc), field="cpr", code="invalid_cpr") from exc
    return {
        "entries": [
            {
                "at": e.created_at,
                "user": e.actor_username,
                "action": e.type,
                "object_type": e.target_model,
                "object_id": e.target_id,
                "reason": e.reason,
            }
            for e in events.iterator()
        ]
    }
