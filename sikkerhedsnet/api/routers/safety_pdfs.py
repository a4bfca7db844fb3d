"""API: the PDFs about a child that the pages offer for the family and network (the safety plan, Words & Pictures,
the Three Houses, the scaling charts). The same file as the page's download, made by the same function
(`safety/pdfs.py`), with the same need-to-know getter and purpose and the same audit event (`exported`)."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.children.access import child_for_api, object_for_api
from sikkerhedsnet.safety import pdfs, selectors
from sikkerhedsnet.safety.models import ThreeHouses, WordsAndPictures

from .safety_common import PathId

router = Router()  # mounted on safety.py's router, whose tag it inherits

PDF_RESPONSES = {
    "responses": {
        "200": {
            "description": "The PDF, as the page's download (the export is logged on the child)",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _pdf(pdf_and_name: tuple[bytes, str]) -> HttpResponse:
    pdf, filename = pdf_and_name
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/safety-plans/{plan_id}/pdf", response={403: Error, 404: Error}, openapi_extra=PDF_RESPONSES)
def safety_plan_pdf(request: AuthenticatedHttpRequest, plan_id: int = PathId) -> HttpResponse:
    """The safety plan printed for the family and network: no CPR, no case number, no journal."""
    plan = object_for_api(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan_pdf")
    return _pdf(pdfs.plan_pdf(by=request.user, plan=plan))


@router.get("/words-and-pictures/{story_id}/pdf", response={403: Error, 404: Error}, openapi_extra=PDF_RESPONSES)
def words_and_pictures_pdf(request: AuthenticatedHttpRequest, story_id: int = PathId) -> HttpResponse:
    """The story as an A4 PDF for the family, one numbered panel after another, pictures embedded."""
    story = object_for_api(request, WordsAndPictures.objects.all(), story_id, purpose="safety_documents_pdf")
    return _pdf(pdfs.story_pdf(by=request.user, story=story))


@router.get("/three-houses/{houses_id}/pdf", response={403: Error, 404: Error}, openapi_extra=PDF_RESPONSES)
def three_houses_pdf(request: AuthenticatedHttpRequest, houses_id: int = PathId) -> HttpResponse:
    """The three houses in the child's own words (the caseworker's note is left out)."""
    houses = object_for_api(request, ThreeHouses.objects.all(), houses_id, purpose="safety_documents_pdf")
    return _pdf(pdfs.houses_pdf(by=request.user, houses=houses))


@router.get("/children/{child_id}/scalings/pdf", response={403: Error, 404: Error}, openapi_extra=PDF_RESPONSES)
def scalings_pdf(request: AuthenticatedHttpRequest, child_id: int = PathId) -> HttpResponse:
    """The scaling charts and tables of the child as an A4 PDF (without CPR)."""
    child = child_for_api(request, child_id, purpose="safety_scaling_pdf")
    return _pdf(pdfs.scaling_pdf(by=request.user, child=child))
