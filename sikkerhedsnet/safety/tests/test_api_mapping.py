"""The API for mapping (kortlægning): the same services and access rules as the pages."""

import json
from datetime import timedelta
from typing import Any, cast

import pytest
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.safety.models import Mapping, MappingEntry, MappingParticipant
from sikkerhedsnet.safety.tests.factories import EntryFactory, MappingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def make_entry(**kwargs: Any) -> MappingEntry:
    return cast(MappingEntry, EntryFactory(**kwargs))


def make_mapping(**kwargs: Any) -> Mapping:
    return cast(Mapping, MappingFactory(**kwargs))


def make_participant(**kwargs: Any) -> MappingParticipant:
    return cast(MappingParticipant, ParticipantFactory(**kwargs))


def send(client, method, path, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method.upper(), path, data, content_type="application/json", **headers)


@pytest.fixture
def api(api_client, caseworker):
    return api_client(caseworker)


@pytest.fixture
def mapping(child):
    return make_mapping(child=child)


def _create(api, child, **body):
    return send(
        api,
        "post",
        f"/api/v1/children/{child.pk}/mappings",
        {"held_on": str(timezone.localdate()), "title": "Møde"} | body,
    )


def test_mapping_create_returns_201_open_version_1(api, child) -> None:
    response = _create(api, child)
    body = response.json()
    assert response.status_code == 201
    assert (body["child_id"], body["open"], body["version"], body["entries"]) == (child.pk, True, 1, [])


def test_mapping_create_based_on_carries_participants_and_entries_forward(api, child, mapping) -> None:
    make_entry(mapping=mapping, text="Mormor hjælper")
    body = _create(api, child, based_on_id=mapping.pk).json()
    assert (body["based_on_id"], [e["text"] for e in body["entries"]], len(body["participants"])) == (
        mapping.pk,
        ["Mormor hjælper"],
        1,
    )


def test_mapping_create_based_on_another_childs_mapping_is_422(api, child, caseworker) -> None:
    response = _create(api, child, based_on_id=make_mapping(created_by=caseworker).pk)
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        "unknown_mapping",
        "based_on_id",
    )


def test_mapping_create_in_the_future_is_422_date_in_future(api, child) -> None:
    response = _create(api, child, held_on=str(timezone.localdate() + timedelta(days=1)))
    assert (response.status_code, response.json()["code"]) == (422, "date_in_future")


def test_mapping_create_blank_title_is_422_required(api, child) -> None:
    response = _create(api, child, title="   ")
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        "required",
        "title",
    )


def test_mapping_list_returns_the_childs_mappings_and_logs_the_read(api, child, mapping) -> None:
    response = api.get(f"/api/v1/children/{child.pk}/mappings")
    assert [m["id"] for m in response.json()] == [mapping.pk]
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk).exists()


def test_mapping_get_has_participants_and_entries_with_their_column(api, mapping) -> None:
    entry = make_entry(mapping=mapping, category="future_danger")
    body = api.get(f"/api/v1/mappings/{mapping.pk}").json()
    assert body["entries"] == [
        {
            "id": entry.pk,
            "category": "future_danger",
            "column": "worries",
            "text": entry.text,
            "said_by_id": entry.said_by_id,
            "created_at": body["entries"][0]["created_at"],
        }
    ]
    assert [p["id"] for p in body["participants"]] == [entry.said_by_id]


def test_mapping_participant_add_returns_201(api, mapping) -> None:
    response = send(api, "post", f"/api/v1/mappings/{mapping.pk}/participants", {"name": "Mor", "role": "mother"})
    assert (response.status_code, response.json()["name"], response.json()["role"]) == (201, "Mor", "mother")


def test_mapping_participant_twice_is_409_duplicate_participant(api, mapping) -> None:
    body = {"name": "Mor", "role": "mother"}
    send(api, "post", f"/api/v1/mappings/{mapping.pk}/participants", body)
    response = send(api, "post", f"/api/v1/mappings/{mapping.pk}/participants", body)
    assert (response.status_code, response.json()["code"]) == (409, "duplicate_participant")


def test_mapping_participant_unknown_person_is_422(api, mapping) -> None:
    response = send(
        api, "post", f"/api/v1/mappings/{mapping.pk}/participants", {"role": "mother", "person_id": 999_999}
    )
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        "unknown_person",
        "person_id",
    )


def test_mapping_entry_add_returns_201_in_its_column(api, mapping) -> None:
    said_by = make_participant(mapping=mapping)
    response = send(
        api,
        "post",
        f"/api/v1/mappings/{mapping.pk}/entries",
        {"category": "strengths", "text": "Mor kommer til alle møder", "said_by_id": said_by.pk},
    )
    assert (response.status_code, response.json()["column"]) == (201, "working_well")
    assert MappingEntry.objects.filter(mapping=mapping, said_by=said_by).count() == 1


def test_mapping_entry_said_by_a_participant_of_another_mapping_is_422(api, mapping, caseworker) -> None:
    stranger = make_participant(mapping=make_mapping(created_by=caseworker))  # another child's mapping
    response = send(
        api,
        "post",
        f"/api/v1/mappings/{mapping.pk}/entries",
        {"category": "strengths", "text": "Tekst", "said_by_id": stranger.pk},
    )
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        "unknown_participant",
        "said_by_id",
    )


def test_mapping_entry_unknown_category_is_422_validation_error(api, mapping) -> None:
    said_by = make_participant(mapping=mapping)
    response = send(
        api,
        "post",
        f"/api/v1/mappings/{mapping.pk}/entries",
        {"category": "gossip", "text": "Tekst", "said_by_id": said_by.pk},
    )
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        "validation_error",
        "category",
    )


def test_mapping_entry_remove_answers_the_mapping_without_it(api, mapping) -> None:
    entry = make_entry(mapping=mapping)
    response = send(api, "delete", f"/api/v1/mapping-entries/{entry.pk}")
    assert (response.status_code, response.json()["entries"]) == (200, [])


def test_mapping_statements_update_saves_and_bumps_version(api, mapping) -> None:
    body = {"version": 1, "danger_statement": "Vi er bekymrede for", "safety_goal": "Ida er tryg"}
    response = send(api, "put", f"/api/v1/mappings/{mapping.pk}/statements", body)
    assert (response.status_code, response.json()["version"], response.json()["safety_goal"]) == (
        200,
        2,
        "Ida er tryg",
    )


def test_mapping_statements_update_with_stale_version_is_409_and_changes_nothing(api, mapping) -> None:
    send(api, "put", f"/api/v1/mappings/{mapping.pk}/statements", {"version": 1, "safety_goal": "Først"})
    response = send(api, "put", f"/api/v1/mappings/{mapping.pk}/statements", {"version": 1, "safety_goal": "Sidst"})
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")
    assert Mapping.objects.get(pk=mapping.pk).safety_goal == "Først"


def test_mapping_statements_without_version_is_422(api, mapping) -> None:
    response = send(api, "put", f"/api/v1/mappings/{mapping.pk}/statements", {"safety_goal": "Mål"})
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "version")


def test_mapping_finalize_closes_it_and_later_writes_are_409(api, mapping) -> None:
    response = send(api, "post", f"/api/v1/mappings/{mapping.pk}/finalize", {"version": 1})
    assert (response.status_code, response.json()["open"], response.json()["finalized_by"]) == (
        200,
        False,
        "caseworker",
    )
    again = send(api, "put", f"/api/v1/mappings/{mapping.pk}/statements", {"version": 2, "safety_goal": "Nyt"})
    assert (again.status_code, again.json()["code"]) == (409, "mapping_finalized")


def test_mapping_body_that_is_not_an_object_is_422(api, child) -> None:
    response = api.post(f"/api/v1/children/{child.pk}/mappings", '"AAA"', content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")


def test_mapping_writes_by_another_team_are_404_and_change_nothing(api_client, outsider, mapping) -> None:
    client = api_client(outsider)
    entry = make_entry(mapping=mapping)
    responses = [
        send(client, "put", f"/api/v1/mappings/{mapping.pk}/statements", {"version": 1, "safety_goal": "X"}),
        send(client, "post", f"/api/v1/mappings/{mapping.pk}/finalize", {"version": 1}),
        send(client, "delete", f"/api/v1/mapping-entries/{entry.pk}"),
        send(client, "post", f"/api/v1/children/{mapping.child_id}/mappings", {"held_on": "2025-01-01", "title": "X"}),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    mapping.refresh_from_db()
    assert (mapping.version, mapping.is_open, mapping.entries.count(), Mapping.objects.count()) == (1, True, 1, 1)


def test_mapping_write_under_break_the_glass_is_403_read_only(api_client, outsider, mapping) -> None:
    client = api_client(outsider)
    reason = {"HTTP_X_ACCESS_REASON": "Døgnvagt: politiet ringede"}
    assert client.get(f"/api/v1/mappings/{mapping.pk}", **reason).status_code == 200
    response = send(client, "post", f"/api/v1/mappings/{mapping.pk}/finalize", {"version": 1}, **reason)
    assert (response.status_code, response.json()["code"]) == (403, "break_glass_read_only")
    assert Mapping.objects.get(pk=mapping.pk).is_open


def test_mapping_id_beyond_the_database_integer_is_422(api) -> None:
    assert api.get(f"/api/v1/mappings/{2**63}").status_code == 422


def test_mapping_finalize_after_the_statements_changed_is_409_stale_edit(api, mapping) -> None:
    send(api, "put", f"/api/v1/mappings/{mapping.pk}/statements", {"version": 1, "safety_goal": "Nyt mål"})
    response = send(api, "post", f"/api/v1/mappings/{mapping.pk}/finalize", {"version": 1})
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")
    assert Mapping.objects.get(pk=mapping.pk).is_open
