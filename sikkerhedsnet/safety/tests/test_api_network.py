"""The API for the family's network (netværk): members and meetings, through the pages' services."""

import json
from datetime import timedelta
from typing import Any, cast

import pytest
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.safety.models import NetworkMeeting, NetworkMember
from sikkerhedsnet.safety.tests.factories import NetworkMemberFactory

pytestmark = pytest.mark.django_db


def make_member(**kwargs: Any) -> NetworkMember:
    return cast(NetworkMember, NetworkMemberFactory(**kwargs))


def send(client, method, path, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method.upper(), path, data, content_type="application/json", **headers)


@pytest.fixture
def api(api_client, caseworker):
    return api_client(caseworker)


@pytest.fixture
def member(child):
    return make_member(child=child, name="Mormor")


def _add(api, child, **body):
    return send(
        api, "post", f"/api/v1/children/{child.pk}/network-members", {"name": "Mormor", "role": "supporter"} | body
    )


def _put(api, member, **body):
    full = {"version": member.version, "name": member.name, "role": member.role} | body
    return send(api, "put", f"/api/v1/network-members/{member.pk}", full)


def test_network_member_add_returns_201(api, child) -> None:
    response = _add(api, child, phone="+45 20 00 00 01", commitment="Henter Ida")
    body = response.json()
    assert response.status_code == 201
    assert (body["child_id"], body["name"], body["active"], body["version"]) == (child.pk, "Mormor", True, 1)


def test_network_member_second_coordinator_is_409_coordinator_exists(api, child) -> None:
    _add(api, child, role="network_coordinator")
    response = _add(api, child, name="Morfar", role="network_coordinator")
    assert (response.status_code, response.json()["code"]) == (409, "coordinator_exists")


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"phone": "٢٠٠٠٠٠٠١"}, "invalid_phone", "phone"),
        ({"email": "ikke en adresse"}, "invalid_email", "email"),
        ({"name": " "}, "required", "name"),
        ({"role": "boss"}, "validation_error", "role"),
        ({"person_id": 999_999}, "unknown_person", "person_id"),
    ],
)
def test_network_member_add_refuses_bad_input_with_its_code(api, child, body, code, field) -> None:
    response = _add(api, child, **body)
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        code,
        field,
    )


def test_network_member_list_logs_the_read(api, child, member) -> None:
    response = api.get(f"/api/v1/children/{child.pk}/network-members")
    assert [m["id"] for m in response.json()] == [member.pk]
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk).exists()


def test_network_member_update_saves_and_bumps_version(api, member) -> None:
    response = _put(api, member, relation="Nabo", commitment="Ringer hver aften")
    assert (response.status_code, response.json()["relation"], response.json()["version"]) == (200, "Nabo", 2)


def test_network_member_update_with_stale_version_is_409_and_changes_nothing(api, member) -> None:
    _put(api, member, relation="Først")
    response = _put(api, member, relation="Sidst")  # still version 1
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")
    assert NetworkMember.objects.get(pk=member.pk).relation == "Først"


def test_network_member_deactivate_keeps_the_record_inactive(api, member) -> None:
    response = send(api, "post", f"/api/v1/network-members/{member.pk}/deactivate", {"version": 1})
    assert (response.status_code, response.json()["active"], response.json()["version"]) == (200, False, 2)
    assert NetworkMember.objects.filter(pk=member.pk, active=False).exists()


def test_network_member_deactivate_with_stale_version_is_409(api, member) -> None:
    _put(api, member, relation="Nabo")
    response = send(api, "post", f"/api/v1/network-members/{member.pk}/deactivate", {"version": 1})
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")


def test_network_member_writes_by_another_team_are_404_and_change_nothing(api_client, outsider, member) -> None:
    client = api_client(outsider)
    responses = [
        _put(client, member, relation="Ændret"),
        send(client, "post", f"/api/v1/network-members/{member.pk}/deactivate", {"version": 1}),
        _add(client, member.child, name="Fremmed"),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404]
    member.refresh_from_db()
    assert (member.relation, member.active, member.version, NetworkMember.objects.count()) == ("Mormor", True, 1, 1)


def test_network_meeting_record_returns_201_with_participants(api, child, member) -> None:
    body = {"held_on": str(timezone.localdate()), "minutes": "Vi aftalte", "participant_ids": [member.pk]}
    response = send(api, "post", f"/api/v1/children/{child.pk}/network-meetings", body)
    assert (response.status_code, response.json()["participant_ids"]) == (201, [member.pk])
    assert api.get(f"/api/v1/children/{child.pk}/network-meetings").json()[0]["minutes"] == "Vi aftalte"


def test_network_meeting_with_another_childs_member_is_422(api, child, caseworker) -> None:
    stranger = make_member(created_by=caseworker)
    body = {"held_on": str(timezone.localdate()), "minutes": "Referat", "participant_ids": [stranger.pk]}
    response = send(api, "post", f"/api/v1/children/{child.pk}/network-meetings", body)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "participant_ids")
    assert not NetworkMeeting.objects.exists()


def test_network_meeting_in_the_future_is_422_date_in_future(api, child) -> None:
    body = {"held_on": str(timezone.localdate() + timedelta(days=2)), "minutes": "Referat"}
    response = send(api, "post", f"/api/v1/children/{child.pk}/network-meetings", body)
    assert (response.status_code, response.json()["code"]) == (422, "date_in_future")
