"""Words & Pictures (uploads checked by magic bytes, size and a full decode) and the Three Houses."""

import io

import pytest
from django.utils import timezone
from PIL import Image

from sikkerhedsnet.core.errors import DomainError, StaleEdit
from sikkerhedsnet.safety import services
from sikkerhedsnet.safety.tests.factories import StoryFactory, ThreeHousesFactory, jpeg_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_story_panel_add_png_is_stored_under_an_unguessable_name(child, caseworker) -> None:
    panel = services.story_panel_add(
        by=caseworker,
        story=StoryFactory(child=child),
        text_value="Det er Ida.",
        image=upload(png_bytes(), name="Ida Fiktivsen 010203-1234.png"),
    )
    assert panel.image.content_type == "image/png"
    assert "Ida" not in panel.image.file.name and panel.image.public_id.hex in panel.image.file.name


def test_story_panel_add_jpeg_is_accepted(child, caseworker) -> None:
    panel = services.story_panel_add(
        by=caseworker,
        story=StoryFactory(child=child),
        text_value="x",
        image=upload(jpeg_bytes(), name="foto.jpg", content_type="image/jpeg"),
    )
    assert panel.image.content_type == "image/jpeg"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7 not a picture",
        b"GIF89a" + b"\x00" * 40,
        b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        b"\x89PNG\r\n\x1a\n" + b"garbage after a png signature",
    ],
)
def test_story_image_that_is_not_a_png_or_jpeg_is_refused(child, caseworker, data) -> None:
    with pytest.raises(DomainError) as exc:
        services.story_image_store(by=caseworker, child=child, upload=upload(data, name="tegning.png"))
    assert exc.value.code == "file_type_not_allowed"


def test_story_image_too_large_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError) as exc:
        services.story_image_store(by=caseworker, child=child, upload=upload(png_bytes()), max_bytes=10)
    assert exc.value.code == "file_too_large"


def test_story_image_empty_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError):
        services.story_image_store(by=caseworker, child=child, upload=upload(b""))


def test_story_image_metadata_is_removed(child, caseworker) -> None:
    exif = Image.Exif()
    exif[0x010E] = "Hjemme hos familien"  # ImageDescription; a phone would write GPS here
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(out, format="JPEG", exif=exif)
    stored = services.story_image_store(
        by=caseworker, child=child, upload=upload(out.getvalue(), "a.jpg", "image/jpeg")
    )
    with stored.file.open("rb") as fh, Image.open(fh) as image:
        assert not image.getexif()


def test_story_panels_are_numbered_in_order(child, caseworker) -> None:
    story = StoryFactory(child=child)
    for text in ("en", "to", "tre"):
        services.story_panel_add(by=caseworker, story=story, text_value=text)
    assert list(story.panels.values_list("position", "text")) == [(1, "en"), (2, "to"), (3, "tre")]


def test_story_panel_remove_renumbers_the_rest(child, caseworker) -> None:
    story = StoryFactory(child=child)
    panels = [services.story_panel_add(by=caseworker, story=story, text_value=t) for t in ("en", "to", "tre")]
    services.story_panel_remove(by=caseworker, panel=panels[0])
    assert list(story.panels.values_list("position", "text")) == [(1, "to"), (2, "tre")]


def test_story_panel_move_up_swaps_with_the_previous(child, caseworker) -> None:
    story = StoryFactory(child=child)
    panels = [services.story_panel_add(by=caseworker, story=story, text_value=t) for t in ("en", "to")]
    services.story_panel_move(by=caseworker, panel=panels[1], up=True)
    assert list(story.panels.values_list("text", flat=True)) == ["to", "en"]


def test_story_update_stale_is_refused(child, caseworker) -> None:
    story = StoryFactory(child=child)
    services.words_and_pictures_update(by=caseworker, story=story, expected_version=1, title="Ny", made_with="")
    with pytest.raises(StaleEdit):
        services.words_and_pictures_update(by=caseworker, story=story, expected_version=1, title="Anden", made_with="")


def _houses(**kw):
    return {"held_on": timezone.localdate(), "setting": "alone", "worries": "Råb", "good_things": "", "dreams": ""} | kw


def test_three_houses_with_trusted_person_needs_the_name(child, caseworker) -> None:
    with pytest.raises(DomainError) as exc:
        services.three_houses_create(by=caseworker, child=child, **_houses(setting="with_trusted_person"))
    assert exc.value.field == "trusted_person"


def test_three_houses_without_any_words_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError):
        services.three_houses_create(by=caseworker, child=child, **_houses(worries=""))


def test_three_houses_keeps_the_childs_words(child, caseworker) -> None:
    houses = services.three_houses_create(by=caseworker, child=child, **_houses(dreams="En hund"))
    assert (houses.worries, houses.dreams) == ("Råb", "En hund")


def test_three_houses_update_stale_is_refused(child, caseworker) -> None:
    houses = ThreeHousesFactory(child=child)
    services.three_houses_update(by=caseworker, houses=houses, expected_version=1, dreams="Sommerhus")
    with pytest.raises(StaleEdit):
        services.three_houses_update(by=caseworker, houses=houses, expected_version=1, dreams="Andet")
