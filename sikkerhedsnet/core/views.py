from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent

from . import jobs
from .models import Job

if TYPE_CHECKING:  # core stands below accounts: the type only, never the import at run time
    from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability; no authentication, no personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# --------------------------------------------------------------------------------- background jobs


@login_required
def job_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """The progress page of one's own job; polls with htmx, refreshes itself without JavaScript."""
    try:
        job = jobs.job_for_user(request.user, public_id)
    except Job.DoesNotExist as exc:
        raise Http404 from exc
    template = "core/_job_status.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request: AuthenticatedHttpRequest, public_id: str) -> FileResponse:
    """The job's result file: only for its creator, and only while their role still allows it (audited)."""
    try:
        job = jobs.job_for_user(request.user, public_id)
    except Job.DoesNotExist as exc:
        raise Http404 from exc
    kind = jobs.kinds().get(job.kind)
    if kind is None or not kind.may_download(request.user):
        raise PermissionDenied
    if job.status != Job.Status.DONE or not job.result:
        raise Http404
    audit.record(by=request.user, type=AuditEvent.Type.EXPORTED, target=job, new={"kind": job.kind})
    response = FileResponse(
        job.result.open("rb"), content_type=job.result_content_type, as_attachment=True, filename=job.result_name
    )
    response["Cache-Control"] = "no-store"
    return response
