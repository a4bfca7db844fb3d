"""Child-friendly documents: Words & Pictures and the Three Houses, with A4 PDFs for the family."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.access import child_for_request, object_for_request
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit

from .. import pdfs, selectors, services
from ..forms import PanelForm, StoryForm, ThreeHousesForm
from ..models import StoryImage, ThreeHouses, WordsAndPictures
from .common import pdf_response

HOUSES_FIELDS = ("held_on", "setting", "trusted_person", "worries", "good_things", "dreams", "note")


@login_required
def story_list(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="safety_documents")
    form = StoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            story = services.words_and_pictures_create(
                by=request.user, child=child, title=form.cleaned_data["title"], made_with=form.cleaned_data["made_with"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Fortællingen er oprettet. Tilføj det første billede."))
            return redirect(story)
    context = {"child": child, "active_tab": "stories", "stories": selectors.words_and_pictures(child), "form": form}
    return render(request, "safety/story_list.html", context, status=422 if request.method == "POST" else 200)


def _story_page(
    request: AuthenticatedHttpRequest,
    story: WordsAndPictures,
    *,
    panel_form: PanelForm | None = None,
    story_form: StoryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "child": story.child,
        "active_tab": "stories",
        "story": story,
        "panels": list(story.panels.select_related("image")),
        "panel_form": panel_form or PanelForm(),
        "story_form": story_form
        or StoryForm(initial={"title": story.title, "made_with": story.made_with, "version": story.version}),
    }
    return render(request, "safety/story_detail.html", context, status=status)


@login_required
def story_detail(request: AuthenticatedHttpRequest, story_id: int) -> HttpResponse:
    story = object_for_request(request, WordsAndPictures.objects.all(), story_id, purpose="safety_documents")
    return _story_page(request, story)


@login_required
@require_POST
def story_update(request: AuthenticatedHttpRequest, story_id: int) -> HttpResponse:
    story = object_for_request(request, WordsAndPictures.objects.all(), story_id, purpose="safety_documents")
    form = StoryForm(request.POST)
    if form.is_valid():
        try:
            services.words_and_pictures_update(
                by=request.user,
                story=story,
                expected_version=form.cleaned_data["version"] or 0,
                title=form.cleaned_data["title"],
                made_with=form.cleaned_data["made_with"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Oplysningerne er gemt."))
            return redirect(story)
    return _story_page(request, story, story_form=form, status=422)


@login_required
@require_POST
def panel_add(request: AuthenticatedHttpRequest, story_id: int) -> HttpResponse:
    story = object_for_request(request, WordsAndPictures.objects.all(), story_id, purpose="safety_documents")
    form = PanelForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.story_panel_add(
                by=request.user,
                story=story,
                text_value=form.cleaned_data["text"],
                image=form.cleaned_data["image"],
                image_description=form.cleaned_data["image_description"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Billedet er tilføjet til fortællingen."))
            return redirect(story.get_absolute_url() + "#panels")
    return _story_page(request, story, panel_form=form, status=422)


@login_required
@require_POST
def panel_remove(request: AuthenticatedHttpRequest, panel_id: int) -> HttpResponse:
    panel = object_for_request(
        request, selectors.story_panel_queryset(), panel_id, child_field="story__child", purpose="safety_documents"
    )
    services.story_panel_remove(by=request.user, panel=panel)
    messages.success(request, _("Billedet er fjernet fra fortællingen."))
    return redirect(panel.story.get_absolute_url() + "#panels")


@login_required
@require_POST
def panel_move(request: AuthenticatedHttpRequest, panel_id: int) -> HttpResponse:
    panel = object_for_request(
        request, selectors.story_panel_queryset(), panel_id, child_field="story__child", purpose="safety_documents"
    )
    services.story_panel_move(by=request.user, panel=panel, up=request.POST.get("direction") == "up")
    return redirect(panel.story.get_absolute_url() + "#panels")


@login_required
def story_image(request: AuthenticatedHttpRequest, public_id: str) -> FileResponse:
    """A story picture, by its unguessable id, only for users who may see the child (the read is logged)."""
    image = object_for_request(request, StoryImage.objects.all(), public_id, field="public_id", purpose="safety_image")
    audit.record(by=request.user, type=AuditEvent.Type.DOCUMENT_DOWNLOADED, target=image, child_id=image.child_id)
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def story_pdf(request: AuthenticatedHttpRequest, story_id: int) -> HttpResponse:
    """The story as a clean A4 PDF for the family (safety/pdfs.py)."""
    story = object_for_request(request, WordsAndPictures.objects.all(), story_id, purpose="safety_documents_pdf")
    return pdf_response(*pdfs.story_pdf(by=request.user, story=story))


@login_required
def houses_list(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="safety_documents")
    context = {"child": child, "active_tab": "houses", "houses_list": selectors.three_houses(child)}
    return render(request, "safety/houses_list.html", context)


def _houses_form_page(
    request: AuthenticatedHttpRequest, child: Any, houses: ThreeHouses | None, form: ThreeHousesForm, status: int
) -> HttpResponse:
    context = {"child": child, "active_tab": "houses", "houses": houses, "form": form}
    return render(request, "safety/houses_form.html", context, status=status)


@login_required
@single_submit
def houses_create(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="safety_documents")
    form = ThreeHousesForm(request.POST or None, initial={"held_on": timezone.localdate(), "setting": "alone"})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in HOUSES_FIELDS}
        try:
            houses = services.three_houses_create(by=request.user, child=child, **data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("De tre huse er gemt."))
            return redirect(houses)
    return _houses_form_page(request, child, None, form, 422 if request.method == "POST" else 200)


@login_required
@single_submit
def houses_edit(request: AuthenticatedHttpRequest, houses_id: int) -> HttpResponse:
    houses = object_for_request(request, ThreeHouses.objects.all(), houses_id, purpose="safety_documents")
    child = houses.child
    initial = {k: getattr(houses, k) for k in HOUSES_FIELDS} | {"version": houses.version}
    form = ThreeHousesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in HOUSES_FIELDS}
        try:
            services.three_houses_update(
                by=request.user, houses=houses, expected_version=form.cleaned_data["version"] or 0, **data
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("De tre huse er gemt."))
            return redirect(houses)
    return _houses_form_page(request, child, houses, form, 422 if request.method == "POST" else 200)


@login_required
def houses_detail(request: AuthenticatedHttpRequest, houses_id: int) -> HttpResponse:
    houses = object_for_request(request, selectors.three_houses_queryset(), houses_id, purpose="safety_documents")
    child = houses.child
    return render(request, "safety/houses_detail.html", {"child": child, "active_tab": "houses", "houses": houses})


@login_required
def houses_pdf(request: AuthenticatedHttpRequest, houses_id: int) -> HttpResponse:
    """The three houses in the child's own words, as an A4 PDF (safety/pdfs.py)."""
    houses = object_for_request(request, ThreeHouses.objects.all(), houses_id, purpose="safety_documents_pdf")
    return pdf_response(*pdfs.houses_pdf(by=request.user, houses=houses))
