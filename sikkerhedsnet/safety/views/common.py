"""Shared pieces of the safety views: access to objects that belong to a child, errors, PDF responses."""

from __future__ import annotations

from django.db import models
from django.http import Http404, HttpResponse

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.children.access import child_for_request
from sikkerhedsnet.children.models import Child


def child_of(
    request: AuthenticatedHttpRequest, model: type[models.Model], pk: int, *, via: str = "child_id", purpose: str
) -> Child:
    """The child an object belongs to, through the one access rule (404 unless visible; the read is logged)."""
    child_id = model._default_manager.filter(pk=pk).values_list(via, flat=True).first()
    if child_id is None:
        raise Http404
    return child_for_request(request, child_id, purpose=purpose)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
