"""Shared pieces of the safety views: PDF responses (access: children.access.object_for_request)."""

from __future__ import annotations

from django.http import HttpResponse


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
