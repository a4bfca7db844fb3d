"""API: the child-friendly documents, Words & Pictures (ord og billeder: a story in numbered panels, each with an
optional picture) and the Three Houses (de tre huse). The same services as the pages.

Pictures: a panel's picture can be sent with the panel as base64 in the JSON body (PNG or JPEG, at most 5 MB; the
service checks the real type, decodes it fully and re-encodes it without metadata, as for an upload on the page),
and fetched by its unguessable id (`GET /story-images/{public_id}`, an audited download)."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.access import child_for_api, object_for_api
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.safety import selectors, services
from sikkerhedsnet.safety.models import StoryImage, StoryPanel, ThreeHouses, WordsAndPictures
from sikkerhedsnet.safety.services.documents import STORY_IMAGE_MAX_BYTES

from .safety_common import VERSION_DESCRIPTION, BodyIn, PathId, fields_named, local

router = Router()  # mounted on safety.py's router, whose tag it inherits
PURPOSE = "safety_documents"
# base64 makes 4 characters of every 3 bytes; a little more for line breaks some encoders add
IMAGE_BASE64_MAX = STORY_IMAGE_MAX_BYTES * 4 // 3 + 4096

# --- Words & Pictures -----------------------------------------------------------------------------------------


class StoryIn(BodyIn):
    title: str = Field(..., max_length=200, description="e.g. »Historien om Ida og hendes familie«")
    made_with: str = Field("", max_length=300, description="Who made it together, e.g. mother, grandmother")


class StoryUpdateIn(StoryIn):
    version: int = Field(..., description=VERSION_DESCRIPTION)


class PanelIn(BodyIn):
    text: str = Field(..., max_length=1000, description="A few short, simple sentences")
    image_base64: str | None = Field(
        None,
        max_length=IMAGE_BASE64_MAX,
        description="An optional picture or drawing: a PNG or JPEG file (at most 5 MB), base64-encoded; otherwise "
        "422 validation_error, file_type_not_allowed, file_too_large or image_too_large",
    )
    image_description: str = Field("", max_length=200, description="Read aloud by screen readers")


class MoveIn(BodyIn):
    direction: Literal["up", "down"] = Field(..., description="Swap with the panel before (up) or after (down) it")


class ImageOut(Schema):
    public_id: UUID
    content_type: str
    size: int = Field(..., description="Bytes")
    url: str = Field(..., description="Where to fetch it (the same token; an audited download)")


class PanelOut(Schema):
    id: int
    position: int = Field(..., description="1, 2, … in the story's order")
    text: str
    image: ImageOut | None
    image_description: str


class StorySummaryOut(Schema):
    id: int
    child_id: int
    title: str
    made_with: str
    version: int = Field(..., description="Send it back with PUT to detect a stale edit; every panel change bumps it")
    created_at: datetime
    updated_at: datetime


class StoryOut(StorySummaryOut):
    panels: list[PanelOut]


def _image_out(image: StoryImage | None) -> dict[str, Any] | None:
    if image is None:
        return None
    return {
        "public_id": image.public_id,
        "content_type": image.content_type,
        "size": image.size,
        "url": f"/api/v1/story-images/{image.public_id}",
    }


def _panel_out(p: StoryPanel) -> dict[str, Any]:
    return {
        "id": p.pk,
        "position": p.position,
        "text": p.text,
        "image": _image_out(p.image),
        "image_description": p.image_description,
    }


def _story_summary(story: WordsAndPictures) -> dict[str, Any]:
    return {
        "id": story.pk,
        "child_id": story.child_id,
        "title": story.title,
        "made_with": story.made_with,
        "version": story.version,
        "created_at": local(story.created_at),
        "updated_at": local(story.updated_at),
    }


def _story_out(story: WordsAndPictures) -> dict[str, Any]:
    return _story_summary(story) | {"panels": [_panel_out(p) for p in story.panels.all()]}


def _fresh_story(story_id: int) -> dict[str, Any]:
    """The story read again after a change (the access check was made when it was first fetched)."""
    return _story_out(selectors.words_and_pictures_queryset().get(pk=story_id))


def _story(request: AuthenticatedHttpRequest, story_id: int) -> WordsAndPictures:
    return object_for_api(request, selectors.words_and_pictures_queryset(), story_id, purpose=PURPOSE)


def _panel(request: AuthenticatedHttpRequest, panel_id: int) -> StoryPanel:
    return object_for_api(
        request, selectors.story_panel_queryset(), panel_id, child_field="story__child", purpose=PURPOSE
    )


def _decoded(image_base64: str | None) -> SimpleUploadedFile | None:
    if not image_base64:
        return None
    try:
        data = base64.b64decode("".join(image_base64.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DomainError("image_base64 is not valid base64.", field="image_base64", code="validation_error") from exc
    # The name is never stored (the service keeps the unguessable id only); the type is sniffed from the bytes.
    return SimpleUploadedFile("image", data)


@router.get("/children/{child_id}/words-and-pictures", response={200: list[StorySummaryOut], 403: Error, 404: Error})
def list_words_and_pictures(request: AuthenticatedHttpRequest, child_id: int = PathId) -> list[dict[str, Any]]:
    """The child's Words & Pictures stories, most recently changed first (GET …/{id} has the panels)."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    return [_story_summary(s) for s in selectors.words_and_pictures(child)]


@router.post("/children/{child_id}/words-and-pictures", response={201: StoryOut, 403: Error, 404: Error, 422: Error})
def create_words_and_pictures(request: AuthenticatedHttpRequest, payload: StoryIn, child_id: int = PathId) -> Status:
    """Start a Words & Pictures story for the child (add panels with POST …/panels)."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    story = services.words_and_pictures_create(
        by=request.user, child=child, title=payload.title, made_with=payload.made_with
    )
    return Status(201, _fresh_story(story.pk))


@router.get("/words-and-pictures/{story_id}", response={200: StoryOut, 403: Error, 404: Error})
def get_words_and_pictures(request: AuthenticatedHttpRequest, story_id: int = PathId) -> dict[str, Any]:
    """One story with its panels in order (a panel's picture: its metadata and where to fetch it)."""
    return _story_out(_story(request, story_id))


@router.put("/words-and-pictures/{story_id}", response={200: StoryOut, 403: Error, 404: Error, 409: Error, 422: Error})
def update_words_and_pictures(
    request: AuthenticatedHttpRequest, payload: StoryUpdateIn, story_id: int = PathId
) -> dict[str, Any]:
    """Change the title and who it was made with. 409 stale_edit for a stale `version`."""
    story = _story(request, story_id)
    services.words_and_pictures_update(
        by=request.user,
        story=story,
        expected_version=payload.version,
        title=payload.title,
        made_with=payload.made_with,
    )
    return _fresh_story(story.pk)


@router.post("/words-and-pictures/{story_id}/panels", response={201: StoryOut, 403: Error, 404: Error, 422: Error})
def add_story_panel(request: AuthenticatedHttpRequest, payload: PanelIn, story_id: int = PathId) -> Status:
    """Add the next numbered panel (at most 40: then 422 too_many); answers the story with its panels."""
    story = _story(request, story_id)
    with fields_named(image="image_base64"):
        services.story_panel_add(
            by=request.user,
            story=story,
            text_value=payload.text,
            image=_decoded(payload.image_base64),
            image_description=payload.image_description,
        )
    return Status(201, _fresh_story(story.pk))


@router.delete("/story-panels/{panel_id}", response={200: StoryOut, 403: Error, 404: Error})
def remove_story_panel(request: AuthenticatedHttpRequest, panel_id: int = PathId) -> dict[str, Any]:
    """Remove a panel; the later panels move up one number. Answers the story as it is now."""
    panel = _panel(request, panel_id)
    services.story_panel_remove(by=request.user, panel=panel)
    return _fresh_story(panel.story_id)


@router.post("/story-panels/{panel_id}/move", response={200: StoryOut, 403: Error, 404: Error, 422: Error})
def move_story_panel(request: AuthenticatedHttpRequest, payload: MoveIn, panel_id: int = PathId) -> dict[str, Any]:
    """Swap a panel with the one before (up) or after (down) it; the first up or the last down changes nothing."""
    panel = _panel(request, panel_id)
    services.story_panel_move(by=request.user, panel=panel, up=payload.direction == "up")
    return _fresh_story(panel.story_id)


IMAGE_CONTENT = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/story-images/{public_id}",
    response={403: Error, 404: Error},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The picture (PNG or JPEG, without metadata)",
                "content": {"image/png": IMAGE_CONTENT, "image/jpeg": IMAGE_CONTENT},
            }
        }
    },
)
def get_story_image(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A story picture by its unguessable id, for users who may see the child (the download is logged)."""
    image = object_for_api(
        request, selectors.story_image_queryset(), public_id, field="public_id", purpose="safety_image"
    )
    audit.record(by=request.user, type=AuditEvent.Type.DOCUMENT_DOWNLOADED, target=image, child_id=image.child_id)
    with image.file.open("rb") as fh:
        data = fh.read()
    response = HttpResponse(data, content_type=image.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Three Houses ---------------------------------------------------------------------------------------------

SettingCode = Literal["alone", "with_trusted_person", "with_family"]


class ThreeHousesIn(BodyIn):
    held_on: date = Field(..., description="The day of the conversation; not in the future")
    setting: SettingCode = Field(..., description="with_trusted_person needs trusted_person")
    trusted_person: str = Field("", max_length=120)
    worries: str = Field("", max_length=5000, description="The house of worries, in the child's words")
    good_things: str = Field("", max_length=5000, description="The house of good things")
    dreams: str = Field("", max_length=5000, description="The house of dreams (at least one house is required)")
    note: str = Field("", max_length=5000, description="The caseworker's note (left out of the child's version)")


class ThreeHousesUpdateIn(ThreeHousesIn):
    """The whole record (PUT replaces every field), as the page's edit form."""

    version: int = Field(..., description=VERSION_DESCRIPTION)


class ThreeHousesOut(Schema):
    id: int
    child_id: int
    held_on: date
    setting: str
    trusted_person: str
    worries: str
    good_things: str
    dreams: str
    note: str
    version: int
    created_at: datetime
    updated_at: datetime


HOUSES_FIELDS = ("held_on", "setting", "trusted_person", "worries", "good_things", "dreams", "note")


def _houses_out(h: ThreeHouses) -> dict[str, Any]:
    return {
        "id": h.pk,
        "child_id": h.child_id,
        **{k: getattr(h, k) for k in HOUSES_FIELDS},
        "version": h.version,
        "created_at": local(h.created_at),
        "updated_at": local(h.updated_at),
    }


@router.get("/children/{child_id}/three-houses", response={200: list[ThreeHousesOut], 403: Error, 404: Error})
def list_three_houses(request: AuthenticatedHttpRequest, child_id: int = PathId) -> list[dict[str, Any]]:
    """The child's Three Houses conversations, newest first."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    return [_houses_out(h) for h in selectors.three_houses(child)]


@router.post("/children/{child_id}/three-houses", response={201: ThreeHousesOut, 403: Error, 404: Error, 422: Error})
def create_three_houses(request: AuthenticatedHttpRequest, payload: ThreeHousesIn, child_id: int = PathId) -> Status:
    """Record a Three Houses conversation in the child's own words (at least one house; 422 required otherwise)."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    houses = services.three_houses_create(by=request.user, child=child, **payload.dict())
    return Status(201, _houses_out(houses))


@router.get("/three-houses/{houses_id}", response={200: ThreeHousesOut, 403: Error, 404: Error})
def get_three_houses(request: AuthenticatedHttpRequest, houses_id: int = PathId) -> dict[str, Any]:
    return _houses_out(object_for_api(request, selectors.three_houses_queryset(), houses_id, purpose=PURPOSE))


@router.put("/three-houses/{houses_id}", response={200: ThreeHousesOut, 403: Error, 404: Error, 409: Error, 422: Error})
def update_three_houses(
    request: AuthenticatedHttpRequest, payload: ThreeHousesUpdateIn, houses_id: int = PathId
) -> dict[str, Any]:
    """Correct a Three Houses record. 409 stale_edit for a stale `version`."""
    houses = object_for_api(request, selectors.three_houses_queryset(), houses_id, purpose=PURPOSE)
    fields = payload.dict()
    version = fields.pop("version")
    saved = services.three_houses_update(by=request.user, houses=houses, expected_version=version, **fields)
    return _houses_out(saved)
