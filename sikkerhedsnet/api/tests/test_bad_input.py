"""The children API with bad input: a code and the right status, never a 500."""

import json

import pytest

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child

VALID = {"cpr": "610115-4001", "first_name": "Freja", "last_name": "Fiktivsen"}


def post(client, body, **headers):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/children", data=json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cpr": "010150-5001"}, "cpr"),  # born 2050
        ({"cpr": "12"}, "cpr"),
        ({"cpr": "x" * 21}, "cpr"),
        ({"first_name": "F" * 101}, "first_name"),
        ({"first_name": "   "}, "first_name"),
        ({"postal_code": "12a4"}, "postal_code"),
        ({"address": "a" * 201}, "address"),
        ({"first_name": 5}, "first_name"),
    ],
)
def test_create_child_with_bad_field_is_422_naming_it(api_client, caseworker, change, field) -> None:
    response = post(api_client(caseworker), VALID | change)
    assert response.status_code == 422 and field in [e["field"] for e in response.json()["errors"]]
    assert not Child.objects.exists()


def test_create_child_with_a_json_list_body_is_422(api_client, caseworker) -> None:
    assert post(api_client(caseworker), [VALID]).status_code == 422


def test_create_child_with_form_encoded_body_is_not_500(api_client, caseworker) -> None:
    response = api_client(caseworker).post("/api/v1/children", data=VALID)
    assert response.status_code in (400, 422)


def test_create_child_is_audited(api_client, caseworker) -> None:
    body = post(api_client(caseworker), VALID).json()
    assert AuditEvent.objects.filter(type="created", child_id=body["id"], actor_id=caseworker.pk).exists()


@pytest.mark.parametrize("child_id", ["99999999999999999999", "9223372036854775808", "-1", "0", "abc"])
def test_tampered_child_id_is_404_or_422(api_client, caseworker, child_id) -> None:
    assert api_client(caseworker).get(f"/api/v1/children/{child_id}").status_code in (404, 422)


@pytest.mark.parametrize("query", ["page=0", "page=-3", "page=abc", "page=100001", "q=" + "x" * 101])
def test_search_with_bad_parameters_is_422(api_client, caseworker, query) -> None:
    response = api_client(caseworker).get(f"/api/v1/children?{query}")
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_get_child_is_an_audited_read(api_client, caseworker, child) -> None:
    api_client(caseworker).get(f"/api/v1/children/{child.pk}")
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk, actor_id=caseworker.pk).count() == 1


def test_access_reason_over_500_characters_is_422(api_client, outsider, child) -> None:
    response = api_client(outsider).get(f"/api/v1/children/{child.pk}", HTTP_X_ACCESS_REASON="x" * 600)
    assert (response.status_code, response.json()["code"]) == (422, "access_reason_too_long")


def test_revoked_token_is_401(api_client, caseworker) -> None:
    from sikkerhedsnet.accounts.services import user_logout_everywhere

    client = api_client(caseworker)
    user_logout_everywhere(by=caseworker)
    assert client.get("/api/v1/children?q=x").status_code == 401
