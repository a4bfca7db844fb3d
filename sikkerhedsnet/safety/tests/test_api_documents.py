"""The API for the child-friendly documents: Words & Pictures (panels, pictures) and the Three Houses."""

import base64
import json
from datetime import timedelta
from typing import Any, cast

import pytest
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.safety.models import StoryPanel, ThreeHouses, WordsAndPictures
from sikkerhedsnet.safety.tests.factories import StoryFactory, ThreeHousesFactory, png_bytes

pytestmark = pytest.mark.django_db


def make_houses(**kwargs: Any) -> ThreeHouses:
    return cast(ThreeHouses, ThreeHousesFactory(**kwargs))


def make_story(**kwargs: Any) -> WordsAndPictures:
    return cast(WordsAndPictures, StoryFactory(**kwargs))


def send(client, method, path, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method.upper(), path, data, content_type="application/json", **headers)


@pytest.fixture
def api(api_client, caseworker):
    return api_client(caseworker)


@pytest.fixture
def story(child):
    return make_story(child=child)


def _panel(api, story, text="Mor og far råbte.", **body):
    return send(api, "post", f"/api/v1/words-and-pictures/{story.pk}/panels", {"text": text} | body)


# --- Words & Pictures ---


def test_story_create_returns_201_with_no_panels(api, child) -> None:
    response = send(api, "post", f"/api/v1/children/{child.pk}/words-and-pictures", {"title": "Historien om Ida"})
    body = response.json()
    assert response.status_code == 201
    assert (body["child_id"], body["title"], body["version"], body["panels"]) == (child.pk, "Historien om Ida", 1, [])


def test_story_create_blank_title_is_422_required(api, child) -> None:
    response = send(api, "post", f"/api/v1/children/{child.pk}/words-and-pictures", {"title": "\u200b "})
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        "required",
        "title",
    )


def test_story_body_that_is_a_string_is_422_not_a_story(api, child) -> None:
    response = api.post(f"/api/v1/children/{child.pk}/words-and-pictures", '"AAA"', content_type="application/json")
    assert (response.status_code, WordsAndPictures.objects.count()) == (422, 0)


def test_story_list_logs_the_read(api, child, story) -> None:
    assert [s["id"] for s in api.get(f"/api/v1/children/{child.pk}/words-and-pictures").json()] == [story.pk]
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk).exists()


def test_story_update_saves_and_bumps_version(api, story) -> None:
    body = {"version": 1, "title": "Ny titel", "made_with": "Mor"}
    response = send(api, "put", f"/api/v1/words-and-pictures/{story.pk}", body)
    assert (response.status_code, response.json()["title"], response.json()["version"]) == (200, "Ny titel", 2)


def test_story_update_after_a_panel_was_added_is_409_stale_edit(api, story) -> None:
    _panel(api, story)  # every panel change bumps the story's version
    response = send(api, "put", f"/api/v1/words-and-pictures/{story.pk}", {"version": 1, "title": "Ny"})
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")
    assert WordsAndPictures.objects.get(pk=story.pk).title == story.title


def test_story_panel_add_numbers_panels_in_order(api, story) -> None:
    _panel(api, story, "Først")
    response = _panel(api, story, "Så")
    assert response.status_code == 201
    assert [(p["position"], p["text"], p["image"]) for p in response.json()["panels"]] == [
        (1, "Først", None),
        (2, "Så", None),
    ]


def test_story_panel_with_a_picture_stores_it_and_it_can_be_downloaded(api, story) -> None:
    encoded = base64.b64encode(png_bytes()).decode()
    panel = _panel(api, story, image_base64=encoded, image_description="Huset").json()["panels"][0]
    assert (panel["image"]["content_type"], panel["image_description"]) == ("image/png", "Huset")
    download = api.get(panel["image"]["url"])
    assert (download.status_code, download["Content-Type"], download.content[:8]) == (
        200,
        "image/png",
        b"\x89PNG\r\n\x1a\n",
    )
    assert AuditEvent.objects.filter(type="document_downloaded", child_id=story.child_id).exists()


@pytest.mark.parametrize(
    ("image_base64", "code"),
    [("ikke base64!", "validation_error"), (base64.b64encode(b"%PDF-1.4 hej").decode(), "file_type_not_allowed")],
)
def test_story_panel_with_a_bad_picture_is_422_and_adds_nothing(api, story, image_base64, code) -> None:
    response = _panel(api, story, image_base64=image_base64)
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        code,
        "image_base64",
    )
    assert not StoryPanel.objects.exists()


def test_story_panel_move_up_swaps_with_the_one_before(api, story) -> None:
    _panel(api, story, "A")
    second = _panel(api, story, "B").json()["panels"][1]
    response = send(api, "post", f"/api/v1/story-panels/{second['id']}/move", {"direction": "up"})
    assert [p["text"] for p in response.json()["panels"]] == ["B", "A"]


def test_story_panel_move_unknown_direction_is_422(api, story) -> None:
    panel = _panel(api, story).json()["panels"][0]
    response = send(api, "post", f"/api/v1/story-panels/{panel['id']}/move", {"direction": "sideways"})
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "direction")


def test_story_panel_remove_renumbers_the_later_panels(api, story) -> None:
    first = _panel(api, story, "A").json()["panels"][0]
    _panel(api, story, "B")
    response = send(api, "delete", f"/api/v1/story-panels/{first['id']}")
    assert [(p["position"], p["text"]) for p in response.json()["panels"]] == [(1, "B")]


def test_story_writes_by_another_team_are_404_and_change_nothing(api, api_client, outsider, story) -> None:
    panel = _panel(api, story).json()["panels"][0]
    client = api_client(outsider)
    responses = [
        send(client, "put", f"/api/v1/words-and-pictures/{story.pk}", {"version": 2, "title": "X"}),
        _panel(client, story, "Fremmed"),
        send(client, "delete", f"/api/v1/story-panels/{panel['id']}"),
        send(client, "post", f"/api/v1/story-panels/{panel['id']}/move", {"direction": "down"}),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    story.refresh_from_db()
    assert (story.title, story.version, list(story.panels.values_list("text", flat=True))) == (
        "Historien om Ida",
        2,
        ["Mor og far råbte."],
    )


def test_story_image_of_another_teams_child_is_404(api, api_client, outsider, story) -> None:
    encoded = base64.b64encode(png_bytes()).decode()
    url = _panel(api, story, image_base64=encoded).json()["panels"][0]["image"]["url"]
    assert api_client(outsider).get(url).status_code == 404


# --- Three Houses ---


def _houses_body(**extra):
    return {"held_on": str(timezone.localdate()), "setting": "alone", "worries": "Når de råber"} | extra


def test_three_houses_create_returns_201(api, child) -> None:
    response = send(api, "post", f"/api/v1/children/{child.pk}/three-houses", _houses_body(dreams="En hund"))
    assert (response.status_code, response.json()["dreams"], response.json()["version"]) == (201, "En hund", 1)


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"worries": ""}, "required", "worries"),
        ({"setting": "with_trusted_person"}, "required", "trusted_person"),
        ({"held_on": str(timezone.localdate() + timedelta(days=3))}, "date_in_future", "held_on"),
        ({"setting": "on_the_moon"}, "validation_error", "setting"),
    ],
)
def test_three_houses_create_refuses_bad_input_with_its_code(api, child, extra, code, field) -> None:
    response = send(api, "post", f"/api/v1/children/{child.pk}/three-houses", _houses_body(**extra))
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        code,
        field,
    )


def test_three_houses_get_and_list_log_the_read(api, child) -> None:
    houses = make_houses(child=child)
    assert api.get(f"/api/v1/three-houses/{houses.pk}").json()["good_things"] == houses.good_things
    assert [h["id"] for h in api.get(f"/api/v1/children/{child.pk}/three-houses").json()] == [houses.pk]
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk).count() >= 2


def test_three_houses_update_saves_and_bumps_version(api, child) -> None:
    houses = make_houses(child=child)
    response = send(api, "put", f"/api/v1/three-houses/{houses.pk}", _houses_body(version=1, note="Rolig samtale"))
    assert (response.status_code, response.json()["note"], response.json()["version"]) == (200, "Rolig samtale", 2)


def test_three_houses_update_with_stale_version_is_409_and_changes_nothing(api, child) -> None:
    houses = make_houses(child=child)
    send(api, "put", f"/api/v1/three-houses/{houses.pk}", _houses_body(version=1, note="Først"))
    response = send(api, "put", f"/api/v1/three-houses/{houses.pk}", _houses_body(version=1, note="Sidst"))
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")
    assert ThreeHouses.objects.get(pk=houses.pk).note == "Først"


def test_three_houses_update_by_another_team_is_404_and_changes_nothing(api_client, outsider, child) -> None:
    houses = make_houses(child=child)
    response = send(api_client(outsider), "put", f"/api/v1/three-houses/{houses.pk}", _houses_body(version=1))
    assert response.status_code == 404
    houses.refresh_from_db()
    assert (houses.version, houses.worries) == (1, "Når mor og far råber")


def test_three_houses_update_under_break_the_glass_is_403_read_only(api_client, outsider, child) -> None:
    houses = make_houses(child=child)
    response = send(
        api_client(outsider),
        "put",
        f"/api/v1/three-houses/{houses.pk}",
        _houses_body(version=1),
        HTTP_X_ACCESS_REASON="Døgnvagt: politiet ringede",
    )
    assert (response.status_code, response.json()["code"]) == (403, "break_glass_read_only")
    assert ThreeHouses.objects.get(pk=houses.pk).version == 1
