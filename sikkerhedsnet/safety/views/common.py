"""Shared pieces of the safety views: errors and PDF responses (access: children.access.object_for_request)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from sikkerhedsnet.core.errors import DomainError


def form_error(form: Any, exc: DomainError) -> None:
    """Show a service's refusal on the form: on its field when the form has one, else at the top."""
    field = exc.field.split(".")[-1] if exc.field else None
    form.add_error(field if field in form.fields else None, exc.message)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
