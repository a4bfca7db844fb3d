"""Child-friendly documents: Words & Pictures (a story in numbered panels) and the Three Houses."""

from __future__ import annotations

import io
import warnings
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.children.services import sniff_content_type
from sikkerhedsnet.core import versioning
from sikkerhedsnet.core.errors import DomainError

from ..models import StoryImage, StoryPanel, ThreeHouses, WordsAndPictures
from .common import not_in_future, text

STORY_IMAGE_MAX_BYTES = 5 * 1024 * 1024
STORY_IMAGE_MAX_PIXELS = 40_000_000  # a phone photo is ~12 MP; refuse "decompression bombs" well before memory runs out
STORY_IMAGE_MAX_SIDE = 2400  # plenty for an A4 panel; keeps PDFs small
IMAGE_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG"}
MAX_PANELS = 40


def _not_an_image() -> DomainError:
    return DomainError(_("Billedet skal være en PNG- eller JPEG-fil."), field="image", code="file_type_not_allowed")


def _clean_image(upload: UploadedFile, max_bytes: int) -> tuple[bytes, str]:
    """Check size and real type (magic bytes, then a full decode); re-encode without metadata.

    Re-encoding drops EXIF, which in a phone photo can hold the GPS position of the family's home.
    """
    if not upload.size:
        raise DomainError(_("Filen er tom."), field="image", code="empty_file")
    if upload.size > max_bytes:
        raise DomainError(
            _("Billedet er for stort (højst %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)},
            field="image",
            code="file_too_large",
        )
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head, upload.name or "")
    if content_type not in IMAGE_TYPES:
        raise _not_an_image()
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != IMAGE_TYPES[content_type]:
                    raise _not_an_image()
                if probe.width * probe.height > STORY_IMAGE_MAX_PIXELS:
                    raise DomainError(_("Billedet har for mange pixels."), field="image", code="image_too_large")
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                opened.load()
                image = ImageOps.exif_transpose(opened)
                image.thumbnail((STORY_IMAGE_MAX_SIDE, STORY_IMAGE_MAX_SIDE))
                out = io.BytesIO()
                if content_type == "image/jpeg":
                    image.convert("RGB").save(out, format="JPEG", quality=88)
                else:
                    image.save(out, format="PNG", optimize=True)
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoder failure means "not a usable image"
        raise _not_an_image() from exc
    return out.getvalue(), content_type


@transaction.atomic
def story_image_store(
    *, by: User, child: Child, upload: UploadedFile, max_bytes: int = STORY_IMAGE_MAX_BYTES
) -> StoryImage:
    """Store an uploaded picture or drawing for the child's documents (PNG/JPEG only)."""
    data, content_type = _clean_image(upload, max_bytes)
    image = StoryImage(child=child, content_type=content_type, size=len(data), uploaded_by=by)
    image.file.save("image", ContentFile(data), save=False)
    image.save()
    audit.record(
        by=by, type=AuditEvent.Type.CREATED, target=image, child_id=child.pk, new={"content_type": content_type}
    )
    return image


@transaction.atomic
def words_and_pictures_create(*, by: User, child: Child, title: str, made_with: str = "") -> WordsAndPictures:
    """Start a Words & Pictures story for the child."""
    story = WordsAndPictures.objects.create(
        child=child,
        title=text(title, field="title", max_length=200, required=True),
        made_with=text(made_with, field="made_with", max_length=300),
        created_by=by,
    )
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=story, child_id=child.pk)
    return story


@transaction.atomic
def words_and_pictures_update(
    *, by: User, story: WordsAndPictures, expected_version: int, title: str, made_with: str
) -> WordsAndPictures:
    stale = _("En anden har gemt ændringer i fortællingen, mens du redigerede. Dine ændringer er ikke gemt.")
    current = versioning.lock(WordsAndPictures, story.pk, expected_version=expected_version, stale_message=stale)
    return versioning.versioned_update(
        current,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes={
            "title": text(title, field="title", max_length=200, required=True),
            "made_with": text(made_with, field="made_with", max_length=300),
        },
        child_id=current.child_id,
    )


@transaction.atomic
def story_panel_add(
    *,
    by: User,
    story: WordsAndPictures,
    text_value: str,
    image: UploadedFile | None = None,
    image_description: str = "",
    max_bytes: int = STORY_IMAGE_MAX_BYTES,
) -> StoryPanel:
    """Add the next numbered panel: simple text and, optionally, a picture or drawing."""
    story = WordsAndPictures.objects.select_for_update().get(pk=story.pk)
    position = (story.panels.aggregate(m=Max("position"))["m"] or 0) + 1
    if position > MAX_PANELS:
        raise DomainError(_("Højst %(max)s billeder i en fortælling.") % {"max": MAX_PANELS}, code="too_many")
    panel_text = text(text_value, field="text", max_length=1000, required=True)
    stored = story_image_store(by=by, child=story.child, upload=image, max_bytes=max_bytes) if image else None
    panel = StoryPanel.objects.create(
        story=story,
        position=position,
        text=panel_text,
        image=stored,
        image_description=text(image_description, field="image_description", max_length=200),
    )
    story.version += 1
    story.save(update_fields=["version", "updated_at"])
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=panel,
        child_id=story.child_id,
        new={"position": position, "image": bool(stored)},
    )
    return panel


@transaction.atomic
def story_panel_remove(*, by: User, panel: StoryPanel) -> None:
    """Remove a panel; the later panels move up one number."""
    story = WordsAndPictures.objects.select_for_update().get(pk=panel.story_id)
    removed = panel.position
    audit.record(
        by=by,
        type=AuditEvent.Type.DELETED,
        target=panel,
        child_id=story.child_id,
        old={"position": removed, "text": panel.text},
    )
    panel.delete()
    # One row at a time, lowest first: each moves into the number just freed (the unique constraint holds).
    for later in story.panels.filter(position__gt=removed).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    story.version += 1
    story.save(update_fields=["version", "updated_at"])


@transaction.atomic
def story_panel_move(*, by: User, panel: StoryPanel, up: bool) -> None:
    """Swap a panel with the one before (up) or after it."""
    story = WordsAndPictures.objects.select_for_update().get(pk=panel.story_id)
    panel = story.panels.get(pk=panel.pk)
    other = story.panels.filter(position=panel.position + (-1 if up else 1)).first()
    if other is None:
        return
    a, b = panel.position, other.position
    panel.position = 0  # a free number while swapping (positions start at 1)
    panel.save(update_fields=["position"])
    other.position = a
    other.save(update_fields=["position"])
    panel.position = b
    panel.save(update_fields=["position"])
    story.version += 1
    story.save(update_fields=["version", "updated_at"])
    audit.record(
        by=by,
        type=AuditEvent.Type.CHANGED,
        target=panel,
        child_id=story.child_id,
        old={"position": a},
        new={"position": b},
    )


HOUSES_FIELDS = ("held_on", "setting", "trusted_person", "worries", "good_things", "dreams", "note")


def _clean_houses(fields: dict[str, object]) -> dict[str, object]:
    held_on = fields.get("held_on")
    if not isinstance(held_on, date):
        raise DomainError(_("Skriv datoen for samtalen."), field="held_on", code="required")
    not_in_future(held_on, field="held_on")
    setting = fields.get("setting")
    if setting not in ThreeHouses.Setting.values:
        raise DomainError(_("Vælg hvem samtalen foregik med."), field="setting", code="unknown_setting")
    cleaned: dict[str, object] = {"held_on": held_on, "setting": setting}
    cleaned["trusted_person"] = text(fields.get("trusted_person"), field="trusted_person", max_length=120)
    if setting == ThreeHouses.Setting.WITH_TRUSTED_PERSON and not cleaned["trusted_person"]:
        raise DomainError(_("Skriv hvem tryghedspersonen er."), field="trusted_person", code="required")
    for key in ("worries", "good_things", "dreams", "note"):
        cleaned[key] = text(fields.get(key), field=key, max_length=5000)
    if not (cleaned["worries"] or cleaned["good_things"] or cleaned["dreams"]):
        raise DomainError(_("Skriv barnets ord i mindst ét af husene."), field="worries", code="required")
    return cleaned


@transaction.atomic
def three_houses_create(*, by: User, child: Child, **fields: object) -> ThreeHouses:
    """Record a Three Houses conversation in the child's own words."""
    unknown = set(fields) - set(HOUSES_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    houses = ThreeHouses.objects.create(child=child, created_by=by, **_clean_houses(fields))
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=houses, child_id=child.pk, new={"setting": houses.setting})
    return houses


@transaction.atomic
def three_houses_update(*, by: User, houses: ThreeHouses, expected_version: int, **fields: object) -> ThreeHouses:
    """Correct a Three Houses record; refuses a stale edit."""
    current = versioning.lock(
        ThreeHouses,
        houses.pk,
        expected_version=expected_version,
        stale_message=_("En anden har gemt ændringer, mens du redigerede. Dine ændringer er ikke gemt."),
    )
    unknown = set(fields) - set(HOUSES_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    cleaned = _clean_houses({k: getattr(current, k) for k in HOUSES_FIELDS} | fields)
    return versioning.versioned_update(
        current,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes=cleaned,
        child_id=current.child_id,
    )
