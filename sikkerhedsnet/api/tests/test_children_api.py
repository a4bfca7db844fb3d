"""The children endpoints of the public contract."""

import json
from urllib.parse import quote

import pytest

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child

VALID = {"cpr": "610115-4001", "first_name": "Freja", "last_name": "Fiktivsen"}


def post(client, path, body, **headers):
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def test_create_child_returns_201_with_birth_date_and_makes_creator_caseworker(api_client, caseworker) -> None:
    response = post(api_client(caseworker), "/api/v1/children", VALID)
    body = response.json()
    assert response.status_code == 201
    assert (body["birth_date"], body["caseworker"], body["team"]) == ("2015-01-01", "caseworker", "Team A")


def test_create_child_with_invalid_cpr_is_422_naming_the_field(api_client, caseworker) -> None:
    response = post(api_client(caseworker), "/api/v1/children", VALID | {"cpr": "320115-4001"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "cpr"


def test_create_child_with_duplicate_cpr_is_409_duplicate_cpr(api_client, caseworker) -> None:
    client = api_client(caseworker)
    post(client, "/api/v1/children", VALID)
    response = post(client, "/api/v1/children", VALID | {"cpr": "6101154001"})
    assert (response.status_code, response.json()["code"]) == (409, "duplicate_cpr")


def test_create_child_missing_field_is_422(api_client, caseworker) -> None:
    response = post(api_client(caseworker), "/api/v1/children", {"cpr": "610115-4001"})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_create_child_with_malformed_json_is_not_500(api_client, caseworker) -> None:
    response = api_client(caseworker).post("/api/v1/children", data="{nope", content_type="application/json")
    assert response.status_code in (400, 422)


def test_missing_token_is_401(client, db) -> None:
    assert client.get("/api/v1/children?q=a").status_code == 401


def test_bad_token_is_401(client, db) -> None:
    response = client.get("/api/v1/children?q=a", HTTP_AUTHORIZATION="Bearer skn_nonsense")
    assert (response.status_code, response.json()["code"]) == (401, "unauthorized")


def test_get_child_of_other_team_is_404_like_missing(api_client, child, outsider) -> None:
    client = api_client(outsider)
    assert client.get(f"/api/v1/children/{child.pk}").status_code == 404
    assert client.get("/api/v1/children/999999").status_code == 404


def test_get_child_with_access_reason_breaks_the_glass(api_client, child, outsider) -> None:
    response = api_client(outsider).get(
        f"/api/v1/children/{child.pk}", HTTP_X_ACCESS_REASON="Døgnvagt: akut henvendelse"
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(type="break_the_glass", reason="Døgnvagt: akut henvendelse").exists()


def test_get_child_with_too_short_reason_is_422(api_client, child, outsider) -> None:
    response = api_client(outsider).get(f"/api/v1/children/{child.pk}", HTTP_X_ACCESS_REASON="kort")
    assert response.status_code == 422


def test_search_by_cpr_with_and_without_hyphen(api_client, child, caseworker) -> None:
    client = api_client(caseworker)
    with_hyphen = client.get(f"/api/v1/children?q={child.cpr_formatted}").json()
    without = client.get(f"/api/v1/children?q={child.cpr}").json()
    assert with_hyphen["count"] == without["count"] == 1 and with_hyphen["items"][0]["id"] == child.pk


def test_search_by_name_is_accent_and_case_insensitive(api_client, caseworker) -> None:
    client = api_client(caseworker)
    post(client, "/api/v1/children", {"cpr": "610115-4001", "first_name": "Søren", "last_name": "Åbølle"})
    assert client.get("/api/v1/children?q=soeren aabolle").json()["count"] == 1


def test_search_by_case_number(api_client, child, caseworker) -> None:
    response = api_client(caseworker).get(f"/api/v1/children?q={child.case.number}").json()
    assert [c["id"] for c in response["items"]] == [child.pk]


def test_search_is_audited_per_hit(api_client, child, caseworker) -> None:
    api_client(caseworker).get(f"/api/v1/children?q={child.first_name}")
    assert AuditEvent.objects.filter(type="child_searched", child_id=child.pk).count() == 1


def test_idempotency_key_replays_first_response_and_creates_nothing_new(api_client, caseworker) -> None:
    client = api_client(caseworker)
    first = post(client, "/api/v1/children", VALID, HTTP_IDEMPOTENCY_KEY="abc-1")
    second = post(client, "/api/v1/children", VALID, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json() and Child.objects.count() == 1


def test_idempotency_key_with_other_body_is_422(api_client, caseworker) -> None:
    client = api_client(caseworker)
    post(client, "/api/v1/children", VALID, HTTP_IDEMPOTENCY_KEY="abc-2")
    response = post(client, "/api/v1/children", VALID | {"first_name": "Ida"}, HTTP_IDEMPOTENCY_KEY="abc-2")
    assert (response.status_code, response.json()["code"]) == (422, "idempotency_key_reused")


def test_audit_access_log_lists_reads_for_auditor(api_client, child, caseworker, team) -> None:
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    api_client(caseworker).get(f"/api/v1/children/{child.pk}")
    auditor = UserFactory(role="auditor", team=None, municipality=team.department.municipality)
    entries = api_client(auditor).get(f"/api/v1/audit/access-log?cpr={child.cpr}").json()["entries"]
    assert any(e["action"] == "child_viewed" and e["user"] == "caseworker" for e in entries)


def test_audit_access_log_is_forbidden_for_caseworker(api_client, child, caseworker) -> None:
    assert api_client(caseworker).get(f"/api/v1/audit/access-log?cpr={child.cpr}").status_code == 403


def test_openapi_schema_is_served(client, db) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/children" in schema["paths"] and "/api/v1/audit/access-log" in schema["paths"]


# --- X-Access-Reason with Danish letters (issue #20): headers are bytes, see core/headers.py ----------------------

DANISH_REASON = "Døgnvagt: barnet er på skadestuen"


@pytest.mark.parametrize(
    "header",
    [
        "UTF-8''" + quote(DANISH_REASON),  # RFC 8187, the documented form
        DANISH_REASON.encode("utf-8").decode("latin-1"),  # raw UTF-8 bytes as WSGI hands them over (curl)
        DANISH_REASON.encode("latin-1").decode("latin-1"),  # Latin-1 bytes (Python's http.client)
    ],
    ids=["rfc8187", "raw-utf8", "latin1"],
)
def test_access_reason_with_danish_letters_arrives_intact_in_the_audit_event(
    api_client, child, outsider, header
) -> None:
    response = api_client(outsider).get(f"/api/v1/children/{child.pk}", HTTP_X_ACCESS_REASON=header)
    assert response.status_code == 200
    assert list(AuditEvent.objects.filter(type="break_the_glass").values_list("reason", flat=True)) == [DANISH_REASON]


def test_access_reason_that_cannot_be_decoded_is_422(api_client, child, outsider) -> None:
    response = api_client(outsider).get(f"/api/v1/children/{child.pk}", HTTP_X_ACCESS_REASON="UTF-8''D%F8gnvagt%20akut")
    assert (response.status_code, response.json()["code"]) == (422, "invalid_access_reason")
    assert not AuditEvent.objects.filter(type="break_the_glass").exists()
